"""Audit entries in words, in the desk's language: the Settings tab and the CLI."""

from __future__ import annotations

import sqlite3

import pytest
from bureau_desk.shell.language import apply_language
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication

from bureau.slips.prints import record_slip_print
from bureau.trust import audit
from tests.cli.test_cli_core import run
from tests.ui.test_audit_view import add_visit


@pytest.fixture(autouse=True)
def _windows_deleted_afterwards():
    yield
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


WORDS = {
    "bg": ("талон (A5, руски), отпечатан", "обобщени данни от отчета като PDF"),
    "ru": ("талон (A5, русский), напечатан", "показатели отчёта в формате PDF"),
}


@pytest.mark.parametrize("language", ["bg", "ru"])
def test_the_audit_tab_shows_details_in_words(window, desk_db, language):
    add_visit(desk_db, desk_db.coordinator_id, "Иванка Петрова")
    record_slip_print(desk_db, 1, fmt="a5", locale="ru", kind="print",
                      printed_by=desk_db.coordinator_id)
    audit.record(desk_db, audit.Action.EXPORT, "report", None,
                 detail="figures pdf 2026-10-01..2026-10-31 public")
    apply_language(language)
    window.retranslate()
    tab = window.show_page("settings").audit_tab
    tab.refresh()
    model = tab.model
    details = [model.cell(entry, model.COL_DETAIL) for entry in model.rows]
    slip, report = WORDS[language]
    assert any(d == slip for d in details), details
    assert any(d.startswith(report) for d in details), details
    assert not any("slip a5" in d or "figures pdf" in d for d in details)


def test_the_cli_audit_shows_details_in_words(tmp_path):
    db = str(tmp_path / "desk.db")
    assert run("--db", db, "demo", "--consultations", "20", cwd=tmp_path).returncode == 0
    with sqlite3.connect(db) as conn:
        [reference] = conn.execute("SELECT reference FROM consultations LIMIT 1").fetchone()
    made = run("--db", db, "slip", reference, "--out", str(tmp_path / "s.pdf"), cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    log = run("--db", db, "audit", cwd=tmp_path, locale="bg")
    assert log.returncode == 0, log.stderr
    assert "талон (A5" in log.stdout and "slip a5" not in log.stdout
