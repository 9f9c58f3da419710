"""backup-passphrase, and the backup passphrase of ``backup`` and ``restore``
(``--passphrase-file FILE`` or ``BUREAU_BACKUP_PASSPHRASE``)."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from bureau.domain import BureauError
from bureau.i18n import N_, _
from bureau.trust.access import Operation

PASSPHRASE_ENV = "BUREAU_BACKUP_PASSPHRASE"
MSG_UNREADABLE = N_("Cannot read {path}: {reason}")
MSG_NO_PASSPHRASE = N_("Give the backup passphrase with --passphrase-file FILE or in "
                       "BUREAU_BACKUP_PASSPHRASE, or --off to stop sealing backups.")
MSG_NOT_SEALED = N_("This backup is NOT sealed: whoever holds the file can read every "
                    "citizen's data in it. Set a backup passphrase (bureau-cli "
                    "backup-passphrase) to seal backups.")


def add_passphrase_option(parser: argparse.ArgumentParser, help_text: str) -> None:
    parser.add_argument("--passphrase-file", metavar=_("FILE"), help=help_text)


def passphrase_from(args: argparse.Namespace) -> str | None:
    """The backup passphrase: the first line of ``--passphrase-file`` (its line end taken
    off), else ``BUREAU_BACKUP_PASSPHRASE``, else None. Raises ``BureauError`` when the
    file cannot be read."""
    path = getattr(args, "passphrase_file", None)
    if path:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise BureauError(MSG_UNREADABLE, path=path,
                              reason=getattr(error, "strerror", None) or str(error)) from None
        return (text.splitlines() or [""])[0] or None
    return os.environ.get(PASSPHRASE_ENV) or None


def ask_passphrase_if_possible(args: argparse.Namespace) -> str | None:
    """``passphrase_from``, else asked on a terminal (None when there is none)."""
    given = passphrase_from(args)
    if given is None and sys.stdin.isatty():
        return getpass.getpass(_("Backup passphrase: ")) or None
    return given


def cmd_backup_passphrase(args: argparse.Namespace) -> int:
    """``bureau-cli backup-passphrase``: seal every backup from now on (or ``--off``).

    Raises ``BureauError`` (exit 3) without a passphrase or with a too short one.
    """
    from bureau.cli.core_commands import open_db
    from bureau.database.backup import set_backup_passphrase
    from bureau.trust import audit

    db = open_db(args)
    passphrase = None if args.off else passphrase_from(args)
    if not args.off and passphrase is None:
        raise BureauError(MSG_NO_PASSPHRASE)
    set_backup_passphrase(db, passphrase)
    audit.record(db, audit.Action.UPDATE, "settings", None, actor_id=args.account.id,
                 detail="backup_recipient")
    if passphrase is None:
        print(_(MSG_NOT_SEALED))
    else:
        print(_("From now on every backup is sealed: only this passphrase opens it. Keep it "
                "safe; a backup cannot be restored without it."))
    return 0


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser(
        "backup-passphrase", parents=[common], help=_("seal every backup with a passphrase"),
        description=_("Every backup (bureau-cli backup, the desk's daily and closing backups) "
                      "is then sealed: only this passphrase opens it. The database keeps only "
                      "a key that seals, never the passphrase."))
    add_passphrase_option(p, _("a file whose first line is the passphrase "
                               "(else BUREAU_BACKUP_PASSPHRASE)"))
    p.add_argument("--off", action="store_true",
                   help=_("stop sealing backups (they are readable by whoever holds them)"))
    p.set_defaults(handler=cmd_backup_passphrase, operation=Operation.EDIT_SETTINGS)
