"""Sealed signals: the fields of a revision that identify or describe are stored
encrypted with the register key (``bureau.trust.keys``).

Sealed: the submitter's name and contacts, the description, the actions taken
and the forwarded-to notes. Readable without the key, because the analysis and
the monthly counts need them and they name nobody: received on, channel,
anonymous or not, unit, activity area, status, deadline, who changed it and
when. Each value is AES-256-GCM with its own 96-bit random nonce; the
associated data is the signal's number, the revision and the field's name, so
a value copied onto another signal, revision or field does not open. The
revision hash (``bureau.signals.register.revision_hash``) covers the stored
ciphertext.
"""

from __future__ import annotations

import base64
import secrets
from typing import Any

import sqlite_utils
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from bureau.domain import BureauError
from bureau.i18n import N_
from bureau.trust import keys

SEALED_FIELDS = ("submitter_name", "submitter_contact", "description", "forwarded_to", "actions_taken")
PREFIX = "gcm1:"
MSG_DAMAGED = N_("Signal {number} (revision {revision}) does not open with the register key: "
                 "it was altered outside the app. Run bureau-cli check.")


def _data(number: str, revision: int, field: str) -> bytes:
    return f"{number}|{revision}|{field}".encode()


def seal_value(key: bytes, number: str, revision: int, field: str, text: str) -> str:
    nonce = secrets.token_bytes(keys.NONCE_BYTES)
    sealed = AESGCM(key).encrypt(nonce, (text or "").encode("utf-8"), _data(number, revision, field))
    return PREFIX + base64.b64encode(nonce + sealed).decode()


def open_value(key: bytes, number: str, revision: int, field: str, stored: str) -> str:
    """The text of a sealed value; raises ``BureauError`` when it does not authenticate."""
    try:
        raw = base64.b64decode(stored[len(PREFIX):]) if stored.startswith(PREFIX) else b""
        text = AESGCM(key).decrypt(raw[:keys.NONCE_BYTES], raw[keys.NONCE_BYTES:],
                                   _data(number, revision, field))
    except (InvalidTag, ValueError):
        raise BureauError(MSG_DAMAGED, number=number, revision=revision) from None
    return text.decode("utf-8")


def seal_fields(db: sqlite_utils.Database, number: str, revision: int, values: dict[str, Any]) -> bool:
    """Seal ``values`` in place when the register has a key (True); before the first
    officer's set-up they stay plain (False) and are sealed at that set-up. Raises
    ``RegisterLocked`` when the register is set up but its key is not held."""
    if not keys.is_set_up(db):
        return False
    key = keys.require_key(db)
    for name in SEALED_FIELDS:
        values[name] = seal_value(key, number, revision, name, values.get(name) or "")
    return True


def open_fields(db: sqlite_utils.Database, number: str, revision: int,
                values: dict[str, Any]) -> dict[str, Any]:
    """``values`` with the sealed fields opened (needs the key: ``RegisterLocked``)."""
    key = keys.require_key(db)
    return {**values, **{name: open_value(key, number, revision, name, values[name] or "")
                         for name in SEALED_FIELDS}}
