"""Erasure reaches every table, every spelling and inflection, merged records and drafts.

Issue #15 items 1-3; the proof is a scan of the whole database (SQL dump and
the raw file bytes after a checkpoint) for every written form of every
identifier of the person.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import shutil
import subprocess
import unicodedata

import pytest

from bureau.catalogue import CatalogueLookup
from bureau.citizens.store import merge_citizens
from bureau.commission.referrals import advance, create_meeting, create_referral
from bureau.consultations.exporter import export_consultations
from bureau.consultations.register import search
from bureau.consultations.store import (
    delete_consultation,
    get_consultation,
    revisions,
    save_consultation,
    update_consultation,
)
from bureau.domain import ReferralStatus
from bureau.privacy.identifiers import PersonIdentifiers
from bureau.privacy.rights import erase_person, export_person, person_report
from bureau.trust import audit
from bureau.validation import validate_consultation
from tests.acting import acting
from tests.conftest import consultation_raw


def save(db, raw):
    lookup = CatalogueLookup(db)
    return save_consultation(db, validate_consultation(raw, lookup), lookup)


def edit(db, consultation_id, raw):
    lookup = CatalogueLookup(db)
    update_consultation(db, consultation_id, validate_consultation(raw, lookup), lookup=lookup)


def figures(db) -> tuple:
    return (
        db.execute("SELECT count(*) FROM consultations WHERE deleted_at IS NULL").fetchone()[0],
        tuple(db.execute("SELECT category_id, count(*) FROM consultation_issues GROUP BY 1")),
        tuple(db.execute(
            "SELECT z.settlement, z.age_band, z.gender, count(*) FROM consultations k "
            "JOIN citizens z ON z.id = k.citizen_id GROUP BY 1, 2, 3")),
        tuple(db.execute("SELECT outcome, channel, count(*) FROM consultations GROUP BY 1, 2")),
    )


def test_history_keeps_no_name_item_1(db, advisor):
    """Item 1: an edited question's earlier version no longer names the person."""
    raw = consultation_raw(advisor, citizen={"full_name": "Радослав Колев", "settlement": "Кресна"},
                           question="Радослав Колев пита за данък сгради")
    consultation_id, _ref = save(db, raw)
    citizen_id = get_consultation(db, consultation_id).citizen.id
    edit(db, consultation_id, {**raw, "citizen": None, "citizen_id": citizen_id,
                               "question": "Радослав Колев пита за данък сгради и такса смет"})
    erase_person(db, citizen_id, by=acting(db))
    assert get_consultation(db, consultation_id).question == "[…] […] пита за данък сгради и такса смет"
    assert revisions(db, consultation_id)[0]["snapshot"]["question"] == "[…] […] пита за данък сгради"


def test_yo_and_e_spellings_and_inflections_item_2(db, advisor, tmp_path):
    """Item 2: "Фёдор Семёнов" typed as "Федор Семенов" and inflected is erased everywhere."""
    consultation_id, _ref = save(db, consultation_raw(
        advisor, citizen={"full_name": "Фёдор Семёнов", "settlement": "Кресна"},
        question="Федор Семенов пита за данък сгради",
        answer="Семенов да подаде декларация"))
    assert search(db, "Федор")
    erase_person(db, get_consultation(db, consultation_id).citizen.id, by=acting(db))
    record = get_consultation(db, consultation_id)
    assert record.question == "[…] […] пита за данък сгради"
    assert record.answer == "[…] да подаде декларация"
    for typed in ("Федор", "Фёдор", "семенов", "Semenov", "Fedor"):
        assert search(db, typed) == [], typed
    out = tmp_path / "all.csv"
    export_consultations(db, "csv", out)
    text = out.read_text(encoding="utf-8-sig")
    assert "данък сгради" in text
    assert not {"Федор", "Фёдор", "Семенов", "Семёнов"} & set(text.replace(",", " ").split())


