"""Accounts: advisors who sign in with a login and a password.

Passwords are hashed with scrypt (memory-hard, in the standard library):
about 16 MiB and a few tens of milliseconds per attempt, which makes guessing
a stolen database's passwords slow. Only the hash and its salt are stored.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import secrets

import sqlite_utils

from bureau.database.connection import now_iso, write_transaction
from bureau.domain import Account, BureauError, FieldError, Role, ValidationError
from bureau.i18n import N_
from bureau.trust import audit, keys, throttle

# MAINTENANCE lives with the role table, so the command line signs in without this module.
from bureau.trust.access import MAINTENANCE as MAINTENANCE
from bureau.trust.access import Operation, PermissionDenied, allowed, require
from bureau.trust.changes import Changes
from bureau.validation import clean_text

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
MIN_PASSWORD = 8
MAX_PASSWORD = 200

MSG_BAD_SIGN_IN = N_("The login or the password is wrong.")
MSG_INACTIVE = N_("This account has been deactivated. Ask the coordinator.")
MSG_SHORT = N_("must have at least {limit} characters")
MSG_TAKEN = N_("the login \u201c{value}\u201d is already taken")
MSG_OFFICER_ONLY = N_("Only a signed-in signals officer may make, reset, rename, demote or "
                      "deactivate a signals officer: the register is confidential even from "
                      "the administrator.")
MSG_LOGIN_SHAPE = N_("use 3 to 40 latin letters, digits, dots, dashes or underscores")


def hash_password(password: str) -> str:
    """``scrypt$N$r$p$salt$digest`` (base64) with a fresh 16-byte salt; the parameters are
    stored so they can be raised later (OWASP password storage guidance).
    """
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R,
                            p=SCRYPT_P, dklen=32)
    encode = base64.b64encode
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${encode(salt).decode()}${encode(digest).decode()}"


def verify_password(password: str, stored: str | None) -> bool:
    """True if ``password`` matches the stored hash (constant-time comparison); False for no
    hash or an unknown scheme.
    """
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


def officer_account_exists(db: sqlite_utils.Database) -> bool:
    """Whether some active signals officer can sign in (has a password)."""
    return db.execute(
        "SELECT 1 FROM advisors WHERE role = ? AND password_hash IS NOT NULL AND active = 1 "
        "AND deleted_at IS NULL LIMIT 1", [Role.SIGNALS_OFFICER.value]).fetchone() is not None


def require_account_change(db: sqlite_utils.Database, by: Account, advisor_id: int | None,
                           new_role: Role | None = None) -> None:
    """Refuse an account change the role table does not allow ``by``.

    Making a signals officer (``new_role``), or resetting, renaming, demoting
    or deactivating one (``advisor_id`` is an officer), could hand the
    confidential register to someone else: it needs a signed-in signals
    officer (``GRANT_SIGNALS_OFFICER``), with one exception for the first
    officer: while no officer can sign in, the administrator or the
    maintenance user (``APPOINT_FIRST_SIGNALS_OFFICER``). Any other account
    change needs ``MANAGE_ACCOUNTS``. Raises ``PermissionDenied``.
    """
    current = None
    if advisor_id is not None:
        row = db.execute("SELECT role FROM advisors WHERE id = ?", [advisor_id]).fetchone()
        current = Role(row[0]) if row else None
    if Role.SIGNALS_OFFICER not in (current, new_role):
        require(by, Operation.MANAGE_ACCOUNTS)
        return
    if allowed(by, Operation.GRANT_SIGNALS_OFFICER):
        return
    if allowed(by, Operation.APPOINT_FIRST_SIGNALS_OFFICER) and not officer_account_exists(db):
        return
    if not allowed(by, Operation.MANAGE_ACCOUNTS):
        require(by, Operation.GRANT_SIGNALS_OFFICER)  # the usual message: your role...
    raise PermissionDenied(MSG_OFFICER_ONLY)


def store_credentials(db: sqlite_utils.Database, advisor_id: int, login: str, password: str, *,
                      must_change: bool, by: Account) -> None:
    """Write a login and password hash and its audit entry; the caller holds the
    transaction and has checked the role (``set_credentials``, ``save_account``).

    Raises ``ValidationError`` for a login of the wrong shape, one already taken, or a
    password too short.
    """
    login = _normal_login(login)
    _check_password(password)
    taken = db.execute("SELECT id FROM advisors WHERE login = ? AND id != ?", [login, advisor_id]).fetchone()
    if taken:
        raise ValidationError([FieldError("login", MSG_TAKEN, {"value": login})])
    old = db.execute("SELECT coalesce(login, '') FROM advisors WHERE id = ?", [advisor_id]).fetchone()
    db.execute(
        "UPDATE advisors SET login = ?, password_hash = ?, password_changed_at = ?, "
        "must_change_password = ?, updated_at = ? WHERE id = ?",
        [login, hash_password(password), now_iso(), int(must_change), now_iso(), advisor_id])
    if old and old[0] and old[0] != login:
        audit.record(db, audit.Action.UPDATE, "advisor", advisor_id, actor_id=by.id, detail="login")
    role = db.execute("SELECT role FROM advisors WHERE id = ?", [advisor_id]).fetchone()
    if role and role[0] == Role.SIGNALS_OFFICER.value:
        keys.on_password_set(db, advisor_id, password, by=by)  # re-wrap, or drop on a reset
    else:
        keys.drop_officer(db, advisor_id)
    audit.record(db, audit.Action.PASSWORD_RESET, "advisor", advisor_id, actor_id=by.id)


def set_credentials(db: sqlite_utils.Database, advisor_id: int, login: str, password: str, *,
                    by: Account, must_change: bool = False) -> Changes:
    """Give an advisor a login and password, or a new password, in one transaction.

    Anyone signed in may change their own; another's needs ``MANAGE_ACCOUNTS``,
    and a signals officer's the rule of ``require_account_change``. Raises
    ``ValidationError`` (login shape or taken, password 8-200 characters) and
    ``PermissionDenied``; on either, nothing changes.
    """
    own = by.id is not None and by.id == advisor_id
    with write_transaction(db):
        if not own:
            require_account_change(db, by, advisor_id)
        store_credentials(db, advisor_id, login, password, must_change=must_change, by=by)
    return Changes(advisors=True, value=advisor_id)


def reset_password(db: sqlite_utils.Database, advisor_id: int, new_password: str, *,
                   by: Account) -> Changes:
    """A coordinator sets a temporary password; the advisor must change it at sign-in.

    Raises ``BureauError`` when the advisor has no login yet.
    """
    with write_transaction(db):
        require_account_change(db, by, advisor_id)
        login = db.execute("SELECT coalesce(login, '') FROM advisors WHERE id = ?", [advisor_id]).fetchone()
        if not login or not login[0]:
            raise BureauError(N_("This advisor has no login yet."))
        store_credentials(db, advisor_id, login[0], new_password, must_change=True, by=by)
    return Changes(advisors=True, value=advisor_id)


def authenticate(db: sqlite_utils.Database, login: str, password: str, *,
                 now: dt.datetime | None = None) -> Account:
    """The account for these credentials; one message whichever part was wrong.

    Refused at once while the login must wait after failures
    (``throttle.SignInDelayed``, the password not even tried). Every attempt is
    audited; a failure also counts towards the wait (``bureau.trust.throttle``).
    ``now``: a UTC instant, for tests. Raises ``BureauError``.
    """
    key = clean_text(login).lower()
    now = now or throttle.utc_now()
    row = db.execute(
        "SELECT id, full_name, login, role, must_change_password, password_hash, active "
        "FROM advisors WHERE login = ? AND deleted_at IS NULL", [key]).fetchone()
    try:
        throttle.check(db, key, now)
    except throttle.SignInDelayed as delayed:
        audit.record(db, audit.Action.SIGN_IN_DELAYED, "advisor", row[0] if row else None,
                     detail=f"{delayed.seconds}s")
        raise
    if row is None or not verify_password(password, row[5]):
        if row is None:
            verify_password(password, hash_password("timing"))  # same cost either way
        with write_transaction(db):
            count = throttle.record_failure(db, key, now)
            audit.record(db, audit.Action.SIGN_IN_FAILED, "advisor", row[0] if row else None,
                         detail=f"failures={count.failures}")
        raise BureauError(MSG_BAD_SIGN_IN)
    if not row[6]:
        raise BureauError(MSG_INACTIVE)
    with write_transaction(db):
        throttle.clear(db, key)
        audit.record(db, audit.Action.SIGN_IN, "advisor", row[0], actor_id=row[0])
    return Account(row[0], row[1], row[2], Role(row[3]), bool(row[4]))


def has_accounts(db: sqlite_utils.Database) -> bool:
    """True once any advisor has a password: from then on the desk asks to sign in."""
    return db.execute("SELECT 1 FROM advisors WHERE password_hash IS NOT NULL LIMIT 1").fetchone() is not None


