"""What every page of the desk shares: the GUI thread's database connection,
the advisor on duty, and signals that tell pages when to refresh.

Threading contract: ``DeskContext.db`` belongs to the GUI thread. Background
work (``ui.tasks``) gets ``db_path`` and opens its own connection.
"""

from __future__ import annotations

from pathlib import Path

import sqlite_utils
from PySide6.QtCore import QObject, QSettings, Signal

from bureau.access import Permission, allowed
from bureau.domain import Role
from bureau.storage.advisors import Advisor, list_advisors
from bureau.storage.catalogue import CatalogueLookup

SETTINGS_ORG = "Bureau"
SETTINGS_APP = "Bureau desk"
KEY_ADVISOR = "desk/advisor_id"
KEY_FONT_SIZE = "ui/font_point_size"
KEY_GEOMETRY = "window/geometry"
KEY_STATE = "window/state"


def app_settings() -> QSettings:
    """Window state and per-desk preferences (never the bureau's own data).

    INI format so tests can redirect it with ``QSettings.setPath``.
    """
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                     SETTINGS_ORG, SETTINGS_APP)


class DeskContext(QObject):
    advisor_changed = Signal()
    records_changed = Signal()  # a consultation or a citizen was saved, edited or merged
    catalogue_changed = Signal()
    settings_changed = Signal()  # the bureau's details or its advisors changed
    status_message = Signal(str)

    def __init__(self, db: sqlite_utils.Database, db_path: Path,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.db_path = Path(db_path)
        self._lookup: CatalogueLookup | None = None
        self.advisor_id: int | None = None
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

    def can_coordinate(self) -> bool:
        advisor = self.advisor()
        return advisor is not None and advisor.role in (Role.COORDINATOR, Role.ADMIN)

    def role(self) -> Role | None:
        """The acting person's role, for ``bureau.access`` checks (the one place of rules)."""
        advisor = self.advisor()
        return advisor.role if advisor else None

    def allowed(self, permission: Permission) -> bool:
        return allowed(self.role(), permission)

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
