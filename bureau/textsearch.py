"""Text folding and transliteration for search.

SQLite's lower() and LIKE only fold ASCII, so the search index stores text
already folded here (casefolded, 'ё' as 'е', NFC) and FTS5's unicode61
tokenizer runs with remove_diacritics 0: folding diacritics would turn 'й'
into 'и', which Bulgarian and Russian readers treat as a different letter.

Names are also indexed in Latin letters (the official Bulgarian
transliteration, plus the common Russian spellings) so that "Zhivkov" or
"Ivanova" typed on a Latin keyboard finds the Cyrillic record.
"""

from __future__ import annotations

import re
import unicodedata

# Bulgarian official transliteration (Transliteration Act 2009).
_BG_LATIN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ж": "zh",
    "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n",
    "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f",
    "х": "h", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "sht", "ъ": "a", "ь": "y",
    "ю": "yu", "я": "ya",
    # Letters that Bulgarian does not have, as Russian passports spell them.
    "ы": "y", "э": "e", "ё": "e",
}
# Where Russian practice differs from the Bulgarian table.
_RU_LATIN = {**_BG_LATIN, "х": "kh", "щ": "shch", "ъ": "", "ь": "", "й": "i", "ё": "e"}

# What FTS5's unicode61 tokenizer counts as one word: letters and digits, but
# not "_" (which \w includes). A query word the index would split in two
# becomes a phrase, which a detail=none index refuses ("a_b" -> "a" "b").
_TOKEN_RE = re.compile(r"[^\W_]+", re.UNICODE)


def fold(text: str | None) -> str:
    """Case- and 'ё'-insensitive form used both for indexing and for queries."""
    if not text:
        return ""
    folded = unicodedata.normalize("NFC", text).casefold()
    return folded.replace("ё", "е")


def _transliterate(text: str, table: dict[str, str]) -> str:
    return "".join(table.get(char, char) for char in fold(text))


def latin_forms(text: str | None) -> str:
    """Latin spellings of a Cyrillic text (Bulgarian and Russian), space separated."""
    if not text or not any("\u0400" <= ch <= "\u04ff" for ch in text):
        return ""
    forms = {_transliterate(text, _BG_LATIN), _transliterate(text, _RU_LATIN)}
    return " ".join(sorted(forms))


def tokens(text: str) -> list[str]:
    return _TOKEN_RE.findall(fold(text))


def fts_query(text: str) -> str | None:
    """An FTS5 MATCH expression: every word must match as a prefix.

    Each token is quoted, so FTS5 operators typed by a user (AND, NEAR, '*',
    quotes) are searched as plain words instead of raising a syntax error.
    """
    words = tokens(text)
    if not words:
        return None
    return " ".join(f'"{word}"*' for word in words)
