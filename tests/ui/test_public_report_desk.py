"""The desk offers no public list of single consultations (#15 item 6)."""

from __future__ import annotations

import pytest

from tests.ui.windows_left import delete_new_windows  # noqa: F401 (a fixture)

pytestmark = pytest.mark.usefixtures("delete_new_windows")


def test_ticking_the_public_version_turns_the_list_off(window):
    page = window.show_page("reports").reports
    page.listing_check.setChecked(True)
    page.public_check.setChecked(True)
    assert not page.listing_check.isChecked() and not page.listing_check.isEnabled()
    page.public_check.setChecked(False)
    assert page.listing_check.isEnabled()
