"""Laying a slip out on paper with reportlab's platypus.

Sheets (A5, A4) flow onto further pages when the texts are long, each page
footed with the reference number and "page n of N". The receipt is one page
as long as its content: the roll is cut where the text ends. Everything the
user typed is XML-escaped before it reaches a Paragraph, so a name such as
``<b>`` or ``&`` prints as typed.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from xml.sax.saxutils import escape

from reportlab.graphics.barcode.qr import QrCode
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.flowables import HRFlowable

from bureau.i18n import _
from bureau.slips.content import SlipContent
from bureau.slips.fonts import BOLD, REGULAR, register_fonts
from bureau.slips.formats import GEOMETRY, Geometry, SlipFormat

INK = colors.black
MUTED = colors.HexColor("#4a4a4a")  # dark enough for older eyes and cheap printers
RULE = colors.HexColor("#9a9a9a")
SHADE = colors.HexColor("#eeeeee")
# A PDF page may not be longer than 200 inches (PDF 1.x implementation limit).
MAX_ROLL_PT = 14_400
FOOTER_MM = 6


def text(value: str) -> str:
    """User text as Paragraph markup: escaped, line breaks kept."""
    return escape(value.replace("\r\n", "\n").replace("\t", " ")).replace("\n", "<br/>")


def slip_styles(geo: Geometry) -> dict[str, ParagraphStyle]:
    size = geo.body_pt
    # bulletFontName too: its default is Helvetica, a standard font that the
    # PDF would reference without embedding it.
    body = ParagraphStyle("body", fontName=REGULAR, bulletFontName=REGULAR, fontSize=size,
                          leading=size * 1.3, textColor=INK)
    return {
        "body": body,
        "bureau": ParagraphStyle("bureau", body, fontName=BOLD, fontSize=size * 1.35,
                                 leading=size * 1.65),
        "muted": ParagraphStyle("muted", body, textColor=MUTED),
        "title": ParagraphStyle("title", body, fontName=BOLD, fontSize=size * 1.15,
                                leading=size * 1.5, spaceBefore=size * 0.6),
        "label": ParagraphStyle("label", body, fontSize=size * 0.85, leading=size * 1.15,
                                textColor=MUTED),
        "reference": ParagraphStyle("reference", body, fontName=BOLD, fontSize=size * 2.4,
                                    leading=size * 2.8),
        "heading": ParagraphStyle("heading", body, fontName=BOLD, spaceBefore=size * 0.9,
                                  spaceAfter=size * 0.2),
        "copy": ParagraphStyle("copy", body, fontName=BOLD, spaceBefore=size * 0.4),
        "small": ParagraphStyle("small", body, fontSize=size * 0.8, leading=size * 1.05,
                                textColor=MUTED),
    }


def table_style(*commands: tuple) -> TableStyle:
    # FONT: a cell's default is Helvetica, which the PDF would then reference
    # without embedding it, even when every cell holds a Paragraph.
    return TableStyle([("FONT", (0, 0), (-1, -1), REGULAR), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                       ("VALIGN", (0, 0), (-1, -1), "TOP"), *commands])


def _centred(styles: dict[str, ParagraphStyle]) -> dict[str, ParagraphStyle]:
    return {name: ParagraphStyle(f"{name}-c", style, alignment=TA_CENTER)
            for name, style in styles.items()}


def qr_code(reference: str, size: float) -> Flowable:
    # reportlab's QrCode flowable paints the modules straight onto the canvas:
    # the QrCodeWidget drawing built ~1,200 checked shapes, half a warm slip's time.
    # It draws no text, so no standard (unembedded) font is referenced.
    return QrCode(reference, width=size, height=size, qrBorder=2, qrLevel="M")


def _reference_block(content: SlipContent, st: dict[str, ParagraphStyle]) -> list[Flowable]:
    return [
        Paragraph(_("Reference number"), st["label"]),
        Paragraph(text(content.reference), st["reference"]),
        Paragraph(_("Please quote this number when you contact us again."), st["label"]),
    ]


def _sections(content: SlipContent, st: dict[str, ParagraphStyle]) -> list[Flowable]:
    """The long texts, as loose paragraphs so that they may break across pages."""
    story: list[Flowable] = []
    for title, body in ((_("Your question"), content.question),
                        (_("Information and advice given"), content.answer),
                        (_("Next steps"), content.next_steps)):
        if body:
            story += [Paragraph(title, st["heading"]), Paragraph(text(body), st["body"])]
    if content.follow_up:
        # No markup inside the msgid: a translator could break the tags.
        story.append(Paragraph(f"<b>{text(_('Follow-up date'))}:</b> {text(content.follow_up)}",
                               ParagraphStyle("fu", st["body"],
                                              spaceBefore=st["body"].fontSize * 0.6)))
    if content.referrals:
        story.append(Paragraph(_("Referral to the consultative commission"), st["heading"]))
        story += [Paragraph(text(line), st["body"]) for line in content.referrals]
    return story


def _contact_lines(content: SlipContent, st: dict[str, ParagraphStyle], *,
                   compact: bool) -> list[Flowable]:
    """The bureau's contacts: one flowing paragraph on a sheet, a line each on a receipt."""
    if not content.contacts:
        return []
    items = [f"<b>{text(label)}:</b> {text(value)}" for label, value in content.contacts]
    if compact:  # under a rule at the foot of the slip, the labels speak for themselves
        return [Paragraph("\u00a0\u00a0\u00b7 ".join(items), st["body"])]
    return [Paragraph(_("Contact us"), st["heading"])] + [Paragraph(i, st["body"]) for i in items]


