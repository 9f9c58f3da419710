"""A short list of citizens (search results, possible duplicates) as a table model."""

from __future__ import annotations

from typing import Any

from bureau_desk.models.register import short_date
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from bureau.domain import Citizen
from bureau.i18n import N_, _

HEADERS = (N_("Name"), N_("Settlement"), N_("Phone"), N_("Last visit"), N_("Visits"))

Index = QModelIndex | QPersistentModelIndex


class CitizensModel(QAbstractTableModel):
    COL_NAME = 0
    COL_SETTLEMENT = 1
    COL_PHONE = 2
    COL_LAST_VISIT = 3
    COL_VISITS = 4

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._citizens: list[Citizen] = []

    def set_citizens(self, citizens: list[Citizen]) -> None:
        self.beginResetModel()
        self._citizens = list(citizens)
        self.endResetModel()

    def citizen(self, row: int) -> Citizen:
        return self._citizens[row]

    def row_of(self, citizen_id: int) -> int:
        return next((i for i, c in enumerate(self._citizens) if c.id == citizen_id), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._citizens)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(HEADERS)):
            return _(HEADERS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._citizens):
            return None
        citizen = self._citizens[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.COL_VISITS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        if column == self.COL_NAME:
            return citizen.full_name
        if column == self.COL_SETTLEMENT:
            return citizen.settlement
        if column == self.COL_PHONE:
            return citizen.phone
        if column == self.COL_LAST_VISIT:
            return short_date(citizen.last_visit)[:10]
        if column == self.COL_VISITS:
            return str(citizen.visits)
        return None

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(HEADERS) - 1)
