"""The Reports page: figures counted in the background, files written by a worker."""

from __future__ import annotations

import datetime as dt

import pytest

from bureau.catalogue import CatalogueLookup
from bureau.consultations.store import save_consultation
from bureau.i18n import set_locale
from bureau.opening import init_database, open_database
from bureau.trust.advisors import add_advisor
from bureau.validation import validate_consultation


@pytest.fixture
def bureau_path(tmp_path):
    path = tmp_path / "reports.db"
    db = init_database(path, bureau_name="Бюро Кресна", municipality="Кресна")
    advisor = add_advisor(db, "Мария Стоянова")
    lookup = CatalogueLookup(db)
    for moment, topic in (("2024-10-01 09:00", "local_taxes"), ("2024-10-15 12:00", "health"),
                          ("2024-10-31 23:59", "local_taxes"), ("2024-09-30 10:00", "health")):
        raw = {"occurred_at": moment, "channel": "phone", "advisor_id": advisor,
               "issues": [(topic, None)], "question": "Въпрос", "answer": "Отговор",
               "help_level": "information", "outcome": "resolved"}
        save_consultation(db, validate_consultation(raw, lookup, now=dt.datetime(2030, 1, 1)),
                          lookup)
    db.close()
    return path


@pytest.fixture
def page(qtbot, bureau_path):
    from bureau_desk.pages.reports import ReportsPage

    widget = ReportsPage(str(bureau_path), actor_id=None, today=dt.date(2024, 11, 20))
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitUntil(lambda: widget.report is not None, timeout=10_000)
    return widget


def test_the_last_whole_month_is_counted(page):
    assert page.month_combo.currentData() == "2024-10-01"
    values = {row[0]: row[1] for row in page.model.rows}
    assert values["Contacts (consultations)"] == "3"  # with 23:59 on 31 October
    assert page.model.headers[1] == "October 2024"
    assert page.chart.items == [("Local taxes and fees", 2), ("Health", 1)]
    assert "The bureau had 3 contacts" in page.status_label.text()


def test_choosing_another_month_recounts(qtbot, page):
    page.month_combo.setCurrentIndex(page.month_combo.findData("2024-09-01"))
    qtbot.waitUntil(lambda: page.report.period.start == dt.date(2024, 9, 1), timeout=10_000)
    assert {row[0]: row[1] for row in page.model.rows}["Contacts (consultations)"] == "1"


def test_public_toggle_shows_small_counts(page):
    page.public_check.setChecked(True)
    assert {row[0]: row[1] for row in page.model.rows}["Contacts (consultations)"] == "<5"


def test_a_file_is_written_in_the_background_and_audited(qtbot, page, tmp_path, bureau_path,
                                                        message_boxes):
    out = tmp_path / "report.csv"
    task = page.start_file(page.period(), "csv", str(out), public=True, listing=False,
                           locale="ru")
    assert not page.format_buttons["csv"].isEnabled()  # no second click while it runs
    qtbot.waitUntil(lambda: task.done, timeout=10_000)
    assert "<5" in out.read_text("utf-8-sig")
    assert message_boxes.shown[-1][0] == "information"
    assert page.format_buttons["csv"].isEnabled()
    db = open_database(bureau_path)
    try:
        detail = db.execute("SELECT detail FROM audit_log WHERE entity = 'report'").fetchone()[0]
    finally:
        db.close()
    assert detail == "figures csv 2024-10-01..2024-10-31 public"


def test_the_list_of_consultations_is_not_a_pdf(qtbot, page, tmp_path, message_boxes):
    page.listing_check.setChecked(True)
    assert not page.format_buttons["pdf"].isEnabled()
    task = page.start_file(page.period(), "pdf", str(tmp_path / "x.pdf"), public=False,
                           listing=True, locale="bg")
    qtbot.waitUntil(lambda: task.done, timeout=10_000)
    assert message_boxes.shown[-1][0] == "warning"
    assert "CSV or XLSX" in message_boxes.shown[-1][2]
    assert not (tmp_path / "x.pdf").exists()


def test_retranslate_names_the_months_in_the_new_language(page):
    set_locale("bg")
    page.retranslate()
    assert page.month_combo.currentText() == "октомври 2024"
    assert page.month_combo.currentData() == "2024-10-01"  # the choice stays
