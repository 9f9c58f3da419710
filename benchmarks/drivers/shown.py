"""Report the moment a main window is shown and the event loop has handled its first events.

Both start-up drivers use this, so the desk and the bare window are timed to
the same point: the window is exposed on the (offscreen) screen and one more
pass of the event loop has run, so its first paint and the events queued while
it was built have been processed. Then the process ends at once with
``os._exit``: tearing down is not start-up.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time


def _report(window) -> None:  # noqa: ANN001 (a QWidget)
    print(json.dumps({
        "shown_at": time.time(),
        "rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "title": window.windowTitle(),
        "modules": len(sys.modules),
        "reportlab_loaded": any(name.startswith("reportlab") for name in sys.modules),
    }), flush=True)
    os._exit(0)


def exit_when_interactive(window) -> None:  # noqa: ANN001 (a QWidget)
    """Call right after ``window.show()``; the event loop must then be entered."""
    from PySide6.QtCore import QTimer

    def check() -> None:
        handle = window.windowHandle()
        if window.isVisible() and handle is not None and handle.isExposed():
            QTimer.singleShot(0, lambda: _report(window))
        else:
            QTimer.singleShot(5, check)

    QTimer.singleShot(0, check)
