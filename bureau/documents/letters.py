"""Papers a citizen takes home: the commission's decision letter and a signal's receipt.

Both look like the consultation slip (A5 by default, or A4): the bureau, a
title, the number to quote in large type with its QR code, a few details,
the texts, and the bureau's contacts at the foot.

The signal receipt deliberately leaves out what the signal says and which
unit it concerns: a receipt lost on a bus must not reveal either.
"""

from __future__ import annotations

import datetime as dt

import sqlite_utils
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer
from reportlab.platypus.flowables import HRFlowable

from bureau.catalogue import CatalogueLookup
from bureau.commission.referrals import get_meeting, get_referral
from bureau.database.settings import get_settings
from bureau.documents.base import sheet_geometry
from bureau.domain import BureauError, ReferralStatus, Role
from bureau.i18n import N_, _, get_locale
from bureau.pdf.clock import document_now
from bureau.pdf.dates import long_date, long_moment
from bureau.pdf.document import PAGE_PATTERN, render
from bureau.pdf.identity import bureau_contacts, bureau_name
from bureau.pdf.letterhead import contact_lines, reference_header
from bureau.pdf.paper import Geometry
from bureau.pdf.styles import RULE, details, heading, house_styles, text
from bureau.signals.register import get_signal

MSG_NOT_DECIDED = N_("The commission has not decided on referral {number} yet (it is "
                     "\u201c{status}\u201d); the decision letter can be written once it has.")
DECIDED_OR_LATER = (ReferralStatus.DECIDED, ReferralStatus.INFORMED, ReferralStatus.CLOSED)


def _section(title: str, body: str, st: dict) -> list[Flowable]:
    return [*heading(title, st["heading"], st["body"]), Paragraph(text(body), st["body"])]


def _closing(settings: dict[str, str], geo: Geometry, st: dict) -> list[Flowable]:
    # The issue date is in the footer of every page, as on the slip.
    closing: list[Flowable] = [Spacer(1, 3 * mm), HRFlowable(width="100%", thickness=0.6,
                                                             color=RULE, spaceAfter=2 * mm)]
    closing += contact_lines(bureau_contacts(settings), geo.frame_width, st["small"])
    return [KeepTogether(closing)]


def _start(db: sqlite_utils.Database, fmt: str | None, *, title: str, label: str, number: str,
           hint: str) -> tuple[Geometry, dict, dict[str, str], list[Flowable]]:
    """The paper, its styles, the settings and the opening reference header."""
    geo = sheet_geometry(db, fmt)
    st = house_styles(geo)
    settings = get_settings(db)
    header = reference_header(settings, geo, st, title=title, label=label, number=number,
                              hint=hint)
    return geo, st, settings, header


def _render(story: list[Flowable], geo: Geometry, settings: dict[str, str], *, title: str,
            number: str, now: dt.datetime | None) -> bytes:
    footer = _("{reference} \u00b7 issued on {date}").format(
        reference=number, date=long_moment(document_now(now)))
    return render(story, geo, title=title, author=bureau_name(settings),
                  subject=settings.get("municipality", ""), locale=get_locale(), footer=[footer],
                  page_pattern=_(PAGE_PATTERN), number_single_page=False)


def render_decision_letter(db: sqlite_utils.Database, number: str | int, *,
                           fmt: str | None = None, now: dt.datetime | None = None) -> bytes:
    """Call inside ``use_locale(...)``. Raises ``NotFound``, or ``BureauError`` when undecided."""
    referral = get_referral(db, number)
    if referral.status not in DECIDED_OR_LATER:
        raise BureauError(MSG_NOT_DECIDED, number=referral.number,
                          status=referral.status.label())
    locale = get_locale()
    geo, st, settings, story = _start(
        db, fmt, title=_("Decision of the Consultative Commission"), label=_("Referral number"),
        number=referral.number, hint=_("Please quote this number when you contact us again."))
    lookup = CatalogueLookup(db)
    rows: list[tuple[str, str]] = []
    if referral.citizen_name and referral.citizen_name.strip():
        rows.append((_("Citizen"), referral.citizen_name.strip()))
    rows.append((_("Your consultation"), referral.consultation_reference))
    topics = [lookup.categories[c].name(locale) for c in referral.category_codes
              if c in lookup.categories]
    if topics:
        rows.append((_("Topics"), "; ".join(topics)))
    rows.append((_("Submitted on"), long_date(referral.submitted_on)))
    if referral.meeting_id is not None:
        rows.append((_("Meeting of the commission"),
                     long_date(get_meeting(db, referral.meeting_id).held_on)))
    rows.append((_("Decided on"), long_date(referral.decided_on)))
    story.append(details(rows, geo.frame_width, st, 0.32))
    story += _section(_("Your matter"), referral.summary, st)
    story += _section(_("The commission's recommendation"), referral.decision, st)
    story += _section(_("What happens next"), _(
        "The commission's recommendation goes to the municipal administration, which decides "
        "what to do. If you have questions about the decision, contact the bureau and quote "
        "the referral number."), st)
    story += _closing(settings, geo, st)
    return _render(story, geo, settings, number=referral.number, now=now,
                   title=_("Decision on referral {number}").format(number=referral.number))


def render_signal_receipt(db: sqlite_utils.Database, number: str | int, *, role: Role | None,
                          fmt: str | None = None, now: dt.datetime | None = None) -> bytes:
    """Call inside ``use_locale(...)``. Raises ``PermissionDenied`` or ``NotFound``."""
    signal = get_signal(db, number, role=role)  # the one place where access is checked
    geo, st, settings, story = _start(
        db, fmt, title=_("Receipt for a signal"), label=_("Signal number"), number=signal.number,
        hint=_("Please quote this number when you ask about your signal."))
    submitter = "" if signal.anonymous else signal.submitter_name.strip()
    rows = [
        (_("Submitted by"), submitter or _("anonymous")),
        (_("Received on"), long_date(signal.received_on)),
        (_("Received by"), signal.channel.label()),
        (_("Answer due by"), long_date(signal.deadline)),
    ]
    story.append(details(rows, geo.frame_width, st, 0.32))
    examined = _("The bureau's signals officer examines the signal and, where needed, sends it "
                 "to the body competent to act on it.")
    answer = (_("You did not give your name, so no answer can be sent to you: ask the bureau "
                "after the date above, quoting the signal number.") if signal.anonymous else
              _("You will receive an answer by the date above, at the contact details you gave."))
    story += _section(_("What happens next"), f"{examined} {answer}", st)
    story += _section(_("Confidentiality"), _(
        "Your signal is recorded in the bureau's confidential register, which only the "
        "designated signals officer can read. Your name and contact details are not disclosed "
        "without your consent, unless the law requires it. This receipt does not repeat what "
        "the signal says, so it reveals nothing if it is lost."), st)
    story += _closing(settings, geo, st)
    return _render(story, geo, settings, number=signal.number, now=now,
                   title=_("Receipt for signal {number}").format(number=signal.number))
