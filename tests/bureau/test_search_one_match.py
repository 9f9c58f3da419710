"""A register page for typed words evaluates its MATCH once when the words as typed
find rows (#19: a keystroke after a pause paid for two FTS5 evaluations, a probe
and the page); an empty page still tells the end of the matches from a typo."""

from __future__ import annotations

from bureau.consultations.register import RegisterFilter, cursor_after, list_consultations
from tests.bureau.test_search import filled, names  # noqa: F401 (fixture)


def matches_run(db, text: str, **kwargs) -> tuple[list, int]:
    statements = []
    db.conn.set_trace_callback(statements.append)
    try:
        rows = list_consultations(db, RegisterFilter(text=text), **kwargs)
    finally:
        db.conn.set_trace_callback(None)
    return rows, sum(1 for sql in statements if "MATCH" in sql)


def test_words_that_find_rows_are_matched_once(db, filled):  # noqa: F811
    rows, evaluated = matches_run(db, "гараж")
    assert names(rows) == ["Живков Тодор"] and evaluated == 1


def test_past_the_last_match_the_page_is_empty_not_typos(db, filled):  # noqa: F811
    first, _ = matches_run(db, "петрова", limit=1)
    assert names(first) == ["Петрова Иванка"]
    after, evaluated = matches_run(db, "петрова", limit=1, after=cursor_after(first[0]))
    assert after == [] and evaluated == 2  # the page, then: do the words match at all? yes


def test_a_typo_in_a_name_still_finds_it(db, filled):  # noqa: F811
    rows, _ = matches_run(db, "Живокв")
    assert names(rows) == ["Живков Тодор"]
