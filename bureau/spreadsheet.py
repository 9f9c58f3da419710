"""What Bulgarian and Russian spreadsheets expect of the files Bureau writes.

Excel and LibreOffice on a Bulgarian or Russian Windows read CSV with ``;``
between cells and a decimal comma (the list separator and decimal symbol of
those locales); with ``,`` every number with a decimal point stays text. So a
CSV follows the document's language by default, and ``comma`` gives the plain
dialect (``,`` and ``.``) for other programs.

In XLSX a cell's type says what it is: text cells are typed as strings (the
formula-injection guard of a workbook; no visible apostrophe), numbers as
numbers. A large list of plain values (the month's issues) is streamed into its
workbook by ``bureau.reports.sheet_stream``; openpyxl writes every other workbook.
"""

from __future__ import annotations

from typing import Any

from bureau.i18n import get_locale

# Languages whose spreadsheets use ';' and a decimal comma.
SEMICOLON_LOCALES = ("bg", "ru", "kk")
DIALECTS = ("locale", "comma")


def csv_separators(dialect: str = "locale", locale: str | None = None) -> tuple[str, str]:
    """(cell delimiter, decimal mark) for a CSV: (';', ',') for bg/ru, else (',', '.').

    ``dialect`` is "locale" (the document's language, default the current one)
    or "comma" (always ',' and '.').
    """
    if dialect == "comma":
        return ",", "."
    language = (locale or get_locale() or "en").split("_")[0]
    return (";", ",") if language in SEMICOLON_LOCALES else (",", ".")


def csv_number(value: Any, decimal: str) -> Any:
    """A float written with the decimal mark of the dialect; other values unchanged."""
    if isinstance(value, float):
        return repr(value).replace(".", decimal) if decimal != "." else value
    return value


def text_cell(cell: Any, value: str) -> None:
    """Store ``value`` in an openpyxl cell as text, never as a formula or error code."""
    cell.value = value
    cell.data_type = "s"

