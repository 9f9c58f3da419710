"""Windows a test made are deleted when it ends.

A language switch re-translates every top-level widget (``bureau_desk.shell.language``); a
page or dialog left over from an earlier test would then read that test's
closed database. Use with ``pytestmark = pytest.mark.usefixtures("delete_new_windows")``
after importing the fixture.
"""

from __future__ import annotations

import pytest
import shiboken6
from PySide6.QtWidgets import QApplication


@pytest.fixture
def delete_new_windows(qapp):  # noqa: ANN001, ANN201
    before = {id(widget) for widget in QApplication.topLevelWidgets()}
    yield
    for widget in QApplication.topLevelWidgets():
        if id(widget) not in before and shiboken6.isValid(widget):
            widget.close()
            shiboken6.delete(widget)
