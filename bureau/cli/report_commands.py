"""report: the monthly activity report as PDF, CSV or XLSX, internal or public."""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from bureau.cli.core_commands import add_csv_dialect_option
from bureau.domain import BureauError
from bureau.i18n import N_, _, get_locale, ngettext
from bureau.reports.period import parse_month
from bureau.trust.access import Operation

MSG_BAD_MONTH = N_("\u201c{value}\u201d is not a month (use YYYY-MM, for example 2026-10)")
MSG_TO_BEFORE_MONTH = N_("--to {last} is before --month {first}.")
MSG_WHICH_FORMAT = N_("Say which format to write with --format, or end the file name with "
                      ".pdf, .csv or .xlsx.")
FORMATS = ("pdf", "csv", "xlsx")
EXIT_USAGE = 2


def file_format(chosen: str | None, out: str) -> str | None:
    """``--format`` if given, else the one the file name ends with (``x.pdf``: pdf)."""
    if chosen:
        return chosen
    suffix = out.rsplit(".", 1)[-1].lower() if "." in out else ""
    return suffix if suffix in FORMATS else None


def _month_arg(text: str) -> dt.date:
    try:
        return parse_month(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_(MSG_BAD_MONTH).format(value=text)) from None


def cmd_report(args: argparse.Namespace) -> int:
    """``bureau-cli report``: write the monthly activity report; returns the exit code.
    Raises ``BureauError`` (exit 3) when ``--to`` is before ``--month``.
    """
    from bureau.cli.core_commands import open_db
    from bureau.reports import record_export, write_report
    from bureau.reports.period import Period

    args.format = file_format(args.format, args.out)
    if args.format is None:
        print(_(MSG_WHICH_FORMAT), file=sys.stderr)
        return EXIT_USAGE
    last = args.to or args.month
    if last < args.month:
        raise BureauError(MSG_TO_BEFORE_MONTH, last=f"{last:%Y-%m}", first=f"{args.month:%Y-%m}")
    period = Period.months(args.month, last)
    locale = getattr(args, "locale", None) or get_locale()
    db = open_db(args)
    try:
        # Even the public version needs EXPORT_REPORTS (asked before the command
        # ran): what the bureau publishes is the coordinator's call.
        account = args.account
        rows = write_report(db, period, args.format, args.out, public=args.public,
                            consultations=args.consultations, locale=locale,
                            csv_dialect=args.csv_dialect)
        record_export(db, period, args.format, public=args.public,
                      consultations=args.consultations, actor_id=account.id)
    finally:
        db.close()
    if args.consultations:
        print(ngettext("Wrote {count} row to {path}.", "Wrote {count} rows to {path}.", rows)
              .format(count=rows, path=args.out))
    else:
        print(_("Wrote the report for {period} to {path}.").format(
            period=period.label(), path=args.out))
    return 0


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser(
        "report", parents=[common], help=_("write the monthly activity report"),
        description=_("Write the activity report of a month (or of several months, with --to) "
                      "as PDF, CSV or XLSX. --public leaves out all personal data and shows "
                      "numbers below 5 as \u201c<5\u201d."))
    p.add_argument("--month", type=_month_arg, required=True, metavar=_("YYYY-MM"),
                   help=_("the month to report on, e.g. 2026-10"))
    p.add_argument("--to", type=_month_arg, metavar=_("YYYY-MM"),
                   help=_("the last month of a longer period (inclusive)"))
    p.add_argument("--format", choices=FORMATS,
                   help=_("file format (by default the one --out ends with)"))
    p.add_argument("--public", action="store_true",
                   help=_("the version for publication: no names, small numbers hidden"))
    p.add_argument("--consultations", action="store_true",
                   help=_("the period's consultations, one row per issue, instead of the "
                          "figures (CSV or XLSX)"))
    p.add_argument("--out", required=True, metavar=_("FILE"), help=_("the file to write"))
    add_csv_dialect_option(p)
    p.set_defaults(handler=cmd_report, operation=Operation.EXPORT_REPORTS)
