"""Sign-in first: who runs a command is settled before the command reads or writes.

Order for every command: parse, then ``sign_in`` (with ``--user`` the password
is checked, and a wrong one ends the run with exit 3 before any file is
written), then the role table (``bureau.trust.access.RULES``) for the
command's operation, then the command. Without ``--user`` the command acts as
the maintenance user, only where the table allows it.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from bureau.domain import BureauError
from bureau.i18n import N_, _, ngettext
from bureau.trust.access import MAINTENANCE, Operation, require

if TYPE_CHECKING:
    from bureau.signals.unlock import Unlocked
    from bureau.trust.accounts import Account

PASSWORD_ENV = "BUREAU_PASSWORD"
NEW_PASSWORD_ENV = "BUREAU_NEW_PASSWORD"
MSG_NEED_PASSWORD = N_("A password is needed for {login}: type it when asked, or set "
                       "BUREAU_PASSWORD (BUREAU_NEW_PASSWORD for a new one).")


def password_for(login: str) -> str:
    """BUREAU_PASSWORD, else asked on a terminal; raises ``BureauError`` when neither."""
    if os.environ.get(PASSWORD_ENV):
        return os.environ[PASSWORD_ENV]
    if not sys.stdin.isatty():
        raise BureauError(MSG_NEED_PASSWORD, login=login)
    return getpass.getpass(_("Password for {login}: ").format(login=login))


def new_password_for(login: str) -> str:
    """BUREAU_NEW_PASSWORD, else typed twice on a terminal.

    Raises ``BureauError`` when no terminal can ask and the variable is unset, or the
    two typed passwords differ.
    """
    if os.environ.get(NEW_PASSWORD_ENV):
        return os.environ[NEW_PASSWORD_ENV]
    if not sys.stdin.isatty():
        raise BureauError(MSG_NEED_PASSWORD, login=login)
    first = getpass.getpass(_("New password for {login}: ").format(login=login))
    if getpass.getpass(_("Repeat the new password: ")) != first:
        raise BureauError(N_("The two passwords differ; nothing was changed."))
    return first


def command_operation(args: argparse.Namespace) -> Operation:
    """The row of the role table a parsed command belongs to.

    Each command registers ``operation=`` (an ``Operation``, or a function of
    the arguments, ``args.account`` included, when an option or the acting
    account changes what it does); a command without one is a programming
    error, caught by the test that walks all commands.
    """
    operation: Operation | Callable[[argparse.Namespace], Operation] = args.operation
    return operation if isinstance(operation, Operation) else operation(args)


def sign_in(args: argparse.Namespace) -> Account:
    """The acting account: ``--user`` signed in against the database, else maintenance.

    Raises ``BureauError`` (wrong password, inactive, waiting after failures),
    ``DatabaseUnavailable`` when the database cannot be opened to check.
    """
    login = getattr(args, "user", None)
    if not login:
        return MAINTENANCE
    # The accounts, the database and the signals' keys (cryptography) are loaded
    # only here: a command run without --user reads none of them to sign in.
    from bureau.opening import open_database
    from bureau.signals.unlock import unlock_register
    from bureau.trust.accounts import authenticate

    password = password_for(login)
    db = open_database(args.db)
    try:
        account = authenticate(db, login, password)
        show_unlocked(unlock_register(db, account, password))
        return account
    finally:
        db.close()




def show_unlocked(unlocked: Unlocked) -> None:
    """Tell a signals officer (on stderr, so a command's output stays clean) the recovery
    key made at set-up, how many signals were sealed now, or that they have no access."""
    from bureau.trust.keys import MSG_NO_GRANT, MSG_RECOVERY

    if unlocked.recovery_key:
        print(_(MSG_RECOVERY), file=sys.stderr)
        print(f"\n    {unlocked.recovery_key}\n", file=sys.stderr)
        print(_("Print it on one page with its QR code: bureau-cli --user LOGIN recovery-sheet "
                "--out FILE.pdf (the key in BUREAU_RECOVERY_KEY or --recovery-key-file)."),
              file=sys.stderr)
    if unlocked.officer and not unlocked.opened:
        print(_(MSG_NO_GRANT), file=sys.stderr)
    if unlocked.sealed:
        print(ngettext("{count} signal was sealed.", "{count} signals were sealed.",
                       len(unlocked.sealed)).format(count=len(unlocked.sealed)), file=sys.stderr)


def authorise(args: argparse.Namespace) -> Account:
    """Sign in, then ask the role table; ``args.account`` is set for the command."""
    account = sign_in(args)
    args.account = account  # an operation may depend on who acts (``account``)
    require(account, command_operation(args))
    return account
