"""init, import, demo, search, export, check, catalogue."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sqlite3
import sys
from typing import TYPE_CHECKING

from bureau.domain import BureauError, FieldError, ValidationError
from bureau.i18n import N_, _, format_date, format_datetime, ngettext
from bureau.spreadsheet import DIALECTS
from bureau.trust.access import Operation
from bureau.validation import clean_text, parse_date

if TYPE_CHECKING:
    import sqlite_utils

MSG_BAD_DATE_ARG = N_("\u201c{value}\u201d is not a date (use DD.MM.YYYY or YYYY-MM-DD)")
MSG_REAL_RECORDS = N_(
    "The database {path} already holds real consultations; demo data would mix with them. "
    "Use another --db, or add --force if you really mean it."
)


def open_db(args: argparse.Namespace, *, create: bool = False,
            refuse_damaged: bool = False) -> sqlite_utils.Database:
    """The command's database; ``refuse_damaged`` for the bulk commands (see open_database)."""
    from bureau.opening import open_database

    return open_database(args.db, create=create, refuse_damaged=refuse_damaged)


def read_db(args: argparse.Namespace, *, refuse_damaged: bool = False) -> sqlite3.Connection:
    """The command's database for a command that only reads (or adds an audit entry).

    A plain ``sqlite3`` connection when the schema is this version's, so the
    command loads neither sqlite-utils nor the migrations; any other database
    is opened by ``open_db``, which migrates or refuses it, so both ways give
    the same answers and messages.
    """
    from bureau.database.plain import open_current

    conn = open_current(args.db, refuse_damaged=refuse_damaged)
    return conn if conn is not None else open_db(args, refuse_damaged=refuse_damaged).conn


def db_label(args: argparse.Namespace) -> str:
    from bureau.opening import default_db_path

    return str(args.db or default_db_path())


def _date_arg(text: str) -> dt.date:
    try:
        value = parse_date(text)
    except ValueError:
        value = None
    if value is None:
        raise argparse.ArgumentTypeError(_(MSG_BAD_DATE_ARG).format(value=text))
    return value


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(_("must be a whole number above zero"))
    return value


# --- handlers ----------------------------------------------------------------


