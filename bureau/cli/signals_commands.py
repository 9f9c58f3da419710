"""signals-recover: the recovery key grants a signals officer access to the sealed
register (after an administrator's reset, or for an officer appointed while no
officer could sign in). recovery-sheet: the one-page sheet with the recovery key and
its QR code, for the mayor's safe."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from bureau.domain import BureauError
from bureau.i18n import N_, _
from bureau.trust.access import Operation

RECOVERY_ENV = "BUREAU_RECOVERY_KEY"
MSG_NO_RECOVERY_KEY = N_("Give the recovery key with --recovery-key-file FILE or in "
                         "BUREAU_RECOVERY_KEY.")
MSG_UNREADABLE = N_("Cannot read {path}: {reason}")


def _recovery_text(args: argparse.Namespace) -> str:
    if args.recovery_key_file:
        try:
            return Path(args.recovery_key_file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise BureauError(MSG_UNREADABLE, path=args.recovery_key_file,
                              reason=getattr(error, "strerror", None) or str(error)) from None
    if os.environ.get(RECOVERY_ENV):
        return os.environ[RECOVERY_ENV]
    raise BureauError(MSG_NO_RECOVERY_KEY)


def cmd_signals_recover(args: argparse.Namespace) -> int:
    from bureau.cli.core_commands import open_db
    from bureau.signals.unlock import grant_with_recovery
    from bureau.trust import keys

    text = _recovery_text(args)
    db = open_db(args)
    if keys.held_key(db) is not None:
        print(_("Your account already has access to the signals register."))
        return 0
    grant_with_recovery(db, args.account, text)
    print(_("The recovery key granted {login} access to the signals register; from now on "
            "their password opens it.").format(login=args.account.login))
    return 0


def cmd_recovery_sheet(args: argparse.Namespace) -> int:
    """``bureau-cli recovery-sheet --out FILE``: the recovery sheet as a PDF, for the key
    given (checked against the register first). Raises ``BureauError`` (exit 3) for a
    missing or wrong key; nothing is written then."""
    from bureau.cli.core_commands import open_db
    from bureau.documents import write_pdf
    from bureau.signals.recovery_sheet import recovery_sheet_pdf
    from bureau.trust import audit

    text = _recovery_text(args)
    db = open_db(args)
    write_pdf(recovery_sheet_pdf(db, text), args.out)
    audit.record(db, audit.Action.PRINT, "register_keys", None, actor_id=args.account.id,
                 detail="recovery sheet")
    print(_("The recovery sheet was written to {path}. Print it, keep it in the mayor's safe, "
            "and delete the file.").format(path=args.out))
    return 0


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser(
        "signals-recover", parents=[common],
        help=_("grant a signals officer access to the sealed register with the recovery key"),
        description=_("The recovery key (from the mayor's safe) opens the sealed signals "
                      "register for the signals officer given with --user, whose password then "
                      "opens it."))
    p.add_argument("--recovery-key-file", metavar=_("FILE"),
                   help=_("a file holding the recovery key (else BUREAU_RECOVERY_KEY)"))
    p.set_defaults(handler=cmd_signals_recover, operation=Operation.READ_SIGNALS)

    p = subparsers.add_parser(
        "recovery-sheet", parents=[common],
        help=_("write the recovery key's sheet for the mayor's safe (PDF)"),
        description=_("One A4 page with the recovery key in groups and as a QR code, the "
                      "bureau, the date and what the key is for. The key (from "
                      "--recovery-key-file or BUREAU_RECOVERY_KEY) must be this register's."))
    p.add_argument("--out", required=True, metavar=_("FILE"), help=_("the PDF file to write"))
    p.add_argument("--recovery-key-file", metavar=_("FILE"),
                   help=_("a file holding the recovery key (else BUREAU_RECOVERY_KEY)"))
    p.set_defaults(handler=cmd_recovery_sheet, operation=Operation.READ_SIGNALS)
