"""package, rollup, demo-oblast: the figures that travel from a bureau to the oblast."""

from __future__ import annotations

import argparse

from bureau.cli.report_commands import MSG_TO_BEFORE_MONTH, _month_arg
from bureau.domain import BureauError
from bureau.i18n import N_, _
from bureau.trust.access import Operation

MSG_ROLLUP_FORMAT = N_("End the file name with .pdf, .csv or .xlsx, or say which format to "
                       "write with --format.")
ROLLUP_FORMATS = ("pdf", "csv", "xlsx")
EXIT_USAGE = 2


def _period(args: argparse.Namespace):  # noqa: ANN202 - a reports.period.Period
    from bureau.reports.period import Period

    last = args.to or args.month
    if last < args.month:
        raise BureauError(MSG_TO_BEFORE_MONTH, last=f"{last:%Y-%m}", first=f"{args.month:%Y-%m}")
    return Period.months(args.month, last)


def cmd_package(args: argparse.Namespace) -> int:
    """``bureau-cli package``: write the period's statistical package; returns the exit
    code. Raises ``BureauError`` (exit 3) for ``--to`` before ``--month`` or a period not
    begun yet, ``PermissionDenied`` (exit 3) for a role the table refuses."""
    from bureau.cli.core_commands import open_db
    from bureau.rollup.package import write_package

    period = _period(args)
    db = open_db(args)
    try:
        write_package(db, period, args.out, by=args.account)
    finally:
        db.close()
    print(_("Wrote the statistical package for {period} to {path}.").format(
        period=period.label(), path=args.out))
    return 0


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser(
        "package", parents=[common],
        help=_("write the period's statistical package for the oblast roll-up"),
        description=_("Write the period's figures as a statistical package (JSON): codes and "
                      "counts only, no names, no references, no free text, sealed with a "
                      "SHA-256. The oblast adds packages up with bureau-cli rollup."))
    p.add_argument("--month", type=_month_arg, required=True, metavar=_("YYYY-MM"),
                   help=_("the month of the figures, e.g. 2026-10"))
    p.add_argument("--to", type=_month_arg, metavar=_("YYYY-MM"),
                   help=_("the last month of a longer period (inclusive)"))
    p.add_argument("--out", required=True, metavar=_("FILE"), help=_("the file to write"))
    p.set_defaults(handler=cmd_package, operation=Operation.EXPORT_STATISTICS)
