"""The consultation search index: one row per live consultation, rewritten on each change.

The row holds the citizen's name (folded, and in Latin letters), the texts
and the topic names in every language, so a search in either language or
alphabet finds the record. It is written inside the saving transaction
(``bureau.consultations.store``) and rewritten when a person's name changes
(a merge, an erasure). This module reads the consultation's columns itself,
so the citizens' store can call it without importing the consultations' store.
"""

from __future__ import annotations

import sqlite_utils

from bureau.catalogue import CatalogueLookup
from bureau.consultations.search_words import add_words, drop_unused_words, indexed_row, row_words
from bureau.domain import IssueEntry, NotFound
from bureau.i18n import N_
from bureau.textsearch import fold, latin_forms

MSG_NO_CONSULTATION = N_("No consultation with the reference number {reference}.")


def consultation_search_row(
    reference: str, citizen_name: str | None, settlement: str, topics: str, question: str,
    answer: str, next_steps: str, external_ref: str,
) -> tuple[str, str, str, str]:
    """The index row's (reference, names, body, latin) columns, folded for search."""
    names = fold(citizen_name or "")
    body = fold(" ".join((question, answer, next_steps, topics, settlement, external_ref)))
    return reference, names, body, latin_forms(citizen_name)


def topics_text(lookup: CatalogueLookup, issues: list[IssueEntry]) -> str:
    """Topic and service names in every language, so either finds the record."""
    parts = []
    for issue in issues:
        for entry in (lookup.categories.get(issue.category_code), lookup.services.get(issue.service_code or "")):
            if entry:
                parts += [entry.name_bg, entry.name_ru, entry.name_en]
    return " ".join(parts)


def stored_issues(db: sqlite_utils.Database, consultation_id: int) -> list[IssueEntry]:
    """The consultation's topics and services, in the order they were entered."""
    return [
        IssueEntry(code, service)
        for code, service in db.execute(
            "SELECT c.code, s.code FROM consultation_issues i "
            "JOIN categories c ON c.id = i.category_id "
            "LEFT JOIN services s ON s.id = i.service_id "
            "WHERE i.consultation_id = ? ORDER BY i.position",
            [consultation_id],
        ).fetchall()
    ]


def citizen_index_fields(db: sqlite_utils.Database, citizen_id: int | None) -> tuple[str | None, str]:
    """The person's (name, settlement) as the index holds them; (None, "") for none."""
    if citizen_id is None:
        return None, ""
    row = db.conn.execute(
        "SELECT full_name, settlement FROM citizens WHERE id = ?", [citizen_id]
    ).fetchone()
    return (row[0], row[1]) if row else (None, "")


def index_consultation(db: sqlite_utils.Database, consultation_id: int,
                       row: tuple[str, str, str, str]) -> None:
    """Replace the consultation's index row and keep the index's word table exact
    (``search_words``); call inside the writing transaction."""
    old = indexed_row(db, consultation_id)
    old_words = row_words(db, old) if old else set()
    new_words = row_words(db, row)
    db.conn.execute("DELETE FROM consultation_search WHERE rowid = ?", [consultation_id])
    db.conn.execute(
        "INSERT INTO consultation_search (rowid, reference, names, body, latin) VALUES (?, ?, ?, ?, ?)",
        [consultation_id, *row],
    )
    add_words(db, new_words - old_words)
    drop_unused_words(db, old_words - new_words)


def unindex_consultation(db: sqlite_utils.Database, consultation_id: int) -> None:
    """Take the consultation out of the search index (deleted, erased) with the words
    no other row holds; call inside the writing transaction."""
    old = indexed_row(db, consultation_id)
    db.conn.execute("DELETE FROM consultation_search WHERE rowid = ?", [consultation_id])
    if old:
        drop_unused_words(db, row_words(db, old))


def reindex_consultation(db: sqlite_utils.Database, consultation_id: int,
                         lookup: CatalogueLookup | None = None) -> None:
    """Rewrite one search row from the stored record (a name changed, a person merged).

    Raises ``NotFound`` for an unknown or deleted consultation.
    """
    lookup = lookup or CatalogueLookup(db)
    row = db.execute(
        "SELECT reference, citizen_id, question, answer, next_steps, external_ref "
        "FROM consultations WHERE id = ? AND deleted_at IS NULL",
        [consultation_id],
    ).fetchone()
    if row is None:
        raise NotFound(MSG_NO_CONSULTATION, reference=consultation_id)
    reference, citizen_id, question, answer, next_steps, external_ref = row
    name, settlement = citizen_index_fields(db, citizen_id)
    index_consultation(db, consultation_id, consultation_search_row(
        reference, name, settlement, topics_text(lookup, stored_issues(db, consultation_id)),
        question, answer, next_steps, external_ref,
    ))
