"""The Reports page's Statistical package… and Oblast roll-up… buttons (#21), clicked
through the desk with the file dialog helper answering."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from PySide6.QtCore import Qt

from bureau.opening import open_database
from bureau.rollup.checks import read_package
from bureau.rollup.demo import make_oblast
from tests.ui.windows_left import delete_new_windows  # noqa: F401 (a fixture)

pytestmark = pytest.mark.usefixtures("delete_new_windows")


@pytest.fixture
def dialogs(monkeypatch):
    """The file dialog helper's answers, set by each test."""
    from bureau_desk.widgets import file_dialogs

    answers = {"save": [], "open": []}
    asked = []
    monkeypatch.setattr(file_dialogs, "save_file", lambda parent, caption, start, filters="":
                        asked.append(("save", caption, str(start))) or answers["save"].pop(0))
    monkeypatch.setattr(file_dialogs, "open_files", lambda parent, caption, start, filters="":
                        asked.append(("open", caption, filters)) or answers["open"].pop(0))
    answers["asked"] = asked
    return answers


@pytest.fixture(scope="module")
def oblast(tmp_path_factory):
    folder = tmp_path_factory.mktemp("oblast")
    made = make_oblast(folder, bureaus=3, seed=2, today=dt.date(2026, 11, 20))
    return [str(package.path) for package in made]


def test_the_coordinator_saves_a_statistical_package(qtbot, window, tmp_path, dialogs,
                                                     message_boxes):
    reports = window.show_page("reports").reports
    qtbot.waitUntil(lambda: reports.report is not None, timeout=10_000)
    assert reports.package_button.isEnabled() and reports.rollup_button.isEnabled()
    out = tmp_path / "kresna.bureau-stats.json"
    dialogs["save"].append(str(out))
    qtbot.mouseClick(reports.package_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: reports.package_task is not None and reports.package_task.done,
                    timeout=15_000)
    # The suggested name is the municipality's in Latin letters and the month.
    assert dialogs["asked"][0][2].endswith(
        f"kresna-{reports.period().start:%Y-%m}.bureau-stats.json")
    package = read_package(out)
    assert package["period"]["start"] == reports.period().start.isoformat()
    assert message_boxes.shown[-1][0] == "information"
    db = open_database(window.context.db_path)
    try:
        actor = db.execute("SELECT actor_id FROM audit_log WHERE entity = 'statistics'").fetchone()
    finally:
        db.close()
    assert actor[0] == window.context.advisor_id


def test_a_volunteer_may_not_send_a_package(qtbot, window, tmp_path, dialogs, message_boxes):
    volunteer = next(a.id for a in window.context.active_advisors()
                     if a.id != window.context.advisor_id)
    window.context.set_advisor(volunteer)
    reports = window.show_page("reports").reports
    assert not reports.package_button.isEnabled() and not reports.rollup_button.isEnabled()
    reports._on_package_button_clicked()  # noqa: SLF001 - as a keyboard shortcut would
    assert message_boxes.shown[-1][0] == "warning" and dialogs["asked"] == []


def test_the_rollup_button_writes_the_oblast_report_in_the_chosen_language(
        qtbot, window, tmp_path, dialogs, message_boxes, oblast):
    from openpyxl import load_workbook

    reports = window.show_page("reports").reports
    reports.language_combo.setCurrentIndex(reports.language_combo.findData("ru"))
    out = tmp_path / "oblast-2026-10.xlsx"
    dialogs["open"].append(oblast)
    dialogs["save"].append(str(out))
    qtbot.mouseClick(reports.rollup_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: reports.rollup_task is not None and reports.rollup_task.done,
                    timeout=30_000)
    assert message_boxes.shown[-1][0] == "information", message_boxes.shown
    assert "3" in message_boxes.shown[-1][2]
    rows = list(load_workbook(out).active.iter_rows(values_only=True))
    assert any(row[0] == "Основные показатели" for row in rows)
    contacts = next(row for row in rows if row[0] == "Обращения (консультации)")
    assert contacts[1] == sum(read_package(p)["figures"]["contacts"] for p in oblast)


def test_a_tampered_package_is_refused_on_the_desk_and_nothing_is_written(
        qtbot, window, tmp_path, dialogs, message_boxes, oblast):
    reports = window.show_page("reports").reports
    package = json.loads(open(oblast[0], encoding="utf-8").read())
    package["figures"]["contacts"] += 1
    bad = tmp_path / "edited.bureau-stats.json"
    bad.write_text(json.dumps(package), encoding="utf-8")
    out = tmp_path / "oblast.pdf"
    dialogs["open"].append([str(bad), *oblast[1:]])
    dialogs["save"].append(str(out))
    qtbot.mouseClick(reports.rollup_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: reports.rollup_task is not None and reports.rollup_task.done,
                    timeout=30_000)
    kind, _title, text = message_boxes.shown[-1]
    assert kind == "warning" and "edited.bureau-stats.json" in text and "SHA-256" in text
    assert not out.exists()
    assert reports.rollup_button.isEnabled()
