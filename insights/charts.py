"""Server-rendered SVG bar charts for the reports (no JavaScript library, CSP-safe): one
horizontal bar per figure, each bar a link to the list it counts."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

WIDTH = 640
LABEL_W, VALUE_W, ROW_H, PAD = 180, 90, 26, 8


@dataclass
class Bar:
    label: str
    value: float  # what the bar's length shows
    display: str  # the value as written beside the bar
    url: str  # the filtered list behind the figure


def bar_chart_svg(bars: list[Bar], *, title: str) -> SafeString:
    """Bars scaled to the largest value; an empty chart says so in its title.

    A group, not an image: its bars are links, and an image's content is hidden from assistive
    technology (axe's nested-interactive), so each bar is reached and read on its own."""
    height = PAD * 2 + ROW_H * max(len(bars), 1)
    top = max((b.value for b in bars), default=0) or 1
    plot_w = WIDTH - LABEL_W - VALUE_W
    rows = format_html_join(
        "",
        '<a href="{}" class="chart-bar-link"><title>{}: {}</title>'
        '<text x="{}" y="{}" font-size="12" text-anchor="end" fill="#1f2937">{}</text>'
        '<rect x="{}" y="{}" width="{}" height="{}" rx="3" fill="#2454d6" class="chart-bar"/>'
        '<text x="{}" y="{}" font-size="12" fill="#1f2937">{}</text></a>',
        (
            (
                bar.url,
                bar.label,
                bar.display,
                LABEL_W - 8,
                PAD + ROW_H * i + 17,
                bar.label,
                LABEL_W,
                PAD + ROW_H * i + 4,
                f"{max(plot_w * bar.value / top, 1 if bar.value else 0):.1f}",
                ROW_H - 8,
                f"{LABEL_W + plot_w * bar.value / top + 6:.1f}",
                PAD + ROW_H * i + 17,
                bar.display,
            )
            for i, bar in enumerate(bars)
        ),
    )
    svg = format_html(
        '<svg class="chart" role="group" aria-label="{}" viewBox="0 0 {} {}" width="100%" '
        'preserveAspectRatio="xMidYMid meet" xmlns="http://www.w3.org/2000/svg">'
        "<title>{}</title>{}</svg>",
        title,
        WIDTH,
        height,
        title,
        rows,
    )
    return mark_safe(svg)  # built only from format_html pieces above
