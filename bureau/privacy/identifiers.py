"""Finding one person's identifiers in free text, in every form they are written.

An erasure must remove the person however the text spells them: in any case,
with 'ё' or 'е', composed or decomposed (NFC), and inflected. Bulgarian and
Russian names change their endings ("Колев" → "Колева", "Колеву", "Колевым";
"Петя" → "Пети", "Петей"), so a name word is matched by its stem followed by
one of the grammatical endings, bounded to whole words: "Петров" is not an
inflection of "Петя". Phone numbers are compared by their national number, so
"+359 888 000 091", "0888-000-091" and "00359888000091" are one number;
e-mails are compared without regard to case.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from bureau.textsearch import latin_forms

REDACTED = "[\u2026]"
DEFAULT_REGION = "BG"

# Case and number endings of Bulgarian and Russian nouns and surnames
# (Russian declension tables; Bulgarian keeps only -а/-и/-е/-о forms).
_ENDINGS = ("", "а", "я", "у", "ю", "е", "и", "ы", "о", "ой", "ей", "ом", "ем", "ою", "ею",
            "ым", "им", "ую", "юю", "ых", "их", "ами", "ями", "ам", "ям", "ах", "ях", "ыми",
            "ими", "ьо", "ого", "ому", "ая", "ий", "ие", "ое")
# Surname suffixes (longest first): the stem before them keeps the family.
_SURNAME_SUFFIXES = ("ова", "ева", "ёва", "ина", "ына", "ска", "ская", "ский", "ской", "ски",
                     "ов", "ев", "ёв", "ин", "ын", "ск")
_VOWEL_FINALS = "аяоеёиыйь"
_LATIN_ENDINGS = ("", "a", "u", "e", "i", "y", "oy", "om", "ym", "ov", "ova")
# What people type between the digits of a phone number.
_SEP = r"[\s\-.()/]*"
_MIN_WORD = 3


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _yo(stem: str) -> str:
    """A regex for a stem in which 'е' and 'ё' stand for each other."""
    return "".join("[её]" if ch in "её" else re.escape(ch) for ch in stem.casefold())


def _endings(choices: Iterable[str]) -> str:
    return "(?:" + "|".join(sorted({_yo(e) for e in choices}, key=len, reverse=True)) + ")"


def name_word_pattern(word: str) -> str | None:
    """The regex (without bounds) of a name word and its inflected forms; None if too short."""
    word = _nfc(word).casefold()
    if len(word) < _MIN_WORD:
        return None
    if not any("\u0400" <= ch <= "\u04ff" for ch in word):
        return _yo(word) + _endings(_LATIN_ENDINGS)
    for suffix in _SURNAME_SUFFIXES:
        stem = word[: -len(suffix)]
        if word.endswith(suffix.replace("ё", "е")) or word.endswith(suffix):
            if len(stem) >= 2:
                family = suffix[:2] if suffix[:2] != "ск" else "ск"
                return _yo(stem + family) + _endings(_ENDINGS)
    if word[-1] in _VOWEL_FINALS and len(word) > _MIN_WORD:
        # Never the bare stem: "Петя" without its ending is the word "пет" (five).
        return _yo(word[:-1]) + _endings(e for e in _ENDINGS if e)
    return _yo(word) + _endings(_ENDINGS)


def phone_parts(text: str, region: str = DEFAULT_REGION) -> tuple[str, str] | None:
    """(country code, national significant number) of a phone as typed; None if too short."""
    digits = "".join(ch for ch in text if ch.isdigit())
    if len(digits) < 6:
        return None
    import phonenumbers  # deferred: late-parts

    try:
        parsed = phonenumbers.parse(text, region)
        return str(parsed.country_code), str(parsed.national_number)
    except phonenumbers.NumberParseException:
        return "", digits.lstrip("0") or digits


def phone_pattern(text: str, region: str = DEFAULT_REGION) -> str | None:
    """A regex for one phone number in any written format, or None for a non-number.

    Accepts the international (+359 / 00359, optionally "(0)") or the trunk
    ("0") prefix, or none, and any spaces, dashes, dots, slashes or brackets
    between the digits; never a longer run of digits that merely contains it.
    """
    parts = phone_parts(text, region)
    if parts is None:
        return None
    country, national = parts
    body = _SEP.join(national)
    international = rf"(?:\+|00){_SEP}{country}{_SEP}(?:\(?0\)?{_SEP})?" if country else ""
    prefix = f"(?:{international}|0{_SEP})?" if international else f"(?:0{_SEP})?"
    return rf"(?<![\d+])\(?{prefix}{body}(?!\d)"


@dataclass
class PersonIdentifiers:
    """Everything by which free text can name one person (and their merged records)."""

    names: set[str] = field(default_factory=set)
    phones: set[str] = field(default_factory=set)
    emails: set[str] = field(default_factory=set)
    addresses: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        words: set[str] = set()
        for name in self.names:
            words.update(re.findall(r"\w+", _nfc(name)))
            words.update(latin_forms(name).split())
        patterns = [p for p in (name_word_pattern(w) for w in words) if p]
        # Longest first, so a longer stem wins over a shorter one it contains.
        patterns.sort(key=len, reverse=True)
        self._words = (re.compile(r"(?<!\w)(?:" + "|".join(patterns) + r")(?!\w)", re.IGNORECASE)
                       if patterns else None)
        numbers = sorted({p for p in (phone_pattern(x) for x in self.phones) if p},
                         key=len, reverse=True)
        self._numbers = re.compile("|".join(numbers)) if numbers else None
        mails = sorted({_nfc(m).strip() for m in self.emails if m.strip()}, key=len, reverse=True)
        self._mails = (re.compile("|".join(re.escape(m) for m in mails), re.IGNORECASE)
                       if mails else None)
        places = sorted({_nfc(a).strip() for a in self.addresses if len(a.strip()) >= 6},
                        key=len, reverse=True)
        self._places = (re.compile("|".join(re.escape(a) for a in places), re.IGNORECASE)
                        if places else None)

    def scrub_contacts(self, text: str) -> str:
        """Replace the person's phones, e-mails and address wherever they stand."""
        text = _nfc(text)
        if self._mails:
            text = self._mails.sub(REDACTED, text)
        if self._places:
            text = self._places.sub(REDACTED, text)
        if self._numbers:
            text = self._numbers.sub(REDACTED, text)
        return text

    def scrub(self, text: str) -> str:
        """Replace every name word (inflected too), phone, e-mail and address by "[…]"."""
        text = self.scrub_contacts(text)
        if self._words:
            text = self._words.sub(REDACTED, text)
        return text

    def scrub_json(self, value: object) -> object:
        """The same, for every string inside a JSON value (a revision's snapshot)."""
        if isinstance(value, str):
            return self.scrub(value)
        if isinstance(value, list):
            return [self.scrub_json(item) for item in value]
        if isinstance(value, dict):
            return {key: self.scrub_json(item) for key, item in value.items()}
        return value
