"""The oblast roll-up (#21 item 2): totals equal the bureaus' own figures counted from their
databases, codes named in the reader's language, unknown codes kept and listed, missing
and late bureaus named, and a public version with no recoverable small cell."""

from __future__ import annotations

import csv
import datetime as dt
import json

import pytest

from bureau.database.settings import set_settings
from bureau.demo import generate
from bureau.opening import init_database
from bureau.reports.period import Period
from bureau.rollup.canonical import sealed
from bureau.rollup.checks import PackagesRefused, check_packages
from bureau.rollup.combine import combine
from bureau.rollup.package import build_package, package_text
from bureau.rollup.suppress import TOTAL, determined, suppress
from bureau.rollup.write import write_rollup
from bureau.trust.accounts import MAINTENANCE

OCTOBER = Period.months(dt.date(2026, 10, 1))
CLOCK = dt.datetime(2026, 11, 4, 10, 0, tzinfo=dt.UTC)
BUREAUS = (("Община Кресна", "bg", 500, 11), ("Аксуский район", "ru", 160, 12),
           ("Община Разлог", "bg", 40, 13))


def independent_figures(db, period: Period) -> dict:
    """The bureau's figures counted straight from its tables, not through the report code."""
    start, end = period.start_text, period.end_text
    live = "occurred_at >= ? AND occurred_at < ? AND deleted_at IS NULL"
    one = lambda sql, *extra: db.execute(sql, [start, end, *extra]).fetchone()[0]  # noqa: E731
    categories = dict(db.execute(
        f"SELECT g.code, count(*) FROM consultations c JOIN consultation_issues i ON "
        f"i.consultation_id = c.id JOIN categories g ON g.id = i.category_id WHERE c.{live} "
        "GROUP BY 1".replace("c.occurred_at >= ? AND occurred_at < ? AND deleted_at",
                             "c.occurred_at >= ? AND c.occurred_at < ? AND c.deleted_at"),
        [start, end]).fetchall())
    channels = dict(db.execute(f"SELECT channel, count(*) FROM consultations WHERE {live} "
                               "GROUP BY 1", [start, end]).fetchall())
    return {
        "contacts": one(f"SELECT count(*) FROM consultations WHERE {live}"),
        "named_people": one(f"SELECT count(DISTINCT citizen_id) FROM consultations WHERE {live}"),
        "anonymous_visits": one(f"SELECT count(*) FROM consultations WHERE {live} AND "
                                "citizen_id IS NULL"),
        "issues": sum(categories.values()),
        "by_category": categories,
        "by_channel": channels,
        "signals": one("SELECT count(*) FROM signals s JOIN signal_revisions r ON r.signal_id = "
                       "s.id AND r.revision = s.revisions WHERE r.received_on >= ? AND "
                       "r.received_on < ? AND s.deleted_at IS NULL"),
        "events": one("SELECT count(*) FROM events WHERE held_on >= ? AND held_on < ? AND "
                      "deleted_at IS NULL"),
        "event_participants": one("SELECT coalesce(sum(participants), 0) FROM events WHERE "
                                  "held_on >= ? AND held_on < ? AND deleted_at IS NULL"),
        "referrals_made": one("SELECT count(*) FROM referrals WHERE created_at >= ? AND "
                              "created_at < ? AND deleted_at IS NULL"),
    }


@pytest.fixture(scope="module")
def oblast(tmp_path_factory):
    """Three bureaus (one Russian, one whose topic code differs), their packages on disk,
    and their figures counted independently."""
    folder = tmp_path_factory.mktemp("oblast")
    paths, expected = [], []
    for index, (municipality, language, size, seed) in enumerate(BUREAUS):
        db = init_database(memory=True, bureau_name="БИСГ", municipality=municipality,
                           language=language)
        generate(db, consultations=size, seed=seed, months=2, today=dt.date(2026, 10, 31))
        if index == 1:
            db.execute("UPDATE categories SET code = 'roads_streets' WHERE code = "
                       "'utilities_roads'")
            db.conn.commit()
        set_settings(db, bureau_id=f"00000000-0000-4000-8000-00000000000{index}")
        package = build_package(db, OCTOBER, by=MAINTENANCE,
                                now=CLOCK + dt.timedelta(days=4 * index))
        expected.append(independent_figures(db, OCTOBER))
        db.close()
        path = folder / f"b{index}.bureau-stats.json"
        path.write_text(package_text(package), encoding="utf-8")
        paths.append(path)
    return folder, paths, expected


