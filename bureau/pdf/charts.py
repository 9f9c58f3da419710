"""The house charts (reportlab.graphics), every text in the bundled DejaVu font.

Charts only ever show numbers that the table beside them shows: in a public
report a withheld count is left out of the chart, not drawn small. Names
beside bars wrap onto further lines instead of being cut: the bar's row grows
with its longest name.
"""

from __future__ import annotations

import datetime as dt
import math

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.charts.piecharts import Pie
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.utils import simpleSplit

from bureau.i18n import format_date, format_number, format_percent
from bureau.pdf.fonts import REGULAR, register_fonts
from bureau.pdf.paper import MM
from bureau.pdf.styles import ACCENT, GRID, INK

AXIS = colors.HexColor("#9a9a9a")
PALETTE = [colors.HexColor(c) for c in (
    "#2f5d8a", "#e08a2e", "#4f9a6b", "#b8473f", "#7a5ea8", "#8c8c8c", "#c9a227", "#3a9fb5")]
LABEL_PT = 7.5
LEADING = LABEL_PT * 1.2


def _drawing(width: float, height: float) -> Drawing:
    register_fonts()
    # The renderer starts every drawing in Helvetica unless told otherwise.
    return Drawing(width, height, initialFontName=REGULAR)


def _count(value: float) -> str:
    return format_number(int(value))


def _value_axis(axis, top: int) -> None:
    """Whole-number steps (a third of a visit means nothing), a little room for the counts."""
    step = max(1, math.ceil(top / 5))
    axis.valueMin = 0
    axis.valueStep = step
    axis.valueMax = step * (math.ceil(top / step) + 1) if top else step
    axis.labels.fontName = REGULAR
    axis.labels.fontSize = LABEL_PT
    axis.labelTextFormat = _count
    axis.strokeColor = AXIS
    axis.visibleGrid = True
    axis.gridStrokeColor = GRID
    axis.gridStrokeWidth = 0.4


def _bar_style(chart) -> None:
    chart.bars[0].fillColor = ACCENT
    chart.bars[0].strokeColor = None
    chart.barLabelFormat = _count
    chart.barLabels.fontName = REGULAR
    chart.barLabels.fontSize = LABEL_PT
    chart.barLabels.fillColor = INK


def wrap_label(label: str, width: float) -> list[str]:
    """A name in lines of at most ``width`` points (long words are split, never cut)."""
    return simpleSplit(label, REGULAR, LABEL_PT, width) or [""]


def horizontal_bars(items: list[tuple[str, int]], width: float, *,
                    label_share: float = 0.4) -> Drawing:
    """One bar per name, the largest at the top, its count at the end of the bar.

    ``items``: (name, count) in the order to show; ``width`` in points. The
    names take ``label_share`` of the width and wrap within it.
    """
    label_width = label_share * width
    wrapped = [wrap_label(name, label_width - 6) for name, _count in items]
    row = max(5.5 * MM, max((len(lines) for lines in wrapped), default=1) * LEADING + 4)
    height = len(items) * row + 8 * MM
    drawing = _drawing(width, height)
    chart = HorizontalBarChart()
    chart.x, chart.y = label_width, 6 * MM
    chart.width, chart.height = width - label_width - 6 * MM, len(items) * row
    # The category axis runs bottom-up: reverse so the first is on top.
    chart.data = [[count for _name, count in reversed(items)]]
    chart.categoryAxis.categoryNames = ["\n".join(lines) for lines in reversed(wrapped)]
    labels = chart.categoryAxis.labels
    labels.fontName, labels.fontSize, labels.leading = REGULAR, LABEL_PT, LEADING
    labels.boxAnchor, labels.textAnchor, labels.dx = "e", "end", -4
    chart.categoryAxis.strokeColor = AXIS
    chart.categoryAxis.tickLeft = 0
    chart.barWidth, chart.groupSpacing = min(row * 0.65, 4 * MM), row * 0.35
    _value_axis(chart.valueAxis, max((count for _name, count in items), default=0))
    _bar_style(chart)
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    drawing.add(chart)
    return drawing


