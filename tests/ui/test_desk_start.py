"""The desk shows its window before it loads what the first page does not need (#19,
the desk's start-up row; the figure itself is benchmarks/bench_startup.py): no
printing machinery (QtPrintSupport), no backup machinery, and no other language's
CLDR data until they are used. Checked in a real ``main.py`` process at the moment
its window is shown."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from bureau_desk.widgets.doc_widgets import AUTONYMS, DOCUMENT_LANGUAGES

from bureau.domain import Role
from bureau.i18n import language_name
from bureau.opening import init_database
from bureau.trust.advisors import add_advisor

ROOT = Path(__file__).resolve().parents[2]
PROBE = """
import json, os, sys
sys.path.insert(0, {root!r})
from checkout import alias_desk
alias_desk()
from bureau_desk.shell import main_window
from bureau_desk.shell.app import main

def shown(self):
    import babel.localedata
    print(json.dumps({{"modules": sorted(sys.modules),
                      "cldr": sorted(babel.localedata._cache)}}), flush=True)
    os._exit(0)

main_window.MainWindow.show = shown
sys.exit(main(["--db", {db!r}]))
"""


def test_the_window_shows_before_printing_backups_and_other_languages_load(tmp_path):
    db_path = tmp_path / "bureau.db"
    db = init_database(db_path, bureau_name="Бюро Кресна", municipality="Кресна", language="bg")
    add_advisor(db, "Мария Стоянова", Role.COORDINATOR)
    db.close()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path),
           "XDG_DATA_HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", PROBE.format(root=str(ROOT), db=str(db_path))],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120,
                          check=False)
    [line] = [line for line in done.stdout.splitlines() if line.startswith("{")]
    shown = json.loads(line)
    modules = set(shown["modules"])
    assert "bureau_desk.pages.desk" in modules  # the first page is there...
    for later in ("PySide6.QtPrintSupport", "bureau_desk.shell.printing",
                  "bureau_desk.shell.backup_runner", "reportlab"):
        assert later not in modules, later  # ... what it does not need to show is not
    assert "ru" not in shown["cldr"] and "en" not in shown["cldr"]


def test_the_slip_languages_are_named_as_babel_names_them():
    assert {code: AUTONYMS[code] for code in DOCUMENT_LANGUAGES} == {
        code: language_name(code) for code in DOCUMENT_LANGUAGES}


def test_the_desk_counts_overdue_referrals_once_at_start(context, monkeypatch, qtbot):
    from bureau_desk.pages import desk as desk_page
    from bureau_desk.shell.main_window import MainWindow

    counted = []
    real = desk_page.count_overdue_referrals
    monkeypatch.setattr(desk_page, "count_overdue_referrals",
                        lambda *args: counted.append(1) or real(*args))
    window = MainWindow(context)  # shows the Desk
    qtbot.addWidget(window)
    assert len(counted) == 1  # a query over every referral, once
    window.pages["desk"].retranslate()  # a language switch re-words it
    assert len(counted) == 1
    window.pages["desk"].form.clear()
