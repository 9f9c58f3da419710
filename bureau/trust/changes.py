"""What a core operation changed, and the frame every core operation runs in.

In the spirit of Anki's collection operations returning ``OpChanges``: a core
operation takes the acting account, checks it against the role table, does its
work and writes its audit entry in one transaction, and returns ``Changes``,
from which the desk refreshes exactly the pages concerned.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Generic, TypeVar

import sqlite_utils

from bureau.database.connection import write_transaction
from bureau.domain import Account
from bureau.trust.access import Operation, require

T = TypeVar("T")


@dataclass(frozen=True)
class Changes(Generic[T]):
    """Which kinds of records an operation changed; ``count`` and ``value`` carry its
    answer (how many visits moved, the referral as it now stands...)."""

    consultations: bool = False
    citizens: bool = False
    events: bool = False
    referrals: bool = False
    signals: bool = False
    catalogue: bool = False
    settings: bool = False
    advisors: bool = False
    count: int = 0
    value: T | None = None

    def answer(self) -> T:
        """``value``, for an operation that always gives one; ``LookupError`` if it did not
        (a programming error, never the user's)."""
        if self.value is None:
            raise LookupError("this operation gave no value")
        return self.value


@contextmanager
def core_operation(db: sqlite_utils.Database, by: Account,
                   operation: Operation) -> Iterator[sqlite_utils.Database]:
    """Check ``by`` against the table, then one write transaction (BEGIN IMMEDIATE).

    Raises ``PermissionDenied`` before anything is read or written; any error
    inside rolls back everything, the audit entry included.
    """
    require(by, operation)
    with write_transaction(db):
        yield db
