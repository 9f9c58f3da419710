"""Opening the sealed register at an officer's sign-in, and sealing a register that
was kept in plain text before this version.

The first signals officer to sign in after the upgrade (or on a new database)
sets the register key up: it is wrapped for them and for a new recovery key,
shown once, and every plain revision is sealed in the same transaction. A
signal whose history does not verify is left as it is, so that ``check``
still shows it was altered; ``check`` also lists any signal left unsealed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlite_utils

from bureau.database.connection import write_transaction
from bureau.domain import Account, Role
from bureau.signals import sealing
from bureau.signals.register import GENESIS, REVISION_FIELDS, chain_verifies, revision_hash
from bureau.trust import keys


@dataclass
class Unlocked:
    """What an officer's sign-in did to the register."""

    officer: bool = False  # a signals officer signed in
    opened: bool = False  # the key is held in memory now
    recovery_key: str | None = None  # made now: show it once, for the mayor's safe
    sealed: list[str] = field(default_factory=list)  # numbers sealed now


def unsealed_numbers(db: sqlite_utils.Database) -> list[str]:
    """Numbers of signals with any revision stored in plain text."""
    return [row[0] for row in db.execute(
        "SELECT DISTINCT s.number FROM signals s JOIN signal_revisions r ON r.signal_id = s.id "
        "WHERE r.sealed = 0 ORDER BY s.number")]


def seal_register(db: sqlite_utils.Database, key: bytes) -> list[str]:
    """Seal every plain revision of each signal whose chain verifies and rebuild its chain
    over the ciphertext, inside the caller's transaction; returns the numbers sealed."""
    done = []
    for signal_id, number, count, head in db.execute(
            "SELECT id, number, revisions, head_hash FROM signals WHERE id IN "
            "(SELECT signal_id FROM signal_revisions WHERE sealed = 0) ORDER BY id").fetchall():
        if not chain_verifies(db, signal_id, number, count, head):
            continue
        prev = GENESIS
        rows = db.execute(f"SELECT id, revision, sealed, {', '.join(REVISION_FIELDS)} FROM "
                          "signal_revisions WHERE signal_id = ? ORDER BY revision", [signal_id]).fetchall()
        for row_id, revision, was_sealed, *stored in rows:
            values = dict(zip(REVISION_FIELDS, stored, strict=True))
            if not was_sealed:
                for name in sealing.SEALED_FIELDS:
                    values[name] = sealing.seal_value(key, number, revision, name, values[name] or "")
            digest = revision_hash(number, revision, values, prev, True)
            db.execute(
                "UPDATE signal_revisions SET " + ", ".join(f"{n} = ?" for n in sealing.SEALED_FIELDS)
                + ", sealed = 1, prev_hash = ?, hash = ? WHERE id = ?",
                [*(values[n] for n in sealing.SEALED_FIELDS), prev, digest, row_id])
            prev = digest
        db.execute("UPDATE signals SET head_hash = ? WHERE id = ?", [prev, signal_id])
        done.append(number)
    return done


def unlock_register(db: sqlite_utils.Database, account: Account, password: str) -> Unlocked:
    """At a signals officer's sign-in (password already verified): hold the register key
    in memory, setting it up first if nobody has, and seal what is still plain, in
    one transaction. Any key held before is forgotten first (another account signed
    in); other roles then hold none. An officer without access gets
    ``opened`` False (``keys.MSG_NO_GRANT``)."""
    keys.lock(db)  # whoever signed in before: their key leaves memory
    if account.role is not Role.SIGNALS_OFFICER or account.id is None:
        return Unlocked()
    # Freed pages are zeroed, so the plain text that sealing replaces does not stay
    # in the file (see the dump test).
    db.execute("PRAGMA secure_delete = ON")
    result = Unlocked(officer=True)
    with write_transaction(db):
        if keys.is_set_up(db):
            key = keys.open_for_officer(db, account, password)
        else:
            key, result.recovery_key = keys.set_up(db, account, password)
        if key is not None:
            result.opened = True
            result.sealed = seal_register(db, key)
    if result.sealed:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return result


def grant_with_recovery(db: sqlite_utils.Database, account: Account, recovery_text: str) -> Unlocked:
    """The recovery key grants the signed-in officer access (wrapped for their password)."""
    with write_transaction(db):
        key = keys.grant_by_recovery(db, account, recovery_text)
        sealed = seal_register(db, key)
    return Unlocked(officer=True, opened=True, sealed=sealed)
