"""What the commission and signals documents share beyond the PDF house.

Type, letterhead, details tables, footers and "Page X of Y" are the house's
(``bureau.pdf``). The small documents a citizen takes home (decision letter,
signal receipt) use the slip's paper, so all the bureau's papers look alike;
the agenda and the council's analysis are A4 documents (``A4_DOCUMENT``).
"""

from __future__ import annotations

import datetime as dt

import sqlite_utils

from bureau.i18n import _
from bureau.pdf.clock import document_now
from bureau.pdf.dates import long_date
from bureau.pdf.paper import Geometry
from bureau.slips import slip_format
from bureau.slips.formats import GEOMETRY, SlipFormat


def sheet_geometry(db: sqlite_utils.Database, fmt: SlipFormat | str | None) -> Geometry:
    """A5 or A4 as asked, else the bureau's slip setting; a receipt roll becomes A5.

    A letter or a receipt is kept in a folder, so it needs a sheet, not a roll.
    """
    chosen = slip_format(db, fmt)
    return GEOMETRY[SlipFormat.A5 if chosen is SlipFormat.RECEIPT else chosen]


def generated_footer(document: str, now: dt.datetime | None = None) -> str:
    """'{document} · generated on {long date}', the footer of the A4 documents."""
    return _("{document} \u00b7 generated on {date}").format(
        document=document, date=long_date(document_now(now).date()))
