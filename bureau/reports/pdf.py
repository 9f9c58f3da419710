"""The report as a PDF for the mayor and the council (reportlab platypus).

Call ``write_pdf`` inside ``use_locale(locale)``: every heading, label, date
and number is then in that language. Text uses the bundled DejaVu Sans
(embedded and subset), never the 14 standard fonts, which have no Cyrillic.
"""

from __future__ import annotations

import io
import threading
from pathlib import Path

from babel import dates as babel_dates
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas
from reportlab.platypus import (
    CondPageBreak,
    HRFlowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.flowables import Flowable

from bureau import data
from bureau.files import atomic_output
from bureau.i18n import _, get_locale, ngettext
from bureau.reports import charts
from bureau.reports.figures import ActivityReport
from bureau.reports.formatting import cell, moment
from bureau.reports.summary import summary_sentences
from bureau.reports.tables import CHANGE, SHARE, Row, Section, build_sections, report_title

FONT, BOLD = charts.FONT, charts.BOLD
INK, MUTED, ACCENT = charts.INK, colors.HexColor("#5b6b7c"), charts.MAIN
HEADER_FILL, ZEBRA = colors.HexColor("#e8edf3"), colors.HexColor("#f6f8fa")
PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 2 * cm
BODY_WIDTH = PAGE_WIDTH - 2 * MARGIN
CHART_ITEMS = 12
_FONT_LOCK = threading.Lock()
# Number columns as narrow as their contents allow: long service names need the room.
MIN_COLUMN, CELL_PADDING = 1.2 * cm, 13


def register_fonts() -> None:
    # reportlab's font registry is process-wide; reports may be written from
    # several worker threads at once.
    with _FONT_LOCK:
        if FONT in pdfmetrics.getRegisteredFontNames():
            return
        for name, filename in ((FONT, "DejaVuSans.ttf"), (BOLD, "DejaVuSans-Bold.ttf")):
            pdfmetrics.registerFont(TTFont(name, str(data.resource("fonts", filename))))
        pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=BOLD, italic=FONT, boldItalic=BOLD)


def _style(name: str, size: float, *, bold: bool = False, color=INK, leading: float | None = None,
           align=TA_LEFT, space_after: float = 0, space_before: float = 0) -> ParagraphStyle:
    return ParagraphStyle(name, fontName=BOLD if bold else FONT, fontSize=size,
                          leading=leading or size * 1.3, textColor=color, alignment=align,
                          spaceAfter=space_after, spaceBefore=space_before)


STYLES = {
    "body": _style("body", 10, leading=14.5, space_after=6),
    "small": _style("small", 8, color=MUTED, leading=10, space_before=2),
    "h1": _style("h1", 14, bold=True, color=ACCENT, space_before=14, space_after=6),
    "cell": _style("cell", 8.5, leading=10.5),
    "cell_bold": _style("cell_bold", 8.5, bold=True, leading=10.5),
    "cell_indent": ParagraphStyle("cell_indent", parent=None, fontName=FONT, fontSize=8.5,
                                  leading=10.5, textColor=INK, leftIndent=12),
    "head": _style("head", 8, bold=True, leading=9.5),
    "head_right": _style("head_right", 8, bold=True, leading=9.5, align=TA_RIGHT),
    "cover_org": _style("cover_org", 12, color=MUTED, leading=16),
    "cover_bureau": _style("cover_bureau", 15, bold=True, leading=20),
    "cover_title": _style("cover_title", 26, bold=True, leading=32, space_after=8),
    "cover_period": _style("cover_period", 22, color=ACCENT, leading=28),
    "cover_note": _style("cover_note", 10.5, color=MUTED, leading=15),
}


def _p(text: str, style: str) -> Paragraph:
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return Paragraph(escaped, STYLES[style])


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
        story.append(_p(settings["bureau_name"], "cover_bureau"))
    story += [Spacer(1, 0.3 * cm), HRFlowable(width="100%", color=ACCENT, thickness=1.5),
              Spacer(1, 5 * cm), _p(report_title(report), "cover_title"),
              _p(report.period.label(), "cover_period"), Spacer(1, 1.2 * cm)]
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
    words = [pdfmetrics.stringWidth(word, BOLD, 8) for word in header.split()]
    values = [pdfmetrics.stringWidth(cell, FONT, 8.5) for cell in cells]
    return max(MIN_COLUMN, max(words + values, default=0) + CELL_PADDING)


