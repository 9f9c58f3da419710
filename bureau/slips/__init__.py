"""Consultation slips: the paper (or PDF) a citizen leaves the bureau with.

    slip = build_slip(db, "2026-000123", locale="ru", fmt="receipt")  # slip.pdf: bytes

The slip is in the language asked for, whatever the UI speaks; its format
defaults to the bureau's ``slip_format`` setting. Handing a slip out is
recorded with ``record_slip_print``, so reprints can be accounted for.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from bureau.database.settings import get_setting
from bureau.files import atomic_output
from bureau.i18n import use_locale
from bureau.slips.formats import GEOMETRY, SlipFormat
from bureau.slips.prints import SlipPrint, record_slip_print, slip_prints

__all__ = [
    "GEOMETRY", "Slip", "SlipFormat", "SlipPrint", "build_slip", "record_slip_print", "slip_format",
    "slip_prints", "write_slip",
]


def slip_format(db: sqlite_utils.Database, fmt: SlipFormat | str | None = None) -> SlipFormat:
    """The format asked for, else the bureau's setting, else A5."""
    return SlipFormat.coerce(fmt or get_setting(db, "slip_format"))


@dataclass(frozen=True)
class Slip:
    """A built slip and what it was built as (to record it when it is handed out)."""

    pdf: bytes
    consultation_id: int
    reference: str
    locale: str
    format: SlipFormat

    @property
    def filename(self) -> str:
        return f"slip-{self.reference}.pdf"


def build_slip(db: sqlite_utils.Database, key: int | str, *, locale: str | None = None,
               fmt: SlipFormat | str | None = None, now: dt.datetime | None = None) -> Slip:
    """The slip of consultation ``key`` (id or reference number).

    ``locale`` None means the UI's language; an unknown code falls back to it
    too (``Slip.locale`` says which was used). Raises ``NotFound``.
    """
    # reportlab is imported here, not at module level: the CLI and the GUI
    # import this package at start-up and must stay quick to open.
    from bureau.slips.content import slip_content  # deferred: documents
    from bureau.slips.layout import render_slip  # deferred: documents

    chosen_format = slip_format(db, fmt)
    with use_locale(locale) as chosen:
        content = slip_content(db, key, now=now)
        pdf = render_slip(content, chosen_format)
    return Slip(pdf, content.consultation_id, content.reference, chosen, chosen_format)


def write_slip(db: sqlite_utils.Database, key: int | str, path: str | Path, *,
               locale: str | None = None, fmt: SlipFormat | str | None = None,
               printed_by: int | None = None) -> Slip:
    """Write the slip to ``path`` (whole or not at all) and record it as handed out."""
    slip = build_slip(db, key, locale=locale, fmt=fmt)
    with atomic_output(path, mode="wb") as handle:
        handle.write(slip.pdf)
    record_slip_print(db, slip.consultation_id, fmt=slip.format, locale=slip.locale,
                      kind="pdf", printed_by=printed_by)
    return slip
