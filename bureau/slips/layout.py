"""Laying a slip out on paper with reportlab's platypus.

Sheets (A5, A4) flow onto further pages when the texts are long, each page
footed with the reference number and "Page n of N". The receipt is one page
as long as its content: the roll is cut where the text ends. Everything the
user typed is XML-escaped before it reaches a Paragraph, so a name such as
``<b>`` or ``&`` prints as typed.
"""

from __future__ import annotations

from collections.abc import Callable

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer
from reportlab.platypus.flowables import HRFlowable

from bureau.i18n import _
from bureau.pdf.document import PAGE_PATTERN, render, render_counted
from bureau.pdf.letterhead import contact_lines, qr_code, reference_header
from bureau.pdf.paper import Geometry
from bureau.pdf.styles import (
    INK,
    RULE,
    centred,
    heading,
    house_styles,
    split_table,
    table_style,
    text,
)
from bureau.pdf.titles import FittedTitle
from bureau.slips.content import SlipContent
from bureau.slips.formats import GEOMETRY, SlipFormat

# A PDF page may not be longer than 200 inches (PDF 1.x implementation limit).
MAX_ROLL_PT = 14_400


def _reference_block(content: SlipContent, st: dict[str, ParagraphStyle]) -> list[Flowable]:
    return [
        Paragraph(_("Reference number"), st["label"]),
        FittedTitle(content.reference, st["reference"]),
        Paragraph(_("Please quote this number when you contact us again."), st["label"]),
    ]


def _sections(content: SlipContent, st: dict[str, ParagraphStyle]) -> list[Flowable]:
    """The long texts, as loose paragraphs so that they may break across pages; each
    heading stays with the first lines of its text."""
    story: list[Flowable] = []
    for title, body in ((_("Your question"), content.question),
                        (_("Information and advice given"), content.answer),
                        (_("Next steps"), content.next_steps)):
        if body:
            story += heading(title, st["heading"], st["body"])
            story.append(Paragraph(text(body), st["body"]))
    if content.follow_up:
        # No markup inside the msgid: a translator could break the tags.
        story.append(Paragraph(f"<b>{text(_('Follow-up date'))}:</b> {text(content.follow_up)}",
                               ParagraphStyle("fu", st["body"],
                                              spaceBefore=st["body"].fontSize * 0.6)))
    if content.referrals:
        story += heading(_("Referral to the consultative commission"), st["heading"], st["body"])
        story += [Paragraph(text(line), st["body"]) for line in content.referrals]
    return story


def _contacts(content: SlipContent, st: dict[str, ParagraphStyle], width: float, *,
              compact: bool) -> list[Flowable]:
    """The bureau's contacts: packed lines on a sheet, a line each on a receipt."""
    if not content.contacts:
        return []
    if compact:  # under a rule at the foot of the slip, the labels speak for themselves
        return contact_lines(content.contacts, width, st["body"])
    # Width 0: one contact a line on the narrow roll.
    return [*heading(_("Contact us"), st["heading"]), *contact_lines(content.contacts, 0, st["body"])]


def _copy_note(content: SlipContent, st: dict[str, ParagraphStyle]) -> list[Flowable]:
    # Beside the reference number: a second paper with the same number must
    # say at once that it is a copy.
    if not content.copy_note:
        return []
    return [Paragraph(text(content.copy_note), st["copy"])]


def _sheet_story(content: SlipContent, geo: Geometry) -> list[Flowable]:
    st = house_styles(geo)
    width = geo.frame_width
    header = reference_header(
        {"bureau_name": content.bureau_name, "municipality": content.municipality}, geo, st,
        title=_("Consultation slip"), label=_("Reference number"), number=content.reference,
        hint=_("Please quote this number when you contact us again."),
        extra=_copy_note(content, st))
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
    details = split_table(
        [[Paragraph(label, st["muted"]), value] for label, value in rows],
        [label_width, width - label_width],
        table_style(("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
                    ("TOPPADDING", (0, 0), (-1, -1), 3),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                    ("RIGHTPADDING", (0, 0), (0, -1), 6)))
    story: list[Flowable] = [*header, details]
    story += _sections(content, st)
    closing = [Spacer(1, 3 * mm), HRFlowable(width="100%", thickness=0.6, color=RULE,
                                             spaceAfter=2 * mm)]
    closing += _contacts(content, st, width, compact=True)
    closing += [Spacer(1, 2 * mm), Paragraph(text(content.privacy), st["small"])]
    story.append(KeepTogether(closing))
    return story


def _receipt_story(content: SlipContent, geo: Geometry) -> list[Flowable]:
    st = house_styles(geo)
    ct = centred(st)
    cut = HRFlowable(width="100%", thickness=0.6, color=INK, dash=(2, 2),
                     spaceBefore=4, spaceAfter=4)
    story: list[Flowable] = [FittedTitle(content.bureau_name, ct["bureau"])]
    if content.municipality:
        story.append(Paragraph(text(content.municipality), ct["body"]))
    story += [cut, FittedTitle(_("Consultation slip"), ct["title"]), Spacer(1, 2 * mm)]
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
        story += heading(_("Topics and services"), st["heading"])
        story += [Paragraph(text(issue), st["body"], bulletText="\u2022")
                  for issue in content.issues]
    story += _sections(content, st)
    story.append(cut)
    story += _contacts(content, st, geo.frame_width, compact=False)
    story += [Spacer(1, 2 * mm), Paragraph(text(content.privacy), st["small"]),
              Spacer(1, 2 * mm), Paragraph(_("Issued on {date}").format(date=text(content.issued)),
                                           ct["small"])]
    return story


def _meta(content: SlipContent) -> dict:
    return {"title": _("Consultation slip {reference}").format(reference=content.reference),
            "author": content.bureau_name, "subject": content.municipality,
            "locale": content.locale}


def _story_height(story: list[Flowable], width: float) -> float:
    total = 0.0
    for flowable in story:
        _w, h = flowable.wrap(width, MAX_ROLL_PT)
        total += h + flowable.getSpaceBefore() + flowable.getSpaceAfter()
    return total


def _build_roll(content: SlipContent, geo: Geometry,
                make_story: Callable[[], list[Flowable]]) -> bytes:
    story = make_story()  # measured, then laid out as it is: built once, not twice
    height = _story_height(story, geo.frame_width) + 2 * geo.margin_mm * mm + 4 * mm
    while True:
        pdf, pages = render_counted(story, geo, height=min(height, MAX_ROLL_PT),
                                    **_meta(content))
        # The estimate adds every space in full, so a second page is rare; when
        # rounding leaves one, grow the roll rather than cut it in two.
        if pages <= 1 or height >= MAX_ROLL_PT:
            return pdf
        height *= 1.1
        story = make_story()  # a laid-out story has been split into pages: a fresh one


def render_slip(content: SlipContent, fmt: SlipFormat) -> bytes:
    """The slip as PDF bytes. Call inside ``use_locale(content.locale)``."""
    geo = GEOMETRY[fmt]
    if geo.roll:
        return _build_roll(content, geo, lambda: _receipt_story(content, geo))
    footer = _("{reference} \u00b7 issued on {date}").format(reference=content.reference,
                                                            date=content.issued)
    return render(_sheet_story(content, geo), geo, footer=[footer],
                  page_pattern=_(PAGE_PATTERN), number_single_page=False, **_meta(content))
