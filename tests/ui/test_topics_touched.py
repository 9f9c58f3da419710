"""The report's summary at the desk counts the topics touched, not the issues raised:
three issues on two topics are "2 topics" (the bureau's October)."""

from __future__ import annotations

import datetime as dt

import pytest
from bureau_desk.shell.language import apply_language

from tests.ui.test_reports_page import bureau_path  # noqa: F401 (a fixture)

WORDS = {"bg": ("Засегнати са 2 теми.", "Поставени са 3 въпроса."),
         "ru": ("Затронуто 2 темы.", "Поднято 3 вопроса."),
         "en": ("They touched 2 topics.", "They raised 3 issues.")}


@pytest.mark.parametrize("language", ["bg", "ru", "en"])
def test_touched_topics_are_distinct_topics(qtbot, bureau_path, language):  # noqa: F811
    from bureau_desk.pages.reports import ReportsPage

    apply_language(language)
    page = ReportsPage(str(bureau_path), actor_id=None, today=dt.date(2024, 11, 20))
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.report is not None, timeout=10_000)
    text = page.status_label.text()
    topics, issues = WORDS[language]
    assert topics in text and issues in text, text
