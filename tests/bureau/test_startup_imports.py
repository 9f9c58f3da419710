"""Start-up discipline: the CLI and the desk open without the document machinery.

reportlab, openpyxl and the report modules take a noticeable part of a second
to import on a desk PC; they are imported when a slip, a report or an export
is made, never at start-up. Each check runs in a fresh interpreter, because
this test process has long since imported everything.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from bureau.opening import init_database
from bureau.trust.advisors import add_advisor

ROOT = Path(__file__).resolve().parents[2]
HEAVY_PACKAGES = ("reportlab", "openpyxl")
# The CLI parses ``report --month`` with bureau.reports.period (month
# arithmetic over babel, which bureau.i18n has loaded already), which also
# runs the package's light __init__; nothing else of the reports may load.
ARGUMENT_PARSING_REPORT_MODULES = {"bureau.reports", "bureau.reports.period"}


def loaded_modules(code: str, *, env: dict[str, str] | None = None) -> list[str]:
    """Run ``code`` in a fresh interpreter; it prints json.dumps(sorted(sys.modules))."""
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT,
                          env={**os.environ, **(env or {})}, capture_output=True, text=True,
                          timeout=120, check=False)
    lines = [line for line in done.stdout.splitlines() if line.startswith("[")]
    assert lines, f"no module list (exit {done.returncode}): {done.stderr[-2000:]}"
    return json.loads(lines[-1])


def heavy(modules: list[str], allowed: set[str] = frozenset()) -> list[str]:
    def is_report_module(name: str) -> bool:
        return name == "bureau.reports" or name.startswith("bureau.reports.")

    return [name for name in modules
            if name.split(".")[0] in HEAVY_PACKAGES
            or (is_report_module(name) and name not in allowed)]


def test_importing_the_core_and_the_cli_loads_no_documents_and_no_qt():
    modules = loaded_modules("""
        import json, sys
        import bureau, bureau.cli
        print(json.dumps(sorted(sys.modules)))
    """)
    assert "bureau.cli" in modules
    assert heavy(modules) == []
    assert not [name for name in modules if name.startswith("PySide6")]


def test_starting_the_cli_loads_no_documents():
    # What every bureau-cli command does before it runs: build the parser of
    # all the command modules.
    modules = loaded_modules("""
        import json, sys
        from bureau.cli import build_parser
        build_parser().parse_args(["search", "петров"])
        print(json.dumps(sorted(sys.modules)))
    """)
    assert "bureau.cli.core_commands" in modules
    assert heavy(modules, ARGUMENT_PARSING_REPORT_MODULES) == []


DESK_PROBE = """
    import json, os, sys
    from checkout import alias_desk
    alias_desk()
    from bureau_desk.shell import main_window
    from bureau_desk.shell.app import main

    show = main_window.MainWindow.show

    def show_then_report(self):
        show(self)  # the frame; the Desk page is built right after (#19)
        from PySide6.QtCore import QTimer

        def report():
            print(json.dumps(sorted(sys.modules)), flush=True)
            print(json.dumps({"title": self.windowTitle()}), flush=True)
            os._exit(0)

        self.ready.connect(lambda: QTimer.singleShot(0, report))

    main_window.MainWindow.show = show_then_report
    main(["--db", os.environ["PROBE_DB"]])
"""


@pytest.mark.skipif(importlib.util.find_spec("PySide6") is None, reason="PySide6 not installed")
def test_the_desk_is_shown_without_documents_loaded(tmp_path):
    path = tmp_path / "bureau.db"
    db = init_database(path, bureau_name="Бюро Кресна", municipality="Кресна", language="bg")
    add_advisor(db, "Мария Стоянова")
    db.close()
    modules = loaded_modules(DESK_PROBE, env={
        "PROBE_DB": str(path), "QT_QPA_PLATFORM": "offscreen",
        "XDG_CONFIG_HOME": str(tmp_path / "config")})  # not the user's window settings
    assert "bureau_desk.pages.desk" in modules  # the desk itself was built and shown
    assert heavy(modules) == []
    # The other pages wait until they are opened (bureau_desk.shell.navigation).
    later_pages = [name for name in modules
                   if name.startswith(("bureau_desk.pages.", "bureau_desk.settings."))
                   and name not in ("bureau_desk.pages.base", "bureau_desk.pages.desk")]
    assert later_pages == []
