"""The monthly activity report: figures, PDF, CSV and XLSX, internal and public.

``write_report`` is what the CLI and the GUI call; the pieces are
``figures`` (numbers), ``tables`` (labelled tables), ``summary`` (words),
``pdf``/``charts`` and ``spreadsheets`` (files), ``listing`` (one row per
issue) and ``disclosure`` (what the public version withholds).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import sqlite_utils

from bureau.domain import BureauError
from bureau.i18n import N_, use_locale
from bureau.pdf.clock import document_now
from bureau.reports.period import Period
from bureau.trust import audit

FORMATS = ("pdf", "csv", "xlsx")
MSG_NO_PDF_LIST = N_("The list of consultations is written as CSV or XLSX, not as PDF.")
MSG_UNKNOWN_FORMAT = N_("Unknown report format \u201c{value}\u201d (use pdf, csv or xlsx).")
MSG_NO_PUBLIC_LIST = N_(
    "The public version is the figures only: a list of single consultations would show people "
    "one by one, whatever is left out. Publish the figures (without the list), or keep the "
    "list inside the bureau.")


def write_report(db: sqlite_utils.Database, period: Period, fmt: str, out: str | Path, *,
                 public: bool = False, consultations: bool = False, locale: str | None = None,
                 now: dt.datetime | None = None, csv_dialect: str = "locale") -> int:
    """Write one report file; returns the rows of the consultations list (0 for figures).

    ``csv_dialect``: "locale" (';' and a decimal comma for bg/ru documents) or
    "comma" (',' and '.'), see ``bureau.spreadsheet``. Raises ``BureauError``
    for an unknown format, a list as PDF, and a public list: record-level rows
    undo the public version's "<5" suppression (a row per under-18 visitor), so
    only aggregated figures are ever public.
    """
    if fmt not in FORMATS:
        raise BureauError(MSG_UNKNOWN_FORMAT, value=fmt)
    if consultations and public:
        raise BureauError(MSG_NO_PUBLIC_LIST)
    if consultations and fmt == "pdf":
        raise BureauError(MSG_NO_PDF_LIST)
    with use_locale(locale):
        if consultations:
            from bureau.reports import listing, spreadsheets  # deferred: documents

            columns = listing.columns(public)
            rows = listing.issue_rows(db, period, public)
            if fmt == "csv":
                return spreadsheets.write_issues_csv(out, columns, rows, dialect=csv_dialect)
            return spreadsheets.write_issues_xlsx(out, columns, rows)

        from bureau.reports.figures import build_report  # deferred: documents

        report = build_report(db, period, now=document_now(now))
        if fmt == "pdf":
            from bureau.reports.pdf import write_pdf  # deferred: documents

            write_pdf(out, report, public)
            return 0
        from bureau.reports import spreadsheets  # deferred: documents
        from bureau.reports.summary import summary_text  # deferred: documents
        from bureau.reports.tables import build_sections, header_lines  # deferred: documents

        header = header_lines(report, public)
        summary = summary_text(report, public)
        sections = build_sections(report, public)
        if fmt == "csv":
            spreadsheets.write_figures_csv(out, header, summary, sections, dialect=csv_dialect)
        else:
            spreadsheets.write_figures_xlsx(out, header, summary, sections)
        return 0


def record_export(db: sqlite_utils.Database, period: Period, fmt: str, *, public: bool,
                  consultations: bool, actor_id: int | None) -> None:
    """The audit entry for a report written (ids and options only, never content)."""
    what = "consultations" if consultations else "figures"
    audit.record(db, audit.Action.EXPORT, "report", None, actor_id=actor_id,
                 detail=f"{what} {fmt} {period.start_text}..{period.end.isoformat()}"
                        f"{' public' if public else ''}")
