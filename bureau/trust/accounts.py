"""Accounts: advisors who sign in with a login and a password.

Passwords are hashed with scrypt (memory-hard, in the standard library):
about 16 MiB and a few tens of milliseconds per attempt, which makes guessing
a stolen database's passwords slow. Only the hash and its salt are stored.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass

import sqlite_utils

from bureau.database.connection import now_iso
from bureau.domain import BureauError, FieldError, Role, ValidationError
from bureau.i18n import N_
from bureau.trust import audit
from bureau.trust.access import Permission, require
from bureau.validation import clean_text

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
MIN_PASSWORD = 8
MAX_PASSWORD = 200

MSG_BAD_SIGN_IN = N_("The login or the password is wrong.")
MSG_INACTIVE = N_("This account has been deactivated. Ask the coordinator.")
MSG_SHORT = N_("must have at least {limit} characters")
MSG_TAKEN = N_("the login \u201c{value}\u201d is already taken")
MSG_LOGIN_SHAPE = N_("use 3 to 40 latin letters, digits, dots, dashes or underscores")


@dataclass(frozen=True)
class Account:
    id: int | None  # None: the command line's maintenance user
    full_name: str
    login: str
    role: Role
    must_change_password: bool


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R,
                            p=SCRYPT_P, dklen=32)
    encode = base64.b64encode
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${encode(salt).decode()}${encode(digest).decode()}"


def verify_password(password: str, stored: str | None) -> bool:
    try:
        scheme, n, r, p, salt, digest = (stored or "").split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        actual = hashlib.scrypt(password.encode("utf-8"), salt=base64.b64decode(salt), n=int(n),
                                r=int(r), p=int(p), dklen=len(expected))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise ValidationError([FieldError("password", MSG_SHORT, {"limit": MIN_PASSWORD})])
    if len(password) > MAX_PASSWORD:
        raise ValidationError([FieldError("password", N_("is too long ({length} characters, at most {limit})"),
                                          {"length": len(password), "limit": MAX_PASSWORD})])


def _normal_login(login: str) -> str:
    text = clean_text(login).lower()
    if not (3 <= len(text) <= 40) or not all(ch.isascii() and (ch.isalnum() or ch in "._-") for ch in text):
        raise ValidationError([FieldError("login", MSG_LOGIN_SHAPE)])
    return text


def set_credentials(db: sqlite_utils.Database, advisor_id: int, login: str, password: str, *,
                    must_change: bool = False, actor_id: int | None = None) -> None:
    """Give an advisor a login and password (or a new password)."""
    login = _normal_login(login)
    _check_password(password)
    taken = db.execute("SELECT id FROM advisors WHERE login = ? AND id != ?", [login, advisor_id]).fetchone()
    if taken:
        raise ValidationError([FieldError("login", MSG_TAKEN, {"value": login})])
    db.execute(
        "UPDATE advisors SET login = ?, password_hash = ?, password_changed_at = ?, "
        "must_change_password = ?, updated_at = ? WHERE id = ?",
        [login, hash_password(password), now_iso(), int(must_change), now_iso(), advisor_id])
    audit.record(db, audit.Action.PASSWORD_RESET, "advisor", advisor_id, actor_id=actor_id)


def reset_password(db: sqlite_utils.Database, advisor_id: int, new_password: str, *,
                   by: Account) -> None:
    """A coordinator sets a temporary password; the advisor must change it at sign-in."""
    require(by.role, Permission.MANAGE_ACCOUNTS)
    login = db.execute("SELECT coalesce(login, '') FROM advisors WHERE id = ?", [advisor_id]).fetchone()
    if not login or not login[0]:
        raise BureauError(N_("This advisor has no login yet."))
    set_credentials(db, advisor_id, login[0], new_password, must_change=True, actor_id=by.id)


def authenticate(db: sqlite_utils.Database, login: str, password: str) -> Account:
    """The account for these credentials; one message whichever part was wrong."""
    row = db.execute(
        "SELECT id, full_name, login, role, must_change_password, password_hash, active "
        "FROM advisors WHERE login = ? AND deleted_at IS NULL", [clean_text(login).lower()]).fetchone()
    if row is None or not verify_password(password, row[5]):
        if row is None:
            verify_password(password, hash_password("timing"))  # same cost either way
        audit.record(db, audit.Action.SIGN_IN_FAILED, "advisor", row[0] if row else None)
        raise BureauError(MSG_BAD_SIGN_IN)
    if not row[6]:
        raise BureauError(MSG_INACTIVE)
    audit.record(db, audit.Action.SIGN_IN, "advisor", row[0], actor_id=row[0])
    return Account(row[0], row[1], row[2], Role(row[3]), bool(row[4]))


def has_accounts(db: sqlite_utils.Database) -> bool:
    return db.execute("SELECT 1 FROM advisors WHERE password_hash IS NOT NULL LIMIT 1").fetchone() is not None


# The command line runs as this user unless --user is given: whoever can run
# bureau-cli on the desk PC can copy the database file anyway, so maintenance
# (init, backup, restore, check) needs no password — but the confidential
# signals register still does, through a signals officer's account.
MAINTENANCE = Account(id=None, full_name="maintenance", login="maintenance", role=Role.ADMIN,
                      must_change_password=False)
