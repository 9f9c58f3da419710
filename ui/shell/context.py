"""What every page of the desk shares: the GUI thread's database connection,
the advisor on duty, and signals that tell pages when to refresh.

Threading contract: ``DeskContext.db`` belongs to the GUI thread. Background
work (``bureau_desk.shell.tasks``) gets ``db_path`` and opens its own connection.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlite_utils
from bureau_desk.shell.preferences import (  # noqa: F401 (the desk's modules import them from here)
    KEY_ADVISOR,
    KEY_BACKUP_FOLDER,
    KEY_FONT_SIZE,
    KEY_GEOMETRY,
    KEY_STATE,
    SETTINGS_APP,
    SETTINGS_ORG,
    app_settings,
)
from PySide6.QtCore import QObject, Signal

from bureau.catalogue import CatalogueLookup
from bureau.database.locks import lost_locks
from bureau.domain import Role
from bureau.trust.access import Operation, allowed
from bureau.trust.accounts import Account
from bureau.trust.advisors import Advisor, list_advisors
from bureau.trust.changes import Changes


class DeskContext(QObject):
    advisor_changed = Signal()
    records_changed = Signal()  # a consultation, citizen, event, referral or signal changed
    catalogue_changed = Signal()
    settings_changed = Signal()  # the bureau's details or its advisors changed
    status_message = Signal(str)
    database_replaced = Signal()  # a backup was restored: pages must be rebuilt

    def __init__(self, db: sqlite_utils.Database, db_path: Path,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.db_path = Path(db_path)
        self._lookup: CatalogueLookup | None = None
        self.advisor_id: int | None = None
        # The signed-in account, when the database has accounts; None otherwise.
        self.account: Account | None = None
        # Where the desk form keeps its crash-safety draft; None: no drafts
        # (tests of other rooms never write into the user's data folder).
        self.drafts_dir: Path | None = None
        self.catalogue_changed.connect(self._on_catalogue_changed)
        self._restore_advisor()

    # --- catalogue -----------------------------------------------------------

    @property
    def lookup(self) -> CatalogueLookup:
        if self._lookup is None:
            self._lookup = CatalogueLookup(self.db)
        return self._lookup

    def _on_catalogue_changed(self) -> None:
        self._lookup = None

    # --- advisor on duty -----------------------------------------------------

    def active_advisors(self) -> list[Advisor]:
        return list_advisors(self.db, active_only=True)

    def advisor(self) -> Advisor | None:
        for advisor in list_advisors(self.db, active_only=False):
            if advisor.id == self.advisor_id:
                return advisor
        return None

    def role(self) -> Role | None:
        """The acting person's role, for ``bureau.trust.access`` checks (the one place of rules):
        that of ``acting_account``."""
        acting = self.acting_account()
        return acting.role if acting else None

    def allowed(self, operation: Operation) -> bool:
        """Whether the core would let the acting person do ``operation``: the desk
        asks the one rulebook (``bureau.trust.access``) and keeps no rules of its own."""
        return allowed(self.acting_account(), operation)

    def listed(self, operation: Operation) -> bool:
        """Whether the page list shows a page gated by ``operation``: when ``allowed``, and
        the Signals page also for a signals officer on duty who has not given their
        password in this session, so that the page can ask for it."""
        if self.allowed(operation):
            return True
        advisor = self.advisor()
        return (operation is Operation.READ_SIGNALS and self.account is None
                and advisor is not None and advisor.role is Role.SIGNALS_OFFICER)

    def apply(self, changes: Changes) -> None:
        """Refresh the pages a core operation's ``Changes`` concern."""
        if (changes.consultations or changes.citizens or changes.events or changes.referrals
                or changes.signals):
            self.records_changed.emit()
        if changes.catalogue:
            self.catalogue_changed.emit()
        if changes.settings or changes.advisors:
            self.settings_changed.emit()

    def duty_advisors(self) -> list[Advisor]:
        """Who may be chosen as on duty: the signed-in account only, else any active advisor."""
        active = self.active_advisors()
        if self.account is None:
            return active
        return [a for a in active if a.id == self.account.id]

    def sign_in(self, account: Account | None) -> None:
        """The signed-in account becomes the advisor on duty (None: signed out)."""
        self.account = account
        if account is not None and account.id is not None:
            self.advisor_id = None  # always announce: the combo must show only them
            self.set_advisor(account.id)
        else:
            self.advisor_changed.emit()

    def acting_account(self) -> Account | None:
        """The acting person as ``bureau.trust.accounts`` sees them (signed in or on duty).

        Only a password proves someone is the signals officer: an officer chosen as the
        advisor on duty without signing in acts with an advisor's rights, so that the
        core refuses them the register (``PermissionDenied``) until they sign in.
        """
        if self.account is not None:
            return self.account
        advisor = self.advisor()
        if advisor is None:
            return None
        role = Role.ADVISOR if advisor.role is Role.SIGNALS_OFFICER else advisor.role
        return Account(advisor.id, advisor.full_name, "", role, False)

    def locks_lost(self) -> bool:
        """True when code in this process dropped the database's SQLite locks.

        Then no connection of this process may be used or closed again (a close
        could checkpoint a stale WAL over other processes' work, and a new
        connection in this process would not take the kernel locks again):
        the shell restarts the desk (see ``shell.app.restart_if_locks_lost``).
        """
        try:
            self.db.execute("SELECT count(*) FROM sqlite_master").fetchone()  # holds its locks now
        except sqlite3.ProgrammingError:
            return False  # closed for a restore: nothing to guard
        return lost_locks(self.db_path)

    def replace_database(self, db: sqlite_utils.Database) -> None:
        """After a restore: the GUI's new connection; pages are rebuilt on the signal."""
        self.db = db
        self._lookup = None
        self.account = None
        self.advisor_id = None
        self._restore_advisor()
        self.database_replaced.emit()

    def set_advisor(self, advisor_id: int | None) -> None:
        if advisor_id == self.advisor_id:
            return
        self.advisor_id = advisor_id
        if advisor_id is not None:
            app_settings().setValue(KEY_ADVISOR, advisor_id)
        self.advisor_changed.emit()

    def _restore_advisor(self) -> None:
        active = self.active_advisors()
        remembered = app_settings().value(KEY_ADVISOR)
        try:
            remembered_id = int(remembered) if remembered is not None else None
        except (TypeError, ValueError):
            remembered_id = None
        ids = [advisor.id for advisor in active]
        if remembered_id in ids:
            self.advisor_id = remembered_id
        elif active:
            # The first coordinator, else anyone: a desk always has someone on duty.
            coordinators = [a.id for a in active if a.role == Role.COORDINATOR]
            self.advisor_id = (coordinators or ids)[0]
