"""Who may do what: the one rulebook of roles, for the desk, the command line and the core.

``RULES`` is a table of operations by actor. An actor is an account's role, or
the **maintenance user**: the command line without ``--user``, whoever can run
it on the desk PC (and so could copy the database file anyway). Core
operations call ``require(by, Operation.X)`` with the acting account; the CLI
asks the same table before it runs a command, and the desk asks ``allowed``
to show or hide what the core would refuse. The README's role table is made
from ``RULES`` (``role_table_markdown``) and a test keeps the two equal.

The signals register is confidential even from the administrator and the
maintenance user: only a signals officer reads or writes it, and only a
signals officer may make, reset, rename, demote or deactivate a signals
officer (``GRANT_SIGNALS_OFFICER``). While no signals officer can sign in yet,
the administrator or the maintenance user appoints the first one
(``APPOINT_FIRST_SIGNALS_OFFICER``); see ``bureau.trust.accounts.require_account_change``.
"""

from __future__ import annotations

from enum import StrEnum

from bureau.domain import Account, BureauError, Role
from bureau.i18n import N_, _

# The command line runs as this user unless --user is given: whoever can run
# bureau-cli on the desk PC can copy the database file anyway, so maintenance
# (init, backup, restore, check) needs no password — but the confidential
# signals register still does, through a signals officer's account. Its column
# in the role table is ``Actor.MAINTENANCE`` (id None), not the admin's.
MAINTENANCE = Account(id=None, full_name="maintenance", login="maintenance", role=Role.ADMIN,
                      must_change_password=False)


class Actor(StrEnum):
    """A column of the role table: the four roles and the maintenance user."""

    ADVISOR = "advisor"
    COORDINATOR = "coordinator"
    SIGNALS_OFFICER = "signals_officer"
    ADMIN = "admin"
    MAINTENANCE = "maintenance"

    def label(self) -> str:
        if self is Actor.MAINTENANCE:
            return _("maintenance user")
        return Role(self.value).label()


class Operation(StrEnum):
    """A row of the role table: something that changes data or reveals personal or
    confidential data (or, for the command line, any command)."""

    # keeping the database
    INIT_DATABASE = "init_database"
    BACKUP = "backup"
    RESTORE = "restore"
    CHECK_DATABASE = "check_database"
    DEMO_DATA = "demo_data"
    # the register of consultations and citizens
    RECORD_CONSULTATIONS = "record_consultations"  # consultations, citizens, events
    SEARCH_CONSULTATIONS = "search_consultations"
    PRINT_SLIP = "print_slip"
    IMPORT_CONSULTATIONS = "import_consultations"
    EXPORT_CONSULTATIONS = "export_consultations"
    MERGE_CITIZENS = "merge_citizens"
    HANDLE_PERSONAL_DATA = "handle_personal_data"  # access and erasure requests, retention
    # the commission
    REFER_TO_COMMISSION = "refer_to_commission"
    MANAGE_REFERRALS = "manage_referrals"  # a referral's later steps, meetings
    PRINT_AGENDA = "print_agenda"
    PRINT_DECISION_LETTER = "print_decision_letter"
    # the signals register
    READ_SIGNALS = "read_signals"
    WRITE_SIGNALS = "write_signals"
    ANALYSE_SIGNALS = "analyse_signals"  # counts only; small counts hidden unless READ_SIGNALS
    # reports, catalogues, settings
    EXPORT_REPORTS = "export_reports"
    EXPORT_STATISTICS = "export_statistics"  # the statistical package for the oblast roll-up
    ROLL_UP_STATISTICS = "roll_up_statistics"  # reads packages only, never the database
    VIEW_CATALOGUES = "view_catalogues"
    EDIT_CATALOGUES = "edit_catalogues"
    EDIT_SETTINGS = "edit_settings"
    # accounts and the audit log
    MANAGE_ACCOUNTS = "manage_accounts"
    GRANT_SIGNALS_OFFICER = "grant_signals_officer"
    APPOINT_FIRST_SIGNALS_OFFICER = "appoint_first_signals_officer"
    READ_AUDIT = "read_audit"


# The desk's operations kept their first name; the desk still imports it.
Permission = Operation

