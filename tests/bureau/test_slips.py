"""Consultation slips: language, fonts, long texts, escaping, formats, reprints.

The PDFs are read back with poppler's pdftotext / pdffonts / pdfinfo, as a
person opening the file would see them.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import sys

import pytest

from bureau.catalogue import CatalogueLookup
from bureau.consultations.store import delete_consultation, save_consultation
from bureau.database.settings import set_settings
from bureau.domain import NotFound
from bureau.i18n import _, get_locale, use_locale
from bureau.opening import open_database
from bureau.pdf.letterhead import qr_code
from bureau.slips import SlipFormat, build_slip, record_slip_print, slip_prints, write_slip
from bureau.slips.content import privacy_notice
from bureau.trust import audit
from bureau.validation import validate_consultation

pytestmark = pytest.mark.skipif(
    not all(shutil.which(tool) for tool in ("pdftotext", "pdffonts", "pdfinfo")),
    reason="poppler-utils (pdftotext, pdffonts, pdfinfo) is not installed",
)
NOW = dt.datetime(2026, 10, 15, 9, 0)


def save(db, raw) -> tuple[int, str]:
    lookup = CatalogueLookup(db)
    return save_consultation(db, validate_consultation(raw, lookup), lookup)


def pdf_text(pdf: bytes, tmp_path, name: str = "slip.pdf") -> str:
    path = tmp_path / name
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"],
                         capture_output=True, text=True, check=True).stdout
    return " ".join(out.split())  # a label wrapped onto two lines still matches


def pdf_info(pdf: bytes, tmp_path) -> tuple[int, float, float]:
    """(pages, width, height in points) of the first page."""
    path = tmp_path / "info.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", out, re.M).group(1))
    width, height = map(float, re.search(r"^Page size:\s+([\d.]+) x ([\d.]+)", out, re.M).groups())
    return pages, width, height


@pytest.fixture
def bureau(db):
    set_settings(db, bureau_name="Бюро за информиране и съветване на гражданите",
                 municipality="Община Кресна", address="гр. Кресна, ул. „Македония“ 96",
                 phone="+359 746 3 20 50", email="bureau@kresna.bg",
                 opening_hours="пн–пт 8:30–17:00", retention_years="5")
    return db


@pytest.mark.parametrize(("locale", "when", "topic"), [
    ("bg", "14 октомври 2026 г., 10:30", "name_bg"),
    ("ru", "14 октября 2026 г., 10:30", "name_ru"),
])
def test_slip_speaks_the_chosen_language_whatever_the_ui(bureau, make_raw, tmp_path, locale,
                                                         when, topic):
    _id, reference = save(bureau, make_raw(
        issues=[("local_taxes", None)], next_steps="Донесете нотариалния акт.",
        follow_up_on=dt.date(2026, 10, 28)))
    assert get_locale() == "en"  # the UI language, set by the autouse fixture

    slip = build_slip(bureau, reference, locale=locale, fmt="a5", now=NOW)
    text = pdf_text(slip.pdf, tmp_path)

    assert slip.locale == locale and get_locale() == "en"
    assert reference in text
    assert "Петрова Иванка" in text and "Мария Стоянова" in text
    assert when in text  # Babel, genitive month
    assert getattr(CatalogueLookup(bureau).categories["local_taxes"], topic) in text
    assert "Бюро за информиране и съветване на гражданите" in text
    assert "гр. Кресна, ул. „Македония“ 96" in text and "пн–пт 8:30–17:00" in text
    with use_locale(locale):
        labels = [_("Reference number"), _("Date and time"), _("Advisor"), _("Citizen"),
                  _("Next steps"), _("Opening hours"),
                  privacy_notice(5)]  # 5: retention_years from the settings
    for label in labels:
        assert label in text
    assert ("28 октомври 2026 г." if locale == "bg" else "28 октября 2026 г.") in text


def test_bulgarian_and_russian_slips_differ_in_their_labels(bureau, make_raw, tmp_path):
    _id, reference = save(bureau, make_raw())
    bg = pdf_text(build_slip(bureau, reference, locale="bg", now=NOW).pdf, tmp_path, "bg.pdf")
    ru = pdf_text(build_slip(bureau, reference, locale="ru", now=NOW).pdf, tmp_path, "ru.pdf")
    assert "Дата и час" in bg and "Дата и время" in ru
    assert "октомври" in bg and "октября" in ru


@pytest.mark.parametrize("fmt", list(SlipFormat))
def test_only_embedded_subset_fonts(db, make_raw, tmp_path, fmt):
    _id, reference = save(db, make_raw(issues=[("local_taxes", None), ("civil_registration", None)],
                                       next_steps="1. Заявление\n2. Такса"))
    path = tmp_path / "fonts.pdf"
    path.write_bytes(build_slip(db, reference, locale="ru", fmt=fmt).pdf)
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in out.splitlines()[2:] if line.strip()]
    assert rows, out
    for row in rows:
        # name type... emb sub uni object generation: emb/sub are the 5th and 4th from the end
        assert row[-5:-3] == ["yes", "yes"], out
        assert "DejaVuSans" in row[0], out


def numbered_text(prefix: str, limit: int) -> tuple[str, list[str]]:
    """Distinct words up to ``limit`` characters, so that any lost or reordered word shows."""
    words, length, i = [], 0, 0
    while True:
        word = f"{prefix}{i:04d}"
        if length + len(word) + 1 > limit:
            return " ".join(words), words
        words.append(word)
        length += len(word) + 1
        i += 1


@pytest.mark.parametrize(("fmt", "max_pages"), [("a5", 12), ("a4", 8), ("receipt", 1)])
def test_longest_texts_continue_and_are_never_cut(db, make_raw, tmp_path, fmt, max_pages):
    question, q_words = numbered_text("вопрос", 4000)
    answer, a_words = numbered_text("отговор", 8000)
    steps, s_words = numbered_text("стъпка", 2000)
    _id, reference = save(db, make_raw(question=question, answer=answer, next_steps=steps))
    pdf = build_slip(db, reference, locale="bg", fmt=fmt).pdf

    text = pdf_text(pdf, tmp_path)
    for prefix, words in (("вопрос", q_words), ("отговор", a_words), ("стъпка", s_words)):
        assert re.findall(rf"{prefix}\d{{4}}", text) == words
    pages, width, height = pdf_info(pdf, tmp_path)
    assert 1 <= pages <= max_pages
    if fmt == "a5":
        assert pages >= 2 and (round(width), round(height)) == (420, 595)
    if fmt == "receipt":
        assert round(width) == 227 and height > 2000  # 80 mm wide, one long page


def test_a_very_long_word_wraps_inside_the_page(db, make_raw, tmp_path):
    _id, reference = save(db, make_raw(question="Ж" * 3000))
    for fmt in SlipFormat:
        text = pdf_text(build_slip(db, reference, fmt=fmt).pdf, tmp_path)
        assert "".join(re.findall("Ж+", text)) == "Ж" * 3000


def test_user_text_is_printed_as_typed_not_as_markup(db, make_raw, tmp_path):
    name = "<b>Иван</b> & Петров <br/>"
    _id, reference = save(db, make_raw(
        citizen={"full_name": name}, question="Какво значи a < b && c > d?",
        answer="Отговорихме: <font size=40>нищо</font> &amp; толкова."))
    for fmt in SlipFormat:
        text = pdf_text(build_slip(db, reference, fmt=fmt).pdf, tmp_path)
        assert name.strip() in text
        assert "a < b && c > d?" in text
        assert "<font size=40>нищо</font> &amp; толкова." in text


def test_receipt_grows_with_its_content(db, make_raw, tmp_path):
    _id, short = save(db, make_raw(question="Кратко?", answer="Да."))
    _id, long = save(db, make_raw(question="Дълъг въпрос за данъците. " * 60, answer="Да."))
    pages_s, width_s, height_s = pdf_info(build_slip(db, short, fmt="receipt").pdf, tmp_path)
    pages_l, width_l, height_l = pdf_info(build_slip(db, long, fmt="receipt").pdf, tmp_path)
    assert pages_s == pages_l == 1
    assert round(width_s) == round(width_l) == 227  # 80 mm
    assert height_l > height_s + 200


def test_format_defaults_to_the_bureau_setting(db, make_raw, tmp_path):
    _id, reference = save(db, make_raw())
    assert build_slip(db, reference).format is SlipFormat.A5
    set_settings(db, slip_format="receipt")
    slip = build_slip(db, reference)
    assert slip.format is SlipFormat.RECEIPT and round(pdf_info(slip.pdf, tmp_path)[1]) == 227
    assert build_slip(db, reference, fmt="a4").format is SlipFormat.A4
    set_settings(db, slip_format="letter")  # a bad value in the database: the default, no crash
    assert build_slip(db, reference).format is SlipFormat.A5


def test_anonymous_visitor_and_referral_number(db, make_raw, tmp_path):
    consultation_id, reference = save(db, make_raw(citizen=None, outcome="referred",
                                                   help_level="referral"))
    db.execute("INSERT INTO referrals (uuid, number, consultation_id, status, created_at, "
               "updated_at) VALUES ('u1', 'KK-2026-0012', ?, 'submitted', 'x', 'x')",
               [consultation_id])
    db.execute("INSERT INTO referrals (uuid, number, consultation_id, status, created_at, "
               "updated_at, deleted_at) VALUES ('u2', 'KK-2026-0013', ?, 'draft', 'x', 'x', 'x')",
               [consultation_id])
    text = pdf_text(build_slip(db, reference, locale="ru").pdf, tmp_path)
    with use_locale("ru"):
        anonymous = _("anonymous visitor")
        status = _("Submitted")
    assert anonymous in text and anonymous != "anonymous visitor"
    assert "KK-2026-0012" in text and status in text
    assert "KK-2026-0013" not in text  # a deleted referral is not printed


def test_qr_code_carries_the_reference():
    code = qr_code("2026-000123", 80)
    assert code.value == "2026-000123"
    assert code.wrap(200, 200) == (80, 80)
    code.qr.make()
    assert code.qr.getModuleCount() >= 21  # a real QR symbol (version 1 or more)


def test_unknown_or_deleted_reference_is_not_found(db, make_raw):
    with pytest.raises(NotFound):
        build_slip(db, "2026-999999")
    consultation_id, reference = save(db, make_raw())
    delete_consultation(db, consultation_id)
    with pytest.raises(NotFound):
        build_slip(db, reference)


def test_prints_are_recorded_and_a_reprint_says_it_is_a_copy(db, make_raw, advisor, tmp_path):
    consultation_id, reference = save(db, make_raw())
    first = pdf_text(build_slip(db, reference, locale="bg").pdf, tmp_path)
    record_slip_print(db, consultation_id, fmt="a5", locale="bg", kind="print",
                      printed_by=advisor, printed_at="2026-10-14T10:35:00")
    slip = write_slip(db, reference, tmp_path / "out" / "slip.pdf", locale="ru", fmt="receipt")

    assert (tmp_path / "out" / "slip.pdf").read_bytes() == slip.pdf
    assert [(p.kind, p.format.value, p.locale, p.printed_by) for p in slip_prints(db, consultation_id)] \
        == [("print", "a5", "bg", advisor), ("pdf", "receipt", "ru", None)]
    with use_locale("ru"):
        copy_word = _("COPY (the slip was first issued on {date})").split()[0]
    again = pdf_text(slip.pdf, tmp_path)
    assert copy_word in again and "14 октября 2026 г." in again
    assert copy_word not in first
    printed = audit.entries(db, action=audit.Action.PRINT, entity="consultation")
    # Handing a slip out is an access to personal data: each one is in the audit log too.
    assert sorted((e.entity_id, e.actor_id or 0) for e in printed) == [
        (str(consultation_id), 0), (str(consultation_id), advisor)]
    with pytest.raises(ValueError):
        record_slip_print(db, consultation_id, fmt="a5", locale="bg", kind="fax")


def test_migration_adds_slip_prints_to_an_existing_database(tmp_path):
    from bureau.opening import init_database

    path = tmp_path / "old.db"
    init_database(path).close()
    old = open_database(path)
    # As a database made before slips existed: without the table and its migration record.
    old.execute("DROP TABLE slip_prints")
    old.execute("DELETE FROM _sqlite_migrations WHERE name = '0002_slip_prints'")
    old.close()

    upgraded = open_database(path)
    assert upgraded["slip_prints"].exists()
    assert {c.name for c in upgraded["slip_prints"].columns} == {
        "id", "consultation_id", "printed_at", "printed_by", "format", "locale", "kind"}
    upgraded.close()


def test_building_a_slip_loads_no_qt(tmp_path):
    code = (
        "import sys\n"
        "from bureau.opening import init_database\n"
        "from bureau.slips import build_slip\n"
        "db = init_database(memory=True)\n"
        "try:\n"
        "    build_slip(db, '2026-000001')\n"
        "except Exception:\n"
        "    pass\n"
        "import bureau.slips.layout\n"
        "print(any(m.startswith('PySide6') for m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
