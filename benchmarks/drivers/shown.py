"""Report the moment a main window is shown and the event loop has handled its first events.

Both start-up drivers use this, so the desk and the bare window are timed to
the same point: the window is exposed on the (offscreen) screen and one more
pass of the event loop has run, so its first paint and the events queued while
it was built have been processed.

The desk paints its frame first and builds the Desk page right after (#19):
its window has a ``ready`` signal, emitted once the Desk page is built and
shown. For such a window two moments are reported, each on its own line:
``shown_at`` (the first paint: the frame, not yet usable) and ``ready_at`` (the
Desk page usable, one more pass of the event loop after ``ready``). The bare
window has no such signal and is usable when shown. Then the process ends at
once with ``os._exit``: tearing down is not start-up.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time


def _report(window, moment: str, last: bool) -> None:  # noqa: ANN001 (a QWidget)
    print(json.dumps({
        moment: time.time(),
        "rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "title": window.windowTitle(),
        "modules": len(sys.modules),
        "reportlab_loaded": any(name.startswith("reportlab") for name in sys.modules),
        "sqlite_utils_loaded": "sqlite_utils" in sys.modules,
    }), flush=True)
    if last:
        os._exit(0)


def exit_when_interactive(window) -> None:  # noqa: ANN001 (a QWidget)
    """Call right after ``window.show()``; the event loop must then be entered."""
    from PySide6.QtCore import QTimer

    ready = getattr(window, "ready", None)  # the desk's MainWindow: usable once attached

    def check() -> None:
        handle = window.windowHandle()
        if window.isVisible() and handle is not None and handle.isExposed():
            QTimer.singleShot(0, lambda: _report(window, "shown_at", last=ready is None))
        else:  # each pass of the event loop looks again
            QTimer.singleShot(0, check)

    QTimer.singleShot(0, check)
    if ready is not None:
        ready.connect(lambda: QTimer.singleShot(0, lambda: _report(window, "ready_at", last=True)))
