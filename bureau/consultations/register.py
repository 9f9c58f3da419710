"""The register: filtered, searched, paged lists of consultations.

Pages are fetched with a keyset cursor (the last row's sort key), never with a
growing OFFSET, so the millionth row costs what the first does. With search
text the order is newest-registered first (FTS5 walks its rowids backwards and
stops at the page size); for a reference number, the highest number first;
otherwise, newest consultation date first.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from dataclasses import dataclass, field, replace

from bureau.citizens.namewords import neighbours
from bureau.citizens.phone_search import phone_match
from bureau.database.plain import Reader, sqlite_primary_code
from bureau.domain import BureauError, Channel, ConsultationSummary, HelpLevel, Outcome
from bureau.i18n import N_, get_locale
from bureau.textsearch import tokens

PAGE_SIZE = 200
MSG_UNSEARCHABLE = N_("The search text \"{text}\" cannot be searched; use letters and digits.")
SQLITE_ERROR = 1
# "2026-0005" typed as the citizen reads it off a slip: a range on the unique
# index finds it at once, where FTS would intersect "2026" with every row.
# A bare year ("2026", "2026-") is read the same way: every number of that year.
REFERENCE_PREFIX_RE = re.compile(r"^\s*(\d{4}(?:-\d{0,6})?)\s*$")
# Words up to this long are served by the index's own prefix indexes (schema).
INDEXED_PREFIX = 3
# A longer prefix matching at most this many words is searched as those words.
MAX_EXPANSION = 64


@dataclass
class RegisterFilter:
    text: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None  # inclusive
    advisor_id: int | None = None
    category_code: str | None = None
    service_code: str | None = None
    outcome: Outcome | None = None
    help_level: HelpLevel | None = None
    channel: Channel | None = None
    citizen_id: int | None = None
    follow_up_due_on: dt.date | None = None  # follow-ups due on or before this day
    extra: dict = field(default_factory=dict)


def match_expression(db: Reader, text: str, *, typos: bool = False) -> str | None:
    """The FTS5 MATCH for what was typed: every word must match as a prefix.

    FTS5 answers a prefix longer than its prefix indexes by merging the lists of
    every word it starts into one before returning the first row: 50-200 ms for
    "крес" at a million rows. Looking the few words up in the index's word table
    (``search_words``: a range read, flat from 10k to 1M, where FTS5's own
    vocabulary took 7-12 ms at a million) and asking for them by name lets FTS5
    walk them lazily, newest first (~1 ms).
    Words are quoted, so FTS5 operators typed by a user are plain words.
    With ``typos``, each word of four letters or more may also be any word of a
    citizen's name one typo away (bureau.citizens.namewords); None then when no
    word has such a neighbour.
    None: nothing can match (no word, or a prefix no stored word starts with).
    """
    words = tokens(text)
    if not words:
        return None
    parts = []
    widened = False
    for word in words:
        near = [w for w in neighbours(db, word) if w != word] if typos else []
        widened = widened or bool(near)
        if len(word) <= INDEXED_PREFIX:
            parts.append(f'"{word}"*')
            continue
        upper = word[:-1] + chr(ord(word[-1]) + 1)
        terms = [row[0] for row in db.execute(
            "SELECT term FROM consultation_words WHERE term >= ? AND term < ? LIMIT ?",
            [word, upper, MAX_EXPANSION + 1])]
        if not terms and not near:
            return None
        if len(terms) > MAX_EXPANSION:
            parts.append("(" + " OR ".join([f'"{word}"*', *(f'"{w}"' for w in near)]) + ")")
        else:
            parts.append("(" + " OR ".join(f'"{term}"' for term in dict.fromkeys(terms + near)) + ")")
    if typos and not widened:
        return None
    return " AND ".join(parts)


ANY_MATCH_SQL = "SELECT 1 FROM consultation_search WHERE consultation_search MATCH ? LIMIT 1"


def text_expression(db: Reader, text: str) -> str | None:
    """What the register searches for ``text``: the words as typed if anything
    carries them, otherwise the words with one typo in a name allowed."""
    exact = match_expression(db, text)
    if exact is not None and _searching(db, text, ANY_MATCH_SQL, [exact]).fetchone():
        return exact
    return match_expression(db, text, typos=True)


def reference_prefix(text: str) -> str | None:
    """The start of a reference number typed in a search (``2026-00``), or None for any
    other text.
    """
    match = REFERENCE_PREFIX_RE.match(text or "")
    return match.group(1) if match else None


def _where(flt: RegisterFilter, phone: str | None = None) -> tuple[list[str], list]:
    clauses = ["k.deleted_at IS NULL"]
    params: list = []
    prefix = reference_prefix(flt.text)
    if prefix:
        clauses.append("k.reference >= ? AND k.reference < ?")
        params += [prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1)]
    if phone:
        # "0887 654 321" typed for "+359 887 654 321": the visits of whoever has that number.
        clauses.append("k.citizen_id IN (SELECT rowid FROM citizen_search WHERE citizen_search MATCH ?)")
        params.append(phone)
    if flt.date_from:
        clauses.append("k.occurred_at >= ?")
        params.append(flt.date_from.isoformat())
    if flt.date_to:
        clauses.append("k.occurred_at < ?")
        params.append((flt.date_to + dt.timedelta(days=1)).isoformat())
    for column, value in (("advisor_id", flt.advisor_id), ("citizen_id", flt.citizen_id),
                          ("outcome", flt.outcome), ("help_level", flt.help_level),
                          ("channel", flt.channel)):
        if value is not None:
            clauses.append(f"k.{column} = ?")
            params.append(value.value if hasattr(value, "value") else value)
    # The unary plus keeps SQLite on the issues of this one consultation; through
    # the category or service index it read every issue of that topic for each
    # row (91 s for a first page at 1M consultations, now 20-60 ms).
    if flt.category_code:
        clauses.append(
            "EXISTS (SELECT 1 FROM consultation_issues i JOIN categories c ON c.id = +i.category_id "
            "WHERE i.consultation_id = k.id AND c.code = ?)"
        )
        params.append(flt.category_code)
    if flt.service_code:
        clauses.append(
            "EXISTS (SELECT 1 FROM consultation_issues i JOIN services s ON s.id = +i.service_id "
            "WHERE i.consultation_id = k.id AND s.code = ?)"
        )
        params.append(flt.service_code)
    if flt.follow_up_due_on:
        # The unary plus keeps SQLite off the follow_up_on index (every follow-up
        # ever set, then a sort) and on the partial index of pending follow-ups.
        clauses.append("+k.follow_up_on IS NOT NULL AND +k.follow_up_on <= ? AND k.outcome = 'pending'")
        params.append(flt.follow_up_due_on.isoformat())
    return clauses, params


def _summary_sql(locale: str) -> str:
    name = f"name_{locale}" if locale in ("bg", "ru", "en") else "name_bg"
    return (
        "SELECT k.id, k.reference, k.occurred_at, z.full_name, a.full_name, k.channel, "
        "k.help_level, k.outcome, "
        f"(SELECT group_concat(coalesce(nullif(c.{name}, ''), c.name_bg), '; ') "
        " FROM consultation_issues i JOIN categories c ON c.id = i.category_id "
        " WHERE i.consultation_id = k.id), "
        "k.question, k.follow_up_on "
        "FROM consultations k JOIN advisors a ON a.id = k.advisor_id "
        "LEFT JOIN citizens z ON z.id = k.citizen_id "
    )


def _to_summary(row: tuple) -> ConsultationSummary:
    return ConsultationSummary(
        id=row[0], reference=row[1], occurred_at=row[2], citizen_name=row[3],
        advisor_name=row[4], channel=Channel(row[5]), help_level=HelpLevel(row[6]),
        outcome=Outcome(row[7]), topics=row[8] or "", question=row[9], follow_up_on=row[10],
    )


@dataclass(frozen=True)
class Cursor:
    """Where the previous page ended."""

    occurred_at: str
    id: int
    reference: str = ""


def _page_query(db: Reader, select: str, flt: RegisterFilter | None,
                after: Cursor | None, limit: int, oldest_first: bool) -> list[tuple]:
    """Rows of ``select`` (over ``consultations k``) for one page, in register order.

    Both orders walk the same indexes, so the last page of a million rows costs
    what the first does.
    """
    flt = flt or RegisterFilter()
    by_reference = reference_prefix(flt.text) is not None
    phone = phone_match(db, flt.text) if flt.text and not by_reference else None
    clauses, params = _where(flt, phone)
    words = bool(flt.text) and not by_reference and phone is None
    query = flt.extra.get("match")
    if words and query is None:
        return _words_page(db, select, flt, after, limit, oldest_first)
    direction, beyond = ("ASC", ">") if oldest_first else ("DESC", "<")
    if by_reference:
        # Digit by digit, "2026-0" matches a year's worth: walk the unique
        # index of reference numbers instead of sorting them all by date.
        if after:
            clauses.append(f"k.reference {beyond} ?")
            params.append(after.reference)
        sql = select + "WHERE " + " AND ".join(clauses) + f" ORDER BY k.reference {direction}"
    elif query:
        # Drive the query from the FTS index in rowid order, so that the first
        # page of a common word costs no more than that of a rare one.
        if after:
            clauses.append(f"s.rowid {beyond} ?")
            params.append(after.id)
        sql = (select + "JOIN consultation_search s ON s.rowid = k.id "
               "WHERE consultation_search MATCH ? AND " + " AND ".join(clauses)
               + f" ORDER BY s.rowid {direction}")
        params = [query, *params]
    else:
        if after:
            # A row value, not "a < ? OR (a = ? AND id < ?)": SQLite turns it into
            # a range on the date index (1M rows, page 160: 176 -> 18 ms).
            clauses.append(f"(k.occurred_at, k.id) {beyond} (?, ?)")
            params += [after.occurred_at, after.id]
        sql = (select + "WHERE " + " AND ".join(clauses)
               + f" ORDER BY k.occurred_at {direction}, k.id {direction}")
    return _searching(db, flt.text, sql + " LIMIT ?", [*params, limit]).fetchall()


def _words_page(db: Reader, select: str, flt: RegisterFilter, after: Cursor | None,
                limit: int, oldest_first: bool) -> list[tuple]:
    """The page for typed words, as ``text_expression`` chooses them, with one MATCH
    evaluated when the words as typed find rows: the page itself says so, and only
    an empty page asks whether they match anything at all (its end, or typos).
    A keystroke's first page after a pause at 1M: 4.0 -> 2.5 ms p50, 12.5 -> 4.2 ms p95.
    """
    exact = match_expression(db, flt.text)
    if exact is not None:
        rows = _page_query(db, select, replace(flt, extra={**flt.extra, "match": exact}),
                           after, limit, oldest_first)
        if rows or _searching(db, flt.text, ANY_MATCH_SQL, [exact]).fetchone():
            return rows
    typos = match_expression(db, flt.text, typos=True)
    if typos is None:
        return []
    return _page_query(db, select, replace(flt, extra={**flt.extra, "match": typos}),
                       after, limit, oldest_first)


def _searching(db: Reader, text: str, sql: str, params: list) -> sqlite3.Cursor:
    """Run a register query; a MATCH the index refuses is the typed text's fault.

    Raises ``BureauError`` for SQLITE_ERROR (a query the FTS5 parser rejects);
    any other SQLite error (busy, full disk, damage) propagates as it is.
    """
    try:
        return db.execute(sql, params)
    except sqlite3.OperationalError as error:
        if text and sqlite_primary_code(error) == SQLITE_ERROR:
            raise BureauError(MSG_UNSEARCHABLE, text=text) from error
        raise


def list_consultations(db: Reader, flt: RegisterFilter | None = None,
                       *, after: Cursor | None = None, limit: int = PAGE_SIZE,
                       oldest_first: bool = False) -> list[ConsultationSummary]:
    """One page of the register, newest first (or oldest first).

    ``after`` is ``cursor_after`` of the previous page's last row.
    """
    rows = _page_query(db, _summary_sql(get_locale()), flt, after, limit, oldest_first)
    return [_to_summary(row) for row in rows]


def list_keys(db: Reader, flt: RegisterFilter | None = None,
              *, after: Cursor | None = None, limit: int = 20_000,
              oldest_first: bool = False) -> list[Cursor]:
    """Only the sort keys of a page, in register order: cheap enough to hold a
    million of them, so a view can scroll everywhere and read rows for what it shows."""
    rows = _page_query(db, "SELECT k.occurred_at, k.id, k.reference FROM consultations k ",
                       flt, after, limit, oldest_first)
    return [Cursor(*row) for row in rows]


def summaries(db: Reader, ids: list[int]) -> list[ConsultationSummary]:
    """The register rows of ``ids``, in the order given (deleted ones left out)."""
    if not ids:
        return []
    placeholders = ",".join("?" * len(ids))
    rows = db.execute(_summary_sql(get_locale()) + f"WHERE k.id IN ({placeholders}) "
                      "AND k.deleted_at IS NULL", ids).fetchall()
    by_id = {row[0]: _to_summary(row) for row in rows}
    return [by_id[i] for i in ids if i in by_id]


def cursor_after(summary: ConsultationSummary) -> Cursor:
    """The keyset cursor that continues the register after ``summary``'s row."""
    return Cursor(summary.occurred_at, summary.id, summary.reference)


