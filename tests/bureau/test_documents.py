"""Commission and signals documents: what they say (read back with pdftotext), in which
language, whose names they show and hide, and which fonts they carry."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from acting import acting

from bureau.catalogue import CatalogueLookup
from bureau.commission.referrals import advance, create_meeting, create_referral
from bureau.consultations.store import save_consultation
from bureau.database.settings import set_settings
from bureau.documents import (
    agenda_pdf,
    decision_letter_pdf,
    signal_receipt_pdf,
    signals_report_pdf,
)
from bureau.documents.base import generated_footer
from bureau.domain import BureauError, NotFound, ReferralStatus, Role
from bureau.i18n import _, format_percent, get_locale, use_locale
from bureau.pdf.document import PAGE_PATTERN
from bureau.signals.register import register_signal, update_signal
from bureau.trust.access import MSG_FORBIDDEN, PermissionDenied
from bureau.validation import validate_consultation

pytestmark = pytest.mark.skipif(not (shutil.which("pdftotext") and shutil.which("pdffonts")),
                                reason="poppler-utils is not installed")

R = ReferralStatus
OFFICER = Role.SIGNALS_OFFICER
NOW = dt.datetime(2026, 11, 20, 9, 15)
CONSENTING = "Петрова Иванка"
WITHDRAWN = "Стоянов Кирил"
DECISION = "Комисията препоръчва ремонт на улица „Струма“ до март 2027 г."
SUBMITTER = "Георги Георгиев"
DESCRIPTION = "Служител поиска пари за ускоряване на преписката."
DATES = {"bg": "3 декември 2026 г.", "ru": "3 декабря 2026 г."}


def pdf_text(pdf: bytes, tmp_path: Path, name: str = "doc.pdf") -> str:
    path = tmp_path / name
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True,
                         text=True, check=True).stdout
    return " ".join(out.split())


def fonts(pdf: bytes, tmp_path: Path) -> list[tuple[str, str]]:
    """(name, embedded) of every font the PDF uses."""
    path = tmp_path / "fonts.pdf"
    path.write_bytes(pdf)
    lines = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True,
                           check=True).stdout.splitlines()[2:]
    rows = []
    for line in lines:
        # name, type (may hold spaces), encoding, emb, sub, uni, object, id
        match = re.match(r"(\S+)\s+.+?\s+(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+$", line)
        assert match, line
        rows.append((match[1], match[2]))
    return rows


def page_size(pdf: bytes, tmp_path: Path) -> tuple[int, int]:
    path = tmp_path / "size.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True,
                          check=True).stdout
    width, height = re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups()
    return round(float(width) / 72 * 25.4), round(float(height) / 72 * 25.4)


def _consultation(db, make_raw, name: str | None, topic: str, question: str) -> int:
    lookup = CatalogueLookup(db)
    citizen = {"full_name": name, "settlement": "Кресна"} if name else {}
    raw = make_raw(citizen=citizen, issues=[(topic, None)], question=question,
                   consent_record=bool(name))
    return save_consultation(db, validate_consultation(raw, lookup), lookup)[0]


@pytest.fixture
def commission(db, make_raw):
    """A meeting with three referrals: a consenting citizen, one who withdrew consent, anonymous."""
    set_settings(db, phone="+359 746 3 20 50", address="гр. Кресна, ул. „Македония“ 96")
    meeting = create_meeting(db, "2026-12-03", "Зала <2> & фоайе", by=acting(db)).value
    made = []
    for name, topic, summary in (
            (CONSENTING, "utilities_roads", "Разбита улица <b>Струма</b> & тротоар"),
            (WITHDRAWN, "social_assistance", "Отказана помощ за отопление"),
            (None, "education", "Няма места в детската градина")):
        consultation = _consultation(db, make_raw, name, topic, summary)
        referral = create_referral(db, consultation, summary, consent_given=True,
                                   today=dt.date(2026, 11, 2), by=acting(db)).value
        advance(db, referral.id, R.SUBMITTED, on="2026-11-02", by=acting(db))
        advance(db, referral.id, R.ON_AGENDA, meeting_id=meeting.id, by=acting(db))
        made.append(referral)
    # The second citizen later withdrew the consent to share their case.
    db.execute("UPDATE consultations SET consent_share = 0 WHERE id = ?",
               [made[1].consultation_id])
    advance(db, made[0].id, R.DECIDED, on="2026-12-03", decision=DECISION, by=acting(db))
    return meeting, made


@pytest.mark.parametrize("locale", ["bg", "ru"])
def test_agenda_in_the_documents_language_names_only_consenting_citizens(
        db, commission, tmp_path, locale):
    meeting, referrals = commission
    text = pdf_text(agenda_pdf(db, meeting.id, locale=locale, now=NOW), tmp_path)
    lookup = CatalogueLookup(db)
    with use_locale(locale):
        title = _("Agenda of the meeting of the Consultative Commission on {date}").format(
            date=DATES[locale])
        anonymised = _("anonymised (no consent to share personal data)")
        page = _(PAGE_PATTERN).format(page=1, pages=1)
        footer = generated_footer(_("Meeting of {date}").format(date=DATES[locale]), NOW)
    assert get_locale() == "en"  # the desk's language is untouched
    assert title in text and page in text
    assert "Зала <2> & фоайе" in text  # typed markup prints as typed
    assert "Разбита улица <b>Струма</b> & тротоар" in text
    for referral in referrals:
        assert referral.number in text and referral.consultation_reference in text
    for code in ("utilities_roads", "social_assistance", "education"):
        assert lookup.categories[code].name(locale) in text
    other = "ru" if locale == "bg" else "bg"
    assert lookup.categories["social_assistance"].name(other) not in text
    assert CONSENTING in text
    assert WITHDRAWN not in text and "Стоянов" not in text
    assert text.count(anonymised) == 2  # the withdrawn consent and the anonymous visitor
    footer = " ".join(footer.split())  # pdftotext gives plain spaces
    assert footer in text and ("20 ноември" in footer if locale == "bg" else "20 ноября" in footer)


def test_agenda_items_in_number_order_and_an_empty_agenda(db, commission, tmp_path):
    meeting, referrals = commission
    text = pdf_text(agenda_pdf(db, meeting.id, locale="bg"), tmp_path)
    positions = [text.index(r.number) for r in referrals]
    assert positions == sorted(positions)
    empty = create_meeting(db, "2027-01-14", by=acting(db)).value
    with use_locale("ru"):
        expected = _("No referral is on the agenda of this meeting yet.")
    assert expected in pdf_text(agenda_pdf(db, empty.id, locale="ru"), tmp_path)
    with pytest.raises(NotFound):
        agenda_pdf(db, 999)


@pytest.mark.parametrize(("locale", "month"), [("bg", "декември"), ("ru", "декабря")])
def test_decision_letter(db, commission, tmp_path, locale, month):
    _meeting, referrals = commission
    decided = referrals[0]
    pdf = decision_letter_pdf(db, decided.number, locale=locale, now=NOW)
    text = pdf_text(pdf, tmp_path)
    with use_locale(locale):
        heading = _("The commission's recommendation")
    assert heading in text and DECISION in text
    assert decided.number in text and decided.consultation_reference in text
    assert f"3 {month} 2026 г." in text  # decided on
    assert "+359 746 3 20 50" in text and CONSENTING in text
    assert page_size(pdf, tmp_path) == (148, 210)
    assert page_size(decision_letter_pdf(db, decided.number, fmt="a4"), tmp_path) == (210, 297)


def test_decision_letter_needs_a_decision(db, commission):
    _meeting, referrals = commission
    with pytest.raises(BureauError) as info:
        decision_letter_pdf(db, referrals[1].number)
    assert referrals[1].number in str(info.value)
    with pytest.raises(NotFound):
        decision_letter_pdf(db, "KK-1999-0001")


def test_decision_letter_of_a_withdrawn_consent_omits_the_name(db, commission, tmp_path):
    _meeting, referrals = commission
    advance(db, referrals[1].id, R.DECIDED, on="2026-12-03", decision="Да", by=acting(db))
    text = pdf_text(decision_letter_pdf(db, referrals[1].number), tmp_path)
    assert referrals[1].number in text and WITHDRAWN not in text


SIGNAL = {"received_on": "2026-10-05", "channel": "letter", "anonymous": False,
          "submitter_name": SUBMITTER, "submitter_contact": "+359 888 000 111",
          "unit": "local_taxes", "area": "public_procurement", "description": DESCRIPTION}


@pytest.mark.parametrize(("locale", "dates"), [
    ("bg", ("5 октомври 2026 г.", "5 декември 2026 г.")),
    ("ru", ("5 октября 2026 г.", "5 декабря 2026 г.")),
])
def test_signal_receipt_says_when_and_until_when_but_not_what(db, tmp_path, locale, dates):
    signal = register_signal(db, SIGNAL, by=acting(db, Role.SIGNALS_OFFICER)).answer()
    pdf = signal_receipt_pdf(db, signal.number, role=OFFICER, locale=locale, now=NOW)
    text = pdf_text(pdf, tmp_path)
    with use_locale(locale):
        expected = [_("Receipt for a signal"), _("Confidentiality"), signal.channel.label()]
    assert all(part in text for part in expected)
    assert signal.number in text and SUBMITTER in text
    assert dates[0] in text and dates[1] in text  # received, answer due
    assert DESCRIPTION not in text and "ускоряване" not in text
    assert "+359 888 000 111" not in text
    # Nor which unit the signal concerns.
    names = db.execute("SELECT name_bg, name_ru FROM signal_units WHERE code = 'local_taxes'")
    assert not any(name in text for name in names.fetchone())
    assert page_size(pdf, tmp_path) == (148, 210)


def test_only_the_signals_officer_gets_a_receipt(db):
    signal = register_signal(db, SIGNAL, by=acting(db, Role.SIGNALS_OFFICER)).answer()
    for role in (Role.ADVISOR, Role.COORDINATOR, Role.ADMIN, None):
        with pytest.raises(PermissionDenied) as info:
            signal_receipt_pdf(db, signal.number, role=role)
        if role is not None:
            assert str(info.value) == _(MSG_FORBIDDEN).format(role=role.label())
    with pytest.raises(NotFound):
        signal_receipt_pdf(db, "SG-2026-0999", role=OFFICER)


@pytest.fixture
def signals(db):
    """Four in October (three by one unit), one in September and one outside the period."""
    rows = [("2026-09-03", "local_taxes", "public_procurement"),
            ("2026-10-01", "local_taxes", "land_relations"),
            ("2026-10-15", "local_taxes", "public_procurement"),
            ("2026-10-20", "local_taxes", "public_procurement"),
            ("2026-10-31", "mayor_office", "social_services"),
            ("2026-11-10", "mayor_office", "social_services")]
    made = [register_signal(db, {**SIGNAL, "received_on": day, "unit": unit, "area": area},
                            by=acting(db, Role.SIGNALS_OFFICER)).answer() for day, unit, area in rows]
    update_signal(db, made[1].id, {"status": "answered"}, by=acting(db, Role.SIGNALS_OFFICER))
    return made


@pytest.mark.parametrize("locale", ["bg", "ru"])
def test_signals_report_counts_units_and_areas_never_people(db, signals, tmp_path, locale):
    pdf = signals_report_pdf(db, dt.date(2026, 9, 1), dt.date(2026, 10, 31), by=OFFICER, locale=locale,
                             today=dt.date(2027, 1, 10))
    text = pdf_text(pdf, tmp_path)
    units = dict(db.execute(f"SELECT code, name_{locale} FROM signal_units").fetchall())
    areas = dict(db.execute(f"SELECT code, name_{locale} FROM activity_areas").fetchall())
    with use_locale(locale):
        headings = [_("By municipal unit"), _("By area of activity"), _("By month"),
                    _("Answered within the deadline")]
    assert all(heading in text for heading in headings)
    assert units["local_taxes"] in text and units["mayor_office"] in text
    assert areas["public_procurement"] in text and areas["social_services"] in text
    assert ("окт" in text) and ("сеп" in text or "сент" in text)
    # Five signals in the period; the key figures table reads "Signals received 5".
    with use_locale(locale):
        assert f"{_('Signals received')} 5" in text
        assert f"{_('Still open after the deadline')} 4" in text
        assert " ".join(format_percent(0.8).split()) in text  # four of five: local taxes
    for secret in (SUBMITTER, "Георгиев", DESCRIPTION, "+359 888 000 111"):
        assert secret not in text
    assert not any(signal.number in text for signal in signals)


def test_signals_report_for_an_empty_or_backwards_period(db, signals, tmp_path):
    text = pdf_text(signals_report_pdf(db, dt.date(2025, 1, 1), dt.date(2025, 3, 31), by=OFFICER,
                                       locale="ru"), tmp_path)
    with use_locale("ru"):
        assert _("No signals were received in this period.") in text
    with pytest.raises(BureauError):
        signals_report_pdf(db, dt.date(2026, 12, 1), dt.date(2026, 11, 1), by=OFFICER)


def test_every_document_embeds_only_the_bundled_fonts(db, commission, signals, tmp_path):
    meeting, referrals = commission
    documents = [
        agenda_pdf(db, meeting.id, locale="bg"),
        decision_letter_pdf(db, referrals[0].number, locale="ru"),
        signal_receipt_pdf(db, signals[0].number, role=OFFICER, locale="bg"),
        signals_report_pdf(db, dt.date(2026, 1, 1), dt.date(2026, 12, 31), by=OFFICER, locale="ru"),
    ]
    for pdf in documents:
        used = fonts(pdf, tmp_path)
        assert used, "no fonts found"
        assert all(embedded == "yes" for _name, embedded in used), used
        assert all(name.split("+")[-1].startswith("DejaVuSans") for name, _e in used), used