def _copy_note(content: SlipContent, st: dict[str, ParagraphStyle]) -> list[Flowable]:
    # Beside the reference number: a second paper with the same number must
    # say at once that it is a copy.
    if not content.copy_note:
        return []
    return [Paragraph(text(content.copy_note), st["copy"])]


def _sheet_story(content: SlipContent, geo: Geometry) -> list[Flowable]:
    st = slip_styles(geo)
    width = (geo.width_mm - 2 * geo.margin_mm) * mm
    qr = geo.qr_mm * mm
    heading = [Paragraph(text(content.bureau_name), st["bureau"])]
    if content.municipality:
        heading.append(Paragraph(text(content.municipality), st["muted"]))
    heading.append(Paragraph(_("Consultation slip"), st["title"]))
    heading += _reference_block(content, st)
    heading += _copy_note(content, st)
    header = Table([[heading, qr_code(content.reference, qr)]],
                   colWidths=[width - qr, qr], style=table_style(
                       ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                       ("TOPPADDING", (0, 0), (-1, -1), 0),
                       ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                   ))
    label_width = 0.27 * width
    rows = [
        (_("Date and time"), [Paragraph(text(content.when), st["body"])]),
        (_("Advisor"), [Paragraph(text(content.advisor), st["body"])]),
        (_("Citizen"), [Paragraph(text(content.citizen), st["body"])]),
    ]
    if content.issues:
        rows.append((_("Topics and services"),
                     [Paragraph(text(issue), st["body"], bulletText="\u2022")
                      for issue in content.issues]))
    details = Table(
        [[Paragraph(label, st["muted"]), value] for label, value in rows],
        colWidths=[label_width, width - label_width],
        style=table_style(
            ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ),
    )
    story: list[Flowable] = [header, Spacer(1, 3 * mm),
                             HRFlowable(width="100%", thickness=1.2, color=INK), details]
    story += _sections(content, st)
    closing = [Spacer(1, 3 * mm), HRFlowable(width="100%", thickness=0.6, color=RULE,
                                             spaceAfter=2 * mm)]
    closing += _contact_lines(content, st, compact=True)
    closing += [Spacer(1, 2 * mm), Paragraph(text(content.privacy), st["small"])]
    story.append(KeepTogether(closing))
    return story


