"""Server-rendered SVG chart of the weekly average rating (no JavaScript library, CSP-safe)."""

from __future__ import annotations

from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .selectors import WeekPoint

# A narrow canvas with large type: the SVG scales down to a phone's width, and its labels must
# stay readable there (about 11 px at 360 px, 16 px on a desktop where the height caps it).
WIDTH, HEIGHT = 480, 240
LEFT, RIGHT, TOP, BOTTOM = 44, 20, 14, 40
LABEL_SIZE, WEEK_SIZE = 16, 15


class _Scale:
    """Week index and average rating to SVG coordinates (5 stars at the top)."""

    def __init__(self, n: int):
        self.n = n
        self.plot_w, self.plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(self, i: int) -> str:
        n = self.n
        return f"{LEFT + (self.plot_w * i / (n - 1) if n > 1 else self.plot_w / 2):.1f}"

    def y(self, value: float) -> str:
        return f"{TOP + self.plot_h * (5 - value) / 4:.1f}"


def _grid(scale: _Scale) -> SafeString:
    y = scale.y
    return format_html_join(
        "",
        '<line x1="{}" y1="{}" x2="{}" y2="{}" class="chart-grid" stroke="#dfe4ec"/>'
        '<text x="{}" y="{}" class="chart-label" font-size="{}" text-anchor="end" '
        'fill="#4a5565">{}</text>',
        (
            (
                LEFT,
                y(v),
                WIDTH - RIGHT,
                y(v),
                LEFT - 6,
                f"{float(y(v)) + 5:.1f}",
                LABEL_SIZE,
                f"{v}★",
            )
            for v in (1, 2, 3, 4, 5)
        ),
    )


def _week_labels(scale: _Scale, weeks: list[WeekPoint]) -> SafeString:
    step = max(1, -(-scale.n // 5))
    return format_html_join(
        "",
        '<text x="{}" y="{}" font-size="{}" text-anchor="middle" fill="#4a5565">{}</text>',
        (
            (scale.x(i), HEIGHT - 14, WEEK_SIZE, date_format(w.week_start, "n/j"))
            for i, w in enumerate(weeks)
            # About five labels whatever the span, the last week always (it is "now").
            if (scale.n - 1 - i) % step == 0
        ),
    )


def _lines(scale: _Scale, weeks: list[WeekPoint]) -> SafeString:
    """One polyline per run of consecutive weeks with reviews."""
    runs: list[list[tuple[str, str]]] = [[]]
    for i, w in enumerate(weeks):
        if w.average is None:
            if runs[-1]:
                runs.append([])
            continue
        runs[-1].append((scale.x(i), scale.y(w.average)))
    return format_html_join(
        "",
        '<polyline points="{}" fill="none" stroke="#2454d6" stroke-width="2.5"/>',
        ((" ".join(f"{px},{py}" for px, py in run),) for run in runs if len(run) > 1),
    )


def _dot_title(week: WeekPoint) -> str:
    return _("Week of %(date)s: %(avg).2f (%(n)d reviews)") % {
        "date": date_format(week.week_start, "SHORT_DATE_FORMAT"),
        "avg": week.average,
        "n": week.count,
    }


def _dots(scale: _Scale, weeks: list[WeekPoint]) -> SafeString:
    return format_html_join(
        "",
        '<circle cx="{}" cy="{}" r="4.5" fill="#2454d6" class="chart-point">'
        "<title>{}</title></circle>",
        (
            (scale.x(i), scale.y(w.average), _dot_title(w))
            for i, w in enumerate(weeks)
            if w.average is not None
        ),
    )


def weekly_average_svg(weeks: list[WeekPoint]) -> SafeString:
    """A line of the average rating per week (1 to 5), gaps for weeks without reviews."""
    scale = _Scale(max(len(weeks), 1))
    title = _("Average rating per week, last %(n)d weeks") % {"n": len(weeks)}
    svg = format_html(
        '<svg class="chart" role="img" aria-label="{}" viewBox="0 0 {} {}" width="100%" '
        'preserveAspectRatio="xMidYMid meet" xmlns="http://www.w3.org/2000/svg">'
        "<title>{}</title>{}{}{}{}</svg>",
        title,
        WIDTH,
        HEIGHT,
        title,
        _grid(scale),
        _week_labels(scale, weeks),
        _lines(scale, weeks),
        _dots(scale, weeks),
    )
    return mark_safe(svg)  # built only from format_html pieces above
