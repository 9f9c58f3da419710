"""The readable PDF answering a citizen's access request (everything held about them).

Built in the house style of the bureau's other documents (``bureau.pdf``):
letterhead with the municipality and contacts, long CLDR dates, "Page X of
Y" and a footer on every page, the bureau as the PDF's author, and only the
embedded DejaVu fonts. Every text may be as long as validation allows (a
4,000-character question): table rows split across pages.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import sqlite_utils
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table

from bureau.catalogue import CatalogueLookup
from bureau.consultations.fields import field_label
from bureau.database.settings import get_settings
from bureau.documents.base import generated_footer
from bureau.domain import AgeBand, Channel, Gender, HelpLevel, Outcome, ReferralStatus
from bureau.files import atomic_output
from bureau.i18n import _, get_locale
from bureau.instants import local_wall
from bureau.pdf.clock import document_today
from bureau.pdf.dates import long_date, long_moment
from bureau.pdf.document import PAGE_PATTERN, render
from bureau.pdf.identity import bureau_name
from bureau.pdf.letterhead import letterhead
from bureau.pdf.paper import A4_DOCUMENT
from bureau.pdf.styles import details, heading, house_styles, text
from bureau.pdf.titles import FittedTitle
from bureau.trust import audit

LABEL_SHARE = 0.3


def _when(value: str | None) -> str:
    """A stored date or instant in the long form; a dash for none."""
    if not value:
        return "\u2014"
    if len(value) <= 10:
        return long_date(value)
    return long_moment(local_wall(value.replace(" ", "T")))


def _table(rows: list[tuple[str, str | None]], st: dict) -> Table:
    return details([(label, value or "\u2014") for label, value in rows], A4_DOCUMENT.frame_width,
                   st, LABEL_SHARE)


def _headed(title: str, table: Table, st: dict) -> list[Flowable]:
    """A heading kept with the first rows of the table under it."""
    return [*heading(title, st["heading"], table=table), table]


def _tables(title: str, tables: list[Table], st: dict) -> list[Flowable]:
    """A heading over several tables (one per record), kept with the first one's rows."""
    story: list[Flowable] = heading(title, st["heading"], table=tables[0])
    for table in tables:
        story += [table, Spacer(1, 4 * mm)]
    return story


def _citizen(person: dict, st: dict) -> list[Flowable]:
    return _headed(_("Your details"), _table([
        (field_label("full_name"), person["full_name"] or _("removed")),
        (field_label("phone"), person["phone"]),
        (field_label("email"), person["email"]),
        (field_label("address"), person["address"]),
        (field_label("settlement"), person["settlement"]),
        (field_label("age_band"), AgeBand(person["age_band"]).label()),
        (field_label("gender"), Gender(person["gender"]).label()),
        (field_label("consent_record"), _when(person["consent_record_at"])),
        (field_label("consent_share"), _when(person["consent_share_at"])),
        (field_label("consent_contact"), _when(person["consent_contact_at"])),
    ], st), st)


def _merged(records: list[dict], st: dict) -> list[Flowable]:
    """Records of the same person kept separately before they were merged."""
    if not records:
        return []
    return _tables(_("Your earlier records, merged into this one"), [_table([
        (field_label("full_name"), person["full_name"] or _("removed")),
        (field_label("phone"), person["phone"]),
        (field_label("email"), person["email"]),
        (field_label("address"), person["address"]),
        (field_label("settlement"), person["settlement"]),
    ], st) for person in records], st)


def _history(versions: list[dict]) -> list[tuple[str, str | None]]:
    """Rows for a consultation's earlier versions: when, and what it said then."""
    rows: list[tuple[str, str | None]] = []
    for version in versions:
        before = version["snapshot"]
        said = "\n".join(str(before.get(key) or "") for key in ("question", "answer", "next_steps")
                         if before.get(key))
        rows.append((_("Before the change of {when}").format(when=_when(version["changed_at"])),
                     said))
    return rows


