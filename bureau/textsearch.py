"""Text folding and transliteration for search.

SQLite's lower() and LIKE only fold ASCII, so the search index stores text
already folded here (casefolded, 'ё' as 'е', NFC) and FTS5's unicode61
tokenizer runs with remove_diacritics 0: folding diacritics would turn 'й'
into 'и', which Bulgarian and Russian readers treat as a different letter.

Names are also indexed in Latin letters so that "Zhivkov", "Iuliana" or
"Semyonov" typed on a Latin keyboard finds the Cyrillic record: the official
Bulgarian transliteration (Transliteration Act 2009, table below) and the
Russian schemes people meet on documents, from the ``iuliia`` library: the
passport (ICAO Doc 9303: ъ -> ie, ю -> iu, я -> ia), the older passports
(MVD 310, GOST R 52535: ё -> e), and the popular forms (Wikipedia, Yandex
Maps: ё -> yo, я -> ya, ю -> yu, х -> kh, щ -> shch or sch).

A word typed in two scripts ("ивaнова" with a Latin "a", as a Latin keyboard
layout leaves it) is folded to the script of its other letters, where the
stray letters look alike (а/a, е/e, о/o, р/p, с/c, х/x, у/y, к/k, м/m, т/t,
н/h, в/b).
"""

from __future__ import annotations

import functools
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


@functools.cache
def _ru_schemes() -> tuple:
    """The Russian schemes in use on passports and in everyday writing (iuliia)."""
    # Deferred start-up import: iuliia reads its scheme files (~35 ms), and this
    # module is imported by the core's domain at every start.
    import iuliia  # deferred: late-parts

    return (iuliia.ICAO_DOC_9303, iuliia.MVD_310, iuliia.GOST_52535, iuliia.WIKIPEDIA,
            iuliia.YANDEX_MAPS, iuliia.MVD_782)


# Signs some schemes write for ъ and ь; nobody types them in a search box.
_SIGNS = str.maketrans("", "", "'\"’”ʹʺ`")

# Latin letters that look like Cyrillic ones (after casefolding), and back.
_LATIN_TO_CYRILLIC = dict(zip("aeopcxykmthb", "аеорсхукмтнв", strict=True))
_CYRILLIC_TO_LATIN = {**{v: k for k, v in _LATIN_TO_CYRILLIC.items()}, "і": "i", "ј": "j"}
_WORD_RE = re.compile(r"[^\W\d_]+", re.UNICODE)
# The only words _one_script changes: a run of letters holding both a Cyrillic
# letter and another. Finding them by pattern spares a Python call per word
# (folding was a quarter of building the demo data).
_MIXED_WORD_RE = re.compile(r"(?<![^\W\d_])(?=[^\W\d_]*[\u0400-\u04ff])"
                            r"(?=[^\W\d_]*[^\W\d_\u0400-\u04ff])[^\W\d_]+", re.UNICODE)

# What FTS5's unicode61 tokenizer counts as one word: letters and digits, but
# not "_" (which \w includes). A query word the index would split in two
# becomes a phrase, which a detail=none index refuses ("a_b" -> "a" "b").
_TOKEN_RE = re.compile(r"[^\W_]+", re.UNICODE)


def _is_cyrillic(char: str) -> bool:
    return "\u0400" <= char <= "\u04ff"


def _one_script(match: re.Match[str]) -> str:
    """A word mixing scripts, in the script of its letters that cannot be mistaken."""
    word = match.group(0)
    cyrillic = [ch for ch in word if _is_cyrillic(ch)]
    if not cyrillic or len(cyrillic) == len(word):
        return word
    if all(ch in _LATIN_TO_CYRILLIC for ch in word if not _is_cyrillic(ch)):
        return "".join(_LATIN_TO_CYRILLIC.get(ch, ch) for ch in word)
    if all(ch in _CYRILLIC_TO_LATIN for ch in cyrillic):
        return "".join(_CYRILLIC_TO_LATIN.get(ch, ch) for ch in word)
    return word


def _unmixed(text: str) -> str:
    folded = unicodedata.normalize("NFC", text).casefold()
    if any(_is_cyrillic(ch) for ch in folded):
        folded = _MIXED_WORD_RE.sub(_one_script, folded)
    return folded


def fold(text: str | None) -> str:
    """Case-, 'ё'- and look-alike-insensitive form used both for indexing and for queries.

    ``fold("ИВaНОВА Фёдор") == "иванова федор"`` (the "a" was Latin).
    """
    return _unmixed(text).replace("ё", "е") if text else ""


def _bulgarian(text: str) -> str:
    return "".join(_BG_LATIN.get(char, char) for char in fold(text))


@functools.lru_cache(maxsize=8192)
def latin_forms(text: str | None) -> str:
    """Latin spellings of a Cyrillic text, space separated, lower case.

    The official Bulgarian one and the Russian schemes listed above; ё is
    spelt from the text as typed (yo, e), before folding. "" for a text with
    no Cyrillic letter.
    """
    if not text or not any(_is_cyrillic(ch) for ch in text):
        return ""
    typed = _unmixed(text)
    forms = {_bulgarian(typed)}
    forms.update(scheme.translate(typed).casefold().translate(_SIGNS) for scheme in _ru_schemes())
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


def deletions(word: str) -> set[str]:
    """The word and every form of it with one letter left out: {"ива", "иа", "ва", "ив"}.

    Two words are at most one typo apart (a letter missing, extra, wrong, or
    two swapped) only if their deletion sets meet: the deletion-neighbourhood
    index of citizens' names (bureau.citizens.namewords) rests on this.
    """
    return {word, *(word[:i] + word[i + 1:] for i in range(len(word)))}


def one_typo_apart(a: str, b: str) -> bool:
    """True when ``b`` is ``a`` with at most one letter missing, extra, wrong, or two swapped."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (
            len(diff) == 2 and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))
