"""The report as a PDF for the mayor and the council (reportlab platypus).

Call ``write_pdf`` inside ``use_locale(locale)``: every heading, label, date
and number is then in that language. Text uses the bundled DejaVu Sans
(embedded and subset), never the 14 standard fonts, which have no Cyrillic.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from babel import dates as babel_dates
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import (
    CondPageBreak,
    HRFlowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.flowables import Flowable

from bureau.files import atomic_output
from bureau.i18n import _, get_locale, ngettext
from bureau.pdf import charts
from bureau.pdf.dates import keep_dates_whole, long_moment
from bureau.pdf.document import PAGE_PATTERN, render
from bureau.pdf.fonts import BOLD, REGULAR
from bureau.pdf.paper import Geometry
from bureau.pdf.styles import ACCENT, INK, MUTED, paragraph_styles, split_table, text
from bureau.pdf.titles import FittedTitle
from bureau.reports.figures import ActivityReport
from bureau.reports.formatting import cell
from bureau.reports.summary import summary_sentences
from bureau.reports.tables import (
    CHANGE,
    SHARE,
    Row,
    Section,
    build_sections,
    period_label,
    report_title,
)

REPORT_PAGE = Geometry(210, 297, 20, 10, 0)
BODY_WIDTH = REPORT_PAGE.frame_width
HEADER_FILL, ZEBRA = colors.HexColor("#e8edf3"), colors.HexColor("#f6f8fa")
CHART_ITEMS = 12
# Number columns as narrow as their contents allow: long service names need the room.
MIN_COLUMN, CELL_PADDING = 1.2 * cm, 13


@cache
def _report_styles() -> dict[str, ParagraphStyle]:
    house = paragraph_styles(10)
    bold = house["cell_bold"]
    return {
        **house,
        "body": ParagraphStyle("report-body", house["body"], leading=14.5, spaceAfter=6),
        "h1": house["section"],
        "head": house["cell_head"],
        "head_right": house["cell_head_right"],
        "cover_org": ParagraphStyle("cover_org", house["muted"], fontSize=12, leading=16),
        "cover_bureau": ParagraphStyle("cover_bureau", bold, fontSize=15, leading=20),
        "cover_title": ParagraphStyle("cover_title", bold, fontSize=26, leading=32, spaceAfter=8),
        "cover_period": ParagraphStyle("cover_period", house["body"], fontSize=22, leading=28,
                                       textColor=ACCENT),
        "cover_note": ParagraphStyle("cover_note", house["muted"], fontSize=10.5, leading=15),
    }


def _p(value: str, style: str) -> Paragraph:
    return Paragraph(text(value), _report_styles()[style])


def _title(value: str, style: str) -> Paragraph:
    """Big type (cover, section headings): shrinks rather than cut a word it cannot break."""
    return FittedTitle(value, _report_styles()[style])


class _Badge(Flowable):
    """'Public version' in a box on the cover: visible at a glance on a printout."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text
        self.width = pdfmetrics.stringWidth(text, BOLD, 11) + 16
        self.height = 22

    def draw(self) -> None:
        self.canv.setStrokeColor(ACCENT)
        self.canv.setLineWidth(1.2)
        self.canv.roundRect(0, 0, self.width, self.height, 4)
        self.canv.setFillColor(ACCENT)
        self.canv.setFont(BOLD, 11)
        self.canv.drawString(8, 7, self.text)


def _cover(report: ActivityReport, public: bool) -> list:
    settings = report.settings
    story: list = [Spacer(1, 0.5 * cm)]
    if settings.get("municipality"):
        story.append(_p(settings["municipality"], "cover_org"))
    if settings.get("bureau_name"):
        story.append(_title(settings["bureau_name"], "cover_bureau"))
    story += [Spacer(1, 0.3 * cm), HRFlowable(width="100%", color=ACCENT, thickness=1.5),
              Spacer(1, 5 * cm), _title(report_title(report), "cover_title"),
              _title(period_label(report), "cover_period"), Spacer(1, 1.2 * cm)]
    if public:
        story += [_Badge(_("Public version")), Spacer(1, 0.4 * cm),
                  _p(_("For publication. It holds no personal data; numbers from 1 to 4 are "
                       "shown as \u201c<5\u201d."), "cover_note")]
    else:
        story.append(_p(_("For the mayor and the municipal council. Not for publication: "
                          "it names the bureau's advisors."), "cover_note"))
    story.append(PageBreak())
    return story


def _row_cells(row: Row, section: Section) -> list:
    style = "cell_bold" if row.total else "cell_indent" if row.indent else "cell"
    return [_p(row.label, style)] + [
        cell(value, column.kind) for value, column in zip(row.values, section.columns[1:], strict=True)]


def _column_width(header: str, cells: list[str]) -> float:
    """Wide enough for the header's longest word and the longest value, never less than
    MIN_COLUMN: month names differ in length between languages."""
    # A month and its year ("октомври 2026") are one word there: dates never break inside.
    words = [pdfmetrics.stringWidth(word, BOLD, 8.5)
             for word in keep_dates_whole(header).split(" ")]
    values = [pdfmetrics.stringWidth(cell, REGULAR, 8.5) for cell in cells]
    return max(MIN_COLUMN, max(words + values, default=0) + CELL_PADDING)


