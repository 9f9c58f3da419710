"""The statistical package (#21 item 1): the report's figures as codes and counts, sealed,
with nothing personal in it, refused when altered or off its schema."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import pytest
from jsonschema import Draft202012Validator

from bureau import data
from bureau.demo import generate
from bureau.domain import Role
from bureau.reports.figures import build_report
from bureau.reports.period import Period
from bureau.rollup.canonical import canonical_bytes, content_hash, sealed
from bureau.rollup.checks import PackageRefused, read_package, schema, validate_package
from bureau.rollup.package import POOLED, build_package, default_name, package_text
from bureau.trust.access import PermissionDenied
from bureau.trust.accounts import MAINTENANCE
from tests.acting import acting

OCTOBER = Period.months(dt.date(2026, 10, 1))
CLOCK = dt.datetime(2026, 11, 3, 9, 15, tzinfo=dt.timezone(dt.timedelta(hours=2)))
PLANTED = ("Тайнова Секретка", "ул. Скрита 13", "Подател Тайнов", "ТАЙНО-ОПИСАНИЕ-777",
           "ВЪПРОС-НА-ГРАЖДАНИНА", "Съвет-към-гражданина", "Измислено Селище Тайно")


@pytest.fixture
def bureau(db):
    generate(db, consultations=900, seed=5, months=3, today=dt.date(2026, 11, 20))
    return db


def plant_personal_data(db) -> list[str]:
    """Names, an address, a signal's submitter and description, a question and an answer,
    and a settlement typed by one person: none of it may reach a package."""
    db.execute("UPDATE citizens SET full_name = ?, address = ? WHERE id = (SELECT citizen_id "
               "FROM consultations WHERE occurred_at LIKE '2026-10%' AND citizen_id IS NOT NULL "
               "LIMIT 1)", [PLANTED[0], PLANTED[1]])
    db.execute("UPDATE citizens SET settlement = ? WHERE id = (SELECT citizen_id FROM "
               "consultations WHERE occurred_at LIKE '2026-10-2%' AND citizen_id IS NOT NULL "
               "ORDER BY id DESC LIMIT 1)", [PLANTED[6]])
    db.execute("UPDATE consultations SET question = ?, answer = ? WHERE occurred_at LIKE "
               "'2026-10%'", [PLANTED[4], PLANTED[5]])
    db.execute("UPDATE signal_revisions SET submitter_name = ?, description = ?",
               [PLANTED[2], PLANTED[3]])
    db.conn.commit()
    return [r[0] for r in db.execute("SELECT reference FROM consultations WHERE occurred_at "
                                     "LIKE '2026-10%'")]


def test_the_package_carries_the_reports_figures(bureau):
    package = build_package(bureau, OCTOBER, by=acting(bureau), now=CLOCK)
    fig = build_report(bureau, OCTOBER, now=CLOCK.replace(tzinfo=None)).current
    figures = package["figures"]
    for name in ("contacts", "people", "named_people", "new_people", "returning_people",
                 "anonymous_visits", "issues", "referrals_made", "referrals_decided",
                 "referrals_overdue", "signals", "events", "event_participants",
                 "satisfaction_ratings", "satisfaction_total"):
        assert figures[name] == getattr(fig, name), name
    for name in ("by_category", "by_service", "by_help_level", "by_channel", "by_outcome",
                 "by_age_band", "by_gender", "events_by_kind"):
        assert figures[name] == {k: v for k, v in getattr(fig, name).items() if v}, name
    assert figures["contacts"] > 50 and figures["issues"] >= figures["contacts"]
    assert package["period"] == {"start": "2026-10-01", "end": "2026-10-31"}
    assert package["generated_at"] == "2026-11-03T09:15:00+02:00"
    assert package["complete"] is True
    assert package["schema_version"] == 1 and package["format"] == "bureau-stats"
    assert package["bureau"]["name"] == "Test bureau" and package["bureau"]["municipality"] == "Kresna"


def test_the_bureau_id_is_stable_and_the_hash_covers_the_canonical_content(bureau):
    first = build_package(bureau, OCTOBER, by=MAINTENANCE, now=CLOCK)
    second = build_package(bureau, Period.months(dt.date(2026, 9, 1)), by=MAINTENANCE, now=CLOCK)
    assert first["bureau"]["id"] == second["bureau"]["id"]
    content = {k: v for k, v in first.items() if k != "sha256"}
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"),
                           ensure_ascii=False).encode("utf-8")
    assert canonical_bytes(content) == canonical
    assert b'": ' not in canonical and b', "' not in canonical and "Кресна".encode() in canonical
    assert first["sha256"] == hashlib.sha256(canonical).hexdigest() == content_hash(first)
    # The file's indentation is not part of what the hash covers.
    assert json.loads(package_text(first)) == first


def test_no_names_references_or_free_text_in_the_package(bureau, tmp_path):
    references = plant_personal_data(bureau)
    assert references
    for by in (acting(bureau), acting(bureau, Role.SIGNALS_OFFICER), MAINTENANCE):
        text = package_text(build_package(bureau, OCTOBER, by=by, now=CLOCK))
        for planted in PLANTED:
            assert planted not in text
        for reference in references:
            assert reference not in text
        for (name,) in bureau.execute("SELECT full_name FROM advisors"):
            assert name not in text
    # Settlements named by at least 5 people travel; the one-person one is pooled.
    figures = build_package(bureau, OCTOBER, by=MAINTENANCE, now=CLOCK)["figures"]
    assert figures["by_settlement"].get("Кресна", 0) >= 5
    assert all(n >= 5 for key, n in figures["by_settlement"].items() if key != POOLED)
    assert sum(figures["by_settlement"].values()) == figures["named_people"]


def test_signals_by_unit_are_pooled_unless_the_maker_reads_the_register(bureau):
    rows = bureau.execute(
        "SELECT u.code, count(*) FROM signals s JOIN signal_revisions r ON r.signal_id = s.id "
        "AND r.revision = s.revisions LEFT JOIN signal_units u ON u.id = r.unit_id WHERE "
        "r.received_on BETWEEN '2026-08-01' AND '2026-10-31' GROUP BY 1").fetchall()
    quarter = Period.months(dt.date(2026, 8, 1), dt.date(2026, 10, 1))
    exact = dict(rows)
    assert any(n < 5 for n in exact.values())
    officer = build_package(bureau, quarter, by=acting(bureau, Role.SIGNALS_OFFICER), now=CLOCK)
    assert officer["figures"]["signals_by_unit"] == exact
    assert officer["rules"]["signals_small_counts_pooled"] is False
    coordinator = build_package(bureau, quarter, by=acting(bureau), now=CLOCK)
    pooled = coordinator["figures"]["signals_by_unit"]
    assert coordinator["rules"]["signals_small_counts_pooled"] is True
    assert all(n >= 5 for key, n in pooled.items() if key != POOLED)
    assert sum(pooled.values()) == sum(exact.values()) == coordinator["figures"]["signals"]
    status = coordinator["figures"]["signals_by_status"]
    assert sum(status.values()) == coordinator["figures"]["signals"]


def test_an_advisor_may_not_make_a_package(bureau):
    with pytest.raises(PermissionDenied):
        build_package(bureau, OCTOBER, by=acting(bureau, Role.ADVISOR), now=CLOCK)


def test_the_schema_ships_and_is_a_2020_12_schema():
    path = data.resource("schema", "bureau-stats-1.schema.json")
    assert path.is_file()
    loaded = json.loads(path.read_text("utf-8"))
    assert loaded["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(loaded)
    assert schema() == loaded


def _written(tmp_path, package, name="p.json"):
    path = tmp_path / name
    path.write_text(json.dumps(package, ensure_ascii=False), encoding="utf-8")
    return path


def test_a_tampered_number_with_the_hash_kept_is_refused(bureau, tmp_path):
    package = build_package(bureau, OCTOBER, by=MAINTENANCE, now=CLOCK)
    assert read_package(_written(tmp_path, package)) == package
    package["figures"]["contacts"] += 1
    package["figures"]["by_channel"]["phone"] += 1
    with pytest.raises(PackageRefused, match="SHA-256"):
        read_package(_written(tmp_path, package))


def test_schema_invalid_content_with_a_recomputed_hash_is_refused(bureau, tmp_path):
    package = build_package(bureau, OCTOBER, by=MAINTENANCE, now=CLOCK)
    cases = [
        lambda p: p["figures"].__setitem__("contacts", -3),
        lambda p: p["figures"]["by_settlement"].__setitem__("x\n", 5),
        lambda p: p["figures"].__setitem__("question", "free text"),
        lambda p: p["bureau"].__setitem__("id", "kresna"),
        lambda p: p["figures"]["by_category"].__setitem__("Иван Петров", 1),
        lambda p: p["figures"].__setitem__("satisfaction_total", 4.5),
        lambda p: p["figures"]["by_channel"].__setitem__("phone\n", 1),
        lambda p: p.__setitem__("generated_at", p["generated_at"] + "\n"),
    ]
    for index, change in enumerate(cases):
        broken = json.loads(json.dumps(package))
        change(broken)
        with pytest.raises(PackageRefused, match="does not follow the package format"):
            read_package(_written(tmp_path, sealed(broken), f"b{index}.json"))
    # Valid by the schema and sealed again, but its parts no longer add up.
    uneven = json.loads(json.dumps(package))
    uneven["figures"]["by_channel"]["phone"] += 7
    with pytest.raises(PackageRefused, match="does not add up"):
        validate_package(sealed(uneven), "uneven.json")


def test_not_json_and_newer_versions_are_named(tmp_path):
    path = tmp_path / "x.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(PackageRefused, match="not JSON"):
        read_package(path)
    path.write_text(json.dumps({"format": "bureau-stats", "schema_version": 2}), encoding="utf-8")
    with pytest.raises(PackageRefused, match="newer version"):
        read_package(path)
    with pytest.raises(PackageRefused, match="cannot be read"):
        read_package(tmp_path / "missing.json")


def test_the_suggested_file_name():
    assert default_name("Община Кресна", OCTOBER) == "kresna-2026-10.bureau-stats.json"
    assert default_name("", Period.months(dt.date(2026, 10, 1), dt.date(2026, 12, 1))) == \
        "bureau-2026-10_2026-12.bureau-stats.json"


def test_a_member_named_twice_is_refused(bureau, tmp_path):
    text = package_text(build_package(bureau, OCTOBER, by=MAINTENANCE, now=CLOCK))
    doubled = text.replace('"contacts": ', '"contacts": 1,\n    "contacts": ', 1)
    path = tmp_path / "twice.json"
    path.write_text(doubled, encoding="utf-8")
    with pytest.raises(PackageRefused, match="twice"):
        read_package(path)
