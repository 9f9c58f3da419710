"""``python main.py --db X`` as the user runs it, timed to the moment the desk is interactive.

The desk's own files are not changed: ``MainWindow.show`` is wrapped so that,
once ``bureau_desk.shell.app.main()`` has built and shown the window, the event loop reports
and ends the process (see ``shown.py``). Everything else is ``main()`` itself.
"""

import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
if os.environ.get("BENCH_HIDE_NUMPY") == "1":
    # Diagnostic only: sqlite-utils imports numpy when it is installed (here it
    # comes with scipy; Bureau does not need it), so this shows the start-up of
    # a clean install, where it is absent.
    sys.modules["numpy"] = None
sys.path.insert(0, str(HERE.parent.parent))  # the checkout, as for `python main.py`

from checkout import alias_desk  # noqa: E402

alias_desk()
from bureau_desk.shell import main_window  # noqa: E402
from bureau_desk.shell.app import main  # noqa: E402

from benchmarks.drivers.shown import exit_when_interactive  # noqa: E402

_show = main_window.MainWindow.show


def _show_and_report(self) -> None:  # noqa: ANN001
    _show(self)
    exit_when_interactive(self)


main_window.MainWindow.show = _show_and_report
sys.argv[0] = str(HERE.parent.parent / "main.py")
sys.exit(main(sys.argv[1:]))
