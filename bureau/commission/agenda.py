"""The agenda of a meeting of the consultative commission (A4).

A citizen's name appears only when they agreed that their case be shared with
the commission (``Referral.citizen_name`` is filled only then); otherwise the
item says that the citizen is not named, so the commission still knows there
is a person behind the matter.
"""

from __future__ import annotations

import datetime as dt

import sqlite_utils
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer
from reportlab.platypus.doctemplate import Indenter
from reportlab.platypus.flowables import HRFlowable

from bureau.catalogue import CatalogueLookup
from bureau.commission.referrals import Referral, get_meeting, list_referrals
from bureau.database.settings import get_settings
from bureau.documents.base import generated_footer
from bureau.domain import ReferralStatus
from bureau.i18n import _, get_locale, ngettext
from bureau.pdf.dates import long_date
from bureau.pdf.document import PAGE_PATTERN, render
from bureau.pdf.identity import bureau_name
from bureau.pdf.letterhead import letterhead
from bureau.pdf.paper import A4_DOCUMENT
from bureau.pdf.styles import RULE, details, heading, house_styles, text
from bureau.pdf.titles import FittedTitle

ITEM_INDENT_MM = 9


def _topics(referral: Referral, lookup: CatalogueLookup, locale: str) -> str:
    names = [lookup.categories[code].name(locale) if code in lookup.categories else code
             for code in referral.category_codes]
    return "; ".join(names) or "\u2014"


def _item(position: int, referral: Referral, lookup: CatalogueLookup, locale: str,
          st: dict, width: float) -> list[Flowable]:
    indent = ITEM_INDENT_MM * mm
    head = Paragraph(
        _("Referral {number}").format(number=f"<b>{text(referral.number)}</b>"),
        st["heading"].clone("item", leftIndent=indent, bulletIndent=0,
                            fontName=st["body"].fontName),
        bulletText=f"{position}.")
    citizen = referral.citizen_name.strip() if referral.citizen_name else ""
    rows = [
        (_("Topics"), _topics(referral, lookup, locale)),
        (_("Consultation"), referral.consultation_reference),
        (_("Citizen"), citizen or _("anonymised (no consent to share personal data)")),
        (_("Submitted on"), long_date(referral.submitted_on)),
    ]
    if referral.status is not ReferralStatus.ON_AGENDA:  # e.g. an agenda reprinted afterwards
        rows.append((_("Status"), referral.status.label()))
    # The number and the details stay together; the summary's label stays with
    # its first lines (a long summary may still continue on the next page).
    return [
        KeepTogether([head, Indenter(left=indent), details(rows, width - indent, st, 0.25),
                      Spacer(1, 1.5 * mm)]),
        *heading(_("Summary"), st["label"], st["body"]),
        Paragraph(text(referral.summary), st["body"]),
        Indenter(left=-indent),
        HRFlowable(width="100%", thickness=0.4, color=RULE, spaceBefore=3 * mm,
                   spaceAfter=1 * mm),
    ]


def agenda_story(db: sqlite_utils.Database, meeting_id: int) -> tuple[list[Flowable], str, str]:
    """The story, the document title and the footer text; raises ``NotFound``."""
    locale = get_locale()
    meeting = get_meeting(db, meeting_id)
    referrals = sorted(list_referrals(db, meeting_id=meeting_id), key=lambda r: r.number)
    lookup = CatalogueLookup(db)
    st = house_styles(A4_DOCUMENT)
    width = A4_DOCUMENT.frame_width
    title = _("Agenda of the meeting of the Consultative Commission on {date}").format(
        date=long_date(meeting.held_on))
    story: list[Flowable] = letterhead(get_settings(db), st, width)
    story.append(FittedTitle(title, st["doc_title"]))
    facts = []
    if meeting.place.strip():
        facts.append((_("Place"), meeting.place.strip()))
    facts.append((_("Items"), ngettext("{count} referral", "{count} referrals",
                                       len(referrals)).format(count=len(referrals))))
    story += [details(facts, width, st, 0.25), Spacer(1, 2 * mm)]
    if meeting.notes.strip():
        story += [Paragraph(_("Notes"), st["label"]),
                  Paragraph(text(meeting.notes.strip()), st["body"]), Spacer(1, 2 * mm)]
    if not referrals:
        story.append(Paragraph(_("No referral is on the agenda of this meeting yet."),
                               st["body"]))
    for position, referral in enumerate(referrals, start=1):
        story += _item(position, referral, lookup, locale, st, width)
    return story, title, _("Meeting of {date}").format(date=long_date(meeting.held_on))


def render_agenda(db: sqlite_utils.Database, meeting_id: int, *,
                  now: dt.datetime | None = None) -> bytes:
    """Call inside ``use_locale(...)``: the agenda in that language."""
    story, title, footer = agenda_story(db, meeting_id)
    settings = get_settings(db)
    return render(story, A4_DOCUMENT, title=title, author=bureau_name(settings),
                  subject=settings.get("municipality", ""), locale=get_locale(),
                  footer=[generated_footer(footer, now)], page_pattern=_(PAGE_PATTERN))
