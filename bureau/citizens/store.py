"""Citizens: creating, finding (also by Latin spelling and with small typos), reading."""

from __future__ import annotations

import sqlite_utils

from bureau.catalogue import CatalogueLookup
from bureau.citizens.identity import traits_conflict
from bureau.citizens.namewords import (
    MIN_TYPO_WORD,
    forget_words,
    indexed_words,
    name_words,
    neighbours,
    remember_words,
)
from bureau.citizens.phone_search import phone_match
from bureau.consultations.search_index import reindex_consultation
from bureau.database.connection import inserted_id, new_uuid, now_iso
from bureau.domain import AgeBand, BureauError, Citizen, CitizenInput, Gender, NotFound
from bureau.i18n import N_
from bureau.phones import search_keys
from bureau.textsearch import fold, fts_query, latin_forms, tokens
from bureau.trust import audit
from bureau.trust.access import Operation
from bureau.trust.accounts import Account
from bureau.trust.changes import Changes, core_operation

MSG_NO_CITIZEN = N_("No citizen with the number {id}.")
MSG_MERGE_SAME = N_("A person cannot be merged with themselves.")
MSG_ALREADY_MERGED = N_("The record {id} was already merged into another person.")

# What a merge may copy from the duplicate into blanks of the kept record.
_FILLABLE = ("phone", "email", "address", "settlement", "age_band", "gender",
             "consent_record_at", "consent_share_at", "consent_contact_at")

_CITIZEN_COLUMNS = (
    "c.id, c.uuid, c.full_name, c.phone, c.email, c.address, c.settlement, c.age_band, "
    "c.gender, c.anonymised_at, "
    "(SELECT max(occurred_at) FROM consultations k WHERE k.citizen_id = c.id AND k.deleted_at IS NULL), "
    "(SELECT count(*) FROM consultations k WHERE k.citizen_id = c.id AND k.deleted_at IS NULL)"
)


def _row_to_citizen(row: tuple) -> Citizen:
    return Citizen(
        id=row[0], uuid=row[1], full_name=row[2] or "", phone=row[3], email=row[4],
        address=row[5], settlement=row[6], age_band=AgeBand(row[7]), gender=Gender(row[8]),
        anonymised=row[9] is not None, last_visit=row[10], visits=row[11],
    )


def citizen_search_row(full_name: str, phone: str, email: str) -> tuple[str, str, str]:
    """(names, contact, latin) of citizen_search: the phone under its digits as typed,
    its last nine and its E.164 digits (bureau.phones), so every way of writing it matches."""
    keys = search_keys(phone)
    digits = keys[0] if keys else ""
    contact = " ".join(dict.fromkeys(
        part for part in (*keys, digits[-9:], fold(email)) if part))
    return fold(full_name), contact, latin_forms(full_name)


def index_citizen(db: sqlite_utils.Database, citizen_id: int) -> None:
    """Rewrite the person's search row (and typo index) from the stored record."""
    row = db.execute(
        "SELECT full_name, phone, email FROM citizens WHERE id = ? AND deleted_at IS NULL",
        [citizen_id],
    ).fetchone()
    old = db.execute("SELECT names, latin FROM citizen_search WHERE rowid = ?",
                     [citizen_id]).fetchone()
    db.conn.execute("DELETE FROM citizen_search WHERE rowid = ?", [citizen_id])
    if row and row[0]:
        db.conn.execute(
            "INSERT INTO citizen_search (rowid, names, contact, latin) VALUES (?, ?, ?, ?)",
            [citizen_id, *citizen_search_row(row[0], row[1], row[2])],
        )
        remember_words(db, name_words(row[0]))
    if old:
        forget_words(db, indexed_words(*old))


