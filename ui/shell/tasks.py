"""Long work off the GUI thread: one helper for imports, reports and backups.

``run_task(parent, label, func, *args, db_path=...)`` runs ``func`` in
``QThreadPool`` and returns a ``Task`` whose ``finished(result)`` or
``failed(error)`` signal fires on the GUI thread; meanwhile a progress dialog
is shown (after a short delay, so quick work does not flash one).

Threading contract:
- arguments and results are plain data (paths, strings, numbers, dataclasses),
  never widgets or the GUI's database connection;
- with ``db_path`` the worker opens its own connection, passes it to ``func``
  as the first argument and closes it afterwards: SQLite connections are never
  shared across threads.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from bureau.opening import open_database

# A task's objects must outlive the call that started it; they leave this set
# once their result has been delivered.
_running: set[Task] = set()

PROGRESS_DELAY_MS = 400


class _WorkerSignals(QObject):
    # Emitted from the worker thread; this object lives in the GUI thread, so
    # Qt queues the calls to the Task's slots onto the GUI thread.
    succeeded = Signal(object)
    errored = Signal(object)


class _Worker(QRunnable):
    def __init__(self, func: Callable[..., Any], args: tuple, kwargs: dict,
                 db_path: Path | None, signals: _WorkerSignals) -> None:
        super().__init__()
        self.setAutoDelete(True)  # the pool deletes it once run() returns
        self.started = threading.Event()
        self._func = func
        self._args = args
        self._kwargs = kwargs
        self._db_path = db_path
        self._signals = signals

    def run(self) -> None:
        self.started.set()
        try:
            if self._db_path is None:
                result = self._func(*self._args, **self._kwargs)
            else:

                db = open_database(self._db_path)
                try:
                    result = self._func(db, *self._args, **self._kwargs)
                finally:
                    db.close()
        except Exception as error:  # delivered to the GUI, which shows it
            self._signals.errored.emit(error)
        else:
            self._signals.succeeded.emit(result)


class Task(QObject):
    finished = Signal(object)
    failed = Signal(object)

    def __init__(self, parent: QWidget | None, label: str) -> None:
        super().__init__()
        self._signals = _WorkerSignals()
        self._signals.succeeded.connect(self._on_worker_succeeded)
        self._signals.errored.connect(self._on_worker_errored)
        self.done = False
        self._worker: _Worker | None = None
        self.progress: QProgressDialog | None = None
        if parent is not None:
            self.progress = QProgressDialog(label, "", 0, 0, parent)
            self.progress.setCancelButton(None)  # SQLite work cannot be interrupted safely
            self.progress.setWindowModality(Qt.WindowModality.WindowModal)
            self.progress.setMinimumDuration(PROGRESS_DELAY_MS)
            self.progress.setAutoClose(False)
            self.progress.setValue(0)

    def cancel_if_queued(self) -> bool:
        """Drop the work if no thread has started it yet; no signal follows then."""
        # Once started, the pool may already have deleted the worker: never touch it then.
        if self.done or self._worker is None or self._worker.started.is_set():
            return False
        if QThreadPool.globalInstance().tryTake(self._worker):
            self._finish()
            return True
        return False

    @Slot(object)
    def _on_worker_succeeded(self, result: object) -> None:
        self._finish()
        self.finished.emit(result)

    @Slot(object)
    def _on_worker_errored(self, error: object) -> None:
        self._finish()
        self.failed.emit(error)

    def _finish(self) -> None:
        self.done = True
        if self.progress is not None:
            self.progress.reset()
            self.progress.deleteLater()
            self.progress = None
        _running.discard(self)


def run_task(parent: QWidget | None, label: str, func: Callable[..., Any], *args: Any,
             db_path: Path | str | None = None,
             on_done: Callable[[Any], None] | None = None,
             on_error: Callable[[BaseException], None] | None = None,
             **kwargs: Any) -> Task:
    """Run ``func(*args, **kwargs)`` (or ``func(db, *args, **kwargs)``) in the thread pool."""
    task = Task(parent, label)
    if on_done is not None:
        task.finished.connect(on_done)
    if on_error is not None:
        task.failed.connect(on_error)
    _running.add(task)
    worker = _Worker(func, args, kwargs, Path(db_path) if db_path else None, task._signals)
    task._worker = worker
    QThreadPool.globalInstance().start(worker)
    return task