def test_merged_duplicate_is_in_access_and_erased_item_3(db, advisor):
    """Item 3: the duplicate's phone reaches the access export; erasure empties its row."""
    first, _ = save(db, consultation_raw(advisor, citizen={
        "full_name": "Петя Маринова", "phone": "0888000091", "settlement": "Кресна"}))
    second, _ = save(db, consultation_raw(advisor, citizen={
        "full_name": "Петя Маринова", "phone": "0877000092", "email": "petya.m@abv.bg",
        "settlement": "Сливница"}))
    keep = get_consultation(db, first).citizen.id
    duplicate = get_consultation(db, second).citizen.id
    merge_citizens(db, keep, duplicate, by=acting(db))
    report = json.dumps(person_report(db, keep), ensure_ascii=False)
    assert "0877000092" in report and "petya.m@abv.bg" in report and "Сливница" in report
    erased = erase_person(db, keep, by=acting(db)).value
    assert erased == [keep, duplicate]
    row = db.execute("SELECT full_name, phone, email, address, settlement FROM citizens "
                     "WHERE id = ?", [duplicate]).fetchone()
    assert row == (None, "", "", "", "")
    assert db.execute("SELECT settlement FROM citizens WHERE id = ?", [keep]).fetchone()[0] == "Кресна"


def test_erasing_a_merged_away_record_points_at_the_kept_one(db, advisor):
    first, _ = save(db, consultation_raw(advisor, citizen={"full_name": "Петя Маринова"}))
    second, _ = save(db, consultation_raw(advisor, citizen={"full_name": "Петя Маринова"}))
    keep, duplicate = (get_consultation(db, c).citizen.id for c in (first, second))
    merge_citizens(db, keep, duplicate, by=acting(db))
    with pytest.raises(Exception, match=f"citizen {keep}"):
        erase_person(db, duplicate, by=acting(db))


def written_forms() -> dict[str, list[str]]:
    """Every form in which the test person's identifiers were written, and their folds."""
    name_words = ["Радослав", "Колев", "Фёдор", "Семёнова"]
    inflected = ["Радослава", "Радославу", "Колева", "Колеву", "Колевым", "Колевой",
                 "Фёдору", "Федора", "Семёновой", "Семеновой", "Семёнову"]
    names = []
    for word in name_words + inflected:
        for variant in (word, word.lower(), word.upper(), word.replace("ё", "е"),
                        word.replace("ё", "е").lower(), unicodedata.normalize("NFD", word)):
            names.append(variant)
    latin = ["radoslav", "kolev", "fedor", "semenova", "Radoslav", "Kolev"]
    phones = ["888000091", "888 000 091", "888-000-091", "877000092", "877 000 092",
              "877-000-092"]
    mails = ["r.kolev@abv.bg", "R.Kolev@ABV.bg", "fedya.s@mail.ru", "FEDYA.S@MAIL.RU"]
    return {"names": names, "latin": latin, "phones": phones, "mails": mails,
            "address": ["Витоша 15", "витоша 15"]}


