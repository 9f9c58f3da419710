"""Every PDF the project makes, with every text at the longest length validation allows
and long names in Bulgarian and Russian: nothing overlaps, nothing leaves the page,
nothing is lost, nothing crashes (#15 item 5, #17 "at any length").

The boxes are read back with ``pdftotext -bbox``, as a reader sees the page.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bureau.catalogue import CatalogueLookup
from bureau.catalogue.edit import MAX_NAME, rename_entry
from bureau.commission.referrals import (
    MAX_DECISION,
    MAX_SUMMARY,
    advance,
    create_meeting,
    create_referral,
)
from bureau.consultations.store import save_consultation
from bureau.database.settings import set_settings
from bureau.documents import agenda_pdf, decision_letter_pdf, signal_receipt_pdf, signals_report_pdf
from bureau.domain import ReferralStatus, Role
from bureau.events import add_event
from bureau.i18n import use_locale
from bureau.opening import init_database
from bureau.privacy.access_pdf import person_pdf
from bureau.privacy.rights import person_report
from bureau.reports import write_report
from bureau.reports.period import Period
from bureau.signals.register import register_signal
from bureau.slips import build_slip
from bureau.trust.accounts import MAINTENANCE
from bureau.trust.advisors import MAX_NAME as MAX_ADVISOR
from bureau.trust.advisors import add_advisor
from bureau.validation import MAX_LENGTHS, validate_consultation
from tests.acting import acting
from tests.pdf.layout import layout_faults, pages

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler is not installed")

ROOT = Path(__file__).resolve().parents[2]
NOW = dt.datetime(2026, 11, 20, 9, 15)
WORDS = {
    "bg": ("Общинската", "администрация", "на", "Кресна", "разгледа", "заявлението", "за",
           "преотстъпване", "на", "право", "на", "строеж", "върху", "общинска", "земя", "и",
           "обезщетение", "съгласно", "чл.", "37", "от", "Закона", "за", "собствеността"),
    "ru": ("Муниципальная", "администрация", "рассмотрела", "заявление", "о", "перерасчёте",
           "налога", "на", "недвижимое", "имущество", "и", "предоставлении", "социальной",
           "помощи", "в", "соответствии", "со", "ст.", "14", "закона"),
}
NAMES = {"bg": "Александра-Магдалена Константинова-Христодулова",
         "ru": "Константин Фёдорович Преображенский-Рождественский"}


def filler(length: int, locale: str = "bg", end: str = "") -> str:
    """Prose of exactly ``length`` characters, ending with the marker ``end``."""
    words = itertools.cycle(WORDS[locale])
    text = ""
    while len(text) < length:
        text += next(words) + " "
    body = text[:length - len(end) - 1].rstrip() if end else text[:length].rstrip()
    return (body + " " + end)[:length] if end else body.ljust(length, "я")


def long_name(locale: str, length: int) -> str:
    """A name of exactly ``length`` characters, of long double-barrelled parts."""
    name = " ".join([NAMES[locale]] * 10)[:length]
    return name[:-1] + "а" if name.endswith((" ", "-")) else name


FIELDS = ("question", "answer", "next", "summary", "decision")


def end_marker(field: str) -> str:
    """A short token (never hyphenated) that ends a long text, to find it printed."""
    return f"КРАЙ{FIELDS.index(field) + 1001}"


@pytest.fixture(scope="module")
def maximal():
    """A bureau where every text the documents print is as long as it may be."""
    db = init_database(memory=True, bureau_name=long_name("bg", 200),
                       municipality=long_name("ru", 100))
    set_settings(db, address=filler(300, "bg"), phone="+359 (746) 3-20-50 / 3-20-51 вътр. 1234",
                 email=("a" * 60 + ".") * 3 + "@obshtina-kresna.example.bg",
                 opening_hours=filler(120, "ru"), slip_format="a5")
    for table, code in (("categories", "local_taxes"), ("categories", "social_assistance"),
                        ("services", "decl_property_tax_art14"), ("signal_units", "local_taxes"),
                        ("activity_areas", "public_procurement")):
        rename_entry(db, table, code, by=MAINTENANCE, name_bg=filler(MAX_NAME, "bg"),
                     name_ru=filler(MAX_NAME, "ru"))
    advisor = add_advisor(db, long_name("ru", MAX_ADVISOR))
    lookup = CatalogueLookup(db)
    ids = []
    for day in range(1, 8):
        raw = {
            "occurred_at": dt.datetime(2026, 10, day * 4, 10, 30), "channel": "in_person",
            "advisor_id": advisor,
            "citizen": {"full_name": long_name("bg", MAX_LENGTHS["full_name"]),
                        "phone": "+359 888 123 456", "email": "x" * 60 + "@example.bg",
                        "address": filler(MAX_LENGTHS["address"], "bg"),
                        "settlement": long_name("bg", MAX_LENGTHS["settlement"])},
            "issues": [("local_taxes", "decl_property_tax_art14"), ("social_assistance", None)],
            "question": filler(MAX_LENGTHS["question"] - 40, "bg", end_marker("question"))
            + "\n\n" + "ред два\nред три" + "\n" * 5 + "ред",
            "answer": filler(MAX_LENGTHS["answer"], "ru", end_marker("answer")),
            "next_steps": filler(MAX_LENGTHS["next_steps"], "bg", end_marker("next")),
            "follow_up_on": dt.date(2026, 12, 1), "help_level": "information",
            "outcome": "referred", "consent_record": True, "consent_share": True,
            "satisfaction": 4,
        }
        ids.append(save_consultation(db, validate_consultation(raw, lookup, now=NOW), lookup)[0])
    by = acting(db)
    meeting = create_meeting(db, "2026-11-05", long_name("bg", 200), filler(2000, "ru"),
                             by=by).value
    referral = create_referral(db, ids[0], filler(MAX_SUMMARY, "bg", end_marker("summary")),
                               consent_given=True, today=dt.date(2026, 10, 5), by=by).value
    advance(db, referral.id, ReferralStatus.SUBMITTED, on="2026-10-05", by=by)
    advance(db, referral.id, ReferralStatus.ON_AGENDA, meeting_id=meeting.id, by=by)
    advance(db, referral.id, ReferralStatus.DECIDED, on="2026-11-05",
            decision=filler(MAX_DECISION, "ru", end_marker("decision")), by=by)
    signal = register_signal(db, {
        "received_on": "2026-10-05", "channel": "letter", "anonymous": False,
        "submitter_name": long_name("ru", MAX_LENGTHS["submitter_name"]),
        "submitter_contact": filler(MAX_LENGTHS["submitter_contact"], "ru"),
        "unit": "local_taxes", "area": "public_procurement",
        "description": filler(MAX_LENGTHS["description"], "bg")}, by=acting(db, Role.SIGNALS_OFFICER)).answer()
    add_event(db, {"kind": "open_door", "held_on": "2026-10-10",
                   "title": filler(MAX_LENGTHS["title"], "bg"), "participants": 100_000,
                   "notes": filler(MAX_LENGTHS["notes"], "bg")})
    citizen = db.execute("SELECT citizen_id FROM consultations WHERE id = ?", [ids[0]]).fetchone()[0]
    yield {"db": db, "consultation": ids[0], "meeting": meeting.id, "referral": referral.number,
           "signal": signal.number, "citizen": citizen}
    db.close()


def _report(db, tmp_path: Path, public: bool, locale: str) -> bytes:
    out = tmp_path / f"report-{public}.pdf"
    write_report(db, Period.months(dt.date(2026, 10, 1)), "pdf", out, public=public,
                 locale=locale, now=NOW)
    return out.read_bytes()


def _access(db, citizen: int, locale: str) -> bytes:
    with use_locale(locale):
        return person_pdf(db, person_report(db, citizen), today=NOW.date())


# (document, side margin in mm, markers of the longest texts it must print whole)
DOCUMENTS = {
    "slip-a5": (lambda m, t, loc: build_slip(m["db"], m["consultation"], locale=loc, fmt="a5",
                                             now=NOW).pdf, 10, ("question", "answer", "next")),
    "slip-a4": (lambda m, t, loc: build_slip(m["db"], m["consultation"], locale=loc, fmt="a4",
                                             now=NOW).pdf, 18, ("question", "answer", "next")),
    "slip-80mm": (lambda m, t, loc: build_slip(m["db"], m["consultation"], locale=loc,
                                               fmt="receipt", now=NOW).pdf, 4,
                  ("question", "answer", "next")),
    "report": (lambda m, t, loc: _report(m["db"], t, False, loc), 20, ()),
    "report-public": (lambda m, t, loc: _report(m["db"], t, True, loc), 20, ()),
    "agenda": (lambda m, t, loc: agenda_pdf(m["db"], m["meeting"], locale=loc, now=NOW), 18,
               ("summary",)),
    "decision-letter": (lambda m, t, loc: decision_letter_pdf(m["db"], m["referral"], locale=loc,
                                                              now=NOW), 10,
                        ("summary", "decision")),
    "signal-receipt": (lambda m, t, loc: signal_receipt_pdf(
        m["db"], m["signal"], role=Role.SIGNALS_OFFICER, locale=loc, now=NOW), 10, ()),
    "signals-analysis": (lambda m, t, loc: signals_report_pdf(
        m["db"], dt.date(2026, 1, 1), dt.date(2026, 10, 31), by=Role.SIGNALS_OFFICER,
        locale=loc, today=NOW.date()), 18, ()),
    "access-request": (lambda m, t, loc: _access(m["db"], m["citizen"], loc), 18,
                       ("question", "answer", "summary", "decision")),
}


@pytest.mark.parametrize("locale", ["bg", "ru"])
@pytest.mark.parametrize("name", list(DOCUMENTS))
def test_every_pdf_at_maximal_input_keeps_its_text_apart_and_on_the_page(
        maximal, tmp_path, name, locale):
    make, side_mm, markers = DOCUMENTS[name]
    pdf = make(maximal, tmp_path, locale)
    assert not layout_faults(pdf, tmp_path, side_mm=side_mm)
    text = " ".join(page.text for page in pages(pdf, tmp_path))
    for field in markers:
        assert end_marker(field) in text, f"the end of the {field} is missing"


def test_access_request_with_a_long_question_through_the_cli(tmp_path):
    """#15 item 5: a 2,800-character question made the access PDF exit 1 (LayoutError)."""
    path = tmp_path / "desk.db"
    db = init_database(path, bureau_name="БИСГ Кресна", municipality="Община Кресна")
    advisor = add_advisor(db, "Мария Стоянова")
    lookup = CatalogueLookup(db)
    raw = {"occurred_at": "2026-10-14 10:30", "channel": "in_person", "advisor_id": advisor,
           "citizen": {"full_name": "Петрова Иванка", "settlement": "Кресна"},
           "issues": [("local_taxes", None)],
           "question": filler(2800, "bg", end_marker("question")), "answer": "Обяснихме.",
           "help_level": "information", "outcome": "resolved", "consent_record": True}
    save_consultation(db, validate_consultation(raw, lookup, now=NOW), lookup)
    db.close()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BUREAU_", "LC_", "LANG"))}
    env.update(PYTHONPATH=str(ROOT), BUREAU_LOCALE="bg")
    result = subprocess.run([sys.executable, "-m", "bureau", "--db", str(path), "export-person",
                             "1", "--out", str(tmp_path / "x.pdf")], env=env, cwd=tmp_path,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    pdf = (tmp_path / "x.pdf").read_bytes()
    found = pages(pdf, tmp_path)
    assert len(found) >= 2
    assert end_marker("question") in " ".join(page.text for page in found)
    assert not layout_faults(pdf, tmp_path, side_mm=18)