def _receipt_story(content: SlipContent, geo: Geometry) -> list[Flowable]:
    st = slip_styles(geo)
    ct = _centred(st)
    cut = HRFlowable(width="100%", thickness=0.6, color=INK, dash=(2, 2),
                     spaceBefore=4, spaceAfter=4)
    story: list[Flowable] = [Paragraph(text(content.bureau_name), ct["bureau"])]
    if content.municipality:
        story.append(Paragraph(text(content.municipality), ct["body"]))
    story += [cut, Paragraph(_("Consultation slip"), ct["title"]), Spacer(1, 2 * mm)]
    qr = qr_code(content.reference, geo.qr_mm * mm)
    qr.hAlign = "CENTER"
    story.append(qr)
    story += _reference_block(content, ct)
    story += _copy_note(content, ct)
    story.append(cut)
    for label, value in ((_("Date and time"), content.when), (_("Advisor"), content.advisor),
                         (_("Citizen"), content.citizen)):
        story.append(Paragraph(f"<b>{text(label)}:</b> {text(value)}", st["body"]))
    if content.issues:
        story.append(Paragraph(_("Topics and services"), st["heading"]))
        story += [Paragraph(text(issue), st["body"], bulletText="\u2022")
                  for issue in content.issues]
    story += _sections(content, st)
    story.append(cut)
    story += _contact_lines(content, st, compact=False)
    story += [Spacer(1, 2 * mm), Paragraph(text(content.privacy), st["small"]),
              Spacer(1, 2 * mm), Paragraph(_("Issued on {date}").format(date=text(content.issued)),
                                           ct["small"])]
    return story


def footed_canvas(left: str, right_pattern: str, geo: Geometry, *,
                  number_single_page: bool = False) -> type[Canvas]:
    """A canvas that knows the page count when it draws the footers (two passes in memory)."""

    class FootedCanvas(Canvas):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self) -> None:  # noqa: N802 - reportlab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                self._footer(number, len(self._pages))
                super().showPage()
            super().save()

        def _footer(self, number: int, total: int) -> None:
            y = (geo.margin_mm - 2) * mm
            self.setFont(REGULAR, geo.body_pt * 0.75)
            self.setFillColor(MUTED)
            self.drawString(geo.margin_mm * mm, y, left)
            if total > 1 or number_single_page:
                self.drawRightString((geo.width_mm - geo.margin_mm) * mm, y,
                                     right_pattern.format(page=number, pages=total))

    return FootedCanvas


def _document(buffer: io.BytesIO, content: SlipContent, geo: Geometry,
              height: float) -> BaseDocTemplate:
    margin = geo.margin_mm * mm
    bottom = margin + (0 if geo.roll else FOOTER_MM * mm)
    frame = Frame(margin, bottom, geo.width_mm * mm - 2 * margin, height - margin - bottom,
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="body")
    return BaseDocTemplate(
        buffer, pagesize=(geo.width_mm * mm, height), pageTemplates=[PageTemplate("slip", [frame])],
        leftMargin=margin, rightMargin=margin, topMargin=margin, bottomMargin=bottom,
        title=_("Consultation slip {reference}").format(reference=content.reference),
        author=content.bureau_name, creator="Bureau", lang=content.locale,
        initialFontName=REGULAR,
    )


def _story_height(story: list[Flowable], width: float) -> float:
    total = 0.0
    for flowable in story:
        _w, h = flowable.wrap(width, MAX_ROLL_PT)
        total += h + flowable.getSpaceBefore() + flowable.getSpaceAfter()
    return total


def _build_roll(content: SlipContent, geo: Geometry,
                make_story: Callable[[], list[Flowable]]) -> bytes:
    width = (geo.width_mm - 2 * geo.margin_mm) * mm
    height = _story_height(make_story(), width) + 2 * geo.margin_mm * mm + 4 * mm
    while True:
        buffer = io.BytesIO()
        doc = _document(buffer, content, geo, min(height, MAX_ROLL_PT))
        doc.build(make_story())
        # The estimate adds every space in full, so a second page is rare; when
        # rounding leaves one, grow the roll rather than cut it in two.
        if doc.page <= 1 or height >= MAX_ROLL_PT:
            return buffer.getvalue()
        height *= 1.1


def render_slip(content: SlipContent, fmt: SlipFormat) -> bytes:
    """The slip as PDF bytes. Call inside ``use_locale(content.locale)``."""
    register_fonts()
    geo = GEOMETRY[fmt]
    if geo.roll:
        return _build_roll(content, geo, lambda: _receipt_story(content, geo))
    buffer = io.BytesIO()
    doc = _document(buffer, content, geo, geo.height_mm * mm)
    left = _("{reference} \u00b7 issued on {date}").format(reference=content.reference,
                                                          date=content.issued)
    doc.build(_sheet_story(content, geo),
              canvasmaker=footed_canvas(left, _("page {page} of {pages}"), geo))
    return buffer.getvalue()
