"""backup, restore, export-person, erase-person, retention, audit, account."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bureau.cli.backup_commands import (
    MSG_NOT_SEALED,
    add_passphrase_option,
    ask_passphrase_if_possible,
    passphrase_from,
)
from bureau.domain import BureauError, Role
from bureau.i18n import N_, _, format_number, ngettext
from bureau.instants import to_local
from bureau.trust.access import Operation, allowed

MSG_CONFIRM = N_("This cannot be undone. Add --yes to confirm.")


def acting_account(args: argparse.Namespace, db=None):
    """The account the command runs as: signed in (``bureau.cli.sign_in``) before it started."""
    return args.account


def _open(args: argparse.Namespace, *, refuse_damaged: bool = False):
    from bureau.cli.core_commands import open_db

    return open_db(args, refuse_damaged=refuse_damaged)


def _db_path(args: argparse.Namespace) -> Path:
    from bureau.opening import default_db_path

    return Path(args.db) if args.db else default_db_path()


def cmd_backup(args: argparse.Namespace) -> int:
    """``bureau-cli backup``: copy the database to a file or the backup folder; returns the
    exit code. Sealed for ``--passphrase-file``/``BUREAU_BACKUP_PASSPHRASE`` when given,
    else for the backup passphrase of Settings when set. Raises ``BureauError`` (exit 3)
    when no target is given and no backup folder is set, or the passphrase is too short.
    """
    from bureau.database.backup import (
        MIN_PASSPHRASE,
        MSG_NO_FOLDER,
        MSG_SHORT_PASSPHRASE,
        backup_into_folder,
        backup_recipient,
        backup_to,
    )
    from bureau.database.sealed_files import new_recipient
    from bureau.database.settings import get_settings
    from bureau.trust import audit

    db = _open(args, refuse_damaged=True)  # a Bureau database, and sound
    settings = get_settings(db)
    passphrase = passphrase_from(args)
    if passphrase and len(passphrase) < MIN_PASSPHRASE:
        raise BureauError(MSG_SHORT_PASSPHRASE, limit=MIN_PASSPHRASE)
    recipient = new_recipient(passphrase) if passphrase else backup_recipient(db)
    if args.out:
        path = backup_to(_db_path(args), Path(args.out), recipient)
        size = path.stat().st_size
    else:
        if not settings["backup_folder"]:
            raise BureauError(MSG_NO_FOLDER)
        result = backup_into_folder(_db_path(args), Path(settings["backup_folder"]),
                                    int(settings["backup_keep"] or 10), recipient=recipient)
        path, size = result.path, result.size
    audit.record(db, audit.Action.BACKUP, "database", None, actor_id=args.account.id)
    size_text = format_number(round(size / 1_048_576, 1))
    if recipient is None:
        print(_("Backup written and verified: {path} ({size} MB)").format(path=path, size=size_text))
        print(_(MSG_NOT_SEALED), file=sys.stderr)
    else:
        print(_("Backup written, sealed and verified: {path} ({size} MB)").format(
            path=path, size=size_text))
    return 0


def _restore_passphrase(args: argparse.Namespace) -> str | None:
    from bureau.database.backup import is_sealed_backup

    if is_sealed_backup(Path(args.file)):
        return ask_passphrase_if_possible(args)
    return passphrase_from(args)


def cmd_restore(args: argparse.Namespace) -> int:
    """``bureau-cli restore FILE``: a sealed backup is opened with the backup passphrase
    (``--passphrase-file``, ``BUREAU_BACKUP_PASSPHRASE`` or asked on a terminal); a wrong
    one is refused (exit 3) with nothing changed."""
    from bureau.database.restore import restore
    from bureau.opening import open_database
    from bureau.trust import audit

    target = _db_path(args)
    kept = restore(Path(args.file), target, passphrase=_restore_passphrase(args))
    db = open_database(target)  # migrates an older backup to this version
    audit.record(db, audit.Action.RESTORE, "database", None, actor_id=args.account.id)
    print(_("Restored {file} into {path}.").format(file=args.file, path=target))
    if kept:
        print(_("The previous database was kept as {path}.").format(path=kept))
    return 0


def cmd_export_person(args: argparse.Namespace) -> int:
    from bureau.privacy.rights import export_person

    db = _open(args)
    export_person(db, args.citizen, args.out, by=args.account)
    print(_("Everything held about citizen {id} was written to {path}.").format(
        id=args.citizen, path=args.out))
    return 0


def cmd_erase_person(args: argparse.Namespace) -> int:
    """``bureau-cli erase-person``: answer a citizen's erasure request; returns the exit
    code. Raises ``BureauError`` (exit 3) without ``--yes``: an erasure cannot be
    undone.
    """
    from bureau.privacy.drafts import default_drafts_dir
    from bureau.privacy.rights import erase_person

    db = _open(args)
    if not args.yes:
        raise BureauError(MSG_CONFIRM)
    people = erase_person(db, args.citizen, by=args.account, reason=args.reason or "",
                          drafts_dir=default_drafts_dir(), db_path=_db_path(args)).answer()
    print(_("Citizen {id} was anonymised; the statistics are unchanged.").format(id=args.citizen))
    if len(people) > 1:
        print(ngettext("{count} record merged into it was anonymised too.",
                       "{count} records merged into it were anonymised too.", len(people) - 1)
              .format(count=len(people) - 1))
    return 0


def _retention_years(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(
            _("the retention period is a whole number of years, at least 1"))
    return value


def cmd_retention(args: argparse.Namespace) -> int:
    from bureau.privacy.retention import apply_retention

    db = _open(args)
    result = apply_retention(db, by=args.account, years=args.years, dry_run=not args.apply).answer()
    # Ids only: this output may be pasted into a ticket or kept in a log.
    for candidate in result.candidates:
        line = (_("citizen {id}: anonymised \u2014 {why}") if result.applied and candidate.taken
                else _("citizen {id}: would be anonymised \u2014 {why}") if candidate.taken
                else _("citizen {id}: kept \u2014 {why}"))
        print(line.format(id=candidate.citizen_id, why=candidate.explain()))
    count, kept = len(result.citizen_ids), len(result.kept)
    if result.applied:
        print(ngettext("Anonymised {count} citizen without contact since {date}.",
                       "Anonymised {count} citizens without contact since {date}.", count)
              .format(count=count, date=result.cutoff.isoformat()))
    else:
        print(ngettext("{count} citizen has had no contact since {date} and would be anonymised "
                       "(run with --apply).",
                       "{count} citizens have had no contact since {date} and would be anonymised "
                       "(run with --apply).", count)
              .format(count=count, date=result.cutoff.isoformat()))
    if kept:
        print(ngettext("{count} citizen is kept because a matter of theirs is still open.",
                       "{count} citizens are kept because a matter of theirs is still open.", kept)
              .format(count=kept))
    return 0


def cmd_audit(args: argparse.Namespace) -> int:
    from bureau.cli.core_commands import read_db
    from bureau.trust import audit, throttle

    db = read_db(args)
    # Someone may be guessing: the logins that must wait come first.
    for delayed in throttle.delayed_logins(db):
        print(ngettext("Sign-in for \u201c{login}\u201d: {count} failure in a row",
                       "Sign-in for \u201c{login}\u201d: {count} failures in a row", delayed.failures)
              .format(login=delayed.login, count=delayed.failures)
              + ("" if delayed.next_allowed_at is None else "; " + _("next attempt from {at}").format(
                  at=to_local(delayed.next_allowed_at).isoformat(timespec="seconds"))))
    for entry in audit.entries(db, limit=args.limit):
        # A failed or refused sign-in has nobody behind it yet: not the maintenance user.
        nobody = entry.action in (audit.Action.SIGN_IN_FAILED, audit.Action.SIGN_IN_DELAYED)
        who = entry.actor_name or ("\u2014" if nobody else _("maintenance"))
        detail = f"  ({entry.detail_text()})" if entry.detail else ""  # in words
        # Local time with its offset: the repeated hour of autumn stays unambiguous.
        when = to_local(entry.at).isoformat(sep=" ", timespec="seconds")
        print(f"{when}  {who}  {entry.action_label()}  {entry.entity} {entry.entity_id or ''}{detail}")
    return 0


def cmd_account(args: argparse.Namespace) -> int:
    from bureau.cli.sign_in import new_password_for
    from bureau.trust.advisors import save_account

    db = _open(args)
    save_account(db, args.name, args.login, Role(args.role), new_password_for(args.login),
                 by=args.account)
    print(_("{name} can now sign in as {login}.").format(name=args.name, login=args.login))
    return 0


def _account_operation(args: argparse.Namespace) -> Operation:
    # A signals officer may use `account` only for officers (the core decides
    # which target is theirs); everybody else needs MANAGE_ACCOUNTS.
    if allowed(args.account, Operation.GRANT_SIGNALS_OFFICER):
        return Operation.GRANT_SIGNALS_OFFICER
    return Operation.MANAGE_ACCOUNTS


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser("backup", parents=[common], help=_("back up the database"),
                              description=_("Copy the database safely (also while Bureau is "
                                            "open) and verify the copy. Without --out, into the "
                                            "backup folder from Settings, keeping the newest N."))
    p.add_argument("--out", metavar=_("FILE"), help=_("write the backup to this file"))
    add_passphrase_option(p, _("seal the backup with the passphrase in this file's first line "
                               "(else BUREAU_BACKUP_PASSPHRASE, else the one set in Settings)"))
    p.set_defaults(handler=cmd_backup, operation=Operation.BACKUP)

    p = subparsers.add_parser("restore", parents=[common], help=_("restore a backup"),
                              description=_("Replace the database with a backup. The backup is "
                                            "checked first; the current database is kept aside. "
                                            "Close Bureau on this database before restoring."))
    p.add_argument("file", metavar=_("FILE"), help=_("the backup file"))
    add_passphrase_option(p, _("a sealed backup's passphrase, in this file's first line "
                               "(else BUREAU_BACKUP_PASSPHRASE, else asked)"))
    p.set_defaults(handler=cmd_restore, operation=Operation.RESTORE)

    p = subparsers.add_parser("export-person", parents=[common],
                              help=_("answer a citizen's access request"),
                              description=_("Write everything held about one citizen: "
                                            "a .json file or a readable .pdf."))
    p.add_argument("citizen", type=int, metavar=_("CITIZEN"), help=_("the citizen's number"))
    p.add_argument("--out", required=True, metavar=_("FILE"), help=_("the .json or .pdf file"))
    p.set_defaults(handler=cmd_export_person, operation=Operation.HANDLE_PERSONAL_DATA)

    p = subparsers.add_parser("erase-person", parents=[common],
                              help=_("answer a citizen's erasure request"),
                              description=_("Anonymise one citizen now; the statistics stay."))
    p.add_argument("citizen", type=int, metavar=_("CITIZEN"), help=_("the citizen's number"))
    p.add_argument("--reason", metavar=_("TEXT"), help=_("a note for the audit log"))
    p.add_argument("--yes", action="store_true", help=_("confirm"))
    p.set_defaults(handler=cmd_erase_person, operation=Operation.HANDLE_PERSONAL_DATA)

    p = subparsers.add_parser("retention", parents=[common],
                              help=_("anonymise citizens past the retention period"),
                              description=_("Citizens with no contact for the retention period "
                                            "(Settings, default 3 years) are anonymised, unless "
                                            "a matter of theirs is still open (a referral, a "
                                            "pending outcome, a follow-up ahead, a signal). "
                                            "--dry-run lists each one and why."))
    group = p.add_mutually_exclusive_group(required=True)
    group.add_argument("--dry-run", action="store_true", help=_("only count them"))
    group.add_argument("--apply", action="store_true", help=_("anonymise them"))
    p.add_argument("--years", type=_retention_years, metavar="N",
                   help=_("override the retention period (whole years, at least 1)"))
    p.set_defaults(handler=cmd_retention, operation=Operation.HANDLE_PERSONAL_DATA)

    p = subparsers.add_parser("audit", parents=[common], help=_("show the audit log"),
                              description=_("The newest entries of the audit log."))
    p.add_argument("--limit", type=int, default=50, metavar="N", help=_("how many entries"))
    p.set_defaults(handler=cmd_audit, operation=Operation.READ_AUDIT)

    p = subparsers.add_parser("account", parents=[common],
                              help=_("give an advisor a login and password"),
                              description=_("Create or update an account; the new password is "
                                            "asked for, or taken from BUREAU_NEW_PASSWORD."))
    p.add_argument("--name", required=True, metavar=_("NAME"), help=_("the advisor's full name"))
    p.add_argument("--login", required=True, metavar=_("LOGIN"), help=_("the login"))
    p.add_argument("--role", choices=[r.value for r in Role], default=Role.ADVISOR.value,
                   help=_("the role"))
    p.set_defaults(handler=cmd_account, operation=_account_operation)
