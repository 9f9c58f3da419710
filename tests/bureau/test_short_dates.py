"""Short dates and times are formatted without Babel (bureau-cli search lists dates in
a fraction of its start-up), exactly as Babel formats them from CLDR."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from babel import dates as babel_dates

from bureau.i18n import SHORT_PATTERNS, available_locales, format_date, format_datetime, use_locale


def moments() -> list[dt.datetime]:
    rng = random.Random(19)
    fixed = [dt.datetime(2026, 1, 1, 0, 0), dt.datetime(2026, 12, 31, 23, 59),
             dt.datetime(2026, 11, 30, 12, 0), dt.datetime(2026, 11, 30, 12, 30),
             dt.datetime(2026, 3, 9, 9, 5), dt.datetime(1999, 10, 5, 1, 7),
             dt.datetime(2000, 2, 29, 13, 0), dt.datetime(2105, 7, 4, 18, 45)]
    return fixed + [dt.datetime(2020, 1, 1) + dt.timedelta(minutes=rng.randint(0, 6_000_000))
                    for _ in range(500)]


@pytest.mark.parametrize("locale", sorted(set(available_locales()) | set(SHORT_PATTERNS)))
def test_short_formats_equal_babel(locale):
    assert locale in SHORT_PATTERNS  # every catalogue language has its short patterns
    with use_locale(locale):
        for moment in moments():
            assert format_datetime(moment, "short") == babel_dates.format_datetime(
                moment, "short", locale=locale)
            assert format_date(moment.date(), "short") == babel_dates.format_date(
                moment.date(), "short", locale=locale)


def test_the_search_listing_formats_dates_without_babel(tmp_path):
    import subprocess
    import sys

    probe = ("import sys, datetime as dt; from bureau.i18n import set_locale, format_datetime; "
             "set_locale('bg'); print(format_datetime(dt.datetime(2026, 11, 30, 3, 49), 'short')); "
             "print(any(name.split('.')[0] == 'babel' for name in sys.modules))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=True, timeout=60)
    assert done.stdout.splitlines() == ["30.11.26\u202fг., 3:49", "False"]