def _trail(entries: list[dict], st: dict) -> list[Flowable]:
    """Who created, viewed, printed, exported or changed the person's records, and when."""
    if not entries:
        return []
    known = {action.value: action for action in audit.Action}
    rows: list[tuple[str, str | None]] = [
        (_when(entry["at"]), _(audit.ACTION_LABELS[known[entry["action"]]]))
        for entry in entries if entry["action"] in known]
    return _headed(_("What was done with your records"), _table(rows, st), st)


def _consultations(items: list[dict], lookup: CatalogueLookup, st: dict) -> list[Flowable]:
    if not items:
        return [*heading(_("Your consultations"), st["heading"]),
                Paragraph(text(_("None.")), st["body"])]
    tables = []
    for item in items:
        topics = "; ".join(lookup.categories[i["topic"]].name() for i in item["issues"]
                           if i["topic"] in lookup.categories)
        tables.append(_table([
            (field_label("reference"), item["reference"]),
            (field_label("occurred_at"), _when(f"{item['date']}T{item['time']}")),
            (field_label("channel"), Channel(item["channel"]).label()),
            (field_label("advisor"), item["advisor"]),
            (field_label("issues"), topics),
            (field_label("question"), item["question"]),
            (field_label("answer"), item["answer"]),
            (field_label("help_level"), HelpLevel(item["help_level"]).label()),
            (field_label("outcome"), Outcome(item["outcome"]).label()),
            *_history(item.get("history") or []),
        ], st))
    return _tables(_("Your consultations"), tables, st)


def _referrals(referrals: list[dict], st: dict) -> list[Flowable]:
    if not referrals:
        return []
    return _tables(_("Referrals to the consultative commission"), [_table([
        (_("Number"), referral["number"]),
        (field_label("status"), ReferralStatus(referral["status"]).label()),
        (field_label("summary"), referral["summary"]),
        (field_label("decision"), referral["decision"]),
    ], st) for referral in referrals], st)


def person_pdf(db: sqlite_utils.Database, report: dict, *,
               today: dt.date | None = None) -> bytes:
    """The access export of ``report`` (``person_report``'s dict) as PDF bytes, in the
    current locale. ``today`` is the date the answer is prepared (default: today)."""
    st = house_styles(A4_DOCUMENT)
    settings = get_settings(db)
    title = _("Personal data held about you")
    prepared = document_today(today)
    story: list[Flowable] = letterhead(settings, st, A4_DOCUMENT.frame_width)
    story += [
        FittedTitle(title, st["doc_title"]),
        Paragraph(text(_("Prepared on {date} in answer to your request for access (GDPR, "
                         "Article 15).").format(date=long_date(prepared))), st["body"]),
        Spacer(1, 4 * mm),
    ]
    story += _citizen(report["citizen"], st)
    story += _merged(report.get("merged_records") or [], st)
    story += _consultations(report["consultations"], CatalogueLookup(db), st)
    story += _referrals(report["referrals"], st)
    story += _trail(report.get("audit") or [], st)
    contact = ", ".join(v for v in (settings["address"], settings["phone"], settings["email"])
                        if v) or "\u2014"
    story += [Spacer(1, 4 * mm), Paragraph(text(_(
        "You may ask us to correct these data or to erase them. Contact: {contact}").format(
        contact=contact)), st["small"])]
    return render(story, A4_DOCUMENT, title=title, author=bureau_name(settings),
                  subject=settings.get("municipality", ""), locale=get_locale(),
                  footer=[generated_footer(title, dt.datetime.combine(prepared, dt.time()))],
                  page_pattern=_(PAGE_PATTERN))


def write_person_pdf(db: sqlite_utils.Database, report: dict, out: str | Path) -> None:
    """Write the access export to ``out`` whole or not at all."""
    pdf = person_pdf(db, report)
    with atomic_output(out, mode="wb") as handle:
        handle.write(pdf)
