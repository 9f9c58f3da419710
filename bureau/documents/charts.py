"""Bar charts for the signals analysis (reportlab.graphics), labelled in DejaVu Sans.

Every text in a drawing (axis labels, the counts at the bars) is set to the
bundled font: the renderer's default is Helvetica, which has no Cyrillic and
would be referenced without being embedded.
"""

from __future__ import annotations

import datetime as dt
import math

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from bureau.i18n import format_date, format_number
from bureau.slips.fonts import REGULAR, register_fonts

BAR = colors.HexColor("#2f5d8a")
AXIS = colors.HexColor("#9a9a9a")
GRID = colors.HexColor("#dddddd")
LABEL_PT = 8


def _fit(label: str, width: float) -> str:
    """The name, cut with an ellipsis where it would run past the page's margin."""
    if stringWidth(label, REGULAR, LABEL_PT) <= width:
        return label
    while label and stringWidth(label + "\u2026", REGULAR, LABEL_PT) > width:
        label = label[:-1]
    return label.rstrip() + "\u2026"


def _count(value: float) -> str:
    return format_number(int(value))


def _value_axis(axis, top: int) -> None:
    """Whole-number steps (a third of a signal means nothing), a little room for the counts."""
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


def _bar_style(chart) -> None:
    chart.bars[0].fillColor = BAR
    chart.bars[0].strokeColor = None
    chart.barLabelFormat = _count
    chart.barLabels.fontName = REGULAR
    chart.barLabels.fontSize = LABEL_PT


def horizontal_bars(items: list[tuple[str, int]], width: float) -> Drawing:
    """One bar per name, the largest at the top, its count at the end of the bar."""
    register_fonts()
    label_width = 70 * mm
    bar = 6 * mm
    height = len(items) * bar + 10 * mm
    drawing = Drawing(width, height, initialFontName=REGULAR)
    chart = HorizontalBarChart()
    chart.x, chart.y = label_width, 7 * mm
    chart.width, chart.height = width - label_width - 4 * mm, len(items) * bar
    ordered = list(reversed(items))  # the category axis runs bottom-up
    chart.data = [[count for _name, count in ordered]]
    chart.categoryAxis.categoryNames = [_fit(name, label_width - 5 * mm)
                                        for name, _count in ordered]
    labels = chart.categoryAxis.labels
    labels.fontName, labels.fontSize, labels.boxAnchor, labels.dx = REGULAR, LABEL_PT, "e", -3
    chart.categoryAxis.strokeColor = AXIS
    chart.categoryAxis.tickLeft = 0
    chart.barWidth, chart.groupSpacing = 7, 3
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
    register_fonts()
    rotated = len(items) > 12
    height = 58 * mm if rotated else 52 * mm
    drawing = Drawing(width, height, initialFontName=REGULAR)
    chart = VerticalBarChart()
    chart.x, chart.y = 10 * mm, (14 if rotated else 11) * mm
    chart.width, chart.height = width - 12 * mm, height - chart.y - 4 * mm
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