def build_person(db, advisor, tmp_path) -> tuple[int, list[int]]:
    """One person with every kind of data and history the bureau can hold about them."""
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    ident_text = ("Радослав Колев пита за данък сгради; тел. +359 888 000 091, "
                  "пишете на R.Kolev@ABV.bg")
    first, _ = save(db, consultation_raw(
        advisor, citizen={"full_name": "Радослав Колев", "phone": "+359 888 000 091",
                          "email": "r.kolev@abv.bg", "settlement": "Кресна"},
        question=ident_text, answer="Обяснихме на Радослава Колеву; Kolev Radoslav е уведомен.",
        next_steps="Да се обади на 0888-000-091.", outcome="pending",
        follow_up_on=dt.date(2026, 12, 1)))
    keep = get_consultation(db, first).citizen.id
    db.execute("UPDATE citizens SET address = 'ул. Витоша 15' WHERE id = ?", [keep])
    raw = consultation_raw(advisor, citizen=None, citizen_id=keep, question=ident_text,
                           answer="Колевым беше обяснено.")
    edit(db, first, {**raw, "question": "Колев, ул. Витоша 15, пита отново за данък сгради"})
    # A duplicate record with another phone, e-mail and a spelling with 'ё'.
    second, _ = save(db, consultation_raw(
        advisor, citizen={"full_name": "Фёдор Семёнов Колев", "phone": "0877 000 092",
                          "email": "fedya.s@mail.ru", "settlement": "Сливница"},
        question="ФЁДОР СЕМЁНОВ КОЛЕВ за Семёновой (сестра), 877-000-092",
        answer="Федору Семенову: fedya.s@mail.ru"))
    duplicate = get_consultation(db, second).citizen.id
    merge_citizens(db, keep, duplicate, by=acting(db))
    deleted, _ = save(db, consultation_raw(advisor, citizen=None, citizen_id=keep,
                                           question="Радослав Колев, изтрит запис"))
    delete_consultation(db, deleted)
    referral = create_referral(db, second, "Г-н Радослав Колев (тел. 0888000091) иска ремонт",
                               consent_given=True, today=dt.date(2026, 10, 20), by=acting(db)).value
    advance(db, referral.id, ReferralStatus.SUBMITTED, on="2026-10-21", by=acting(db))
    meeting = create_meeting(db, "2026-10-30", "зала 1", "Изслуша се Колев по писмото му", by=acting(db)).value
    advance(db, referral.id, ReferralStatus.ON_AGENDA, meeting_id=meeting.id, by=acting(db))
    advance(db, referral.id, ReferralStatus.DECIDED, on="2026-10-30",
            decision="Радославу Колеву да се отговори писмено на r.kolev@abv.bg", by=acting(db))
    # Someone else's consultation that quotes the phone and e-mail.
    save(db, consultation_raw(advisor, citizen={"full_name": "Иван Другиев"},
                              question="Съседът (0888 000 091, r.kolev@abv.bg) е болен"))
    audit.record(db, audit.Action.VIEW_PERSONAL, "citizen", keep, detail="на Колев по телефона")
    (drafts / "draft-0123456789abcdef0123.json").write_text(json.dumps({
        "version": 1, "saved_at": "2026-10-30T10:00:00",
        "state": {"citizen": {"full_name": "Радослав Колев", "phone": "0888000091"},
                  "question": "Колева пита пак за данък сгради"}}, ensure_ascii=False),
        encoding="utf-8")
    return keep, [first, second]


def test_erasure_leaves_no_form_of_any_identifier_in_a_full_dump(file_db, tmp_path):
    """The proof: dump and raw bytes of the checkpointed file hold no form of the person."""
    from bureau.trust.advisors import add_advisor

    db = file_db
    advisor = add_advisor(db, "Мария Стоянова")
    keep, visits = build_person(db, advisor, tmp_path)
    before = figures(db)
    dump_before = "\n".join(db.conn.iterdump())
    forms = written_forms()
    assert "Радослав" in dump_before and "877 000 092" in dump_before  # the scan can fail

    erase_person(db, keep, reason="писмено искане от Радослав Колев", drafts_dir=tmp_path / "drafts",
                 by=acting(db))

    assert figures(db) == before
    dump = "\n".join(db.conn.iterdump())
    path = db.conn.execute("PRAGMA database_list").fetchone()[2]
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw = b"".join(open(f, "rb").read() for f in (path, path + "-wal") if _exists(f))
    draft = (tmp_path / "drafts" / "draft-0123456789abcdef0123.json").read_text(encoding="utf-8")
    found = []
    for kind, variants in forms.items():
        for variant in variants:
            for where, haystack in (("dump", dump), ("draft", draft)):
                if variant.casefold() in haystack.casefold():
                    found.append((kind, variant, where))
            if variant.encode("utf-8") in raw:
                found.append((kind, variant, "file bytes"))
    assert found == [], found
    # What was said about the matter stays readable.
    record = get_consultation(db, visits[0])
    assert "пита отново за данък сгради" in record.question
    assert "данък сгради" in draft
    referral_text = db.execute("SELECT summary, decision FROM referrals").fetchone()
    assert referral_text == ("Г-н […] […] (тел. […]) иска ремонт",
                             "[…] […] да се отговори писмено на […]")
    assert db.execute("SELECT notes FROM meetings").fetchone()[0] == "Изслуша се […] по писмото му"


