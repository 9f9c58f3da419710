"""How report values read in a document: Babel numbers in the document's locale.

Spreadsheets keep numbers as numbers; only the PDF and the summary turn them
into text, here.
"""

from __future__ import annotations

from babel import numbers as babel_numbers

from bureau.i18n import format_number, format_percent, get_locale
from bureau.reports.disclosure import Masked

MINUS = "\u2212"
UP, DOWN = "\u25b2", "\u25bc"
NOTHING = "\u2013"  # shown where a value would mean nothing (no change from zero)

# Column kinds of a report table (``bureau.reports.tables``): how a renderer
# formats the values below the header.
TEXT, COUNT, SHARE, CHANGE = "text", "count", "share", "change"


def decimal(value: float, places: int = 1) -> str:
    pattern = "#,##0." + "0" * places
    return babel_numbers.format_decimal(value, format=pattern, locale=get_locale())


def signed_change(value: float | None, *, arrows: bool = True) -> str:
    """'▲ +12%', '▼ −5%', '0%'; the sign says more than colour on a grey printout."""
    if value is None:
        return NOTHING
    rounded = round(value * 100)
    if rounded == 0:
        return format_percent(0)
    text = format_percent(abs(value))
    if rounded > 0:
        return f"{UP} +{text}" if arrows else f"+{text}"
    return f"{DOWN} {MINUS}{text}" if arrows else f"{MINUS}{text}"


def count(value: int | float | Masked | None) -> str:
    if value is None:
        return NOTHING
    if isinstance(value, Masked):
        return value.text
    if isinstance(value, float):
        return decimal(value, 1)  # averages: one decimal wherever they are shown
    return format_number(value)


def share(value: float | None) -> str:
    return NOTHING if value is None else format_percent(value)


def cell(value: int | float | Masked | None, kind: str) -> str:
    """A table value as the document shows it, by its column's kind."""
    if isinstance(value, Masked):
        return value.text
    if kind == SHARE:
        return share(value)
    if kind == CHANGE:
        return signed_change(value)
    return count(value)
