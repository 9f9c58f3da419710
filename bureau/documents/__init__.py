"""Documents of the consultative commission and of the signals register (PDF).

    pdf = agenda_pdf(db, meeting_id, locale="ru")
    pdf = decision_letter_pdf(db, "KK-2026-0004", fmt="a5")
    pdf = signal_receipt_pdf(db, "SG-2026-0002", role=account.role)
    pdf = signals_report_pdf(db, dt.date(2026, 1, 1), dt.date(2026, 6, 30), by=account)
    write_pdf(pdf, "agenda.pdf")

Each is produced in the language asked for (``locale`` None: the UI's), with
the bundled DejaVu fonts, whatever language the desk speaks. Unknown numbers
raise ``NotFound``; the receipt needs the signals officer's role (it reads the
confidential register); the analysis holds counts only, and hides small ones
from readers who are not signals officers.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import sqlite_utils

from bureau.domain import Role
from bureau.files import atomic_output
from bureau.i18n import use_locale
from bureau.trust.access import Operation, allowed, require

if TYPE_CHECKING:
    from bureau.trust.accounts import Account

__all__ = ["agenda_pdf", "decision_letter_pdf", "signal_receipt_pdf", "signals_report_pdf",
           "write_pdf"]

# reportlab is imported inside the functions: the CLI and the GUI import this
# package at start-up and must stay quick to open.


def agenda_pdf(db: sqlite_utils.Database, meeting_id: int, *, locale: str | None = None,
               now: dt.datetime | None = None) -> bytes:
    from bureau.commission.agenda import render_agenda  # deferred: documents

    with use_locale(locale):
        return render_agenda(db, meeting_id, now=now)


def decision_letter_pdf(db: sqlite_utils.Database, number: str | int, *,
                        locale: str | None = None, fmt: str | None = None,
                        now: dt.datetime | None = None) -> bytes:
    from bureau.documents.letters import render_decision_letter  # deferred: documents

    with use_locale(locale):
        return render_decision_letter(db, number, fmt=fmt, now=now)


def signal_receipt_pdf(db: sqlite_utils.Database, number: str | int, *, role: Role | None,
                       locale: str | None = None, fmt: str | None = None,
                       now: dt.datetime | None = None) -> bytes:
    from bureau.documents.letters import render_signal_receipt  # deferred: documents

    with use_locale(locale):
        return render_signal_receipt(db, number, role=role, fmt=fmt, now=now)


def signals_report_pdf(db: sqlite_utils.Database, start: dt.date, end: dt.date, *,
                       by: Account | Role, locale: str | None = None,
                       today: dt.date | None = None, now: dt.datetime | None = None) -> bytes:
    """The analysis of signals, for ``by`` as the role table allows (``ANALYSE_SIGNALS``).

    A reader who may not read the register (``READ_SIGNALS``) gets units and
    areas with fewer than 5 signals counted together. Raises ``PermissionDenied``.
    """
    from bureau.signals.report import render_signals_report  # deferred: documents

    require(by, Operation.ANALYSE_SIGNALS)
    with use_locale(locale):
        return render_signals_report(db, start, end, today=today, now=now,
                                     small_counts_hidden=not allowed(by, Operation.READ_SIGNALS))


def write_pdf(pdf: bytes, path: str | Path) -> None:
    """Write a built document whole or not at all."""
    with atomic_output(path, mode="wb") as handle:
        handle.write(pdf)