def test_rollup_totals_equal_the_bureaus_own_figures(oblast, tmp_path):
    _folder, paths, expected = oblast
    rollup = combine(check_packages(paths))
    for name in ("contacts", "named_people", "anonymous_visits", "issues", "signals", "events",
                 "event_participants", "referrals_made"):
        assert rollup.total[name] == sum(figures[name] for figures in expected), name
    for name in ("by_category", "by_channel"):
        summed: dict[str, int] = {}
        for figures in expected:
            for code, count in figures[name].items():
                summed[code] = summed.get(code, 0) + count
        assert rollup.total[name] == summed, name
    assert rollup.total["people"] == rollup.total["named_people"] + rollup.total["anonymous_visits"]
    # The written report says the same: the oblast's column of the CSV.
    out = tmp_path / "oblast.csv"
    write_rollup(paths, "csv", out, locale="en", csv_dialect="comma")
    rows = list(csv.reader(out.read_text("utf-8-sig").splitlines()))
    contacts = next(row for row in rows if row and row[0] == "Contacts (consultations)")
    assert int(contacts[1]) == sum(f["contacts"] for f in expected)
    assert [int(v) for v in contacts[2:]] != []


def test_codes_are_named_in_the_readers_language_and_unknown_codes_are_listed(oblast, tmp_path):
    _folder, paths, expected = oblast
    rollup = combine(check_packages(paths))
    assert ("by_category", "roads_streets") in rollup.unknown
    assert rollup.total["by_category"]["roads_streets"] == expected[1]["by_category"][
        "roads_streets"]
    for locale, name in (("ru", "Местные налоги и сборы"), ("bg", "Местни данъци и такси")):
        out = tmp_path / f"{locale}.csv"
        write_rollup(paths, "csv", out, locale=locale)
        text = out.read_text("utf-8-sig")
        assert name in text  # a code from Bulgarian and Russian bureaus, in the reader's words
        heading = {"ru": "Коды, которых нет в этом каталоге", "bg": "Кодове, които ги няма в "
                   "този каталог"}[locale]
        assert heading in text and "roads_streets" in text


def test_missing_late_and_unexpected_bureaus(oblast):
    _folder, paths, _expected = oblast
    expected = {"00000000-0000-4000-8000-000000000000": "Кресна",
                "00000000-0000-4000-8000-000000000001": "Аксу",
                "11111111-1111-4111-8111-111111111111": "Белица"}
    rollup = combine(check_packages(paths), expected=expected, deadline=dt.date(2026, 11, 6))
    assert rollup.missing == [("11111111-1111-4111-8111-111111111111", "Белица")]
    assert [b.municipality for b in rollup.unexpected] == ["Община Разлог"]
    # Generated on 4, 8 and 12 November: the last two after the 6th.
    late = sorted(b.municipality for b in rollup.bureaus if b.late)
    assert late == ["Аксуский район", "Община Разлог"]
    assert combine(check_packages(paths)).deadline == dt.date(2026, 11, 10)


def test_other_periods_and_duplicates_are_refused_together(oblast, tmp_path):
    _folder, paths, _expected = oblast
    package = json.loads(paths[0].read_text("utf-8"))
    other = dict(package, period={"start": "2026-09-01", "end": "2026-09-30"})
    (tmp_path / "sept.json").write_text(json.dumps(sealed(other)), encoding="utf-8")
    (tmp_path / "again.json").write_text(json.dumps(package), encoding="utf-8")
    with pytest.raises(PackagesRefused) as refused:
        check_packages([*paths, tmp_path / "sept.json", tmp_path / "again.json"])
    message = str(refused.value)
    assert "sept.json is for 2026-09-01" in message
    assert "again.json and b0.bureau-stats.json are both from" in message or \
        "b0.bureau-stats.json and again.json" in message or "again.json" in message
    assert "Nothing was written" in message


