"""The confidential register of corruption and abuse signals: revision chain.

A signal is never altered in place. Each change appends a revision whose hash
covers its own fields and the previous revision's hash; the signal row keeps
the count and the newest hash. Editing, deleting or reordering revisions with
a database tool outside the app therefore breaks the chain, and
``bureau-cli check`` reports which signals were touched. Once the register
has a key, the identifying fields are stored sealed (``bureau.signals.sealing``)
and the hash covers the ciphertext.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from bureau.database.connection import inserted_id, new_uuid, now_iso, write_transaction
from bureau.domain import NotFound, Role, SignalChannel, SignalStatus
from bureau.i18n import N_
from bureau.signals import sealing
from bureau.trust import audit
from bureau.trust.access import Permission, require
from bureau.trust.accounts import Account
from bureau.trust.changes import Changes, core_operation
from bureau.validation import validate_signal

REVISION_FIELDS = (
    "received_on", "channel", "anonymous", "submitter_name", "submitter_contact", "unit_id",
    "area_id", "description", "forwarded_to", "actions_taken", "status", "deadline",
    "changed_by", "changed_at",
)
GENESIS = "0" * 64


def revision_hash(signal_number: str, revision: int, fields: dict[str, Any], prev_hash: str,
                  sealed: bool = False) -> str:
    """SHA-256 (hex) of one revision's stored fields (ciphertext when ``sealed``) with the
    previous revision's hash, canonical JSON: an altered or removed revision breaks the
    chain (``verify_chains``). A plain revision hashes as before sealing existed.
    """
    payload = {"signal": signal_number, "revision": revision, "prev": prev_hash,
               **{name: fields.get(name) for name in REVISION_FIELDS}}
    if sealed:
        payload["sealed"] = 1
    canonical = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def next_signal_number(db: sqlite_utils.Database, year: int) -> str:
    """The next free number of ``year``: ``SG-2026-0001``; call inside the saving
    transaction.
    """
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
    sealed = sealing.seal_fields(db, number, revision, values)
    digest = revision_hash(number, revision, values, prev_hash, sealed)
    columns = ["signal_id", "revision", *REVISION_FIELDS, "sealed", "prev_hash", "hash"]
    db.conn.execute(
        f"INSERT INTO signal_revisions ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
        [signal_id, revision, *values.values(), int(sealed), prev_hash, digest],
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
        append_revision(db, inserted_id(cursor), {**fields, "changed_at": stamp})
    return inserted_id(cursor), number


def chain_verifies(db: sqlite_utils.Database, signal_id: int, number: str, count: int,
                   head: str) -> bool:
    """Whether one signal's revisions are all there, in order, each hash right."""
    prev = GENESIS
    rows = db.execute(
        f"SELECT revision, prev_hash, hash, sealed, {', '.join(REVISION_FIELDS)} "
        "FROM signal_revisions WHERE signal_id = ? ORDER BY revision",
        [signal_id],
    ).fetchall()
    if len(rows) != count or [row[0] for row in rows] != list(range(1, count + 1)):
        return False
    for row in rows:
        fields = dict(zip(REVISION_FIELDS, row[4:], strict=True))
        if row[1] != prev or revision_hash(number, row[0], fields, prev, bool(row[3])) != row[2]:
            return False
        prev = row[2]
    return not rows or prev == head


def verify_chains(db: sqlite_utils.Database) -> list[str]:
    """Numbers of signals whose revision history does not verify."""
    signals = db.execute("SELECT id, number, revisions, head_hash FROM signals").fetchall()
    return [number for signal_id, number, count, head in signals
            if not chain_verifies(db, signal_id, number, count, head)]


# --- the register as the signals officer uses it --------------------------------

MSG_NO_SIGNAL = N_("No signal with the number {number}.")
EDITABLE = ("received_on", "channel", "anonymous", "submitter_name", "submitter_contact", "unit",
            "area", "description", "forwarded_to", "actions_taken", "status", "deadline")


@dataclass
class Signal:
    id: int
    number: str
    revision: int
    received_on: str
    channel: SignalChannel
    anonymous: bool
    submitter_name: str
    submitter_contact: str
    unit: str | None  # code
    area: str | None  # code
    description: str
    forwarded_to: str
    actions_taken: str
    status: SignalStatus
    deadline: str | None
    changed_by: int | None
    changed_at: str

    def as_raw(self) -> dict:
        return {name: getattr(self, name) for name in EDITABLE}


_SIGNAL_SELECT = """
SELECT s.id, s.number, r.revision, r.received_on, r.channel, r.anonymous, r.submitter_name,
       r.submitter_contact, u.code, a.code, r.description, r.forwarded_to, r.actions_taken,
       r.status, r.deadline, r.changed_by, r.changed_at, r.sealed
FROM signals s
JOIN signal_revisions r ON r.signal_id = s.id
LEFT JOIN signal_units u ON u.id = r.unit_id
LEFT JOIN activity_areas a ON a.id = r.area_id
WHERE s.deleted_at IS NULL
"""
_LATEST = " AND r.revision = s.revisions"


_ROW_SEALED = {"submitter_name": 6, "submitter_contact": 7, "description": 10,
               "forwarded_to": 11, "actions_taken": 12}


