"""Translations (gettext catalogues managed by pybabel) and CLDR formatting.

One catalogue system serves the UI, the CLI and the documents. The UI has a
process-wide language (``set_locale``); a document can be produced in another
language with ``use_locale``, which is scoped to the current thread/context so
that a slip printed in Russian at a Bulgarian desk never changes the UI.

Import the helpers explicitly (``from bureau.i18n import _, ngettext, N_``);
``_`` is never installed into builtins.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gettext
import os
import re
from collections.abc import Iterator
from contextvars import ContextVar
from decimal import Decimal
from functools import cache
from types import ModuleType
from typing import TYPE_CHECKING

from bureau import data

if TYPE_CHECKING:
    from babel import Locale

DOMAIN = "bureau"
SOURCE_LOCALE = "en"
DEFAULT_LOCALE = "bg"
# Languages offered to the user: the catalogues present under translations/
# plus the English source strings.
PSEUDO_ENV = "BUREAU_PSEUDO_LOCALE"

_ui_locale: str = DEFAULT_LOCALE
_document_locale: ContextVar[str | None] = ContextVar("bureau_document_locale", default=None)


def N_(message: str) -> str:
    """Mark a module-level constant for extraction; translate it where it is shown."""
    return message


def available_locales() -> list[str]:
    """Locale codes that have a compiled catalogue, plus the source language."""
    root = data.translations()
    found = {
        entry.name
        for entry in root.iterdir()
        if entry.is_dir() and entry.joinpath("LC_MESSAGES", f"{DOMAIN}.mo").is_file()
    }
    return sorted(found | {SOURCE_LOCALE})


def normalise_locale(code: str | None) -> str | None:
    """'ru_RU.UTF-8' -> 'ru'; None when the language has no catalogue."""
    if not code:
        return None
    lang = code.replace("-", "_").split(".")[0].split("_")[0].lower()
    return lang if lang in available_locales() else None


@cache
def _catalogue(locale: str) -> gettext.NullTranslations:
    if locale == SOURCE_LOCALE:
        return gettext.NullTranslations()
    mo = data.translations(locale, "LC_MESSAGES", f"{DOMAIN}.mo")
    try:
        with mo.open("rb") as handle:
            return gettext.GNUTranslations(handle)
    except FileNotFoundError:
        return gettext.NullTranslations()


def set_locale(locale: str) -> str:
    """Switch the UI language; returns the locale actually in force."""
    global _ui_locale
    _ui_locale = normalise_locale(locale) or DEFAULT_LOCALE
    return _ui_locale


def get_locale() -> str:
    return _document_locale.get() or _ui_locale


@contextlib.contextmanager
def use_locale(locale: str | None) -> Iterator[str]:
    """Produce a document in ``locale`` whatever the UI language is."""
    chosen = normalise_locale(locale) if locale else get_locale()
    token = _document_locale.set(chosen or get_locale())
    try:
        yield get_locale()
    finally:
        _document_locale.reset(token)


def _pseudo(text: str) -> str:
    # Lengthens by ~40% and brackets the text so that clipped or untranslated
    # (unbracketed) labels stand out in screenshots.
    if not text:
        return text
    pad = "~" * max(1, round(len(text) * 0.4) - 4)
    return f"[!{text}{pad}!]"


def _pseudo_on() -> bool:
    return os.environ.get(PSEUDO_ENV, "") not in ("", "0")


def _(message: str) -> str:
    translated = _catalogue(get_locale()).gettext(message)
    return _pseudo(translated) if _pseudo_on() else translated


def ngettext(singular: str, plural: str, n: int) -> str:
    translated = _catalogue(get_locale()).ngettext(singular, plural, n)
    return _pseudo(translated) if _pseudo_on() else translated


def pgettext(context: str, message: str) -> str:
    translated = _catalogue(get_locale()).pgettext(context, message)
    return _pseudo(translated) if _pseudo_on() else translated


# --- CLDR formatting (Babel) -------------------------------------------------


@cache
def _babel() -> tuple[ModuleType, ModuleType]:
    """Babel's dates and numbers modules, loaded at the first formatting (about 17 ms):
    a command that formats nothing (most of ``bureau-cli``) never pays for them."""
    from babel import dates, numbers  # deferred: late-parts

    return dates, numbers


def _babel_locale() -> Locale:
    from babel import Locale  # deferred: late-parts

    return Locale.parse(get_locale())


# CLDR's short date, time and date-time patterns of the catalogue languages
# (Babel 2.19's data), so a listing of dates (``bureau-cli search``) needs no
# Babel: importing it and loading a locale take ~25 ms of a 0.1 s command.
# tests/bureau/test_short_dates.py compares the results with Babel's, so new
# CLDR data shows there.
SHORT_PATTERNS = {
    "bg": ("d.MM.yy\u202f'г'.", "H:mm", "{1}, {0}"),
    "ru": ("dd.MM.y", "HH:mm", "{1}, {0}"),
    "en": ("M/d/yy", "h:mm\u202fa", "{1}, {0}"),
}
_PERIODS = ("AM", "PM")  # CLDR's "a" in English, the only short pattern with one
_FIELD_RE = re.compile(r"'[^']*'|([A-Za-z])\1*|[^'A-Za-z]+")


def _short_field(token: str, value: dt.date) -> str:
    moment = value if isinstance(value, dt.datetime) else None
    letter = token[0]
    if letter == "d":
        return f"{value.day:0{len(token)}d}"
    if letter == "M" and len(token) <= 2:
        return f"{value.month:0{len(token)}d}"
    if letter == "y":
        return f"{value.year % 100:02d}" if len(token) == 2 else f"{value.year:0{len(token)}d}"
    if moment is not None and letter == "H":
        return f"{moment.hour:0{len(token)}d}"
    if moment is not None and letter == "h":
        return f"{(moment.hour % 12) or 12:0{len(token)}d}"
    if moment is not None and token == "mm":
        return f"{moment.minute:02d}"
    if moment is not None and token == "a":
        return _PERIODS[moment.hour >= 12]
    raise KeyError(token)  # a field this short path does not know: Babel formats it


def _short(pattern: str, value: dt.date) -> str:
    parts = []
    for match in _FIELD_RE.finditer(pattern):
        token = match.group(0)
        if token.startswith("'"):
            parts.append(token[1:-1] or "'")
        elif token[0].isascii() and token[0].isalpha():
            parts.append(_short_field(token, value))
        else:
            parts.append(token)
    return "".join(parts)


def format_date(value: dt.date, length: str = "long") -> str:
    """'14 октомври 2026 г.' (genitive month inside a date, CLDR 'long')."""
    patterns = SHORT_PATTERNS.get(get_locale()) if length == "short" else None
    if patterns:
        with contextlib.suppress(KeyError):
            return _short(patterns[0], value)
    return _babel()[0].format_date(value, format=length, locale=_babel_locale())


def format_datetime(value: dt.datetime, length: str = "medium") -> str:
    patterns = SHORT_PATTERNS.get(get_locale()) if length == "short" else None
    if patterns and value.tzinfo is None:  # an aware one: Babel's time-zone rules
        with contextlib.suppress(KeyError):
            return (patterns[2].replace("{0}", _short(patterns[1], value))
                    .replace("{1}", _short(patterns[0], value)))
    return _babel()[0].format_datetime(value, format=length, locale=_babel_locale())


def format_time(value: dt.time | dt.datetime, length: str = "short") -> str:
    return _babel()[0].format_time(value, format=length, locale=_babel_locale())


def format_month(value: dt.date) -> str:
    """Month heading in the nominative: 'октомври 2026', 'октябрь 2026'."""
    return _babel()[0].format_date(value, format="LLLL y", locale=_babel_locale())


def format_number(value: int | float | Decimal) -> str:
    return _babel()[1].format_decimal(value, locale=_babel_locale())


def format_percent(value: float) -> str:
    return _babel()[1].format_percent(value, locale=_babel_locale())


def format_currency(value: int | float | Decimal, currency: str = "EUR") -> str:
    return _babel()[1].format_currency(value, currency, locale=_babel_locale())


def language_name(locale: str) -> str:
    """The language's own name ('български', 'русский')."""
    from babel import Locale  # deferred: late-parts

    name = Locale.parse(locale).get_display_name(locale) or locale
    return name[:1].upper() + name[1:]
