"""The 好差评 charts, drawn on the server as SVG by pygal with its JavaScript turned off (no script is linked: the
hall's LAN has no internet). A page shows a chart as an ``<img>`` of its own ``image/svg+xml`` answer: the SVG's
own ``<style>`` then applies inside the image, outside the page's strict CSP, and nothing in it can run."""

from __future__ import annotations

import re
from collections.abc import Sequence

import pygal
from pygal.style import Style

FONT = '"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Zen Hei", sans-serif'
STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#1d2733",
    foreground_strong="#1d2733",
    foreground_subtle="#8a96a3",
    colors=("#1f5fa8", "#2e8b57", "#c0392b", "#f0b429"),
    font_family=FONT,
    label_font_family=FONT,
    major_label_font_family=FONT,
    value_font_family=FONT,
    value_label_font_family=FONT,
    tooltip_font_family=FONT,
    title_font_family=FONT,
    legend_font_family=FONT,
    title_font_size=15,
    label_font_size=12,
    major_label_font_size=12,
    legend_font_size=13,
)
WIDTH, HEIGHT = 640, 360
DOTS_MAX = 62
BARS_MAX = 40  # more bars are unreadable and slow to draw: the most rated groups (the table lists all)
SCRIPT = re.compile(rb"<script\b.*?</script>", re.DOTALL | re.IGNORECASE)
# The chart's own answer: its inline style may apply, nothing may run or load, even when opened by itself.
SVG_POLICY = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'"


def _common() -> dict[str, object]:
    return {
        "style": STYLE,
        "width": WIDTH,
        "height": HEIGHT,
        "js": [],  # no script from anywhere
        "disable_xml_declaration": False,
        "legend_at_bottom": True,
        "legend_at_bottom_columns": 2,
        "print_values": False,
        "truncate_label": 14,
        "margin": 12,
        "explicit_size": True,  # width and height on the <svg>: the <img> knows its natural size
    }


def bar_chart(title: str, labels: Sequence[str], rates: Sequence[float | None], counts: Sequence[int]) -> bytes:
    """Satisfaction rate (%) per group as bars on the left axis, the number of ratings on the right."""
    chart = pygal.Bar(
        title=title,
        x_label_rotation=-30 if len(labels) > 6 else 0,
        range=(0, 100),
        y_title="满意率 Satisfaction %",
        secondary_range=(0, nice_top(counts)),
        **_common(),
    )
    chart.x_labels = list(labels)
    chart.add("满意率 % Satisfaction", [None if r is None else round(r * 100, 1) for r in rates])
    chart.add("评价数 Ratings", list(counts), secondary=True)
    return _svg(chart)


def nice_top(counts: Sequence[int]) -> int:
    """The count axis's top: 1, 2 or 5 times a power of ten at or above the highest count, so its ticks are round."""
    top = max([*counts, 1])
    scale = 1
    while True:
        for step in (1, 2, 5):
            if step * scale >= top:
                return step * scale
        scale *= 10


def line_chart(title: str, labels: Sequence[str], rates: Sequence[float | None], counts: Sequence[int]) -> bytes:
    """Per day (week, month): the satisfaction rate and the number of ratings, as lines."""
    chart = pygal.Line(
        title=title,
        x_label_rotation=-30,
        show_minor_x_labels=False,
        range=(0, 100),
        y_title="满意率 Satisfaction %",
        secondary_range=(0, nice_top(counts)),
        allow_interruptions=True,
        show_dots=len(labels) <= DOTS_MAX,  # a dot per point costs most of the drawing: a year shows the lines
        dots_size=2,
        **_common(),
    )
    chart.x_labels = list(labels)
    step = max(1, len(labels) // 12)
    chart.x_labels_major = list(labels[::step])
    chart.add("满意率 % Satisfaction", [None if r is None else round(r * 100, 1) for r in rates])
    chart.add("评价数 Ratings", list(counts), secondary=True)
    return _svg(chart)


def _svg(chart: pygal.graph.graph.Graph) -> bytes:
    """The chart without the config ``<script>`` pygal always writes (with ``js=[]`` it would drive nothing)."""
    rendered: bytes = chart.render(is_unicode=False)
    return SCRIPT.sub(b"", rendered)
