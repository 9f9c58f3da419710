"""Events: open-door meetings, information campaigns, trainings, public discussions.

The desk records them through the core operations ``record_event``,
``edit_event`` and ``remove_event`` (role checked, audited, one transaction);
``add_event``, ``update_event`` and ``delete_event`` are their store steps.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlite_utils

from bureau.database.connection import inserted_id, new_uuid, now_iso
from bureau.domain import Account, EventKind, NotFound
from bureau.i18n import N_
from bureau.trust import audit
from bureau.trust.access import Operation
from bureau.trust.changes import Changes, core_operation
from bureau.validation import validate_event

MSG_NO_EVENT = N_("No event with the number {number}.")


@dataclass
class Event:
    id: int
    kind: EventKind
    held_on: dt.date
    title: str
    participants: int
    notes: str


def _to_event(row: tuple) -> Event:
    return Event(row[0], EventKind(row[1]), dt.date.fromisoformat(row[2]), row[3], row[4], row[5])


def add_event(db: sqlite_utils.Database, raw: dict) -> Event:
    """Validate (``validate_event``) and store an event; returns it. Raises
    ``ValidationError``.
    """
    fields = validate_event(raw)
    stamp = now_iso()
    cursor = db.execute(
        "INSERT INTO events (uuid, kind, held_on, title, participants, notes, created_at, "
        "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [new_uuid(), fields["kind"], fields["held_on"], fields["title"], fields["participants"],
         fields["notes"], stamp, stamp])
    return get_event(db, inserted_id(cursor))


def update_event(db: sqlite_utils.Database, event_id: int, raw: dict) -> Event:
    """Replace an event's fields; returns it. Raises ``NotFound`` for an unknown event,
    ``ValidationError``.
    """
    get_event(db, event_id)
    fields = validate_event(raw)
    db.execute(
        "UPDATE events SET kind = ?, held_on = ?, title = ?, participants = ?, notes = ?, "
        "updated_at = ? WHERE id = ?",
        [fields["kind"], fields["held_on"], fields["title"], fields["participants"],
         fields["notes"], now_iso(), event_id])
    return get_event(db, event_id)


def delete_event(db: sqlite_utils.Database, event_id: int) -> None:
    """Soft deletion: the event leaves the lists and the report."""
    db.execute("UPDATE events SET deleted_at = ?, updated_at = ? WHERE id = ?",
               [now_iso(), now_iso(), event_id])


def record_event(db: sqlite_utils.Database, raw: dict, *, by: Account) -> Changes[Event]:
    """A core operation: ``add_event`` by ``by`` (``RECORD_CONSULTATIONS``), audited, in one
    transaction; ``value`` is the stored event. Raises ``PermissionDenied`` (nothing
    written), ``ValidationError``.
    """
    with core_operation(db, by, Operation.RECORD_CONSULTATIONS):
        event = add_event(db, raw)
        audit.record(db, audit.Action.CREATE, "event", event.id, actor_id=by.id)
    return Changes(events=True, value=event)


def edit_event(db: sqlite_utils.Database, event_id: int, raw: dict, *,
               by: Account) -> Changes[Event]:
    """A core operation: ``update_event`` by ``by``, audited, in one transaction.
    Raises ``PermissionDenied``, ``NotFound``, ``ValidationError`` (nothing written).
    """
    with core_operation(db, by, Operation.RECORD_CONSULTATIONS):
        event = update_event(db, event_id, raw)
        audit.record(db, audit.Action.UPDATE, "event", event_id, actor_id=by.id)
    return Changes(events=True, value=event)


def remove_event(db: sqlite_utils.Database, event_id: int, *, by: Account) -> Changes[None]:
    """A core operation: ``delete_event`` by ``by``, audited, in one transaction.
    Raises ``PermissionDenied``, ``NotFound`` for an unknown or deleted event.
    """
    with core_operation(db, by, Operation.RECORD_CONSULTATIONS):
        get_event(db, event_id)
        delete_event(db, event_id)
        audit.record(db, audit.Action.DELETE, "event", event_id, actor_id=by.id)
    return Changes(events=True, count=1)


def get_event(db: sqlite_utils.Database, event_id: int) -> Event:
    """The event with id ``event_id``; raises ``NotFound`` for an unknown or deleted one."""
    row = db.execute("SELECT id, kind, held_on, title, participants, notes FROM events "
                     "WHERE id = ? AND deleted_at IS NULL", [event_id]).fetchone()
    if row is None:
        raise NotFound(MSG_NO_EVENT, number=event_id)
    return _to_event(row)


def list_events(db: sqlite_utils.Database, date_from: dt.date | None = None,
                date_to: dt.date | None = None) -> list[Event]:
    """Live events from ``date_from`` to ``date_to`` (both included, either open), the
    latest first.
    """
    rows = db.execute(
        "SELECT id, kind, held_on, title, participants, notes FROM events "
        "WHERE deleted_at IS NULL AND held_on >= ? AND held_on <= ? ORDER BY held_on DESC",
        [(date_from or dt.date.min).isoformat(), (date_to or dt.date.max).isoformat()])
    return [_to_event(row) for row in rows]
