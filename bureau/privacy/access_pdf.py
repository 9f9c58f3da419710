"""The readable PDF answering a citizen's access request (everything held about them)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from xml.sax.saxutils import escape

import sqlite_utils
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from bureau.catalogue import CatalogueLookup
from bureau.consultations.fields import field_label
from bureau.database.settings import get_settings
from bureau.domain import AgeBand, Channel, Gender, HelpLevel, Outcome, ReferralStatus
from bureau.files import atomic_output
from bureau.i18n import _, format_date, format_datetime
from bureau.slips.fonts import register_fonts


def _styles() -> dict[str, ParagraphStyle]:
    regular, bold = register_fonts()
    base = ParagraphStyle("base", fontName=regular, fontSize=10, leading=13)
    return {
        "base": base,
        "title": ParagraphStyle("title", parent=base, fontName=bold, fontSize=16, leading=20),
        "heading": ParagraphStyle("heading", parent=base, fontName=bold, fontSize=12, leading=16,
                                  spaceBefore=8, spaceAfter=4),
        "small": ParagraphStyle("small", parent=base, fontSize=8.5, leading=11,
                                textColor=colors.HexColor("#444444")),
    }


def _when(value: str | None) -> str:
    if not value:
        return "\u2014"
    stamp = dt.datetime.fromisoformat(value)
    return format_datetime(stamp, "short") if len(value) > 10 else format_date(stamp.date())


def _table(rows: list[tuple[str, str]], style: ParagraphStyle) -> Table:
    data = [[Paragraph(escape(label), style), Paragraph(escape(value or "\u2014"), style)]
            for label, value in rows]
    table = Table(data, colWidths=[55 * mm, 115 * mm])
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#cccccc")),
        ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#f2f2f2")),
    ]))
    return table


def write_person_pdf(db: sqlite_utils.Database, report: dict, out: str | Path) -> None:
    styles = _styles()
    settings = get_settings(db)
    lookup = CatalogueLookup(db)
    person = report["citizen"]
    story = [
        Paragraph(escape(settings["bureau_name"] or _("Citizens' information and advice bureau")),
                  styles["small"]),
        Paragraph(_("Personal data held about you"), styles["title"]),
        Paragraph(escape(_("Prepared on {date} in answer to your request for access (GDPR, "
                           "Article 15).").format(date=format_date(dt.date.today()))), styles["base"]),
        Spacer(1, 6 * mm),
        Paragraph(_("Your details"), styles["heading"]),
        _table([
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
        ], styles["base"]),
        Paragraph(_("Your consultations"), styles["heading"]),
    ]
    if not report["consultations"]:
        story.append(Paragraph(_("None."), styles["base"]))
    for item in report["consultations"]:
        topics = "; ".join(lookup.categories[i["topic"]].name() for i in item["issues"]
                           if i["topic"] in lookup.categories)
        story += [_table([
            (field_label("reference"), item["reference"]),
            (field_label("occurred_at"), _when(f"{item['date']} {item['time']}")),
            (field_label("channel"), Channel(item["channel"]).label()),
            (field_label("advisor"), item["advisor"]),
            (field_label("issues"), topics),
            (field_label("question"), item["question"]),
            (field_label("answer"), item["answer"]),
            (field_label("help_level"), HelpLevel(item["help_level"]).label()),
            (field_label("outcome"), Outcome(item["outcome"]).label()),
        ], styles["base"]), Spacer(1, 4 * mm)]
    if report["referrals"]:
        story.append(Paragraph(_("Referrals to the consultative commission"), styles["heading"]))
        for referral in report["referrals"]:
            story += [_table([
                (_("Number"), referral["number"]),
                (field_label("status"), ReferralStatus(referral["status"]).label()),
                (field_label("summary"), referral["summary"]),
                (field_label("decision"), referral["decision"]),
            ], styles["base"]), Spacer(1, 4 * mm)]
    story.append(Paragraph(escape(_(
        "You may ask us to correct these data or to erase them. Contact: {contact}").format(
        contact=", ".join(v for v in (settings["address"], settings["phone"], settings["email"]) if v)
        or "\u2014")), styles["small"]))
    with atomic_output(out, mode="wb") as handle:
        SimpleDocTemplate(handle, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm,
                          topMargin=18 * mm, bottomMargin=18 * mm,
                          title=_("Personal data held about you")).build(story)
