"""The register as a table model that scrolls through millions of rows.

Two levels, so that neither time nor memory grows with the register:
``canFetchMore``/``fetchMore`` read the next chunk of *keys* only (the row
order's sort keys, 8 bytes of id kept per row: a million rows are 8 MB), and
``data()`` reads the *rows* of the 200-row page being shown, keeping the most
recently shown pages in a small cache. Rows are compact tuples with the
question cut short (the full text is one double-click away).
"""

from __future__ import annotations

import sys
from array import array
from collections import OrderedDict
from typing import Any, NamedTuple

import sqlite_utils
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFontMetrics

from bureau.consultations.register import Cursor, RegisterFilter, list_keys, summaries
from bureau.domain import Channel, ConsultationSummary, HelpLevel, Outcome
from bureau.i18n import N_, _

PAGE = 200
ROW_BLOCK = 50  # rows read at once for the view: a screenful or two, not a whole page
KEYS_PER_FETCH = 10_000  # ~20-40 ms at a million rows; the scroll bar grows in these steps
ROWS_CACHED = 12_800  # rows held at most, whatever has been scrolled through
QUESTION_KEPT = 100  # characters kept per row: the column shows fewer

HEADERS = (N_("Reference"), N_("Date"), N_("Citizen"), N_("Topics"), N_("Question"),
           N_("Level of help"), N_("Outcome"), N_("Advisor"), N_("Channel"), N_("Follow-up"))
ANONYMOUS = N_("anonymous")

Index = QModelIndex | QPersistentModelIndex
TEXT_ROLES = frozenset({int(Qt.ItemDataRole.DisplayRole), int(Qt.ItemDataRole.ToolTipRole),
                        int(Qt.ItemDataRole.AccessibleTextRole)})
USER_ROLE = int(Qt.ItemDataRole.UserRole)
SORT_ROLE = USER_ROLE + 1  # dates as yyyy-mm-dd, so that a proxy sorts them by day
ANSWERED_ROLES = TEXT_ROLES | {USER_ROLE, SORT_ROLE}


class Row(NamedTuple):
    """One register line, its fields in column order (COL_*), then the id."""

    reference: str
    date: str
    citizen_name: str | None
    topics: str
    question: str
    help_level: str  # stored codes: labels come from the model, in the UI language
    outcome: str
    advisor_name: str
    channel: str
    follow_up: str
    id: int


def compact(summary: ConsultationSummary) -> Row:
    question = " ".join(summary.question[: QUESTION_KEPT + 20].split())
    if len(question) > QUESTION_KEPT:
        question = question[: QUESTION_KEPT - 1] + "\u2026"
    # Names, codes and topic lists repeat from row to row: one copy each.
    return Row(summary.reference, short_date(summary.occurred_at), summary.citizen_name,
               sys.intern(summary.topics), question, sys.intern(summary.help_level.value),
               sys.intern(summary.outcome.value), sys.intern(summary.advisor_name),
               sys.intern(summary.channel.value), short_date(summary.follow_up_on), summary.id)


def short_date(iso: str | None) -> str:
    """'2026-10-14 10:30' -> '14.10.2026 10:30' (the form both bg and ru read)."""
    if not iso:
        return ""
    day = f"{iso[8:10]}.{iso[5:7]}.{iso[0:4]}"
    return f"{day} {iso[11:16]}" if len(iso) > 10 else day