def count_consultations(db: Reader, flt: RegisterFilter | None = None) -> int:
    """How many live consultations ``flt`` finds (all, without a filter)."""
    flt = flt or RegisterFilter()
    phone = phone_match(db, flt.text) if flt.text and not reference_prefix(flt.text) else None
    clauses, params = _where(flt, phone)
    if flt.text and not reference_prefix(flt.text) and not phone:
        query = text_expression(db, flt.text)
        if query is None:
            return 0
        sql = (
            "SELECT count(*) FROM consultations k JOIN consultation_search s ON s.rowid = k.id "
            "WHERE consultation_search MATCH ? AND " + " AND ".join(clauses)
        )
        params = [query, *params]
    else:
        sql = "SELECT count(*) FROM consultations k WHERE " + " AND ".join(clauses)
    return _searching(db, flt.text, sql, params).fetchone()[0]


def search(db: Reader, text: str, limit: int = 20) -> list[ConsultationSummary]:
    """Search over citizen name, reference number, question, answer, topic and service.

    Rows carrying the words as typed come first (newest first); if they are
    fewer than ``limit``, rows whose citizen's name is one typo from a typed
    word follow them.
    """
    found = list_consultations(db, RegisterFilter(text=text), limit=limit)
    if len(found) >= limit or reference_prefix(text):
        return found
    typos = match_expression(db, text, typos=True)
    if typos is None:
        return found
    seen = {row.id for row in found}
    more = list_consultations(db, RegisterFilter(text=text, extra={"match": typos}),
                              limit=limit + len(seen))
    return found + [row for row in more if row.id not in seen][:limit - len(found)]
