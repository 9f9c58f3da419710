"""`bureau-cli`: what a desk automates, thin over the core.

Exit codes: 0 success, 2 usage error, 3 invalid input or data (also an unknown
reference), 4 a database that cannot be used. Messages go to stderr in the
chosen language; no traceback reaches the user (unexpected errors are logged
to a file whose path is printed).
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from bureau.i18n import _, normalise_locale, set_locale

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2
EXIT_INVALID = 3
EXIT_DATABASE = 4

# Each module has ``register(subparsers, common)``; handlers import heavy
# modules (reportlab, reports) only when they run.
COMMAND_MODULES = ("bureau.cli.core_commands", "bureau.cli.slip_commands",
                   "bureau.cli.trust_commands", "bureau.cli.report_commands", "bureau.cli.commission_commands",
                   "bureau.cli.signals_commands", "bureau.cli.rollup_commands",
                   "bureau.cli.backup_commands")

# Which module registers each command, so a run imports only the module of the
# command it runs (``bureau-cli search`` answers in a fraction of the time all
# six took). A command missing here still works, through every module
# (tests/cli/test_command_table.py keeps the table complete).
COMMANDS = {
    **dict.fromkeys(("init", "import", "demo", "search", "export", "check", "catalogue"),
                    "bureau.cli.core_commands"),
    "slip": "bureau.cli.slip_commands",
    **dict.fromkeys(("backup", "restore", "export-person", "erase-person", "retention", "audit",
                     "account"), "bureau.cli.trust_commands"),
    "report": "bureau.cli.report_commands",
    **dict.fromkeys(("agenda", "decision-letter", "signals-report", "signal-receipt"),
                    "bureau.cli.commission_commands"),
    **dict.fromkeys(("signals-recover", "recovery-sheet"), "bureau.cli.signals_commands"),
    **dict.fromkeys(("package", "rollup", "demo-oblast"), "bureau.cli.rollup_commands"),
    "backup-passphrase": "bureau.cli.backup_commands",
}
# The main parser's options that take a value: what follows them is not the command.
_VALUED_OPTIONS = ("--db", "--locale", "--user")


def _choose_locale(argv: Sequence[str]) -> str:
    """--locale, then BUREAU_LOCALE, then LC_ALL / LANG when bg or ru, else bg."""
    pre = argparse.ArgumentParser(add_help=False)
    pre.add_argument("--locale")
    known, _rest = pre.parse_known_args(argv)
    for explicit in (known.locale, os.environ.get("BUREAU_LOCALE")):
        if locale := normalise_locale(explicit):
            return locale
    # The system language only counts when it is one of ours: an English
    # system (the usual default) still gets a Bulgarian bureau's language.
    for candidate in (os.environ.get("LC_ALL"), os.environ.get("LANG")):
        locale = normalise_locale(candidate)
        if locale and locale != "en":
            return locale
    return "bg"


def _common_options(*, for_subcommand: bool) -> argparse.ArgumentParser:
    # The same options on the main parser and on each command, so both
    # "bureau-cli --db X search" and "bureau-cli search --db X" work; a
    # command's copy must not reset what was given before the command.
    default = argparse.SUPPRESS if for_subcommand else None
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", metavar=_("PATH"), default=default,
                        help=_("the database file (default: BUREAU_DB or the user data folder)"))
    common.add_argument("--locale", choices=["bg", "ru", "en"], default=default,
                        help=_("language of messages and documents"))
    common.add_argument("--user", metavar=_("LOGIN"), default=default,
                        help=_("act as this account (password from BUREAU_PASSWORD or asked); "
                               "default: the maintenance user"))
    return common


def command_named(argv: Sequence[str]) -> str | None:
    """The command word of ``argv`` (its first positional argument), None before one.

    Values of the main options are skipped, also when the option is abbreviated
    as argparse allows (``--lo ru``) or joined with ``=``.
    """
    skip = False
    for token in argv:
        if skip:
            skip = False
        elif token == "--":
            return None
        elif token.startswith("--"):
            skip = "=" not in token and len(token) > 2 and any(
                option.startswith(token) for option in _VALUED_OPTIONS)
        elif not token.startswith("-") or token == "-":
            return token
    return None


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser; with a known ``command``, holding only the commands of its module.

    Parsing arguments that name that command gives the same result either way;
    help and errors about the command word itself need every command, so they
    come from the whole parser (``command`` None or unknown).
    """
    parser = argparse.ArgumentParser(
        prog="bureau-cli",
        description=_("Bureau: the desk of a citizens' information and advice bureau."),
        parents=[_common_options(for_subcommand=False)],
    )
    subparsers = parser.add_subparsers(dest="command", metavar=_("COMMAND"), title=_("commands"))
    subparsers.required = True
    common = _common_options(for_subcommand=True)
    names = (COMMANDS[command],) if command in COMMANDS else COMMAND_MODULES
    for name in names:
        importlib.import_module(name).register(subparsers, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from bureau.cli.argparse_i18n import install
    from bureau.cli.errors import run_safely

    argv = list(sys.argv[1:] if argv is None else argv)
    set_locale(_choose_locale(argv))
    install()
    parser = build_parser(command_named(argv))
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    return run_safely(args)


def entry_point() -> None:
    try:
        code = main()
        sys.stdout.flush()  # a closed pipe is met here, not in Python's flush at exit
    except KeyboardInterrupt:
        code = 130
    except BrokenPipeError:
        from bureau.cli.errors import reader_gone

        code = reader_gone()
    sys.exit(code)