def cmd_init(args: argparse.Namespace) -> int:
    from bureau.database import schema
    from bureau.opening import init_database

    bureau_name = clean_text(args.bureau_name) if args.bureau_name is not None else None
    municipality = clean_text(args.municipality) if args.municipality is not None else None
    db = init_database(args.db, bureau_name=bureau_name, municipality=municipality)
    print(_("The database is ready: {path} (schema version {version}).").format(
        path=db_label(args), version=schema.latest_version()))
    db.close()
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from bureau.consultations.operations import import_journal

    db = open_db(args, refuse_damaged=True)
    count = import_journal(db, args.file, by=args.account).count
    print(ngettext("Imported {count} consultation.", "Imported {count} consultations.", count)
          .format(count=count))
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    """``bureau-cli demo``: fill the database with demo data; returns the exit code. Raises
    ``BureauError`` (exit 3) when the database already holds real records and
    ``--force`` is not given.
    """
    from bureau.demo import generate, holds_real_records

    db = open_db(args, create=True, refuse_damaged=True)
    if holds_real_records(db) and not args.force:
        raise BureauError(MSG_REAL_RECORDS, path=db_label(args))
    from bureau.database.connection import write_transaction

    with write_transaction(db):  # all or nothing: a failure or a kill leaves no half bureau
        summary = generate(db, consultations=args.consultations, seed=args.seed,
                           months=args.months, today=args.today)
    print(ngettext("Created {count} demo consultation.", "Created {count} demo consultations.",
                   summary.consultations).format(count=summary.consultations))
    print(ngettext("{count} citizen", "{count} citizens", summary.citizens)
          .format(count=summary.citizens) + ", "
          + ngettext("{count} referral", "{count} referrals", summary.referrals)
          .format(count=summary.referrals) + ", "
          + ngettext("{count} signal", "{count} signals", summary.signals)
          .format(count=summary.signals) + ", "
          + ngettext("{count} event", "{count} events", summary.events)
          .format(count=summary.events))
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    from bureau.consultations.register import search

    results = search(read_db(args), args.text, limit=args.limit)
    if args.json:
        json.dump(
            [
                {
                    "reference": r.reference, "occurred_at": r.occurred_at,
                    "citizen": r.citizen_name, "advisor": r.advisor_name,
                    "topics": r.topics, "outcome": r.outcome.value, "question": r.question,
                }
                for r in results
            ],
            sys.stdout, ensure_ascii=False, indent=2,
        )
        print()
        return 0
    if not results:
        print(_("Nothing found."), file=sys.stderr)
        return 0
    for r in results:
        # A day without a recorded time (an imported journal) is shown without one.
        when = (format_date(dt.date.fromisoformat(r.occurred_at), "short") if len(r.occurred_at) == 10
                else format_datetime(dt.datetime.fromisoformat(r.occurred_at), "short"))
        who = r.citizen_name or _("anonymous visitor")
        question = r.question if len(r.question) <= 70 else r.question[:69] + "\u2026"
        print(f"{r.reference}  {when}  {who}  [{r.topics}]  {question}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    """``bureau-cli export``: write the consultations to ``--out``; returns the exit code.
    Raises ``ValidationError`` (exit 3) when ``--from`` is after ``--to``.
    """
    from bureau.consultations.exporter import export_consultations

    if args.date_from and args.date_to and args.date_from > args.date_to:
        raise ValidationError([FieldError("occurred_at", N_("the start date is after the end date"))])
    from bureau.trust import audit

    db = read_db(args, refuse_damaged=True)
    account = args.account
    count = export_consultations(db, args.format, args.out, args.date_from, args.date_to,
                                 csv_dialect=args.csv_dialect)
    audit.record(db, audit.Action.EXPORT, "consultations", None, actor_id=account.id,
                 detail=f"{args.format} {args.date_from or ''}..{args.date_to or ''}")
    print(ngettext("Exported {count} consultation to {path}.",
                   "Exported {count} consultations to {path}.", count)
          .format(count=count, path=args.out))
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from bureau.database.checks import run_checks
    from bureau.opening import open_database

    db = open_database(args.db, refuse_damaged=False)  # damage is what check reports
    results = run_checks(db, db_label(args))
    for result in results:
        print(result.render())
    if all(result.ok for result in results):
        print(_("The database is sound."))
        return 0
    print(_("Problems were found. Restore the last good backup or ask for help."), file=sys.stderr)
    return 3


def cmd_catalogue(args: argparse.Namespace) -> int:
    from bureau.catalogue import entries, import_catalogue_csv

    db = open_db(args, refuse_damaged=bool(args.file))
    if args.file:
        count = import_catalogue_csv(db, args.kind, args.file, by=args.account).count
        print(ngettext("Imported {count} catalogue entry.", "Imported {count} catalogue entries.",
                       count).format(count=count))
        return 0
    for entry in entries(db, args.kind, active_only=False):
        state = "" if entry.active else " (" + _("inactive") + ")"
        print(f"{entry.code}\t{entry.name()}{state}")
    return 0


# --- parser ------------------------------------------------------------------


def _catalogue_operation(args: argparse.Namespace) -> Operation:
    return Operation.EDIT_CATALOGUES if args.file else Operation.VIEW_CATALOGUES



def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser("init", parents=[common], help=_("create or update the database"),
                              description=_("Create the database, or bring it up to date. "
                                            "Running it twice changes nothing."))
    p.add_argument("--bureau-name", metavar=_("NAME"), help=_("the bureau's name"))
    p.add_argument("--municipality", metavar=_("NAME"), help=_("the municipality"))
    p.set_defaults(handler=cmd_init, operation=Operation.INIT_DATABASE)

    p = subparsers.add_parser("import", parents=[common],
                              help=_("import consultations from a CSV, XLSX or JSON journal"),
                              description=_("Import consultations from a spreadsheet journal "
                                            "(.csv or Excel .xlsx) or .json. Every row is "
                                            "checked first; if any row is bad, nothing is "
                                            "imported."))
    p.add_argument("file", metavar=_("FILE"), help=_("the .csv, .xlsx or .json file"))
    p.set_defaults(handler=cmd_import, operation=Operation.IMPORT_CONSULTATIONS)

    p = subparsers.add_parser("demo", parents=[common], help=_("fill a database with demo data"),
                              description=_("Create realistic demo data, the same for the same "
                                            "seed. Refuses a database with real records."))
    p.add_argument("--consultations", type=_positive_int, default=1000, metavar="N",
                   help=_("how many consultations (default 1000)"))
    p.add_argument("--seed", type=int, default=1, metavar="S", help=_("random seed (default 1)"))
    p.add_argument("--months", type=_positive_int, default=12, metavar="M",
                   help=_("spread over this many months up to today (default 12)"))
    p.add_argument("--today", type=_date_arg, default=None, metavar=_("DATE"),
                   help=_("make the data as if today were DATE (default: today)"))
    p.add_argument("--force", action="store_true",
                   help=_("add demo data even to a database with real records"))
    p.set_defaults(handler=cmd_demo, operation=Operation.DEMO_DATA)

    p = subparsers.add_parser("search", parents=[common], help=_("search consultations"),
                              description=_("Search by citizen name (Cyrillic or Latin), reference "
                                            "number, question, answer, topic or service."))
    p.add_argument("text", metavar=_("TEXT"), help=_("words to look for; beginnings of words match"))
    p.add_argument("--limit", type=_positive_int, default=20, metavar="N",
                   help=_("at most this many results (default 20)"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(handler=cmd_search, operation=Operation.SEARCH_CONSULTATIONS)

    p = subparsers.add_parser("export", parents=[common], help=_("export consultations"),
                              description=_("Export all consultations with their issues."))
    p.add_argument("--format", choices=["json", "csv", "xlsx"], required=True,
                   help=_("file format"))
    p.add_argument("--out", required=True, metavar=_("FILE"), help=_("the file to write"))
    p.add_argument("--from", dest="date_from", type=_date_arg, metavar=_("DATE"),
                   help=_("from this day on"))
    p.add_argument("--to", dest="date_to", type=_date_arg, metavar=_("DATE"),
                   help=_("up to and including this day"))
    add_csv_dialect_option(p)
    p.set_defaults(handler=cmd_export, operation=Operation.EXPORT_CONSULTATIONS)

    p = subparsers.add_parser("check", parents=[common], help=_("check the database"),
                              description=_("Check the database's integrity and schema version."))
    p.set_defaults(handler=cmd_check, operation=Operation.CHECK_DATABASE)

    p = subparsers.add_parser("catalogue", parents=[common],
                              help=_("list or import a catalogue"),
                              description=_("List a catalogue, or import it from a CSV with the "
                                            "columns code, name_bg, name_ru, name_en (services "
                                            "also category_code, iisda_number)."))
    p.add_argument("kind", choices=["categories", "services", "signal_units", "activity_areas"],
                   help=_("which catalogue"))
    p.add_argument("--import", dest="file", metavar=_("FILE"), help=_("import this CSV file"))
    p.set_defaults(handler=cmd_catalogue, operation=_catalogue_operation)


def add_csv_dialect_option(parser: argparse.ArgumentParser) -> None:
    """--csv-dialect: the document language's separators (default) or plain commas."""
    parser.add_argument("--csv-dialect", choices=DIALECTS, default="locale",
                        help=_("CSV separators: 'locale' (';' and a decimal comma for "
                               "Bulgarian and Russian, default) or 'comma' (',' and '.')"))
