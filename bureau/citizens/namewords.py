"""A deletion-neighbourhood index of the words of citizens' names, for typo-tolerant search.

``name_words`` holds, for every word of a citizen's name (folded Cyrillic and
its Latin spellings, at least ``MIN_TYPO_WORD`` letters), the word itself and
each form with one letter left out. A typed word finds the stored words one
typo away through its own deletions: a handful of primary-key look-ups,
whatever the register's size (no scan of the vocabulary). Only names are
indexed: questions and answers are long, and a typo there is not a person
the volunteer is looking for.

Personal data rule: a word leaves the table as soon as no indexed citizen
carries it (``forget_words``), so an erased name leaves nothing behind.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from bureau.database.plain import Reader
from bureau.textsearch import deletions, fold, latin_forms, one_typo_apart, tokens

if TYPE_CHECKING:
    import sqlite_utils

# Shorter words have too many neighbours one letter away ("иван" ~ "иванов" is
# a prefix match anyway); three-letter words would match half the register.
MIN_TYPO_WORD = 4
# A typed word is replaced by at most this many stored words.
MAX_NEIGHBOURS = 32


def name_words(full_name: str | None) -> set[str]:
    """The searchable words of a name: folded Cyrillic and Latin spellings."""
    if not full_name:
        return set()
    words = set(tokens(full_name)) | set(tokens(latin_forms(full_name)))
    return {word for word in words if len(word) >= MIN_TYPO_WORD}


def indexed_words(names: str | None, latin: str | None) -> set[str]:
    """The words of a citizen_search row's names and latin columns (what to forget when it goes)."""
    words = set(tokens(names or "")) | set(tokens(latin or ""))
    return {word for word in words if len(word) >= MIN_TYPO_WORD}


def remember_words(db: sqlite_utils.Database, words: Iterable[str]) -> None:
    """Add words (already folded) to the index, inside the caller's transaction."""
    db.conn.executemany(
        "INSERT OR IGNORE INTO name_words (variant, word) VALUES (?, ?)",
        [(variant, word) for word in set(words) for variant in deletions(word)],
    )


def forget_words(db: sqlite_utils.Database, words: Iterable[str]) -> None:
    """Drop the words no indexed citizen carries any more (after an erasure, a rename, a merge)."""
    for word in set(words):
        if len(word) < MIN_TYPO_WORD:
            continue
        still = db.execute(
            "SELECT 1 FROM citizen_search WHERE citizen_search MATCH ? LIMIT 1",
            ['"' + word + '"'],
        ).fetchone()
        if still is None:
            db.conn.executemany("DELETE FROM name_words WHERE variant = ? AND word = ?",
                                [(variant, word) for variant in deletions(word)])


def neighbours(db: Reader, typed: str) -> list[str]:
    """Stored name words at most one typo from ``typed`` (folded), the word itself first if stored.

    [] for words shorter than ``MIN_TYPO_WORD``.
    """
    word = fold(typed)
    if len(word) < MIN_TYPO_WORD:
        return []
    variants = sorted(deletions(word))
    placeholders = ",".join("?" * len(variants))
    found = {row[0] for row in db.execute(
        f"SELECT DISTINCT word FROM name_words WHERE variant IN ({placeholders})", variants)}
    close = sorted(w for w in found if one_typo_apart(word, w))
    close.sort(key=lambda w: w != word)
    return close[:MAX_NEIGHBOURS]


def rebuild(db: sqlite_utils.Database) -> None:
    """Refill the index from every named, indexed citizen (a migration, a repair)."""
    db.conn.execute("DELETE FROM name_words")
    words: set[str] = set()
    for (name,) in db.execute(
        "SELECT full_name FROM citizens WHERE full_name IS NOT NULL AND deleted_at IS NULL "
        "AND merged_into_id IS NULL"
    ):
        words |= name_words(name)
    remember_words(db, words)
