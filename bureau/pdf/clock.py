"""The one clock every document reads its "generated on" / "issued on" moment from.

    moment = document_now(now)      # the ``now`` a caller passed, else the clock
    day = document_today(today)

A caller (a test, the desk showing a preview) may pass its own moment. Without
one, ``SOURCE_DATE_EPOCH`` (the reproducible-builds convention, seconds since
1970 in UTC, which reportlab also honours for the PDF's creation date) fixes
the moment, so the same data gives the same bytes; otherwise it is the
computer's local time. No reportlab here.
"""

from __future__ import annotations

import datetime as dt
import os

EPOCH_VARIABLE = "SOURCE_DATE_EPOCH"


def _fixed_moment() -> dt.datetime | None:
    value = os.environ.get(EPOCH_VARIABLE, "").strip()
    if not value:
        return None
    try:
        seconds = int(value)
    except ValueError:  # a malformed variable is ignored, as reportlab cannot use it either
        return None
    # Printed as UTC wall time: the spec asks for a result that does not depend on
    # the zone of the machine that builds the document.
    return dt.datetime.fromtimestamp(seconds, dt.UTC).replace(tzinfo=None)


def document_now(now: dt.datetime | None = None) -> dt.datetime:
    """``now`` if given; else the ``SOURCE_DATE_EPOCH`` moment; else local wall time.

    Returns a naive local wall-clock datetime (documents print local time).
    """
    if now is not None:
        return now
    return _fixed_moment() or dt.datetime.now()


def document_today(today: dt.date | None = None) -> dt.date:
    """``today`` if given; else the date of ``document_now()``."""
    return today if today is not None else document_now().date()