def _month_labels(months: list[dt.date], rotated: bool) -> list[str]:
    if rotated:  # many months: "сеп 26" slanted, every month named
        return [format_date(month, "LLL yy") for month in months]
    # A year or less: the month's short name, the year under the first month and January.
    return [format_date(month, "LLL") + (f"\n{month.year}" if i == 0 or month.month == 1 else "")
            for i, month in enumerate(months)]


def monthly_bars(items: list[tuple[dt.date, int]], width: float) -> Drawing:
    """The trend: one bar per month in order (pass every month, also those with none)."""
    rotated = len(items) > 12
    height = 58 * MM if rotated else 52 * MM
    drawing = _drawing(width, height)
    chart = VerticalBarChart()
    chart.x, chart.y = 10 * MM, (14 if rotated else 11) * MM
    chart.width, chart.height = width - 12 * MM, height - chart.y - 4 * MM
    chart.data = [[count for _month, count in items]]
    chart.categoryAxis.categoryNames = _month_labels([month for month, _count in items], rotated)
    labels = chart.categoryAxis.labels
    labels.fontName, labels.fontSize = REGULAR, LABEL_PT
    if rotated:
        labels.angle, labels.boxAnchor, labels.dy = 45, "ne", -2
    else:
        labels.boxAnchor, labels.dy = "n", -3
    chart.categoryAxis.strokeColor = AXIS
    chart.categoryAxis.tickDown = 0
    _value_axis(chart.valueAxis, max((count for _month, count in items), default=0))
    _bar_style(chart)
    chart.barLabels.boxAnchor = "s"
    chart.barLabels.dy = 2
    chart.barWidth, chart.groupSpacing = 10, 4  # proportions: the chart scales them to fit
    drawing.add(chart)
    return drawing


def pie(items: list[tuple[str, int]], width: float) -> Drawing:
    """A pie with a legend beside it (labels on slices collide when slices are thin)."""
    height = 52 * MM
    drawing = _drawing(width, height)
    chart = Pie()
    chart.x, chart.y = 5 * MM, 3 * MM
    chart.width = chart.height = 46 * MM
    chart.data = [value for _label, value in items]
    chart.labels = None
    chart.simpleLabels = 1
    chart.slices.strokeColor = colors.white
    chart.slices.strokeWidth = 1
    chart.startAngle = 90
    chart.direction = "clockwise"
    total = sum(chart.data) or 1
    for index in range(len(items)):
        chart.slices[index].fillColor = PALETTE[index % len(PALETTE)]
    drawing.add(chart)
    legend = Legend()
    legend.x, legend.y = 62 * MM, height - 5 * MM
    legend.fontName, legend.fontSize = REGULAR, 8.5
    legend.alignment = "right"
    legend.boxAnchor = "nw"
    legend.deltay = 14
    legend.columnMaximum = 10
    legend.colorNamePairs = [
        (PALETTE[index % len(PALETTE)],
         f"{label}: {format_number(value)} ({format_percent(value / total)})")
        for index, (label, value) in enumerate(items)
    ]
    drawing.add(legend)
    return drawing


def line(points: list[tuple[str, int | None]], width: float) -> Drawing:
    """Counts month by month; ``None`` (withheld, or no data) is a gap in the line."""
    height = 55 * MM
    drawing = _drawing(width, height)
    chart = HorizontalLineChart()
    chart.x, chart.y = 13 * MM, 10 * MM
    chart.width, chart.height = width - 18 * MM, height - 15 * MM
    values = [value for _label, value in points]
    chart.data = [values]
    chart.categoryAxis.categoryNames = [label for label, _value in points]
    chart.categoryAxis.labels.fontName = REGULAR
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.labels.dy = -2
    chart.categoryAxis.strokeColor = GRID
    _value_axis(chart.valueAxis, max((v for v in values if v is not None), default=0))
    chart.lines[0].strokeColor = ACCENT
    chart.lines[0].strokeWidth = 1.8
    chart.joinedLines = 1
    chart.lineLabelFormat = lambda value: format_number(int(value)) if value is not None else ""
    chart.lineLabels.fontName = REGULAR
    chart.lineLabels.fontSize = 6.5
    chart.lineLabels.fillColor = INK
    chart.lineLabelNudge = 6
    drawing.add(chart)
    return drawing

