"""The signals analysis as the anti-corruption council reads it (#17 item 7): a title
that does not break inside a date, bar labels whole, no chart alone on a page."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from bureau.documents import signals_report_pdf
from bureau.domain import Role
from bureau.i18n import _, use_locale
from bureau.signals.register import register_signal
from tests.acting import acting
from tests.pdf.layout import pages

OFFICER = Role.SIGNALS_OFFICER
SIGNAL = {"received_on": "2025-10-05", "channel": "letter", "anonymous": True,
          "unit": "local_taxes", "area": "public_procurement", "description": "Описание"}


@pytest.fixture
def every_unit(db):
    units = [row[0] for row in db.execute("SELECT code FROM signal_units ORDER BY code")]
    areas = [row[0] for row in db.execute("SELECT code FROM activity_areas ORDER BY code")]
    for index, unit in enumerate(units):
        for copy in range(index % 3 + 1):
            register_signal(db, {**SIGNAL, "unit": unit, "area": areas[(index + copy) % len(areas)],
                                 "received_on": f"2025-{index % 12 + 1:02d}-0{copy + 1}"},
                            by=acting(db, Role.SIGNALS_OFFICER))
    return units


@pytest.mark.parametrize("locale", ["bg", "ru"])
def test_signals_analysis_reads_whole(db, every_unit, tmp_path, locale):
    pdf = signals_report_pdf(db, dt.date(2025, 1, 1), dt.date(2025, 12, 31), by=OFFICER,
                             locale=locale,
                             today=dt.date(2026, 1, 10))
    found = pages(pdf, tmp_path)
    words = [w for page in found for w in page.words]
    # "2025 г." stays on one line wherever a long date is printed (the title first).
    for before, after in zip(words, words[1:], strict=False):
        if after.text.startswith("г.") and before.text.isdigit():
            assert abs(before.y0 - after.y0) < 1, (before, after)
    # Each unit's name in full twice: beside its bar and in the table.
    seen = Counter(w.text for w in words)
    assert "\u2026" not in " ".join(seen)
    names = [row[0] for row in db.execute(f"SELECT name_{locale} FROM signal_units")]
    for name in names:
        assert all(seen[word] >= 2 for word in name.split()), name
    with use_locale(locale):
        by_month, by_unit, unit_head = _("By month"), _("By municipal unit"), _("Municipal unit")
        by_area, area_head = _("By area of activity"), _("Area of activity")
    assert by_month in found[0].text
    for page in found:  # a chart's page also holds the start of its table
        if by_unit in page.text:
            assert unit_head in page.text.replace(by_unit, "")
        if by_area in page.text:
            assert area_head in page.text.replace(by_area, "")
