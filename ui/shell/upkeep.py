"""The desk's idle housekeeping: search-index merging and checkpoints off the save path.

Once records have changed (a save, an edit, a merge) and the desk has then been
idle for ``IDLE_MS``, ``bureau.database.upkeep.tidy`` runs in steps of a few
milliseconds on the desk's connection until nothing is left, so the next save
finds no merge or checkpoint waiting for it. Once after start it also loads
what the day's first save needs (``prepare_saving``).
"""

from __future__ import annotations

import sqlite3

from bureau_desk.shell.context import DeskContext
from PySide6.QtCore import QObject, QTimer

from bureau.database.upkeep import prepare_saving, tidy

IDLE_MS = 1500
STEP_S = 0.01  # one step's work; a keystroke meanwhile waits this long at most


class IdleUpkeep(QObject):
    def __init__(self, context: DeskContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._prepared = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._on_timer_timeout)
        context.records_changed.connect(self._on_context_records_changed)
        context.database_replaced.connect(self._on_context_records_changed)
        self._timer.start(IDLE_MS)  # a previous session's leftovers, and the first save's parts

    def _on_context_records_changed(self) -> None:
        self._timer.start(IDLE_MS)  # wait for a quiet moment again

    def _on_timer_timeout(self) -> None:
        if not self._prepared:
            self._prepared = True
            prepare_saving()
        try:
            done = tidy(self._context.db, STEP_S)
        except sqlite3.Error:
            done = True  # another desk is writing, or the file is read-only: next time
        if not done:
            self._timer.start(0)
