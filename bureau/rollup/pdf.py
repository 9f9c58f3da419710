"""The roll-up as a PDF for the oblast council, on the bureau's PDF house (``bureau.pdf``).

A4 landscape: the oblast's column and every bureau's side by side. The same
charts as the monthly report (bars, pie) beside their tables, drawn from the
oblast's column only; a withheld count is left out of a chart, never drawn.
Call ``render_rollup`` inside ``use_locale(locale)``.
"""

from __future__ import annotations

from functools import cache

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import (
    CondPageBreak,
    HRFlowable,
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from bureau.i18n import _, get_locale
from bureau.pdf import charts
from bureau.pdf.dates import long_moment
from bureau.pdf.document import PAGE_PATTERN, render
from bureau.pdf.fonts import BOLD, REGULAR
from bureau.pdf.paper import Geometry
from bureau.pdf.styles import ACCENT, INK, paragraph_styles, split_table, table_style, text
from bureau.reports.formatting import TEXT, cell
from bureau.reports.tables import Row, Section
from bureau.rollup.combine import Rollup
from bureau.rollup.tables import header_lines, rollup_sections, rollup_title, summary_sentences

ROLLUP_PAGE = Geometry(297, 210, 14, 10, 0)  # A4 landscape: many bureaus side by side
BODY_WIDTH = ROLLUP_PAGE.frame_width
HEADER_FILL, ZEBRA, TOTAL_FILL = (colors.HexColor("#e8edf3"), colors.HexColor("#f6f8fa"),
                                  colors.HexColor("#eef2e6"))
CHART_ITEMS = 12
MIN_COLUMN, MAX_LABEL, CELL_PADDING = 1.3 * cm, 8 * cm, 12
FONT_PT = 8
GAP, MIN_CHART = 0.8 * cm, 9 * cm


@cache
def _styles() -> dict[str, ParagraphStyle]:
    house = paragraph_styles(10)
    return {**house,
            "cell": ParagraphStyle("r-cell", house["cell"], fontSize=FONT_PT, leading=FONT_PT * 1.2),
            "cell_bold": ParagraphStyle("r-cell-b", house["cell_bold"], fontSize=FONT_PT,
                                        leading=FONT_PT * 1.2),
            "cell_indent": ParagraphStyle("r-cell-i", house["cell_indent"], fontSize=FONT_PT,
                                          leading=FONT_PT * 1.2),
            "head": ParagraphStyle("r-head", house["cell_head"], fontSize=FONT_PT,
                                   leading=FONT_PT * 1.2),
            "head_right": ParagraphStyle("r-head-r", house["cell_head_right"], fontSize=FONT_PT,
                                         leading=FONT_PT * 1.2),
            "title": ParagraphStyle("r-title", house["bold"] if "bold" in house else
                                    house["doc_title"], fontSize=20, leading=25),
            "period": ParagraphStyle("r-period", house["body"], fontSize=16, leading=21,
                                     textColor=ACCENT)}


def _p(value: str, style: str) -> Paragraph:
    return Paragraph(text(value), _styles()[style])


def _width(header: str, values: list[str]) -> float:
    words = [pdfmetrics.stringWidth(w, BOLD, FONT_PT) for w in header.split()]
    cells = [pdfmetrics.stringWidth(v, REGULAR, FONT_PT) for v in values]
    return max(MIN_COLUMN, max(words + cells, default=0) + CELL_PADDING)


def _row(row: Row, section: Section) -> list:
    style = "cell_bold" if row.total else "cell_indent" if row.indent else "cell"
    return [_p(row.label, style)] + [
        _p(cell(v, c.kind), "cell") if c.kind == TEXT else cell(v, c.kind)
        for v, c in zip(row.values, section.columns[1:], strict=True)]


def _table(section: Section):  # noqa: ANN202 - a reportlab Table
    body = [_row(row, section) for row in section.rows]
    text_columns = [i for i, c in enumerate(section.columns[1:], start=1) if c.kind == TEXT]
    numbers = [_width(c.header, [r[i] if isinstance(r[i], str) else "" for r in body])
               for i, c in enumerate(section.columns[1:], start=1)]
    if text_columns:  # text columns share what the label leaves
        label = min(MAX_LABEL, BODY_WIDTH * 0.25)
        room = BODY_WIDTH - label - sum(n for i, n in enumerate(numbers, 1) if i not in text_columns)
        for i in text_columns:
            numbers[i - 1] = room / len(text_columns)
        widths = [label, *numbers]
    else:
        label = min(MAX_LABEL, BODY_WIDTH - sum(numbers))
        widths = [label, *numbers]
    header = [_p(section.columns[0].header, "head")] + [
        _p(c.header, "head" if c.kind == TEXT else "head_right") for c in section.columns[1:]]
    commands = [
        ("FONT", (0, 0), (-1, -1), REGULAR, FONT_PT), ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("ALIGN", (1, 1), (-1, -1), "RIGHT"), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL), ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    if section.columns[1].kind != TEXT:  # the oblast's column stands out from the bureaus'
        commands += [("BACKGROUND", (1, 1), (1, -1), TOTAL_FILL),
                     ("FONT", (1, 1), (1, -1), BOLD, FONT_PT)]
    for index, row in enumerate(section.rows, start=1):
        if row.total:
            commands += [("LINEABOVE", (0, index), (-1, index), 0.6, INK),
                         ("FONT", (1, index), (-1, index), BOLD, FONT_PT)]
        elif index % 2 == 0:
            commands.append(("BACKGROUND", (2, index), (-1, index), ZEBRA))
    return split_table([header, *body], widths, TableStyle(commands), repeat_rows=1)


def _chart(section: Section, width: float):  # noqa: ANN202 - a reportlab Drawing or None
    items = [(row.label, row.values[0]) for row in section.rows if not row.total]
    items = [(label, v) for label, v in items if isinstance(v, int) and v > 0][:CHART_ITEMS]
    if not items or section.chart is None:
        return None
    return charts.pie(items, width) if section.chart == "pie" else \
        charts.horizontal_bars(items, width)


def _section(section: Section) -> list:
    heading = _p(section.title, "section")
    if not section.rows:
        return [KeepTogether([heading, _p(_("Nothing was recorded in this period."), "body")])]
    table = _table(section)
    notes = [_p(note, "small") for note in section.notes]
    room = BODY_WIDTH - sum(table._colWidths) - GAP
    if section.chart is not None and room >= MIN_CHART:
        # Landscape leaves room beside a table of a few bureaus: the chart goes there.
        chart = _chart(section, room)
        if chart is not None:
            pair = Table([[[table, *notes], chart]], colWidths=[BODY_WIDTH - room, room],
                         style=table_style(("VALIGN", (0, 0), (-1, -1), "TOP"),
                                           ("LEFTPADDING", (1, 0), (1, 0), GAP)))
            return [CondPageBreak(5 * cm), KeepTogether([heading, pair])]
    block: list = [heading, table, *notes]
    chart = _chart(section, BODY_WIDTH * 0.7)
    if chart is not None:
        block += [Spacer(1, 0.3 * cm), chart]
    return [CondPageBreak(5 * cm), KeepTogether(block)]


def _opening(rollup: Rollup, public: bool) -> list:
    lines = header_lines(rollup, public)
    story: list = [_p(lines[0], "title"), _p(lines[1], "period"), Spacer(1, 0.2 * cm),
                   HRFlowable(width="100%", color=ACCENT, thickness=1.2), Spacer(1, 0.3 * cm)]
    story += [_p(line, "muted") for line in lines[2:]]
    story += [Spacer(1, 0.3 * cm), _p(_("Summary"), "section"),
              _p(" ".join(summary_sentences(rollup, public)), "body")]
    return story


def render_rollup(rollup: Rollup, public: bool) -> bytes:
    """The whole document as PDF bytes; call inside ``use_locale``."""
    story = _opening(rollup, public)
    for section in rollup_sections(rollup, public):
        story += _section(section)
    title = f"{rollup_title()}: {rollup.period.label()}"
    generated = _("Generated on {date}").format(
        date=long_moment(rollup.generated_at.replace(tzinfo=None)))
    return render(story, ROLLUP_PAGE, title=title, author="", subject=rollup.period.label(),
                  locale=get_locale(), footer=[title, generated], page_pattern=_(PAGE_PATTERN),
                  marking=_("Public version") if public else _("Not for publication"),
                  rule=True)


__all__ = ["render_rollup"]
