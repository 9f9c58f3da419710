"""The Reports page in the desk: files only with Permission.EXPORT_REPORTS, and the
audit entry names the advisor on duty."""

from __future__ import annotations

import pytest

from bureau.opening import open_database
from tests.ui.windows_left import delete_new_windows  # noqa: F401 (a fixture)

pytestmark = pytest.mark.usefixtures("delete_new_windows")


def test_a_volunteer_sees_figures_but_writes_no_file(qtbot, window, tmp_path, message_boxes):
    volunteer = next(a.id for a in window.context.active_advisors()
                     if a.id != window.context.advisor_id)
    window.context.set_advisor(volunteer)
    page = window.show_page("reports")
    reports = page.reports
    assert page.note.isVisible()
    assert not any(button.isEnabled() for button in reports.format_buttons.values())
    out = tmp_path / "report.csv"
    assert reports.start_file(reports.period(), "csv", str(out), public=False, listing=False,
                              locale="bg") is None
    assert not out.exists()
    assert message_boxes.shown[-1][0] == "warning"
    assert "does not allow" in message_boxes.shown[-1][2]


def test_the_coordinator_writes_and_is_named_in_the_audit(qtbot, window, desk_db, tmp_path):
    page = window.show_page("reports")
    reports = page.reports
    assert not page.note.isVisible()
    assert reports.format_buttons["csv"].isEnabled()
    out = tmp_path / "report.csv"
    task = reports.start_file(reports.period(), "csv", str(out), public=True, listing=False,
                              locale="bg")
    qtbot.waitUntil(lambda: task.done, timeout=10_000)
    assert out.exists()
    db = open_database(window.context.db_path)
    try:
        actor = db.execute("SELECT actor_id FROM audit_log WHERE entity = 'report'").fetchone()[0]
    finally:
        db.close()
    assert actor == desk_db.coordinator_id
