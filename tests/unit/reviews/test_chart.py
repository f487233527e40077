import datetime
import re

from reviews.charts import weekly_average_svg
from reviews.selectors import WeekPoint


def _weeks(values):
    start = datetime.date(2026, 1, 5)
    return [
        WeekPoint(week_start=start + datetime.timedelta(weeks=i), average=v, count=1 if v else 0)
        for i, v in enumerate(values)
    ]


def test_chart_draws_one_line_per_run_when_weeks_have_gaps():
    svg = str(weekly_average_svg(_weeks([4.0, 3.5, None, None, 5.0, 4.5, 4.0, None, 1.0])))
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert svg.count("<polyline") == 2  # [4.0, 3.5] and [5.0, 4.5, 4.0]; 1.0 alone is a dot
    assert svg.count("<circle") == 6


def test_chart_places_five_stars_at_top_when_average_is_five():
    svg = str(weekly_average_svg(_weeks([5.0, 1.0])))
    # TOP margin is 14: a 5.0 average sits on the top grid line, 1.0 on the bottom one (200).
    assert 'cy="14.0"' in svg and 'cy="200.0"' in svg


def test_chart_has_no_line_when_no_reviews():
    svg = str(weekly_average_svg(_weeks([None] * 12)))
    assert "<polyline" not in svg and "<circle" not in svg and "<title>" in svg


def test_axis_labels_stay_readable_on_a_phone_when_twelve_weeks_are_drawn():
    svg = str(weekly_average_svg(_weeks([4.0] * 12)))
    width = int(re.search(r'viewBox="0 0 (\d+) ', svg).group(1))
    sizes = [int(s) for s in re.findall(r'font-size="(\d+)"', svg)]
    # Scaled to a 360 px phone's content width (about 330 px), no label is under 10 px.
    assert min(sizes) * 330 / width >= 10
    week_labels = re.findall(r'text-anchor="middle"[^>]*>([^<]+)<', svg)
    assert 3 <= len(week_labels) <= 6 and week_labels[-1] == "3/23"  # the last week is labelled
