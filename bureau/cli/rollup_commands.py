"""package, rollup, demo-oblast: the figures that travel from a bureau to the oblast."""

from __future__ import annotations

import argparse
import sys

from bureau.cli.core_commands import _date_arg, add_csv_dialect_option
from bureau.cli.report_commands import MSG_TO_BEFORE_MONTH, _month_arg, file_format
from bureau.domain import BureauError
from bureau.i18n import N_, _, ngettext
from bureau.trust.access import Operation

MSG_ROLLUP_FORMAT = N_("End the file name with .pdf, .csv or .xlsx, or say which format to "
                       "write with --format.")
MSG_EXPECT_BOTH = N_("Give the expected bureaus with --expect FILE or with --bureaus, not both.")
ROLLUP_FORMATS = ("pdf", "csv", "xlsx")
EXIT_USAGE = 2
MAX_DEMO_BUREAUS = 8  # bureau.rollup.demo.MAX_BUREAUS, kept here so parsing loads nothing


def _bureau_count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 1 <= value <= MAX_DEMO_BUREAUS:
        raise argparse.ArgumentTypeError(
            _("a whole number from 1 to {most}").format(most=MAX_DEMO_BUREAUS))
    return value


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


def _expected(args: argparse.Namespace) -> dict[str, str] | None:
    from bureau.rollup.combine import read_expected

    if args.expect and args.bureaus:
        raise BureauError(MSG_EXPECT_BOTH)
    if args.expect:
        return read_expected(args.expect)
    if args.bureaus:
        return {ident.strip().lower(): "" for ident in args.bureaus.split(",") if ident.strip()}
    return None


def cmd_rollup(args: argparse.Namespace) -> int:
    """``bureau-cli rollup``: check the packages and write the consolidated report; returns
    the exit code (2 without a format). Raises ``PackagesRefused`` (exit 3, nothing
    written) when any package fails its checks, ``BureauError`` (exit 3) for an
    unreadable list of expected bureaus."""
    from bureau.rollup.write import write_rollup

    fmt = file_format(args.format, args.out)
    if fmt is None:
        print(_(MSG_ROLLUP_FORMAT), file=sys.stderr)
        return EXIT_USAGE
    rollup = write_rollup(args.packages, fmt, args.out, public=args.public,
                          locale=getattr(args, "locale", None), expected=_expected(args),
                          deadline=args.deadline, csv_dialect=args.csv_dialect)
    print(ngettext("Wrote the roll-up of {count} package for {period} to {path}.",
                   "Wrote the roll-up of {count} packages for {period} to {path}.",
                   len(rollup.bureaus)).format(count=len(rollup.bureaus),
                                               period=rollup.period.label(), path=args.out))
    for ident, name in rollup.missing:
        print(_("No package from {bureau}.").format(bureau=name or ident), file=sys.stderr)
    for bureau in rollup.bureaus:
        if bureau.late:
            print(_("{bureau} sent its package after the deadline.").format(
                bureau=bureau.heading), file=sys.stderr)
    return 0


def cmd_demo_oblast(args: argparse.Namespace) -> int:
    """``bureau-cli demo-oblast``: write demo bureaus' packages into ``--out``; returns the
    exit code. Raises ``BureauError`` (exit 3) when the folder cannot be written."""
    from bureau.rollup.demo import EXPECTED_FILE, make_oblast

    try:
        made = make_oblast(args.out, bureaus=args.bureaus, seed=args.seed, month=args.month,
                           today=args.today)
    except OSError as error:
        raise BureauError(N_("Cannot write into {path}: {reason}"), path=args.out,
                          reason=error.strerror or type(error).__name__) from None
    for package in made:
        print(ngettext("{file}: {bureau}, {count} contact", "{file}: {bureau}, {count} contacts",
                       package.contacts).format(file=package.path.name,
                                                bureau=package.municipality,
                                                count=package.contacts))
    print(_("The list of expected bureaus is {file}; try:").format(file=EXPECTED_FILE))
    print(f"  bureau-cli rollup {args.out}/*.bureau-stats.json --expect "
          f"{args.out}/{EXPECTED_FILE} --out oblast.pdf")
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

    p = subparsers.add_parser(
        "rollup", parents=[common],
        help=_("add bureaus' statistical packages up into the oblast's report"),
        description=_("Check each statistical package (format, SHA-256, sums, one period, one "
                      "package per bureau) and write the consolidated report: the oblast's "
                      "totals, each bureau side by side, the charts of the monthly report, the "
                      "signals by unit and area, and the missing or late bureaus. Nothing is "
                      "written while any package is refused."))
    p.add_argument("packages", nargs="+", metavar=_("PACKAGE"),
                   help=_("statistical packages (.bureau-stats.json) of one period"))
    p.add_argument("--out", required=True, metavar=_("FILE"),
                   help=_("the file to write (.pdf, .csv or .xlsx)"))
    p.add_argument("--format", choices=ROLLUP_FORMATS,
                   help=_("file format (by default the one --out ends with)"))
    p.add_argument("--public", action="store_true",
                   help=_("the version for publication: numbers below 5 hidden, and any number "
                          "that would reveal them"))
    p.add_argument("--expect", metavar=_("FILE"),
                   help=_("a text file of the expected bureaus, one per line: id, then name"))
    p.add_argument("--bureaus", metavar=_("IDS"),
                   help=_("the expected bureaus' ids, separated by commas"))
    p.add_argument("--deadline", type=_date_arg, metavar=_("DATE"),
                   help=_("packages made after this day are late (default: the 10th of the "
                          "month after the period)"))
    add_csv_dialect_option(p)
    p.set_defaults(handler=cmd_rollup, operation=Operation.ROLL_UP_STATISTICS)

    p = subparsers.add_parser(
        "demo-oblast", parents=[common],
        help=_("write demo bureaus' statistical packages for trying the roll-up"),
        description=_("Write the statistical packages of several demo bureaus of different "
                      "sizes (one in Russian, one with a changed catalogue code, one late) "
                      "and the list of expected bureaus (one of which sends nothing). The "
                      "same --seed gives the same files."))
    p.add_argument("--bureaus", type=_bureau_count, default=5, metavar="N",
                   help=_("how many bureaus (1 to 8, default 5)"))
    p.add_argument("--out", required=True, metavar=_("FOLDER"), help=_("the folder to write into"))
    p.add_argument("--seed", type=int, default=1, metavar="S", help=_("random seed (default 1)"))
    p.add_argument("--month", type=_month_arg, metavar=_("YYYY-MM"),
                   help=_("the month of the packages (default: the month before --today)"))
    p.add_argument("--today", type=_date_arg, default=None, metavar=_("DATE"),
                   help=_("make the data as if today were DATE (default: today)"))
    p.set_defaults(handler=cmd_demo_oblast, operation=Operation.DEMO_DATA)
