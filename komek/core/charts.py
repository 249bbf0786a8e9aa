"""Charts drawn on the server as SVG: no JavaScript, no CDN, readable by screen readers
(each chart has a title and a description, and the figures stay in a table beside it)."""

import math
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

ROW_HEIGHT = 26
BAR_HEIGHT = 16
AXIS_HEIGHT = 24
# Labels are drawn at 12 px in DejaVu Sans (the PDFs' font, wider than most screen fonts):
# this is its widest common letter width, so a label measured with it is never clipped.
LABEL_FONT_SIZE = 12
CHAR_WIDTH = 7.5
LABEL_GAP = 8
# The labels take at most this share of the chart: a long partner name is shortened (in
# full in its tooltip and in the table beside the chart), never wrapped or run into the bars.
MAX_LABEL_SHARE = 0.45
MIN_LABEL_WIDTH = 80


@dataclass(frozen=True)
class Bar:
    label: str
    # The label as drawn: whole when it fits the label column, else cut with "…".
    short_label: str
    value: float
    marker: float | None
    y: int
    length: float
    marker_x: float | None


@dataclass(frozen=True)
class BarChart:
    title: str
    description: str
    bars: list[Bar]
    ticks: list[tuple[float, str]]
    width: int
    height: int
    label_width: int
    plot_width: int
    bar_height: int = BAR_HEIGHT

    def svg(self, chart_id: str) -> SafeString:
        """The chart's SVG, drawn here rather than by a template: a dashboard draws some
        twenty charts of fifty bars, and a template's variables cost more than the rest of
        the page. Numbers are written as Python writes them, in any language."""
        ticks = format_html_join(
            "",
            '<line x1="{}" x2="{}" y1="0" y2="{}" stroke="#d0d7de" stroke-width="1"/>'
            '<text x="{}" y="{}" text-anchor="middle" font-size="11" fill="#57606a">{}</text>',
            (
                (x, x, len(self.bars) * ROW_HEIGHT, x, self.height - 6, label)
                for x, label in self.ticks
            ),
        )
        bars = format_html_join("", "{}", ((self._bar(bar),) for bar in self.bars))
        return format_html(
            '<svg class="komek-chart" viewBox="0 0 {} {}" width="100%" role="img" '
            'aria-labelledby="{}-title {}-desc" xmlns="http://www.w3.org/2000/svg">'
            '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>{}{}</svg>',
            self.width,
            self.height,
            chart_id,
            chart_id,
            chart_id,
            self.title,
            chart_id,
            self.description,
            ticks,
            bars,
        )

    def _bar(self, bar: Bar) -> SafeString:
        marker = (
            format_html(
                '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#c2410c" stroke-width="3">'
                "<title>{}</title></line>",
                bar.marker_x,
                bar.marker_x,
                bar.y + 2,
                bar.y + 24,
                bar.marker,
            )
            if bar.marker_x is not None
            else ""
        )
        return format_html(
            '<g><text x="{}" y="{}" text-anchor="end" font-size="12" fill="#1f2328">'
            "<title>{}</title>{}</text>"
            '<rect x="{}" y="{}" width="{}" height="{}" fill="#0b5563" rx="2">'
            "<title>{}: {}</title></rect>{}</g>",
            self.label_width - LABEL_GAP,
            bar.y + 17,
            bar.label,
            bar.short_label,
            self.label_width,
            bar.y + 5,
            bar.length,
            self.bar_height,
            bar.label,
            bar.value,
            marker,
        )


def fit_label(label: str, width: float) -> str:
    """The label cut to fit ``width`` px on one line, ending with "…" when cut."""
    fits = int((width - LABEL_GAP) // CHAR_WIDTH)
    if len(label) <= fits:
        return label
    return label[: max(1, fits - 1)].rstrip() + "…"


def _label_width(labels: list[str], width: int) -> int:
    """As wide as the longest label needs, within MIN_LABEL_WIDTH and MAX_LABEL_SHARE."""
    longest = max((len(label) for label in labels), default=0)
    needed = math.ceil(longest * CHAR_WIDTH + LABEL_GAP)
    return max(MIN_LABEL_WIDTH, min(needed, int(width * MAX_LABEL_SHARE)))


def _nice_step(largest: float, steps: int = 5) -> float:
    rough = largest / steps
    magnitude = 10 ** math.floor(math.log10(rough))
    return next(factor * magnitude for factor in (1, 2, 5, 10) if factor * magnitude >= rough)


def bar_chart(
    *,
    title: str,
    description: str,
    rows: list[tuple[str, float | None, float | None]],
    width: int = 760,
) -> BarChart:
    """Horizontal bars for (label, value, marker) rows; a marker (say, the 90th percentile)
    is drawn as a tick across the bar. Rows without a value are left out. Labels sit on
    one line left of their bars, in a column as wide as they need (up to a limit)."""
    rows = [(label, value, marker) for label, value, marker in rows if value is not None]
    label_width = _label_width([label for label, _value, _marker in rows], width)
    largest = max([1.0, *(max(value, marker or 0) for _, value, marker in rows)])
    # Counts and days: no tick between two whole numbers.
    step = max(1.0, _nice_step(largest))
    top = step * math.ceil(largest / step)
    plot_width = width - label_width - 40
    scale = plot_width / top
    bars = [
        Bar(
            label=label,
            short_label=fit_label(label, label_width),
            value=value,
            marker=marker,
            y=index * ROW_HEIGHT,
            length=round(value * scale, 1),
            marker_x=round(label_width + marker * scale, 1) if marker is not None else None,
        )
        for index, (label, value, marker) in enumerate(rows)
    ]
    ticks = [
        (round(label_width + step * index * scale, 1), f"{step * index:g}")
        for index in range(int(top / step) + 1)
    ]
    return BarChart(
        title=title,
        description=description,
        bars=bars,
        ticks=ticks,
        width=width,
        height=len(bars) * ROW_HEIGHT + AXIS_HEIGHT,
        label_width=label_width,
        plot_width=plot_width,
    )