def insert_citizen(db: sqlite_utils.Database, citizen: CitizenInput, *, consent_record: bool,
                   consent_share: bool = False, consent_contact: bool = False,
                   stamp: str | None = None, consent_at: str | None = None) -> int:
    """Insert inside the caller's transaction; returns the new id.

    ``consent_at`` dates the consents given (the consultation's time: an
    imported journal's consents were given then, not at the import);
    default ``stamp``, the moment of saving.
    """
    stamp = stamp or now_iso()
    given = consent_at or stamp
    cursor = db.conn.execute(
        "INSERT INTO citizens (uuid, full_name, phone, email, address, settlement, age_band, "
        "gender, consent_record_at, consent_share_at, consent_contact_at, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            new_uuid(), citizen.full_name, citizen.phone, citizen.email, citizen.address,
            citizen.settlement, citizen.age_band.value, citizen.gender.value,
            given if consent_record else None, given if consent_share else None,
            given if consent_contact else None, stamp, stamp,
        ],
    )
    citizen_id = inserted_id(cursor)
    db.conn.execute(
        "INSERT INTO citizen_search (rowid, names, contact, latin) VALUES (?, ?, ?, ?)",
        [citizen_id, *citizen_search_row(citizen.full_name, citizen.phone, citizen.email)],
    )
    remember_words(db, name_words(citizen.full_name))
    return citizen_id


def get_citizen(db: sqlite_utils.Database, citizen_id: int) -> Citizen:
    """The person with id ``citizen_id``, with their last visit and visit count; raises
    ``NotFound`` for an unknown or deleted one.
    """
    row = db.execute(
        f"SELECT {_CITIZEN_COLUMNS} FROM citizens c WHERE c.id = ? AND c.deleted_at IS NULL",
        [citizen_id],
    ).fetchone()
    if row is None:
        raise NotFound(MSG_NO_CITIZEN, id=citizen_id)
    return _row_to_citizen(row)


def find_citizens(db: sqlite_utils.Database, text: str, limit: int = 10, *,
                  age_band: AgeBand | str | None = None,
                  gender: Gender | str | None = None) -> list[Citizen]:
    """Likely matches for a name (or phone, e-mail) as it is typed, best first.

    Prefix matches in Cyrillic or Latin come first, most recent visitors first;
    if there are few, names within a small typo distance are added. People
    whose stated age band or gender conflicts with ``age_band``/``gender``
    (what the volunteer has chosen) are left out: same name, different person
    (bureau.citizens.identity).
    """
    query = phone_match(db, text) or fts_query(text)
    if not query:
        return []
    ids = [
        row[0]
        for row in db.execute(
            "SELECT rowid FROM citizen_search WHERE citizen_search MATCH ? "
            "ORDER BY rowid DESC LIMIT ?",
            [query, limit * 5],
        ).fetchall()
    ]
    if len(ids) < limit:
        ids += [cid for cid in _fuzzy_ids(db, text, limit) if cid not in ids]
    if not ids:
        return []
    placeholders = ",".join("?" * len(ids))
    rows = db.execute(
        f"SELECT {_CITIZEN_COLUMNS} FROM citizens c WHERE c.id IN ({placeholders}) "
        "AND c.deleted_at IS NULL AND c.merged_into_id IS NULL",
        ids,
    ).fetchall()
    found = {row[0]: _row_to_citizen(row) for row in rows}
    exact = [found[cid] for cid in ids if cid in found
             and not traits_conflict(found[cid].age_band, found[cid].gender, age_band, gender)]
    return exact[:limit]


def _fuzzy_ids(db: sqlite_utils.Database, text: str, limit: int) -> list[int]:
    """Citizens whose name is one typo from each typed word (bureau.citizens.namewords)."""
    words = tokens(text)
    parts = []
    for word in words:
        near = neighbours(db, word)
        if near:
            parts.append("(" + " OR ".join(f'"{w}"' for w in near) + ")")
        else:
            parts.append(f'"{word}"*')
    if not any(len(word) >= MIN_TYPO_WORD for word in words) or len(parts) != len(words):
        return []
    return [row[0] for row in db.execute(
        "SELECT rowid FROM citizen_search WHERE citizen_search MATCH ? ORDER BY rowid DESC LIMIT ?",
        [" AND ".join(parts), limit])]


def recent_citizens(db: sqlite_utils.Database, limit: int = 50) -> list[Citizen]:
    """The most recently registered people, for a citizens list with nothing typed yet."""
    rows = db.execute(
        f"SELECT {_CITIZEN_COLUMNS} FROM citizens c "
        "WHERE c.deleted_at IS NULL AND c.merged_into_id IS NULL AND c.full_name IS NOT NULL "
        "ORDER BY c.id DESC LIMIT ?",
        [limit],
    ).fetchall()
    return [_row_to_citizen(row) for row in rows]


