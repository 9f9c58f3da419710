"""The desk shows its window before it loads what the first page does not need (#19,
the desk's start-up row; the figure itself is benchmarks/bench_startup.py).

Checked in a real ``main.py`` process. At the first paint the window is the frame
(page list, toolbar, status bar, the bureau's name in the bureau's language) and
neither the database machinery (sqlite-utils, click), cryptography, the catalogue,
the collation tables nor the Desk page are loaded. Once the desk is ready (the Desk
page built and shown) still no printing machinery (QtPrintSupport), no backup
machinery and no other language's CLDR data until they are used."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from bureau_desk.widgets.doc_widgets import AUTONYMS, DOCUMENT_LANGUAGES

from bureau.domain import Role
from bureau.i18n import _, language_name, use_locale
from bureau.opening import init_database
from bureau.trust.advisors import add_advisor

ROOT = Path(__file__).resolve().parents[2]
PROBE = """
import json, os, sys
sys.path.insert(0, {root!r})
from checkout import alias_desk
alias_desk()
from PySide6.QtCore import QTimer
from bureau_desk.shell import main_window
from bureau_desk.shell.app import main

def report(window, moment):
    import babel.localedata
    print(json.dumps({{"moment": moment, "modules": sorted(sys.modules),
                      "cldr": sorted(babel.localedata._cache),
                      "attached": window.context is not None,
                      "title": window.windowTitle(),
                      "pages": sorted(window.pages),
                      "page_list_enabled": window.page_list.isEnabled(),
                      "showing": window.stack.currentWidget().objectName()
                                 or type(window.stack.currentWidget()).__name__,
                      "exposed": window.windowHandle().isExposed()}}), flush=True)
    if moment == "ready":
        os._exit(0)

show = main_window.MainWindow.show

def shown(self):
    show(self)

    def painted():  # as benchmarks/drivers/shown.py: exposed, then one more pass
        if self.windowHandle() is not None and self.windowHandle().isExposed():
            QTimer.singleShot(0, lambda: report(self, "first paint"))
        else:
            QTimer.singleShot(0, painted)

    QTimer.singleShot(0, painted)
    self.ready.connect(lambda: report(self, "ready"))

main_window.MainWindow.show = shown
sys.exit(main(["--db", {db!r}]))
"""
# What the volunteer does not need to see the frame: the database's machinery, the
# signing in's cryptography, the catalogue and its names' collation, the Desk page.
NOT_AT_FIRST_PAINT = ("sqlite_utils", "click", "cryptography", "pyuca", "reportlab",
                      "bureau.catalogue", "bureau.opening", "bureau.trust.accounts",
                      "bureau_desk.shell.context", "bureau_desk.pages.desk",
                      "bureau_desk.widgets.intake_form")
NOT_WHEN_READY = ("PySide6.QtPrintSupport", "bureau_desk.shell.printing",
                  "bureau_desk.shell.backup_runner", "reportlab")


def start_and_report(tmp_path: Path, language: str) -> dict[str, dict]:
    db_path = tmp_path / "bureau.db"
    db = init_database(db_path, bureau_name="Бюро Кресна", municipality="Кресна",
                       language=language)
    add_advisor(db, "Мария Стоянова", Role.COORDINATOR)
    db.close()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path),
           "XDG_DATA_HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", PROBE.format(root=str(ROOT), db=str(db_path))],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120,
                          check=False)
    reports = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    assert [r["moment"] for r in reports] == ["first paint", "ready"], done.stderr[-2000:]
    return {r["moment"]: r for r in reports}


@pytest.mark.parametrize("language", ["bg", "ru"])
def test_the_frame_paints_before_the_database_and_the_desk_page_load(tmp_path, language):
    moments = start_and_report(tmp_path, language)
    first, ready = moments["first paint"], moments["ready"]
    with use_locale(language):  # the frame speaks the bureau's language already
        title = _("Bureau \u2014 {name}").format(name="Бюро Кресна")
    assert first["exposed"] and not first["attached"] and first["title"] == title
    assert first["showing"] == "QLabel" and not first["page_list_enabled"]  # "Opening..."
    modules = set(first["modules"])
    assert [name for name in NOT_AT_FIRST_PAINT if name in modules] == []
    # Then the same window becomes the desk: the Desk page shown, the page list usable.
    assert ready["attached"] and ready["pages"] == ["desk"] and ready["page_list_enabled"]
    assert ready["showing"] == "DeskPage" and ready["title"] == title
    modules = set(ready["modules"])
    assert "bureau_desk.pages.desk" in modules and "sqlite_utils" in modules
    assert [name for name in NOT_WHEN_READY if name in modules] == []
    others = {"bg", "ru", "en"} - {language}
    assert others.isdisjoint(ready["cldr"])


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
