"""backup, restore, export-person, erase-person, retention, audit, account."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from bureau.domain import BureauError, Role
from bureau.i18n import N_, _, format_number, ngettext

PASSWORD_ENV = "BUREAU_PASSWORD"
NEW_PASSWORD_ENV = "BUREAU_NEW_PASSWORD"
MSG_NEED_PASSWORD = N_("A password is needed for {login}: type it when asked, or set "
                       "BUREAU_PASSWORD (BUREAU_NEW_PASSWORD for a new one).")
MSG_CONFIRM = N_("This cannot be undone. Add --yes to confirm.")


def _password(login: str) -> str:
    if os.environ.get(PASSWORD_ENV):
        return os.environ[PASSWORD_ENV]
    if not sys.stdin.isatty():
        raise BureauError(MSG_NEED_PASSWORD, login=login)
    return getpass.getpass(_("Password for {login}: ").format(login=login))


def _new_password(login: str) -> str:
    if os.environ.get(NEW_PASSWORD_ENV):
        return os.environ[NEW_PASSWORD_ENV]
    if not sys.stdin.isatty():
        raise BureauError(MSG_NEED_PASSWORD, login=login)
    first = getpass.getpass(_("New password for {login}: ").format(login=login))
    if getpass.getpass(_("Repeat the new password: ")) != first:
        raise BureauError(N_("The two passwords differ; nothing was changed."))
    return first


def acting_account(args: argparse.Namespace, db):
    """--user signs in (role checks then follow that account); else the maintenance user."""
    from bureau.trust.accounts import MAINTENANCE, authenticate

    login = getattr(args, "user", None)
    return authenticate(db, login, _password(login)) if login else MAINTENANCE


def _open(args: argparse.Namespace):
    from bureau.cli.core_commands import open_db

    return open_db(args)


def _db_path(args: argparse.Namespace) -> Path:
    from bureau.opening import default_db_path

    return Path(args.db) if args.db else default_db_path()


def cmd_backup(args: argparse.Namespace) -> int:
    from bureau.database.backup import MSG_NO_FOLDER, backup_into_folder, backup_to
    from bureau.database.settings import get_settings
    from bureau.trust import audit

    db = _open(args)  # also proves the file is a Bureau database
    settings = get_settings(db)
    if args.out:
        path, size = backup_to(_db_path(args), Path(args.out)), Path(args.out).stat().st_size
    else:
        if not settings["backup_folder"]:
            raise BureauError(MSG_NO_FOLDER)
        result = backup_into_folder(_db_path(args), Path(settings["backup_folder"]),
                                    int(settings["backup_keep"] or 10))
        path, size = result.path, result.size
    audit.record(db, audit.Action.BACKUP, "database", None, actor_id=acting_account(args, db).id)
    print(_("Backup written and verified: {path} ({size} MB)").format(
        path=path, size=format_number(round(size / 1_048_576, 1))))
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from bureau.database.backup import restore
    from bureau.opening import open_database
    from bureau.trust import audit

    target = _db_path(args)
    kept = restore(Path(args.file), target)
    db = open_database(target)  # migrates an older backup to this version
    audit.record(db, audit.Action.RESTORE, "database", None)
    print(_("Restored {file} into {path}.").format(file=args.file, path=target))
    if kept:
        print(_("The previous database was kept as {path}.").format(path=kept))
    return 0


def cmd_export_person(args: argparse.Namespace) -> int:
    from bureau.privacy.rights import export_person
    from bureau.trust.access import Permission, require

    db = _open(args)
    account = acting_account(args, db)
    require(account.role, Permission.HANDLE_PERSONAL_DATA)
    export_person(db, args.citizen, args.out, actor_id=account.id)
    print(_("Everything held about citizen {id} was written to {path}.").format(
        id=args.citizen, path=args.out))
    return 0


def cmd_erase_person(args: argparse.Namespace) -> int:
    from bureau.privacy.rights import erase_person
    from bureau.trust.access import Permission, require

    db = _open(args)
    account = acting_account(args, db)
    require(account.role, Permission.HANDLE_PERSONAL_DATA)
    if not args.yes:
        raise BureauError(MSG_CONFIRM)
    erase_person(db, args.citizen, actor_id=account.id, reason=args.reason or "")
    print(_("Citizen {id} was anonymised; the statistics are unchanged.").format(id=args.citizen))
    return 0


def cmd_retention(args: argparse.Namespace) -> int:
    from bureau.privacy.rights import apply_retention
    from bureau.trust.access import Permission, require

    db = _open(args)
    account = acting_account(args, db)
    require(account.role, Permission.HANDLE_PERSONAL_DATA)
    result = apply_retention(db, years=args.years, dry_run=not args.apply, actor_id=account.id)
    count = len(result.citizen_ids)
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
    return 0


def cmd_audit(args: argparse.Namespace) -> int:
    from bureau.trust import audit

    db = _open(args)
    for entry in audit.entries(db, limit=args.limit):
        who = entry.actor_name or _("maintenance")
        print(f"{entry.at}  {who}  {entry.action_label()}  {entry.entity} {entry.entity_id or ''}")
    return 0


def cmd_account(args: argparse.Namespace) -> int:
    from bureau.trust.access import Permission, require
    from bureau.trust.accounts import set_credentials
    from bureau.trust.advisors import add_advisor, advisor_id_by_name

    db = _open(args)
    account = acting_account(args, db)
    require(account.role, Permission.MANAGE_ACCOUNTS)
    advisor_id = advisor_id_by_name(db, args.name) or add_advisor(db, args.name, Role(args.role))
    db.execute("UPDATE advisors SET role = ? WHERE id = ?", [args.role, advisor_id])
    set_credentials(db, advisor_id, args.login, _new_password(args.login), actor_id=account.id)
    print(_("{name} can now sign in as {login}.").format(name=args.name, login=args.login))
    return 0


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser("backup", parents=[common], help=_("back up the database"),
                              description=_("Copy the database safely (also while Bureau is "
                                            "open) and verify the copy. Without --out, into the "
                                            "backup folder from Settings, keeping the newest N."))
    p.add_argument("--out", metavar=_("FILE"), help=_("write the backup to this file"))
    p.set_defaults(handler=cmd_backup)

    p = subparsers.add_parser("restore", parents=[common], help=_("restore a backup"),
                              description=_("Replace the database with a backup. The backup is "
                                            "checked first; the current database is kept aside. "
                                            "Close Bureau on this database before restoring."))
    p.add_argument("file", metavar=_("FILE"), help=_("the backup file"))
    p.set_defaults(handler=cmd_restore)

    p = subparsers.add_parser("export-person", parents=[common],
                              help=_("answer a citizen's access request"),
                              description=_("Write everything held about one citizen: "
                                            "a .json file or a readable .pdf."))
    p.add_argument("citizen", type=int, metavar=_("CITIZEN"), help=_("the citizen's number"))
    p.add_argument("--out", required=True, metavar=_("FILE"), help=_("the .json or .pdf file"))
    p.set_defaults(handler=cmd_export_person)

    p = subparsers.add_parser("erase-person", parents=[common],
                              help=_("answer a citizen's erasure request"),
                              description=_("Anonymise one citizen now; the statistics stay."))
    p.add_argument("citizen", type=int, metavar=_("CITIZEN"), help=_("the citizen's number"))
    p.add_argument("--reason", metavar=_("TEXT"), help=_("a note for the audit log"))
    p.add_argument("--yes", action="store_true", help=_("confirm"))
    p.set_defaults(handler=cmd_erase_person)

    p = subparsers.add_parser("retention", parents=[common],
                              help=_("anonymise citizens past the retention period"),
                              description=_("Citizens with no contact for the retention period "
                                            "(Settings, default 3 years) are anonymised."))
    group = p.add_mutually_exclusive_group(required=True)
    group.add_argument("--dry-run", action="store_true", help=_("only count them"))
    group.add_argument("--apply", action="store_true", help=_("anonymise them"))
    p.add_argument("--years", type=int, metavar="N", help=_("override the retention period"))
    p.set_defaults(handler=cmd_retention)

    p = subparsers.add_parser("audit", parents=[common], help=_("show the audit log"),
                              description=_("The newest entries of the audit log."))
    p.add_argument("--limit", type=int, default=50, metavar="N", help=_("how many entries"))
    p.set_defaults(handler=cmd_audit)

    p = subparsers.add_parser("account", parents=[common],
                              help=_("give an advisor a login and password"),
                              description=_("Create or update an account; the new password is "
                                            "asked for, or taken from BUREAU_NEW_PASSWORD."))
    p.add_argument("--name", required=True, metavar=_("NAME"), help=_("the advisor's full name"))
    p.add_argument("--login", required=True, metavar=_("LOGIN"), help=_("the login"))
    p.add_argument("--role", choices=[r.value for r in Role], default=Role.ADVISOR.value,
                   help=_("the role"))
    p.set_defaults(handler=cmd_account)