_A, _C, _S, _D, _M = Actor
_EVERYONE = frozenset(Actor)
_DESK = frozenset({_A, _C, _S})  # the people who receive citizens
_OFFICE = frozenset({_C, _D, _M})  # who runs the bureau and its data

RULES: dict[Operation, frozenset[Actor]] = {
    Operation.INIT_DATABASE: frozenset({_D, _M}),
    Operation.BACKUP: _OFFICE,
    Operation.RESTORE: frozenset({_D, _M}),
    Operation.CHECK_DATABASE: _EVERYONE,
    Operation.DEMO_DATA: frozenset({_D, _M}),
    Operation.RECORD_CONSULTATIONS: _DESK,
    Operation.SEARCH_CONSULTATIONS: _EVERYONE,
    Operation.PRINT_SLIP: _EVERYONE,
    Operation.IMPORT_CONSULTATIONS: _OFFICE,
    Operation.EXPORT_CONSULTATIONS: _OFFICE,
    # Merging decides that two records are one person: the coordinator's call.
    Operation.MERGE_CITIZENS: frozenset({_C}),
    Operation.HANDLE_PERSONAL_DATA: _OFFICE,
    Operation.REFER_TO_COMMISSION: _DESK,
    Operation.MANAGE_REFERRALS: frozenset({_C, _D}),
    Operation.PRINT_AGENDA: _EVERYONE,
    Operation.PRINT_DECISION_LETTER: _EVERYONE,
    Operation.READ_SIGNALS: frozenset({_S}),
    Operation.WRITE_SIGNALS: frozenset({_S}),
    Operation.ANALYSE_SIGNALS: frozenset({_C, _S, _D, _M}),
    Operation.EXPORT_REPORTS: _OFFICE,
    # The package is the report's figures leaving the bureau: the office decides, and the
    # signals officer may send the signals' counts (unpooled only for READ_SIGNALS).
    Operation.EXPORT_STATISTICS: frozenset({_C, _S, _D, _M}),
    # Packages hold no personal data; whoever runs the office or the oblast's desk adds them.
    Operation.ROLL_UP_STATISTICS: frozenset({_C, _S, _D, _M}),
    Operation.VIEW_CATALOGUES: _EVERYONE,
    Operation.EDIT_CATALOGUES: _OFFICE,
    Operation.EDIT_SETTINGS: _OFFICE,
    Operation.MANAGE_ACCOUNTS: _OFFICE,
    Operation.GRANT_SIGNALS_OFFICER: frozenset({_S}),
    Operation.APPOINT_FIRST_SIGNALS_OFFICER: frozenset({_D, _M}),
    Operation.READ_AUDIT: _OFFICE,
}

MSG_FORBIDDEN = N_("Your role ({role}) does not allow this. Ask the coordinator.")


def actor_of(who: Account | Role | None) -> Actor | None:
    """The table's column for an account (``id`` None: the maintenance user) or a bare role."""
    if who is None:
        return None
    if isinstance(who, Role):
        return Actor(who.value)
    return Actor.MAINTENANCE if who.id is None else Actor(who.role.value)


def allowed(who: Account | Role | None, operation: Operation) -> bool:
    """True when the table lets this account (or role) do ``operation``; nobody: False."""
    actor = actor_of(who)
    return actor is not None and actor in RULES[operation]


def require(who: Account | Role | None, operation: Operation) -> None:
    """Raise ``PermissionDenied`` (a ``BureauError``: CLI exit 3) unless ``allowed``."""
    if not allowed(who, operation):
        actor = actor_of(who)
        raise PermissionDenied(MSG_FORBIDDEN, role=actor.label() if actor else "-")


class PermissionDenied(BureauError):
    pass


def role_table_markdown() -> str:
    """The README's role table: one row per operation, ✓ where the actor may."""
    head = "| operation | " + " | ".join(actor.value for actor in Actor) + " |"
    rule = "| --- |" + " :---: |" * len(Actor)
    rows = ["| `" + op.value + "` | " + " | ".join("✓" if actor in RULES[op] else "·" for actor in Actor)
            + " |" for op in Operation]
    return "\n".join([head, rule, *rows])