def _table(section: Section) -> Table:
    body = [_row_cells(row, section) for row in section.rows]
    numbers = [_column_width(column.header, [row[index] for row in body])
               for index, column in enumerate(section.columns[1:], start=1)]
    widths = [BODY_WIDTH - sum(numbers), *numbers]
    header = [_p(section.columns[0].header, "head")] + [
        _p(column.header, "head_right") for column in section.columns[1:]]
    data = [header] + body
    commands = [
        ("FONT", (0, 0), (-1, -1), REGULAR, 8.5),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ]
    for index, row in enumerate(section.rows, start=1):
        if row.total:
            commands += [("LINEABOVE", (0, index), (-1, index), 0.6, INK),
                         ("FONT", (1, index), (-1, index), BOLD, 8.5)]
        elif index % 2 == 0:
            commands.append(("BACKGROUND", (0, index), (-1, index), ZEBRA))
    for column_index, column in enumerate(section.columns[1:], start=1):
        if column.kind in (SHARE, CHANGE):
            commands.append(("TEXTCOLOR", (column_index, 1), (column_index, -1), MUTED))
    return split_table(data, widths, TableStyle(commands), repeat_rows=1)


def _chart_items(section: Section) -> list[tuple[str, int]]:
    """(label, count) of the current period, withheld counts left out."""
    items = [(row.label, row.values[0]) for row in section.rows if not row.total]
    return [(label, value) for label, value in items if isinstance(value, int) and value > 0]


def _chart(section: Section, report: ActivityReport):
    if section.chart == "line":
        # Twelve labels under one line: the abbreviated month ('окт 26').
        labels = [babel_dates.format_date(month, "LLL yy", locale=get_locale())
                  for month, _count in report.trend]
        values = [row.values[0] if isinstance(row.values[0], int) else None for row in section.rows]
        return charts.line(list(zip(labels, values, strict=True)), BODY_WIDTH)
    items = _chart_items(section)[:CHART_ITEMS]
    if not items:
        return None
    if section.chart == "pie":
        return charts.pie(items, BODY_WIDTH)
    return charts.horizontal_bars(items, BODY_WIDTH)


def _section(section: Section, report: ActivityReport) -> list:
    heading = _title(section.title, "h1")
    if section.chart == "line":
        notes = [_p(note, "small") for note in section.notes]
        return [CondPageBreak(7 * cm), KeepTogether([heading, _chart(section, report), *notes])]
    if section.is_empty:
        return [KeepTogether([heading, _p(_("Nothing was recorded in this period."), "body")])]
    block: list = [heading, _table(section)]
    block += [_p(note, "small") for note in section.notes]
    chart = _chart(section, report) if section.chart else None
    if chart is not None:
        block += [Spacer(1, 0.3 * cm), chart]
    # A table with its chart on one page, unless together they fill more than a page.
    return [CondPageBreak(5 * cm), KeepTogether(block)]


def _key_figures_notes(report: ActivityReport, public: bool) -> list[str]:
    notes = [
        _("People helped: named citizens counted once each, plus every anonymous visit. "
          "New: their first consultation ever was in this period."),
        ngettext("Overdue: submitted more than {days} day before the end of the period and "
                 "not decided by then.",
                 "Overdue: submitted more than {days} days before the end of the period and "
                 "not decided by then.", report.overdue_days).format(days=report.overdue_days),
    ]
    if public:
        notes.append(_("Numbers from 1 to 4 are shown as \u201c<5\u201d so that nobody can be "
                       "recognised."))
    return notes


def _body(report: ActivityReport, public: bool) -> list:
    sections = build_sections(report, public)
    story: list = [_title(_("Summary"), "h1"), _p(" ".join(summary_sentences(report, public)), "body")]
    key, rest = sections[0], sections[1:]
    story += [_title(key.title, "h1"), _table(key)]
    story += [_p(note, "small") for note in _key_figures_notes(report, public) + key.notes]
    for section in rest:
        story += _section(section, report)
    return story


def render_pdf(report: ActivityReport, public: bool) -> bytes:
    """The whole document; call inside ``use_locale``."""
    settings = report.settings
    title = f"{report_title(report)}: {period_label(report)}"
    bureau = settings.get("bureau_name", "").strip()
    generated = _("Generated on {date}").format(date=long_moment(report.generated_at))
    # The cover's foot: how to reach the bureau, and when this was made.
    contact = " \u00b7 ".join(part for part in (settings.get(key, "").strip() for key in
                                                ("address", "phone", "email", "opening_hours"))
                              if part)
    return render(
        _cover(report, public) + _body(report, public), REPORT_PAGE, title=title, author=bureau,
        subject=settings.get("municipality", ""), locale=get_locale(),
        footer=[" \u00b7 ".join(part for part in (bureau, title) if part), generated],
        page_pattern=_(PAGE_PATTERN), marking=_("Public version") if public else
        _("Not for publication"), rule=True, first_page_footer=[contact, generated])


def write_pdf(path: str | Path, report: ActivityReport, public: bool) -> None:
    data = render_pdf(report, public)
    with atomic_output(path, mode="wb") as handle:
        handle.write(data)
