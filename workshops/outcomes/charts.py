"""Bar charts as SVG, built on the server: readable without JavaScript and printed as is.

One kind of chart serves every figure: horizontal bars, each made of one or more segments
(stacked), with the group's name on the left, the numbers printed on the bars and at their end,
an axis with labelled ticks, a legend, and <title>/<desc> with role="img" for screen readers.
The page puts a table with the same figures beside each chart.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Each colour carries white text at a contrast of at least 4.5:1.
PALETTE = ("#1f4e79", "#2e7d32", "#8a4b00", "#5c636a", "#6f42c1")
WIDTH = 760
LABEL_WIDTH = 210
VALUE_WIDTH = 150
BAR_HEIGHT = 20
ROW_HEIGHT = 30
TOP = 36
AXIS_HEIGHT = 28
LEGEND_HEIGHT = 24


@dataclass(frozen=True)
class Segment:
    value: Decimal | int
    colour: int = 0
    # Companies whose figures are suppressed: drawn hatched and unlabelled, so that the part of
    # a bar they take is not read as a figure of its own.
    suppressed: bool = False


HATCH = "#adb5bd"


@dataclass(frozen=True)
class Bar:
    label: str
    segments: list[Segment] = field(default_factory=list)
    # Printed after the bar; or, for a bar without segments, in its place (e.g. why it is hidden).
    text: str = ""
    # For screen readers and on hover, when the printed label is shortened or left out.
    title: str = ""


def _number(value) -> str:
    value = Decimal(value)
    return f"{value:,.0f}" if value == value.to_integral_value() else f"{value:,.1f}"


def _text_width(text: str) -> float:
    """Roughly, in pixels at 12px: Japanese characters are about twice as wide as Latin ones."""
    return sum(12 if ord(character) >= 0x2E80 else 6.6 for character in text)


def _short(label: str, width: float) -> str:
    if _text_width(label) <= width:
        return label
    while label and _text_width(label + "…") > width:
        label = label[:-1]
    return label + "…"


def _ticks(top: Decimal) -> list[Decimal]:
    steps = 4 if top % 4 == 0 or top % 5 != 0 else 5
    return [top * step / steps for step in range(steps + 1)]


def _nice_maximum(value) -> Decimal:
    value = Decimal(value)
    if value <= 0:
        return Decimal(1)
    step = Decimal(1)
    while step * 10 < value:
        step *= 10
    for multiple in (1, 2, 4, 5, 10):
        if step * multiple >= value:
            return step * multiple
    return step * 10


def _hatch_pattern(chart_id: str) -> str:
    return (
        f'<defs><pattern id="{chart_id}-suppressed" width="6" height="6" '
        f'patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        f'<rect width="6" height="6" fill="#ffffff"/>'
        f'<line x1="0" y1="0" x2="0" y2="6" stroke="{HATCH}" stroke-width="3"/></pattern></defs>'
    )


def bar_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    bars: list[Bar],
    legend: list[str] = (),
    suppressed_legend: str = "",
    maximum=None,
    unit: str = "",
) -> SafeString:
    """`maximum` fixes the axis (100 for percentages); by default it fits the longest bar.
    `suppressed_legend` names the hatched parts of bars, last in the legend."""
    longest = max((sum(s.value for s in bar.segments) for bar in bars if bar.segments), default=0)
    top = Decimal(maximum) if maximum is not None else _nice_maximum(longest)
    plot_width = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    legend_height = LEGEND_HEIGHT if legend or suppressed_legend else 0
    hatch = f"url(#{chart_id}-suppressed)"
    height = TOP + legend_height + len(bars) * ROW_HEIGHT + AXIS_HEIGHT
    plot_top = TOP + legend_height
    plot_bottom = plot_top + len(bars) * ROW_HEIGHT

    def x(value) -> float:
        return LABEL_WIDTH + float(Decimal(value) / top) * plot_width

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" style="max-width: {WIDTH}px" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'font-family="system-ui, sans-serif" font-size="12" class="outcome-chart">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
        f'<text x="0" y="18" font-size="14" font-weight="bold" fill="#212529">'
        f"{escape(title)}</text>",
    ]
    if suppressed_legend or any(s.suppressed for bar in bars for s in bar.segments):
        parts.append(_hatch_pattern(chart_id))
    left = 0.0
    for index, name in enumerate(legend):
        parts.append(
            f'<rect x="{left:.1f}" y="{TOP - 4}" width="12" height="12" '
            f'fill="{PALETTE[index % len(PALETTE)]}"/>'
            f'<text x="{left + 16:.1f}" y="{TOP + 6}" fill="#212529">{escape(name)}</text>'
        )
        left += 16 + _text_width(name) + 18
    if suppressed_legend:
        parts.append(
            f'<rect x="{left:.1f}" y="{TOP - 4}" width="12" height="12" fill="{hatch}" '
            f'stroke="{HATCH}"/>'
            f'<text x="{left + 16:.1f}" y="{TOP + 6}" fill="#212529">'
            f"{escape(suppressed_legend)}</text>"
        )
    for tick in _ticks(top):
        left = x(tick)
        parts.append(
            f'<line x1="{left:.1f}" y1="{plot_top}" x2="{left:.1f}" y2="{plot_bottom}" '
            f'stroke="#dee2e6"/>'
            f'<text x="{left:.1f}" y="{plot_bottom + 16}" text-anchor="middle" fill="#495057">'
            f"{_number(tick)}{escape(unit)}</text>"
        )
    parts.append(
        f'<line x1="{LABEL_WIDTH}" y1="{plot_bottom}" x2="{LABEL_WIDTH + plot_width}" '
        f'y2="{plot_bottom}" stroke="#495057"/>'
    )
    for row, bar in enumerate(bars):
        y = plot_top + row * ROW_HEIGHT + (ROW_HEIGHT - BAR_HEIGHT) / 2
        middle = y + BAR_HEIGHT / 2 + 4
        parts.append(
            f"<g><title>{escape(bar.title or bar.label)}</title>"
            f'<text x="{LABEL_WIDTH - 6}" y="{middle:.1f}" text-anchor="end" fill="#212529">'
            f"{escape(_short(bar.label, LABEL_WIDTH - 10))}</text>"
        )
        left = Decimal(0)
        for segment in bar.segments:
            start, end = x(left), x(left + segment.value)
            left += segment.value
            if end - start <= 0:
                continue
            if segment.suppressed:
                parts.append(
                    f'<rect x="{start:.1f}" y="{y:.1f}" width="{end - start:.1f}" '
                    f'height="{BAR_HEIGHT}" fill="{hatch}" stroke="{HATCH}" '
                    f'data-suppressed="true"/>'
                )
                continue
            parts.append(
                f'<rect x="{start:.1f}" y="{y:.1f}" width="{end - start:.1f}" '
                f'height="{BAR_HEIGHT}" fill="{PALETTE[segment.colour % len(PALETTE)]}"/>'
            )
            if end - start >= 22:
                parts.append(
                    f'<text x="{(start + end) / 2:.1f}" y="{middle:.1f}" text-anchor="middle" '
                    f'fill="#ffffff">{_number(segment.value)}</text>'
                )
        text_x = x(left) + 6 if bar.segments else LABEL_WIDTH + 6
        if bar.text:
            parts.append(
                f'<text x="{text_x:.1f}" y="{middle:.1f}" fill="#212529">{escape(bar.text)}</text>'
            )
        parts.append("</g>")
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped
