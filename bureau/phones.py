"""Phone numbers as people write them: stored as typed, matched in E.164.

``+359 887 654 321``, ``0887654321``, ``0887 654 321`` and ``00359887654321``
are one number. Parsing is Google's libphonenumber (the ``phonenumbers``
port), with Bulgaria as the region of numbers written without a country code.
The search indexes hold the E.164 digits (``359887654321``) beside the digits
as typed, so any way of writing the whole number finds the person, and a
beginning of the digits as typed still finds them while typing.
"""

from __future__ import annotations

import functools
import re
from types import ModuleType
from typing import Any

DEFAULT_REGION = "BG"
# Only these characters may surround the digits of something read as a phone
# number; "ул. Струма 12" or a reference number stays text.
_PHONE_TEXT_RE = re.compile(r"^\+?[\d\s().\-/]+$")
MIN_DIGITS = 6


@functools.cache
def _library() -> ModuleType:
    # Deferred start-up import: phonenumbers loads its metadata in ~0.1 s, and
    # the desk imports this module while it starts; the first number pays.
    import phonenumbers  # deferred: late-parts

    return phonenumbers


def _parse(text: str | None) -> Any:
    """A phonenumbers.PhoneNumber, or None for text that is no possible phone number."""
    text = (text or "").strip()
    if not _PHONE_TEXT_RE.match(text) or sum(ch.isdigit() for ch in text) < MIN_DIGITS:
        return None
    phonenumbers = _library()
    try:
        number = phonenumbers.parse(text, DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        return None
    return number if phonenumbers.is_possible_number(number) else None


def e164_digits(text: str | None) -> str | None:
    """'0887 654 321' -> '359887654321' (E.164 without the '+'); None if not a phone number."""
    number = _parse(text)
    if number is None:
        return None
    phonenumbers = _library()
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)[1:]


def search_keys(phone: str | None) -> list[str]:
    """The words a citizen's phone is indexed under: digits as typed, E.164 digits."""
    digits = "".join(ch for ch in phone or "" if ch.isdigit())
    keys = [digits, e164_digits(phone) or ""]
    return [key for key in dict.fromkeys(keys) if key]


def spreadsheet_text(phone: str | None) -> str:
    """A phone as a spreadsheet keeps it as text: national format with spaces.

    '+359887654321' -> '088 765 4321'; a foreign number with 00 instead of '+'
    ('0044 20 7946 0958'), so no cell starts with '+' (a formula to Excel) or
    loses its leading zero. Text that is no phone number is returned as typed.
    """
    number = _parse(phone)
    if number is None:
        return phone or ""
    phonenumbers = _library()
    if phonenumbers.region_code_for_number(number) == DEFAULT_REGION:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    international = phonenumbers.format_number(number,
                                               phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return "00" + international[1:]
