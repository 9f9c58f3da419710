"""Folding for search finds mixed-script words by pattern now; it must fold every text
exactly as the word-by-word version did (the index and the queries both depend on it)."""

from __future__ import annotations

import random
import re
import unicodedata

from bureau import textsearch
from bureau.textsearch import _is_cyrillic, _one_script, fold

WORD_RE = re.compile(r"[^\W\d_]+", re.UNICODE)


def fold_word_by_word(text: str | None) -> str:
    """fold() as it was: every word through _one_script."""
    if not text:
        return ""
    folded = unicodedata.normalize("NFC", text).casefold()
    if any(_is_cyrillic(ch) for ch in folded):
        folded = WORD_RE.sub(_one_script, folded)
    return folded.replace("ё", "е")


ALPHABET = ("абвгдежзийклмнопрстуфхцчшщъьюяёАЕОРСХУКМТНВЁ" "aeopcxykmthbAEOPCXYKMTHB"
            "iјіqwzß" "0123456789_ -.,'\u0301\u0483\u0482²½" "αβγ" "ÉéÑ")


def test_fold_is_unchanged_on_random_mixed_texts():
    rng = random.Random(19)
    for _ in range(20000):
        text = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 24)))
        assert fold(text) == fold_word_by_word(text), repr(text)


def test_fold_of_typical_texts():
    for text in ("ИВaНОВА Фёдор", "Петрoв", "Zhivkov Тодор", "2026-000123 Кресна",
                 "дома́ нет", "ivanov", "Смяна на адрес_2", "aбв", "аβγ", None, ""):
        assert fold(text) == fold_word_by_word(text)


def test_latin_forms_is_remembered_and_the_same():
    textsearch.latin_forms.cache_clear()
    first = textsearch.latin_forms("Фёдорова Алёна")
    assert textsearch.latin_forms("Фёдорова Алёна") == first
    assert textsearch.latin_forms.cache_info().hits == 1