def _public_tables(text: str) -> list[list[list[str]]]:
    """The public CSV's tables whose second column is the oblast's."""
    tables, current = [], None
    for row in csv.reader(text.splitlines()):
        if len(row) > 2 and row[1] == "Oblast":
            current = [row]
            tables.append(current)
        elif current is not None and len(row) > 2:
            current.append(row)
        else:
            current = None
    return tables


def _masked(value: str) -> bool:
    return value in ("<5", "*")


def test_the_public_rollup_shows_no_small_cell_and_none_can_be_worked_out(oblast, tmp_path):
    _folder, paths, _expected = oblast
    out = tmp_path / "public.csv"
    write_rollup(paths, "csv", out, public=True, locale="en", csv_dialect="comma")
    tables = _public_tables(out.read_text("utf-8-sig"))
    assert len(tables) >= 10
    seen_masked = 0
    for table in tables:
        header, rows = table[0], table[1:]
        for row in rows:
            cells = row[1:len(header)]
            for value in cells:
                if value.isdigit():
                    assert not 1 <= int(value) <= 4, (header[0], row)
            seen_masked += sum(_masked(v) for v in cells)
            # The oblast is the sum of its bureaus: never exactly one hidden in a row.
            if not any("." in v for v in cells):
                assert sum(_masked(v) for v in cells) != 1, (header[0], row)
        total = [row for row in rows if row[0].startswith("All ")]
        if total:  # each column adds up to its total row
            body = [row for row in rows if not row[0].startswith("All ")]
            for column in range(1, len(header)):
                hidden = sum(_masked(row[column]) for row in [*body, *total])
                assert hidden != 1, (header[0], header[column])
    assert seen_masked > 0  # the small bureau's cells really were hidden


def test_no_hidden_cell_is_determined_by_any_combination_of_the_sums():
    # a 2x2 table with its totals: all four inner cells small.
    values = {("f", "a", 0): 2, ("f", "a", 1): 3, ("f", "b", 0): 1, ("f", "b", 1): 40,
              ("f", "a", TOTAL): 5, ("f", "b", TOTAL): 41, ("w", None, 0): 3, ("w", None, 1): 43,
              ("w", None, TOTAL): 46}
    sums = [[(("f", k, 0), 1), (("f", k, 1), 1), (("f", k, TOTAL), -1)] for k in "ab"]
    sums += [[(("f", "a", c), 1), (("f", "b", c), 1), (("w", None, c), -1)] for c in (0, 1, TOTAL)]
    sums += [[(("w", None, 0), 1), (("w", None, 1), 1), (("w", None, TOTAL), -1)]]
    masked = suppress(values, sums)
    assert {cell for cell, mask in masked.items() if mask.text == "<5"} == {
        ("f", "a", 0), ("f", "a", 1), ("f", "b", 0), ("w", None, 0)}
    assert determined(set(masked), sums) == set()
    # Without the secondary ones, ("f", "b", 0) = 3 - 2 would be known.
    primary = {cell for cell, mask in masked.items() if mask.text == "<5"}
    assert determined(primary, sums)


def test_the_xlsx_charts_do_not_overlap(oblast, tmp_path):
    from openpyxl import load_workbook

    _folder, paths, _expected = oblast
    out = tmp_path / "oblast.xlsx"
    write_rollup(paths, "xlsx", out, locale="bg")
    charts = load_workbook(out).active._charts  # noqa: SLF001
    rows = sorted(chart.anchor._from.row for chart in charts)
    assert len(rows) >= 6
    # Each chart is at least 7.5 cm (15 rows of 0.53 cm) tall.
    assert all(b - a >= 15 for a, b in zip(rows, rows[1:], strict=False)), rows
