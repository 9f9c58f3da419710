"""Alphabetical order by the Bulgarian/Russian alphabet, not by code points (#16 item 8)."""

from __future__ import annotations

from bureau.catalogue import entries
from bureau.collation import alphabetical
from bureau.reports.figures import _sorted
from bureau.trust.advisors import add_advisor, list_advisors

ISSUE_EXAMPLE = ["Ёлкина Вера", "Артём Власов", "Артур Бойчев"]
ALPHABETICAL = ["Артём Власов", "Артур Бойчев", "Ёлкина Вера"]


def test_the_issues_advisors_are_listed_alphabetically(db):
    for name in ISSUE_EXAMPLE:
        add_advisor(db, name)
    assert [a.full_name for a in list_advisors(db)] == ALPHABETICAL


def test_cyrillic_alphabet_order():
    assert alphabetical(["Яна", "Щерев", "Шишков", "Ъгълов", "ежов", "Ёлкин", "Елкин", "Жеков",
                         "Emil"]) == ["Emil", "ежов", "Елкин", "Ёлкин", "Жеков", "Шишков", "Щерев",
                                      "Ъгълов", "Яна"]


def test_catalogue_entries_alphabetical_within_their_order(db):
    db.execute("UPDATE categories SET sort_order = 1")
    db.execute("UPDATE categories SET name_bg = 'Ёлхово: горски насаждения' WHERE code = 'health'")
    names = [entry.name_bg for entry in entries(db, "categories")]
    assert names == alphabetical(names)
    assert names[0] != "Ёлхово: горски насаждения"  # code points would put Ё before А


def test_report_ties_alphabetical():
    assert list(_sorted({"Ёлешница": 2, "Кресна": 5, "Влахи": 2, "Долна Градешница": 2})) == [
        "Кресна", "Влахи", "Долна Градешница", "Ёлешница"]