def _to_signal(db: sqlite_utils.Database, row: tuple) -> Signal:
    if row[17]:  # sealed: opened in memory only (``RegisterLocked`` without the key)
        opened = sealing.open_fields(db, row[1], row[2],
                                     {name: row[at] for name, at in _ROW_SEALED.items()})
        values = list(row)
        for name, at in _ROW_SEALED.items():
            values[at] = opened[name]
        row = tuple(values)
    return Signal(row[0], row[1], row[2], row[3], SignalChannel(row[4]), bool(row[5]), row[6],
                  row[7], row[8], row[9], row[10], row[11], row[12], SignalStatus(row[13]),
                  row[14], row[15], row[16])


def _codes(db: sqlite_utils.Database, table: str) -> dict[str, int]:
    return dict(db.execute(f"SELECT code, id FROM {table} WHERE deleted_at IS NULL").fetchall())


def _stored_fields(db: sqlite_utils.Database, raw: dict, changed_by: int | None) -> dict:
    units, areas = _codes(db, "signal_units"), _codes(db, "activity_areas")
    fields = validate_signal(raw, units=set(units), areas=set(areas))
    fields["unit_id"] = units.get(fields.pop("unit") or "")
    fields["area_id"] = areas.get(fields.pop("area") or "")
    fields["changed_by"] = changed_by
    fields["changed_at"] = now_iso()
    return fields


def register_signal(db: sqlite_utils.Database, raw: dict, *, by: Account) -> Changes[Signal]:
    """Enter a new signal as ``by`` (``WRITE_SIGNALS``); audited with the signal's id only,
    in the same transaction. ``value`` is the signal as registered.

    Raises ``PermissionDenied`` before anything is read or written, and
    ``ValidationError`` (bureau.validation) for a field the register refuses.
    """
    with core_operation(db, by, Permission.WRITE_SIGNALS):
        fields = _stored_fields(db, raw, by.id)
        signal_id, _number = create_signal(db, fields)
        audit.record(db, audit.Action.CREATE, "signal", signal_id, actor_id=by.id)
    return Changes(signals=True, value=get_signal(db, signal_id, role=by))


def update_signal(db: sqlite_utils.Database, signal_id: int, changes: dict, *,
                  by: Account) -> Changes[Signal]:
    """A change is a new revision with every field; the old ones stay as they were.

    ``changes`` maps field names (as ``Signal.as_raw``) to new values; the
    rest are carried over from the newest revision, read inside the same write
    transaction so that a change made meanwhile elsewhere (the desk and the
    command line share the file) is never overwritten by older values.
    Raises ``PermissionDenied``, ``NotFound`` or ``ValidationError``.
    """
    with core_operation(db, by, Permission.WRITE_SIGNALS):
        current = get_signal(db, signal_id, role=by)
        fields = _stored_fields(db, {**current.as_raw(), **changes}, by.id)
        revision = append_revision(db, signal_id, fields)
        audit.record(db, audit.Action.UPDATE, "signal", signal_id, actor_id=by.id,
                     detail=f"revision={revision}")
    return Changes(signals=True, value=get_signal(db, signal_id, role=by))


def get_signal(db: sqlite_utils.Database, key: int | str, *, role: Role | Account | None) -> Signal:
    """Raises ``NotFound`` for an unknown number or id, ``PermissionDenied`` for a role that
    may not read the register.
    """
    require(role, Permission.READ_SIGNALS)
    column = "s.number" if isinstance(key, str) else "s.id"
    row = db.execute(_SIGNAL_SELECT + _LATEST + f" AND {column} = ?", [key]).fetchone()
    if row is None:
        raise NotFound(MSG_NO_SIGNAL, number=key)
    return _to_signal(db, row)


def list_signals(db: sqlite_utils.Database, *, role: Role | Account | None,
                 status: SignalStatus | None = None) -> list[Signal]:
    """Every signal as its latest revision, newest first, optionally of one ``status``.
    Raises ``PermissionDenied`` for a role that may not read the register.
    """
    require(role, Permission.READ_SIGNALS)
    sql, params = _SIGNAL_SELECT + _LATEST, []
    if status is not None:
        sql += " AND r.status = ?"
        params.append(status.value)
    return [_to_signal(db, row) for row in db.execute(sql + " ORDER BY s.id DESC", params)]


def signal_history(db: sqlite_utils.Database, signal_id: int, *,
                   role: Role | Account | None) -> list[tuple[Signal, list[str]]]:
    """Every revision, oldest first, with the names of the fields it changed."""
    require(role, Permission.READ_SIGNALS)
    revisions = [_to_signal(db, row) for row in db.execute(
        _SIGNAL_SELECT + " AND s.id = ? ORDER BY r.revision", [signal_id])]
    history, previous = [], None
    for revision in revisions:
        changed = [name for name in EDITABLE
                   if previous is None or getattr(previous, name) != getattr(revision, name)]
        history.append((revision, changed))
        previous = revision
    return history


def count_signals(db: sqlite_utils.Database) -> int:
    """How many signals the register holds (a figure for the officer's page and checks,
    not for other readers: see ``bureau.trust.access``)."""
    return db.execute("SELECT count(*) FROM signals WHERE deleted_at IS NULL").fetchone()[0]
