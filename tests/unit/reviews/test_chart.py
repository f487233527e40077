import datetime

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
    # TOP margin is 12: a 5.0 average sits on the top grid line, 1.0 on the bottom one (186).
    assert 'cy="12.0"' in svg and 'cy="186.0"' in svg


def test_chart_has_no_line_when_no_reviews():
    svg = str(weekly_average_svg(_weeks([None] * 12)))
    assert "<polyline" not in svg and "<circle" not in svg and "<title>" in svg
