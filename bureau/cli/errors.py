"""Turning what a user can cause into a message and an exit code, never a traceback."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sqlite3
import sys
from pathlib import Path

from bureau.cli.sign_in import authorise
from bureau.domain import BureauError, DatabaseUnavailable, NotFound, ValidationError
from bureau.i18n import _

EXIT_FAILURE, EXIT_INVALID, EXIT_DATABASE = 1, 3, 4
# 128 + SIGPIPE: what a shell reports for a writer whose reader went away.
EXIT_READER_GONE = 141


def error(message: str) -> None:
    print(message, file=sys.stderr)


def _log_unexpected() -> Path | None:
    """Keep the traceback for a developer, out of the volunteer's sight.

    Only the traceback is written (no local variables), so no personal data.
    """
    import traceback

    from platformdirs import user_log_dir

    try:
        folder = Path(user_log_dir("bureau", appauthor=False))
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "bureau-cli.log"
        with path.open("a", encoding="utf-8") as handle:
            handle.write(f"--- {dt.datetime.now().isoformat(timespec='seconds')}\n")
            handle.write(traceback.format_exc())
        return path
    except OSError:
        return None


def reader_gone() -> int:
    """The reader of the output stopped reading (``bureau-cli search x | head -1``): end
    quietly with ``EXIT_READER_GONE``.

    Standard output then goes nowhere, so what is still buffered is dropped and
    Python's own flush at exit meets no closed pipe either.
    """
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return EXIT_READER_GONE


def run_safely(args: argparse.Namespace) -> int:
    """Sign in, ask the role table, run the command; every failure a message and a code."""
    try:
        authorise(args)  # before the command reads or writes anything
        return int(args.handler(args) or 0)
    except ValidationError as problem:
        for item in problem.errors:
            error(item.render())
        return EXIT_INVALID
    except DatabaseUnavailable as problem:
        error(str(problem))
        return EXIT_DATABASE
    except NotFound as problem:
        error(str(problem))
        return EXIT_INVALID
    except BureauError as problem:
        error(str(problem))
        return EXIT_INVALID
    except sqlite3.Error as problem:
        from bureau.database.plain import translate_sqlite_error

        error(str(translate_sqlite_error(problem, getattr(args, "db", None) or "")))
        return EXIT_DATABASE
    except KeyboardInterrupt:
        error(_("Interrupted; nothing more was written."))
        return 130
    except BrokenPipeError:
        return reader_gone()
    except Exception:  # noqa: BLE001 - the last line of defence for a CLI user
        log = _log_unexpected()
        error(_("Bureau met an unexpected problem and stopped; nothing more was written."))
        if log:
            error(_("Details for the developers are in {path}").format(path=log))
        return EXIT_FAILURE
