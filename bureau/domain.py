"""The bureau's words: enums with translatable labels, records, and errors.

Records are plain dataclasses so that the CLI, the reports and the Qt table
models share one shape. Validation rules live in ``bureau.validation``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from enum import StrEnum

from bureau.i18n import N_, _, available_locales, use_locale
from bureau.labels import field_label
from bureau.textsearch import fold

REFERENCE_RE = re.compile(r"^(\d{4})-(\d{6})$")


class LabelledEnum(StrEnum):
    """An enum whose values are stored codes and whose labels are translated."""

    @classmethod
    def _labels(cls) -> dict[str, str]:
        raise NotImplementedError

    def label(self) -> str:
        """The member's label in the current language."""
        return _(self._labels()[self.value])

    @classmethod
    def parse(cls, text: str) -> LabelledEnum | None:
        """Accept the stored code or a label in any language (import, CLI)."""
        wanted = fold((text or "").strip())  # "Решен" finds "Решён"
        for member in cls:
            if wanted in (member.value, member.name.casefold()):
                return member
        for locale in available_locales():
            with use_locale(locale):
                for member in cls:
                    if wanted == fold(member.label()):
                        return member
        return None


class Channel(LabelledEnum):
    IN_PERSON = "in_person"
    PHONE = "phone"
    EMAIL = "email"
    ONLINE = "online"
    OUTREACH = "outreach"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "in_person": N_("In person"),
            "phone": N_("Phone"),
            "email": N_("E-mail"),
            "online": N_("Online"),
            "outreach": N_("Outreach"),
        }


class HelpLevel(LabelledEnum):
    INFORMATION = "information"
    ADVICE = "advice"
    REFERRAL = "referral"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "information": N_("Information"),
            "advice": N_("Advice"),
            "referral": N_("Referral"),
        }


class Outcome(LabelledEnum):
    RESOLVED = "resolved"
    SIGNPOSTED = "signposted"
    REFERRED = "referred"
    PENDING = "pending"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "resolved": N_("Resolved"),
            "signposted": N_("Signposted to another body"),
            "referred": N_("Referred to the commission"),
            "pending": N_("Pending"),
        }


class AgeBand(LabelledEnum):
    UNKNOWN = "unknown"
    UNDER_18 = "under_18"
    FROM_18 = "18_29"
    FROM_30 = "30_44"
    FROM_45 = "45_64"
    FROM_65 = "65_plus"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "unknown": N_("Not stated"),
            "under_18": N_("Under 18"),
            "18_29": N_("18-29"),
            "30_44": N_("30-44"),
            "45_64": N_("45-64"),
            "65_plus": N_("65 and over"),
        }


class Gender(LabelledEnum):
    UNKNOWN = "unknown"
    FEMALE = "female"
    MALE = "male"
    OTHER = "other"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "unknown": N_("Not stated"),
            "female": N_("Female"),
            "male": N_("Male"),
            "other": N_("Other"),
        }


class ReferralStatus(LabelledEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    ON_AGENDA = "on_agenda"
    DECIDED = "decided"
    INFORMED = "informed"
    CLOSED = "closed"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "draft": N_("Draft"),
            "submitted": N_("Submitted"),
            "on_agenda": N_("On the agenda"),
            "decided": N_("Decided"),
            "informed": N_("Citizen informed"),
            "closed": N_("Closed"),
        }


class SignalStatus(LabelledEnum):
    RECEIVED = "received"
    FORWARDED = "forwarded"
    UNDER_REVIEW = "under_review"
    ANSWERED = "answered"
    CLOSED = "closed"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "received": N_("Received"),
            "forwarded": N_("Forwarded"),
            "under_review": N_("Under review"),
            "answered": N_("Answered"),
            "closed": N_("Closed"),
        }


class SignalChannel(LabelledEnum):
    IN_PERSON = "in_person"
    PHONE = "phone"
    EMAIL = "email"
    LETTER = "letter"
    ONLINE = "online"
    BOX = "box"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "in_person": N_("In person"),
            "phone": N_("Phone"),
            "email": N_("E-mail"),
            "letter": N_("Letter"),
            "online": N_("Online"),
            "box": N_("Signals box"),
        }


class EventKind(LabelledEnum):
    OPEN_DOOR = "open_door"
    CAMPAIGN = "campaign"
    TRAINING = "training"
    PUBLIC_DISCUSSION = "public_discussion"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "open_door": N_("Open-door meeting"),
            "campaign": N_("Information campaign"),
            "training": N_("Training"),
            "public_discussion": N_("Public discussion"),
        }


