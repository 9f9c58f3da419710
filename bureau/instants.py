"""Stored instants: written in UTC with the offset explicit, shown in the desk's local time.

An instant (when a record was made or changed, an audit entry, a print) is
stored as ISO 8601 in UTC with "+00:00", so desks in different time zones,
and the repeated hour when summer time ends, never make two moments look
alike or out of order. People read it in their own local time. Values
written before (local wall time without an offset) cannot be converted
safely, as the writer's zone is unknown; they are read as local time.
Calendar dates a user enters (a consultation's date and time, a meeting's
day) are not instants and stay as typed.
"""

from __future__ import annotations

import datetime as dt


def now_utc_iso() -> str:
    """Now, e.g. "2026-11-30T04:26:01+00:00"."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def to_local(stored: str | dt.datetime) -> dt.datetime:
    """A stored instant as an aware datetime in the local zone (offset included).

    Raises ``ValueError`` for text that is not ISO 8601.
    """
    moment = dt.datetime.fromisoformat(stored) if isinstance(stored, str) else stored
    if moment.tzinfo is None:
        moment = moment.astimezone()  # an old local value: this zone's offset at that time
    return moment.astimezone()


def local_wall(stored: str | dt.datetime) -> dt.datetime:
    """The local wall-clock time of a stored instant, without tzinfo (for date formatting)."""
    return to_local(stored).replace(tzinfo=None)


def local_iso(stored: str | None) -> str:
    """"YYYY-MM-DD HH:MM" in local time ("" for none; the text itself if it is not a time)."""
    if not stored:
        return ""
    try:
        return local_wall(stored).isoformat(sep=" ", timespec="minutes")
    except ValueError:
        return stored


def local_day_start(day: dt.date) -> str:
    """The UTC instant (stored form) at which a local calendar day begins."""
    return dt.datetime.combine(day, dt.time()).astimezone().astimezone(dt.UTC).isoformat(
        timespec="seconds")
