"""The desk's idle housekeeping: search-index merging and checkpoints off the save path.

Once records have changed (a save, an edit, a merge) and the desk has then been
idle for ``IDLE_MS``, ``bureau.database.upkeep.tidy`` runs in steps of a few
milliseconds on the desk's connection until nothing is left, so the next save
finds no merge or checkpoint waiting for it. Idle means no key pressed either:
while work is pending, each key puts it off by ``IDLE_MS`` again, so a step
(a merge writing index pages on the GUI thread) never lands between two
keystrokes of someone typing a search or a form. Once after start it also
loads what the day's first save needs (``prepare_saving``) and freezes what
start-up made out of the garbage collector's sight (``gc.freeze``).
"""

from __future__ import annotations

import gc
import sqlite3

from bureau_desk.shell.context import DeskContext
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer

from bureau.database.upkeep import prepare_saving, tidy

IDLE_MS = 1500
STEP_S = 0.01  # one step's work; a keystroke meanwhile waits this long at most
_start_up_frozen = False  # once per process, whatever the windows


class IdleUpkeep(QObject):
    def __init__(self, context: DeskContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._prepared = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._watching = False
        context.records_changed.connect(self._on_context_records_changed)
        context.database_replaced.connect(self._on_context_records_changed)
        self._wait()  # a previous session's leftovers, and the first save's parts

    def _wait(self) -> None:
        """Work is pending: do it once the desk has been quiet for IDLE_MS."""
        self._timer.start(IDLE_MS)
        application = QCoreApplication.instance()
        if not self._watching and application is not None:
            # Only while work is pending: a filter on the application sees every event.
            application.installEventFilter(self)
            self._watching = True

    def _stop_watching(self) -> None:
        application = QCoreApplication.instance()
        if self._watching and application is not None:
            application.removeEventFilter(self)
        self._watching = False

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.KeyPress and self._timer.isActive():
            self._timer.start(IDLE_MS)  # someone is typing: not idle yet
        return False

    def _on_context_records_changed(self) -> None:
        self._wait()  # wait for a quiet moment again

    def _on_timer_timeout(self) -> None:
        if not self._prepared:
            self._prepared = True
            prepare_saving()
            _freeze_start_up()
        try:
            done = tidy(self._context.db, STEP_S)
        except sqlite3.Error:
            done = True  # another desk is writing, or the file is read-only: next time
        if done:
            self._stop_watching()
        else:
            self._timer.start(0)


def _freeze_start_up() -> None:
    # What start-up made lives as long as the desk; frozen, a full collection no
    # longer walks it (~50,000 objects: 16-90 ms on the GUI thread, measured
    # inside keystrokes of the register search at 1M).
    global _start_up_frozen
    if not _start_up_frozen:
        _start_up_frozen = True
        gc.freeze()