class Role(LabelledEnum):
    ADVISOR = "advisor"
    COORDINATOR = "coordinator"
    SIGNALS_OFFICER = "signals_officer"
    ADMIN = "admin"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "advisor": N_("Advisor"),
            "coordinator": N_("Coordinator"),
            "signals_officer": N_("Signals officer"),
            "admin": N_("Administrator"),
        }


# --- errors ------------------------------------------------------------------


class BureauError(Exception):
    """Something a user can cause; ``str()`` is a message in the current language."""

    def __init__(self, message: str, **params: object) -> None:
        super().__init__(message)
        self.msgid = message
        self.params = params

    def __str__(self) -> str:
        return _(self.msgid).format(**self.params)


@dataclass(frozen=True)
class FieldError:
    field: str
    message: str  # an untranslated msgid, formatted with params when shown
    params: dict[str, object] = dataclass_field(default_factory=dict)
    row: int | None = None  # 1-based data row of an import file

    def render(self) -> str:
        """The error as one line in the current language: ``Row 3: Phone: is not a phone
        number``.
        """
        text = _("{field}: {problem}").format(
            field=field_label(self.field), problem=_(self.message).format(**self.params)
        )
        if self.row is not None:
            text = _("Row {row}: {problem}").format(row=self.row, problem=text)
        return text


class ValidationError(BureauError):
    """Bad input. Carries one message per offending field."""

    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__("Invalid input")
        self.errors = errors

    def __str__(self) -> str:
        return "\n".join(error.render() for error in self.errors)

    def for_field(self, name: str) -> list[str]:
        """The messages about the field ``name``, translated, in order."""
        return [_(e.message).format(**e.params) for e in self.errors if e.field == name]


class NotFound(BureauError):
    pass


class DatabaseUnavailable(BureauError):
    """The database cannot be used: locked, corrupt, read-only, newer schema, full disk."""

    def __init__(self, message: str, path: str, detail: str = "") -> None:
        super().__init__(message, path=path)
        self.path = path
        self.detail = detail  # the SQLite message, for the log only


# --- records -----------------------------------------------------------------


@dataclass(frozen=True)
class Account:
    """Who acts: a signed-in account (``bureau.trust.accounts``) with its role.

    Here, beside the other records, so that the role table (``trust.access``)
    and the core operations (``trust.changes``) can name it without importing
    the accounts' module, which imports them.
    """

    id: int | None  # None: the command line's maintenance user
    full_name: str
    login: str
    role: Role
    must_change_password: bool


@dataclass
class IssueEntry:
    category_code: str
    service_code: str | None = None


@dataclass
class CitizenInput:
    full_name: str
    phone: str = ""
    email: str = ""
    address: str = ""
    settlement: str = ""
    age_band: AgeBand = AgeBand.UNKNOWN
    gender: Gender = Gender.UNKNOWN


class DayOnly(dt.datetime):
    """A consultation's moment when only its day is known (an old journal without times).

    Midnight as a datetime, so it sorts and compares as one; stored as the
    bare date ("2026-10-05") and shown without a time (never "00:00").
    """

    @classmethod
    def of(cls, day: dt.date) -> DayOnly:
        return cls(day.year, day.month, day.day)


@dataclass
class ConsultationInput:
    """A validated consultation, ready to be stored."""

    occurred_at: dt.datetime
    channel: Channel
    advisor_id: int
    issues: list[IssueEntry]
    question: str
    answer: str
    help_level: HelpLevel
    outcome: Outcome
    citizen_id: int | None = None
    new_citizen: CitizenInput | None = None
    next_steps: str = ""
    follow_up_on: dt.date | None = None
    satisfaction: int | None = None
    consent_record: bool = False
    consent_share: bool = False
    consent_contact: bool = False
    external_ref: str = ""


@dataclass
class Citizen:
    id: int
    uuid: str
    full_name: str
    phone: str
    email: str
    address: str
    settlement: str
    age_band: AgeBand
    gender: Gender
    anonymised: bool
    last_visit: str | None = None
    visits: int = 0


@dataclass
class ConsultationSummary:
    """One row of the register (what a table shows and search returns)."""

    id: int
    reference: str
    occurred_at: str
    citizen_name: str | None
    advisor_name: str
    channel: Channel
    help_level: HelpLevel
    outcome: Outcome
    topics: str
    question: str
    follow_up_on: str | None = None


@dataclass
class Consultation:
    id: int
    uuid: str
    reference: str
    occurred_at: dt.datetime
    channel: Channel
    advisor_id: int
    advisor_name: str
    citizen: Citizen | None
    issues: list[IssueEntry]
    question: str
    answer: str
    help_level: HelpLevel
    outcome: Outcome
    next_steps: str
    follow_up_on: dt.date | None
    satisfaction: int | None
    consent_record: bool
    consent_share: bool
    consent_contact: bool
    external_ref: str
    created_at: str
    updated_at: str