class RegisterModel(QAbstractTableModel):
    COL_REFERENCE = 0
    COL_DATE = 1
    COL_CITIZEN = 2
    COL_TOPICS = 3
    COL_QUESTION = 4
    COL_LEVEL = 5
    COL_OUTCOME = 6
    COL_ADVISOR = 7
    COL_CHANNEL = 8
    COL_FOLLOW_UP = 9

    def __init__(self, db: sqlite_utils.Database, *, page_size: int = PAGE,
                 keys_per_fetch: int = KEYS_PER_FETCH, parent: Any = None) -> None:
        super().__init__(parent)
        self.db = db
        self.page_size = page_size
        self.keys_per_fetch = keys_per_fetch
        self.filter = RegisterFilter()
        self.oldest_first = False
        self._ids = array("q")
        self._cursor: Cursor | None = None  # the sort key of the last id held
        # Rows by id (None: deleted since listed), least recently shown first; by
        # id, not position, so rows a search keeps are not read again.
        self._rows: OrderedDict[int, Row | None] = OrderedDict()
        self._labels: dict[int, dict[str, str]] = {}
        self._anonymous = ""
        self._load_labels()
        self._exhausted = True
        self._fetching = False
        self.pages_fetched = 0  # chunks of keys read since the last reset

    # --- loading ---------------------------------------------------------------

    def set_filter(self, flt: RegisterFilter, *, oldest_first: bool | None = None) -> None:
        """Start again from the first rows with another filter or order.

        Another filter in the same order (a search typed on) does not reset
        the model: rows that are no longer found are removed and new ones
        inserted where they belong, so a view keeps its selection and scroll
        position and repaints only what changed. Another order resets.
        """
        reorder = oldest_first is not None and oldest_first != self.oldest_first
        if reorder or self.pages_fetched == 0:
            self._reset(flt, oldest_first)
            return
        again = flt == self.filter  # the same search again: records were saved meanwhile
        limit = self.page_size
        keys = list_keys(self.db, flt, after=None, limit=limit, oldest_first=self.oldest_first)
        new_ids = [key.id for key in keys]
        old = set(self._ids)
        found = set(new_ids)
        if [i for i in self._ids if i in found] != [i for i in new_ids if i in old]:
            self._reset(flt, None)  # a row changed places (its date was edited): read afresh
            return
        if again:
            self._rows.clear()  # read the rows anew
        self.filter = flt
        self._merge(new_ids)
        if again and self._ids:  # the rows that stayed may have been edited
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self._ids) - 1, len(HEADERS) - 1))
        self._cursor = keys[-1] if keys else None
        self._exhausted = len(keys) < limit
        self.pages_fetched = 1

    def _reset(self, flt: RegisterFilter, oldest_first: bool | None) -> None:
        self.beginResetModel()
        self.filter = flt
        if oldest_first is not None:
            self.oldest_first = oldest_first
        self._ids = array("q")
        self._cursor = None
        self._rows.clear()
        self._exhausted = False
        self.pages_fetched = 0
        self.endResetModel()
        self.fetchMore(QModelIndex())

    def _merge(self, new_ids: list[int]) -> None:
        """Make the rows ``new_ids`` by removing and inserting runs of rows.

        Both lists are in the register's one order, so the old rows that stay
        keep their relative places: a removal pass, then an insertion pass.
        """
        keep = set(new_ids)
        row = len(self._ids) - 1
        while row >= 0:  # from the bottom, so earlier row numbers stay valid
            if self._ids[row] in keep:
                row -= 1
                continue
            last = row
            while row >= 0 and self._ids[row] not in keep:
                row -= 1
            self.beginRemoveRows(QModelIndex(), row + 1, last)
            del self._ids[row + 1:last + 1]
            self.endRemoveRows()
        row = 0
        while row < len(new_ids):
            if row < len(self._ids) and self._ids[row] == new_ids[row]:
                row += 1
                continue
            first = row
            staying = self._ids[row] if row < len(self._ids) else None
            while row < len(new_ids) and new_ids[row] != staying:
                row += 1
            self.beginInsertRows(QModelIndex(), first, row - 1)
            self._ids[first:first] = array("q", new_ids[first:row])
            self.endInsertRows()
        if len(self._ids) > len(new_ids):  # rows read by fetchMore before, beyond the page
            self.beginRemoveRows(QModelIndex(), len(new_ids), len(self._ids) - 1)
            del self._ids[len(new_ids):]
            self.endRemoveRows()

    def reload(self) -> None:
        self._reset(self.filter, None)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: N802, B008
        return not parent.isValid() and not self._exhausted and not self._fetching

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: N802, B008
        # A view may ask for more from inside rowsInserted; the keys being added
        # are not held yet then, so a nested fetch would read them twice.
        if parent.isValid() or self._exhausted or self._fetching:
            return
        self._fetching = True
        try:
            self._fetch_keys()
        finally:
            self._fetching = False

    def _fetch_keys(self) -> None:
        # The first chunk is one page: opening the register or a search reads
        # no more than it shows; later chunks are large, for the scroll bar.
        limit = self.page_size if not self._ids else self.keys_per_fetch
        keys = list_keys(self.db, self.filter, after=self._cursor, limit=limit,
                         oldest_first=self.oldest_first)
        self.pages_fetched += 1
        if len(keys) < limit:
            self._exhausted = True
        if not keys:
            return
        self._cursor = keys[-1]
        first = len(self._ids)
        self.beginInsertRows(QModelIndex(), first, first + len(keys) - 1)
        self._ids.extend(key.id for key in keys)
        self.endInsertRows()

    def _read_page_of(self, row: int) -> None:
        """Read the rows of ``row``'s block that are not held yet (one query).

        A block is a screenful or two (``ROW_BLOCK``): a search that changed the
        rows reads what the view shows, not the 200 of a page of keys.
        """
        block = min(self.page_size, ROW_BLOCK)
        number = row // block
        ids = [i for i in self._ids[number * block:(number + 1) * block] if i not in self._rows]
        found = {summary.id: compact(summary) for summary in summaries(self.db, ids)}
        for consultation_id in ids:
            self._rows[consultation_id] = found.get(consultation_id)
        while len(self._rows) > ROWS_CACHED:
            self._rows.popitem(last=False)

    # --- reading ---------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(HEADERS)

    def row_at(self, row: int) -> Row | None:
        """The row's data; None if it was deleted since the list was read."""
        consultation_id = self._ids[row]
        if consultation_id not in self._rows:
            self._read_page_of(row)
        else:
            self._rows.move_to_end(consultation_id)
        return self._rows.get(consultation_id)

    def consultation_id(self, row: int) -> int:
        return self._ids[row]

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(HEADERS):
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                return _(HEADERS[section])
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return section + 1
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Called for every visible cell and for each of seven roles at each repaint
        # (a call from Qt into Python costs microseconds): the roles the register
        # does not answer (font, colours, alignment...) leave before anything else.
        if role not in ANSWERED_ROLES:
            return None
        number = index.row()  # -1 for an invalid index
        if not 0 <= number < len(self._ids):
            return None
        if role == SORT_ROLE:
            return self._sort_key(index)
        if role == USER_ROLE:
            return self._ids[number]
        row = self.row_at(number)
        if row is None:
            return None
        column = index.column()
        value = row[column]
        labels = self._labels.get(column)
        if labels is not None:
            return labels.get(value, value)
        if value is None and column == self.COL_CITIZEN:
            return self._anonymous
        return value

    def _sort_key(self, index: Index) -> str:
        text = self.data(index) or ""
        if index.column() in (self.COL_DATE, self.COL_FOLLOW_UP) and len(text) >= 10:
            return f"{text[6:10]}-{text[3:5]}-{text[0:2]}{text[10:]}"  # dd.mm.yyyy -> yyyy-mm-dd
        return str(text)

    def _load_labels(self) -> None:
        self._labels = {
            self.COL_LEVEL: {m.value: m.label() for m in HelpLevel},
            self.COL_OUTCOME: {m.value: m.label() for m in Outcome},
            self.COL_CHANNEL: {m.value: m.label() for m in Channel},
        }
        self._anonymous = _(ANONYMOUS)

    @classmethod
    def column_widths(cls, metrics: QFontMetrics) -> dict[int, int]:
        """Starting widths: dates and numbers measured so they are never cut."""
        pad = metrics.averageCharWidth() * 3
        widths = {cls.COL_REFERENCE: metrics.horizontalAdvance("0000-000000") + pad,
                  cls.COL_DATE: metrics.horizontalAdvance("00.00.0000 00:00") + pad,
                  cls.COL_FOLLOW_UP: metrics.horizontalAdvance("00.00.0000") + pad}
        chars = {cls.COL_CITIZEN: 22, cls.COL_TOPICS: 20, cls.COL_LEVEL: 13,
                 cls.COL_OUTCOME: 15, cls.COL_ADVISOR: 17, cls.COL_CHANNEL: 11,
                 cls.COL_QUESTION: 40}
        widths.update({column: count * metrics.averageCharWidth()
                       for column, count in chars.items()})
        return widths

    def retranslate(self) -> None:
        """Labels of levels, outcomes and headers follow the language; topics need a reload."""
        self._load_labels()
        self._rows.clear()
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(HEADERS) - 1)
        self.reload()