def _exists(path: str) -> bool:
    try:
        open(path, "rb").close()
        return True
    except OSError:
        return False


@pytest.mark.parametrize(("text", "expected"), [
    ("Петя беше тук; пет години чака", "[…] беше тук; пет години чака"),
    ("Петров и Петър не са тя", "Петров и Петър не са тя"),
    ("Маринова, Мариновой, МАРИНОВУ", "[…], […], […]"),
    ("тел. 0888 000 091 или 00359888000091 или (0888) 000-091", "тел. […] или […] или […]"),
    ("сметка 10888000091 и 08880000912", "сметка 10888000091 и 08880000912"),
])
def test_name_stems_are_bounded_to_words(text, expected):
    ident = PersonIdentifiers(names={"Петя Маринова"}, phones={"+359 888 000 091"})
    assert ident.scrub(text) == expected


def test_merged_record_cannot_hold_csv_injection_of_names(db, advisor, tmp_path):
    """The CSV export after erasure of a merged person has no trace of either record."""
    first, _ = save(db, consultation_raw(advisor, citizen={"full_name": "Петя Маринова",
                                                           "phone": "0888000091"}))
    second, _ = save(db, consultation_raw(advisor, citizen={"full_name": "Петя Маринова",
                                                            "phone": "0877000092"}))
    keep, duplicate = (get_consultation(db, c).citizen.id for c in (first, second))
    merge_citizens(db, keep, duplicate, by=acting(db))
    erase_person(db, keep, by=acting(db))
    out = tmp_path / "all.csv"
    export_consultations(db, "csv", out)
    rows = list(csv.reader(out.open(encoding="utf-8-sig")))
    text = json.dumps(rows, ensure_ascii=False)
    assert "Маринова" not in text and "0877000092" not in text and "0888000091" not in text


def test_access_request_holds_merged_records_history_and_trail_item_3(db, advisor, tmp_path):
    """The access answer (JSON and PDF) names the merged record's phone and the earlier text."""
    first, _ = save(db, consultation_raw(advisor, citizen={
        "full_name": "Петя Маринова", "phone": "0888000091", "settlement": "Кресна"},
        question="Първоначален въпрос за данък сгради"))
    second, _ = save(db, consultation_raw(advisor, citizen={
        "full_name": "Петя Маринова", "phone": "0877000092", "email": "petya.m@abv.bg",
        "settlement": "Сливница"}))
    keep = get_consultation(db, first).citizen.id
    edit(db, first, {**consultation_raw(advisor, citizen=None, citizen_id=keep),
                     "question": "Поправен въпрос"})
    merge_citizens(db, keep, get_consultation(db, second).citizen.id, by=acting(db))
    report = person_report(db, keep)
    assert [m["phone"] for m in report["merged_records"]] == ["0877000092"]
    history = next(v["history"] for v in report["consultations"] if v["question"] == "Поправен въпрос")
    assert history[0]["snapshot"]["question"] == "Първоначален въпрос за данък сгради"
    assert {"create", "update"} <= {entry["action"] for entry in report["audit"]}
    if shutil.which("pdftotext"):
        out = tmp_path / "access.pdf"
        export_person(db, keep, out, by=acting(db))
        text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True,
                              check=True).stdout
        assert "0877000092" in text and "petya.m@abv.bg" in text and "Сливница" in text
        assert "Първоначален въпрос" in text and "Changed" in text
