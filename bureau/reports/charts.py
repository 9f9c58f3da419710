"""Charts for the PDF (reportlab.graphics), labelled in the bundled DejaVu font.

Charts only ever show numbers that the table beside them shows: in the
public version a withheld count is left out of the chart, not drawn small.
"""

from __future__ import annotations

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.charts.piecharts import Pie
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.units import cm

from bureau.reports.formatting import count as format_count
from bureau.reports.formatting import share as format_share

FONT, BOLD = "BureauSans", "BureauSans-Bold"
INK = colors.HexColor("#1f2d3d")
GRID = colors.HexColor("#d5dbe3")
PALETTE = [colors.HexColor(c) for c in (
    "#2f5d8a", "#e08a2e", "#4f9a6b", "#b8473f", "#7a5ea8", "#8c8c8c", "#c9a227", "#3a9fb5")]
MAIN = PALETTE[0]


def _drawing(width: float, height: float) -> Drawing:
    drawing = Drawing(width, height)
    # The renderer starts every drawing in Helvetica unless told otherwise.
    drawing.initialFontName = FONT
    return drawing


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "\u2026"


def horizontal_bars(items: list[tuple[str, int]], width: float = 16.5 * cm) -> Drawing:
    """One bar per label, largest at the top, the count at the end of each bar."""
    label_width = 6.2 * cm
    bar_height = 0.55 * cm
    height = len(items) * bar_height + 1.0 * cm
    drawing = _drawing(width, height)
    chart = HorizontalBarChart()
    chart.x, chart.y = label_width, 0.6 * cm
    chart.width, chart.height = width - label_width - 1.2 * cm, len(items) * bar_height
    # The category axis runs bottom-up: reverse so the largest is on top.
    ordered = list(reversed(items))
    chart.data = [[value for _label, value in ordered]]
    chart.categoryAxis.categoryNames = [_shorten(label, 42) for label, _value in ordered]
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 7.5
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -4
    chart.categoryAxis.strokeColor = GRID
    chart.categoryAxis.tickLeft = 0
    chart.valueAxis.valueMin = 0
    top = max((value for _label, value in items), default=0)
    chart.valueAxis.valueMax = max(top * 1.12, 5)
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.labelTextFormat = lambda value: format_count(int(value))
    chart.valueAxis.strokeColor = GRID
    chart.valueAxis.visibleGrid = 1
    chart.valueAxis.gridStrokeColor = GRID
    chart.valueAxis.gridStrokeWidth = 0.4
    chart.bars[0].fillColor = MAIN
    chart.bars[0].strokeColor = None
    chart.barWidth = bar_height * 0.65
    chart.groupSpacing = bar_height * 0.35
    chart.barLabelFormat = lambda value: format_count(int(value))
    chart.barLabels.fontName = FONT
    chart.barLabels.fontSize = 7
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    chart.barLabels.fillColor = INK
    drawing.add(chart)
    return drawing


def pie(items: list[tuple[str, int]], width: float = 16.5 * cm) -> Drawing:
    """A pie with a legend beside it (labels on slices collide when slices are thin)."""
    height = 5.2 * cm
    drawing = _drawing(width, height)
    chart = Pie()
    chart.x, chart.y = 0.5 * cm, 0.3 * cm
    chart.width = chart.height = 4.6 * cm
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
    legend.x, legend.y = 6.2 * cm, height - 0.5 * cm
    legend.fontName, legend.fontSize = FONT, 8.5
    legend.alignment = "right"
    legend.boxAnchor = "nw"
    legend.deltay = 14
    legend.columnMaximum = 10
    legend.colorNamePairs = [
        (PALETTE[index % len(PALETTE)],
         f"{label}: {format_count(value)} ({format_share(value / total)})")
        for index, (label, value) in enumerate(items)
    ]
    drawing.add(legend)
    return drawing


def line(points: list[tuple[str, int | None]], width: float = 16.5 * cm) -> Drawing:
    """Contacts month by month; a withheld month is a gap in the line."""
    height = 5.5 * cm
    drawing = _drawing(width, height)
    chart = HorizontalLineChart()
    chart.x, chart.y = 1.3 * cm, 1.0 * cm
    chart.width, chart.height = width - 1.8 * cm, height - 1.5 * cm
    values = [value for _label, value in points]
    chart.data = [values]
    chart.categoryAxis.categoryNames = [label for label, _value in points]
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.labels.dy = -2
    chart.categoryAxis.strokeColor = GRID
    chart.valueAxis.valueMin = 0
    known = [value for value in values if value is not None]
    chart.valueAxis.valueMax = max(max(known, default=0) * 1.15, 5)
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.labelTextFormat = lambda value: format_count(int(value))
    chart.valueAxis.visibleGrid = 1
    chart.valueAxis.gridStrokeColor = GRID
    chart.valueAxis.gridStrokeWidth = 0.4
    chart.valueAxis.strokeColor = GRID
    chart.lines[0].strokeColor = MAIN
    chart.lines[0].strokeWidth = 1.8
    chart.joinedLines = 1
    chart.lineLabelFormat = lambda value: format_count(int(value)) if value is not None else ""
    chart.lineLabels.fontName = FONT
    chart.lineLabels.fontSize = 6.5
    chart.lineLabels.fillColor = INK
    chart.lineLabelNudge = 6
    drawing.add(chart)
    return drawing


def no_data(text: str, width: float = 16.5 * cm) -> Drawing:
    drawing = _drawing(width, 0.8 * cm)
    drawing.add(String(0, 0.3 * cm, text, fontName=FONT, fontSize=8, fillColor=colors.grey))
    return drawing