def merge_citizens(db: sqlite_utils.Database, keep_id: int, merge_id: int, *,
                   by: Account) -> Changes[None]:
    """Fold a duplicate record into the one to keep; ``count``: how many visits moved.

    A core operation: ``by`` needs ``MERGE_CITIZENS`` (``PermissionDenied``
    otherwise, nothing read), and the merge is audited in the same transaction.

    One transaction: the duplicate's consultations move to the kept person,
    the duplicate points at it (``merged_into_id``, kept for the audit trail
    and for records from other desks that still name it) and leaves citizen
    search; blanks of the kept record (phone, e-mail, settlement, age band,
    gender, consent dates) are filled from the duplicate, never overwritten.

    Raises ``BureauError`` when both ids are the same person or the duplicate was
    already merged, ``NotFound`` for an unknown id, ``PermissionDenied`` as above.
    """
    if keep_id == merge_id:
        raise BureauError(MSG_MERGE_SAME)
    stamp = now_iso()
    with core_operation(db, by, Operation.MERGE_CITIZENS):
        # Read under the write lock: another desk may be merging the same people.
        keep = _merge_row(db, keep_id)
        duplicate = _merge_row(db, merge_id)
        moved = db.conn.execute(
            "SELECT id, deleted_at FROM consultations WHERE citizen_id = ?", [merge_id]
        ).fetchall()
        db.conn.execute(
            "UPDATE consultations SET citizen_id = ?, updated_at = ? WHERE citizen_id = ?",
            [keep_id, stamp, merge_id],
        )
        fills = {
            column: duplicate[column]
            for column in _FILLABLE
            if _is_blank(column, keep[column]) and not _is_blank(column, duplicate[column])
        }
        sets = "".join(f", {column} = ?" for column in fills)
        db.conn.execute(
            f"UPDATE citizens SET updated_at = ?{sets} WHERE id = ?",
            [stamp, *fills.values(), keep_id],
        )
        # Earlier merges into the duplicate now point at the survivor, so no chain dangles.
        db.conn.execute(
            "UPDATE citizens SET merged_into_id = ?, updated_at = ? "
            "WHERE id = ? OR merged_into_id = ?",
            [keep_id, stamp, merge_id, merge_id],
        )
        gone = db.execute("SELECT names, latin FROM citizen_search WHERE rowid = ?",
                          [merge_id]).fetchone()
        db.conn.execute("DELETE FROM citizen_search WHERE rowid = ?", [merge_id])
        index_citizen(db, keep_id)
        if gone:
            forget_words(db, indexed_words(*gone))
        # Soft-deleted visits left the search index for good; they stay out.
        _reindex_consultations(db, [cid for cid, deleted_at in moved if deleted_at is None])
        audit.record(db, audit.Action.MERGE, "citizen", merge_id, actor_id=by.id,
                     detail=f"into {keep_id}; visits={len(moved)}")
    return Changes(citizens=True, consultations=True, count=len(moved))


def _reindex_consultations(db: sqlite_utils.Database, ids: list[int]) -> None:
    """Rewrite the search rows of moved visits: they now carry the kept person's name."""
    lookup = CatalogueLookup(db) if ids else None
    for consultation_id in ids:
        reindex_consultation(db, consultation_id, lookup)


def _is_blank(column: str, value: object) -> bool:
    return value in (None, "") or (column in ("age_band", "gender") and value == "unknown")


def _merge_row(db: sqlite_utils.Database, citizen_id: int) -> dict:
    row = db.execute(
        f"SELECT merged_into_id, {', '.join(_FILLABLE)} FROM citizens "
        "WHERE id = ? AND deleted_at IS NULL",
        [citizen_id],
    ).fetchone()
    if row is None:
        raise NotFound(MSG_NO_CITIZEN, id=citizen_id)
    if row[0] is not None:
        raise BureauError(MSG_ALREADY_MERGED, id=citizen_id)
    return dict(zip(_FILLABLE, row[1:], strict=True))
