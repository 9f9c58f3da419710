"""A search text read as a phone number that some citizen has.

Apart from the citizens' store so that the register's search (and with it
``bureau-cli search``) needs neither the store nor what the store needs.
"""

from __future__ import annotations

from bureau.database.plain import Reader
from bureau.phones import e164_digits


def phone_match(db: Reader, text: str) -> str | None:
    """The citizen_search MATCH for ``text`` read as a phone number that some citizen has.

    None when the text is no phone number ("Кресна", "2026-0005") or nobody has it,
    so that digits in a question are still searched as words.
    """
    digits = e164_digits(text)
    if digits is None:
        return None
    match = f'"{digits}"'
    found = db.execute("SELECT 1 FROM citizen_search WHERE citizen_search MATCH ? LIMIT 1",
                       [match]).fetchone()
    return match if found else None
