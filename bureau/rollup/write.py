"""The roll-up's one entry point for the CLI and the desk: check, add up, write.

Nothing is written unless every package passes (``checks.check_packages``):
a roll-up with one bureau silently left out would be wrong in every total.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from bureau.domain import BureauError
from bureau.files import atomic_output
from bureau.i18n import N_, use_locale
from bureau.reports.spreadsheets import write_figures_csv, write_figures_xlsx
from bureau.rollup.checks import check_packages
from bureau.rollup.combine import Rollup, combine
from bureau.rollup.tables import header_lines, rollup_sections, summary_sentences

FORMATS = ("pdf", "csv", "xlsx")
MSG_UNKNOWN_FORMAT = N_("Unknown report format \u201c{value}\u201d (use pdf, csv or xlsx).")


def write_rollup(paths: list[str | Path], fmt: str, out: str | Path, *, public: bool = False,
                 locale: str | None = None, expected: dict[str, str] | None = None,
                 deadline: dt.date | None = None, now: dt.datetime | None = None,
                 csv_dialect: str = "locale") -> Rollup:
    """Check the packages in ``paths``, add them up and write the roll-up to ``out``.

    ``fmt``: pdf, csv or xlsx. ``expected``: bureau id -> name of the bureaus
    expected to send (missing ones are listed); ``deadline``: packages made after
    it are late (default ``combine.default_deadline``). Raises ``PackagesRefused``
    / ``PackageRefused`` (nothing written) when a package fails its checks,
    ``BureauError`` for an unknown format.
    """
    if fmt not in FORMATS:
        raise BureauError(MSG_UNKNOWN_FORMAT, value=fmt)
    checked = check_packages(list(paths))
    rollup = combine(checked, deadline=deadline, expected=expected, now=now)
    with use_locale(locale):
        if fmt == "pdf":
            from bureau.rollup.pdf import render_rollup  # deferred: documents

            data = render_rollup(rollup, public)
            with atomic_output(out, mode="wb") as handle:
                handle.write(data)
            return rollup
        header = header_lines(rollup, public)
        summary = " ".join(summary_sentences(rollup, public))
        sections = rollup_sections(rollup, public)
        if fmt == "csv":
            write_figures_csv(out, header, summary, sections, dialect=csv_dialect)
        else:
            write_figures_xlsx(out, header, summary, sections)
    return rollup

