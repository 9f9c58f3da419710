"""Who may do what: the one place where roles are checked.

The GUI and the CLI ask here before showing or changing protected records.
Until accounts with passwords exist, the acting person is the advisor on duty
(GUI) or the maintenance user (CLI); the rules themselves do not change.
"""

from __future__ import annotations

from enum import StrEnum

from bureau.domain import BureauError, Role
from bureau.i18n import N_


class Permission(StrEnum):
    RECORD_CONSULTATIONS = "record_consultations"
    MANAGE_REFERRALS = "manage_referrals"
    EDIT_CATALOGUES = "edit_catalogues"
    MERGE_CITIZENS = "merge_citizens"
    READ_SIGNALS = "read_signals"
    WRITE_SIGNALS = "write_signals"
    EXPORT_REPORTS = "export_reports"
    MANAGE_ACCOUNTS = "manage_accounts"
    HANDLE_PERSONAL_DATA = "handle_personal_data"  # access and erasure requests, retention


_ALL_DESK = {Permission.RECORD_CONSULTATIONS}
_GRANTS: dict[Role, set[Permission]] = {
    Role.ADVISOR: _ALL_DESK,
    Role.COORDINATOR: _ALL_DESK | {Permission.MANAGE_REFERRALS, Permission.EDIT_CATALOGUES,
                                   Permission.MERGE_CITIZENS, Permission.EXPORT_REPORTS,
                                   Permission.MANAGE_ACCOUNTS, Permission.HANDLE_PERSONAL_DATA},
    # The signals register is confidential: only the designated officer reads it.
    # Counts by unit and area reach the monthly report without anybody's access.
    Role.SIGNALS_OFFICER: _ALL_DESK | {Permission.READ_SIGNALS, Permission.WRITE_SIGNALS},
    Role.ADMIN: {Permission.EDIT_CATALOGUES, Permission.MANAGE_ACCOUNTS,
                 Permission.EXPORT_REPORTS, Permission.MANAGE_REFERRALS,
                 Permission.HANDLE_PERSONAL_DATA},
}

MSG_FORBIDDEN = N_("Your role ({role}) does not allow this. Ask the coordinator.")


def allowed(role: Role | None, permission: Permission) -> bool:
    return role is not None and permission in _GRANTS.get(role, set())


def require(role: Role | None, permission: Permission) -> None:
    if not allowed(role, permission):
        raise PermissionDenied(MSG_FORBIDDEN, role=role.label() if role else "-")


class PermissionDenied(BureauError):
    pass
