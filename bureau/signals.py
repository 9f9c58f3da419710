"""The confidential register of corruption and abuse signals: revision chain.

A signal is never altered in place. Each change appends a revision whose hash
covers its own fields and the previous revision's hash; the signal row keeps
the count and the newest hash. Editing, deleting or reordering revisions with
a database tool outside the app therefore breaks the chain, and
``bureau-cli check`` reports which signals were touched.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import sqlite_utils

from bureau.storage.database import new_uuid, now_iso, write_transaction

REVISION_FIELDS = (
    "received_on", "channel", "anonymous", "submitter_name", "submitter_contact", "unit_id",
    "area_id", "description", "forwarded_to", "actions_taken", "status", "deadline",
    "changed_by", "changed_at",
)
GENESIS = "0" * 64


def revision_hash(signal_number: str, revision: int, fields: dict[str, Any], prev_hash: str) -> str:
    payload = {"signal": signal_number, "revision": revision, "prev": prev_hash,
               **{name: fields.get(name) for name in REVISION_FIELDS}}
    canonical = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def next_signal_number(db: sqlite_utils.Database, year: int) -> str:
    prefix = f"SG-{year}-"
    row = db.conn.execute(
        "SELECT max(CAST(substr(number, ?) AS INTEGER)) FROM signals WHERE number LIKE ?",
        [len(prefix) + 1, prefix + "%"],
    ).fetchone()
    return f"{prefix}{(row[0] or 0) + 1:04d}"


def append_revision(db: sqlite_utils.Database, signal_id: int, fields: dict[str, Any]) -> int:
    """Add a revision inside the caller's transaction; returns its number."""
    number, count, head = db.conn.execute(
        "SELECT number, revisions, head_hash FROM signals WHERE id = ?", [signal_id]
    ).fetchone()
    revision = count + 1
    values = {name: fields.get(name) for name in REVISION_FIELDS}
    values["changed_at"] = values["changed_at"] or now_iso()
    prev_hash = head or GENESIS
    digest = revision_hash(number, revision, values, prev_hash)
    columns = ["signal_id", "revision", *REVISION_FIELDS, "prev_hash", "hash"]
    db.conn.execute(
        f"INSERT INTO signal_revisions ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
        [signal_id, revision, *values.values(), prev_hash, digest],
    )
    db.conn.execute(
        "UPDATE signals SET revisions = ?, head_hash = ?, updated_at = ? WHERE id = ?",
        [revision, digest, values["changed_at"], signal_id],
    )
    return revision


def create_signal(db: sqlite_utils.Database, fields: dict[str, Any]) -> tuple[int, str]:
    """Register a new signal with its first revision; returns (id, number)."""
    stamp = fields.get("changed_at") or now_iso()
    with write_transaction(db):
        number = next_signal_number(db, int(str(fields["received_on"])[:4]))
        cursor = db.conn.execute(
            "INSERT INTO signals (number, uuid, created_at, updated_at) VALUES (?, ?, ?, ?)",
            [number, new_uuid(), stamp, stamp],
        )
        append_revision(db, cursor.lastrowid, {**fields, "changed_at": stamp})
    return cursor.lastrowid, number


def verify_chains(db: sqlite_utils.Database) -> list[str]:
    """Numbers of signals whose revision history does not verify."""
    broken: list[str] = []
    signals = db.execute("SELECT id, number, revisions, head_hash FROM signals").fetchall()
    for signal_id, number, count, head in signals:
        prev = GENESIS
        rows = db.execute(
            f"SELECT revision, prev_hash, hash, {', '.join(REVISION_FIELDS)} FROM signal_revisions "
            "WHERE signal_id = ? ORDER BY revision",
            [signal_id],
        ).fetchall()
        ok = len(rows) == count and [row[0] for row in rows] == list(range(1, count + 1))
        for row in rows if ok else []:
            fields = dict(zip(REVISION_FIELDS, row[3:], strict=True))
            if row[1] != prev or revision_hash(number, row[0], fields, prev) != row[2]:
                ok = False
                break
            prev = row[2]
        if not ok or (rows and prev != head):
            broken.append(number)
    return broken