def _table(section: Section) -> Table:
    body = [_row_cells(row, section) for row in section.rows]
    numbers = [_column_width(column.header, [row[index] for row in body])
               for index, column in enumerate(section.columns[1:], start=1)]
    widths = [BODY_WIDTH - sum(numbers), *numbers]
    header = [_p(section.columns[0].header, "head")] + [
        _p(column.header, "head_right") for column in section.columns[1:]]
    data = [header] + body
    table = Table(data, colWidths=widths, repeatRows=1)
    commands = [
        ("FONT", (0, 0), (-1, -1), FONT, 8.5),
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
    table.setStyle(TableStyle(commands))
    return table


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
        return charts.line(list(zip(labels, values, strict=True)))
    items = _chart_items(section)[:CHART_ITEMS]
    if not items:
        return None
    if section.chart == "pie":
        return charts.pie(items)
    return charts.horizontal_bars(items)


def _section(section: Section, report: ActivityReport) -> list:
    heading = _p(section.title, "h1")
    if section.chart == "line":
        return [CondPageBreak(7 * cm), KeepTogether([heading, _chart(section, report)])]
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
    story: list = [_p(_("Summary"), "h1"), _p(" ".join(summary_sentences(report, public)), "body")]
    key, rest = sections[0], sections[1:]
    story += [_p(key.title, "h1"), _table(key)]
    story += [_p(note, "small") for note in _key_figures_notes(report, public) + key.notes]
    for section in rest:
        story += _section(section, report)
    return story


def _numbered_canvas(report: ActivityReport, public: bool) -> type[canvas.Canvas]:
    """A canvas that knows the page count when it draws each footer ("Page 2 of 5")."""
    running = f"{report.settings.get('bureau_name', '')} \u00b7 {report_title(report)}: " \
              f"{report.period.label()}".strip(" \u00b7")
    generated = _("Generated on {date}").format(date=moment(report.generated_at))
    contact = " \u00b7 ".join(
        part for part in (report.settings.get(key, "").strip()
                          for key in ("address", "phone", "email", "opening_hours")) if part)
    marking = _("Public version") if public else _("Not for publication")

    class NumberedCanvas(canvas.Canvas):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self) -> None:  # noqa: N802 - reportlab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._decorate(total)
                super().showPage()
            super().save()

        def _decorate(self, total: int) -> None:
            page = self.getPageNumber()
            self.setFont(FONT, 7.5)
            self.setFillColor(MUTED)
            self.drawRightString(PAGE_WIDTH - MARGIN, PAGE_HEIGHT - 1.2 * cm, marking)
            if page == 1:
                # The cover's foot: how to reach the bureau, and when this was made.
                self.setFont(FONT, 9)
                if contact:
                    self.drawString(MARGIN, MARGIN + 14, contact[:120])
                self.drawString(MARGIN, MARGIN, generated)
                return
            self.setStrokeColor(charts.GRID)
            self.setLineWidth(0.5)
            self.line(MARGIN, 1.55 * cm, PAGE_WIDTH - MARGIN, 1.55 * cm)
            self.drawString(MARGIN, 1.15 * cm, running[:110])
            self.drawString(MARGIN, 0.8 * cm, generated)
            self.drawRightString(PAGE_WIDTH - MARGIN, 1.15 * cm,
                                 _("Page {page} of {pages}").format(page=page, pages=total))

    return NumberedCanvas


def render_pdf(report: ActivityReport, public: bool) -> bytes:
    """The whole document; call inside ``use_locale``."""
    register_fonts()
    buffer = io.BytesIO()
    title = f"{report_title(report)}: {report.period.label()}"
    doc = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
        bottomMargin=MARGIN, title=title, author=report.settings.get("bureau_name", ""),
        subject=report.settings.get("municipality", ""), creator="Bureau",
        # Otherwise every page starts in Helvetica, and the PDF lists that font too.
        initialFontName=FONT,
    )
    doc.build(_cover(report, public) + _body(report, public),
              canvasmaker=_numbered_canvas(report, public))
    return buffer.getvalue()


def write_pdf(path: str | Path, report: ActivityReport, public: bool) -> None:
    data = render_pdf(report, public)
    with atomic_output(path, mode="wb") as handle:
        handle.write(data)
