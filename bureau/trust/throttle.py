"""A brake on guessing passwords: a growing wait after consecutive failed sign-ins.

The first ``FREE_FAILURES - 1`` mistakes cost nothing (a typo, caps lock);
from the ``FREE_FAILURES``-th consecutive failure on, the next attempt for that
login is refused until ``next_allowed_at``: 5 s, then 10, 20, 40 ... up to an
hour, so 20 guesses take about nine hours instead of half a minute. The count
lives in the database (``sign_in_throttle``), so starting the command line
or the desk again does not reset it; a successful sign-in does. Attempts are
refused, never slept on: the caller learns at once when to try again.
Times are UTC instants.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bureau.database.plain import Reader
from bureau.domain import BureauError
from bureau.i18n import format_time, ngettext

if TYPE_CHECKING:
    import sqlite_utils

FREE_FAILURES = 3
FIRST_DELAY_S = 5
MAX_DELAY_S = 3600


def delay_after(failures: int) -> int:
    """Seconds to wait after ``failures`` consecutive failures (0: none)."""
    if failures < FREE_FAILURES:
        return 0
    return min(FIRST_DELAY_S * 2 ** (failures - FREE_FAILURES), MAX_DELAY_S)


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class Throttle:
    login: str
    failures: int
    next_allowed_at: dt.datetime | None


class SignInDelayed(BureauError):
    """Too many failed sign-ins for this login: wait ``seconds`` (CLI exit 3)."""

    def __init__(self, login: str, seconds: int, until: dt.datetime) -> None:
        super().__init__("sign-in delayed", login=login)
        self.login, self.seconds, self.until = login, seconds, until

    def __str__(self) -> str:
        return ngettext(
            "Too many failed sign-ins for \u201c{login}\u201d: try again in {count} second "
            "(at {time}).",
            "Too many failed sign-ins for \u201c{login}\u201d: try again in {count} seconds "
            "(at {time}).", self.seconds).format(
            login=self.login, count=self.seconds,
            time=format_time(self.until.astimezone().replace(tzinfo=None), "medium"))


def _parse(text: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(text) if text else None


def state(db: Reader, login: str) -> Throttle:
    row = db.execute("SELECT failures, next_allowed_at FROM sign_in_throttle WHERE login = ?",
                     [login]).fetchone()
    return Throttle(login, row[0], _parse(row[1])) if row else Throttle(login, 0, None)


def check(db: Reader, login: str, now: dt.datetime) -> Throttle:
    """Raise ``SignInDelayed`` while ``login`` must wait; else its current count."""
    current = state(db, login)
    if current.next_allowed_at is not None and now < current.next_allowed_at:
        seconds = int((current.next_allowed_at - now).total_seconds() + 0.999)
        raise SignInDelayed(login, max(seconds, 1), current.next_allowed_at)
    return current


def record_failure(db: sqlite_utils.Database, login: str, now: dt.datetime) -> Throttle:
    """One more consecutive failure; the caller's transaction commits it."""
    failures = state(db, login).failures + 1
    wait = delay_after(failures)
    until = now + dt.timedelta(seconds=wait) if wait else None
    db.conn.execute(
        "INSERT INTO sign_in_throttle (login, failures, last_failed_at, next_allowed_at) "
        "VALUES (?, ?, ?, ?) ON CONFLICT(login) DO UPDATE SET failures = excluded.failures, "
        "last_failed_at = excluded.last_failed_at, next_allowed_at = excluded.next_allowed_at",
        [login, failures, now.isoformat(timespec="seconds"),
         until.isoformat(timespec="seconds") if until else None])
    return Throttle(login, failures, until)


def clear(db: sqlite_utils.Database, login: str) -> None:
    db.conn.execute("DELETE FROM sign_in_throttle WHERE login = ?", [login])


def delayed_logins(db: Reader) -> list[Throttle]:
    """Logins with failures since their last good sign-in, most failures first
    (for the coordinator: someone may be guessing)."""
    rows = db.execute("SELECT login, failures, next_allowed_at FROM sign_in_throttle "
                      "WHERE failures > 0 ORDER BY failures DESC, login").fetchall()
    return [Throttle(r[0], r[1], _parse(r[2])) for r in rows]
