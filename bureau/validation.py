"""Every validation rule in one place.

The GUI form, the importer and the CLI hand raw values (strings as typed, or
already typed values) to ``validate_consultation``; it either returns a clean
``ConsultationInput`` or raises one ``ValidationError`` listing every bad field.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Mapping
from typing import Any, Protocol

from bureau.domain import (
    AgeBand,
    Channel,
    CitizenInput,
    ConsultationInput,
    EventKind,
    FieldError,
    Gender,
    HelpLevel,
    IssueEntry,
    LabelledEnum,
    Outcome,
    SignalChannel,
    SignalStatus,
    ValidationError,
)
from bureau.i18n import N_

MAX_LENGTHS = {
    "full_name": 200,
    "phone": 40,
    "email": 254,
    "address": 300,
    "settlement": 100,
    "question": 4000,
    "answer": 8000,
    "next_steps": 2000,
    "external_ref": 50,
    "submitter_name": 200,
    "submitter_contact": 300,
    "description": 8000,
    "forwarded_to": 300,
    "actions_taken": 4000,
    "title": 300,
    "notes": 2000,
}
MAX_PARTICIPANTS = 100_000
EARLIEST_DATE = dt.date(2000, 1, 1)
# A desk PC's clock may run a little fast; a few minutes ahead is not "the future".
CLOCK_SKEW = dt.timedelta(minutes=10)
MAX_FOLLOW_UP = dt.timedelta(days=2 * 366)

PHONE_RE = re.compile(r"^\+?[0-9 ()\-/.]{6,40}$")
EMAIL_RE = re.compile(r"^[^@\s<>\"',;]+@[^@\s<>\"',;]+\.[^@\s<>\"',;.]{2,}$")
# Bidirectional overrides and isolates can make a name print backwards; zero-width
# characters hide text. Line breaks and tabs stay in multi-line fields.
_INVISIBLE = {chr(c) for c in (0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF)}
_INVISIBLE |= {chr(c) for c in range(0x202A, 0x202F)} | {chr(c) for c in range(0x2066, 0x206A)}

MSG_REQUIRED = N_("is required")
MSG_TOO_LONG = N_("is too long ({length} characters, at most {limit})")
MSG_UNKNOWN = N_("unknown value \u201c{value}\u201d")
MSG_BAD_DATE = N_("\u201c{value}\u201d is not a date (use DD.MM.YYYY or YYYY-MM-DD)")
MSG_FUTURE = N_("cannot be in the future")
MSG_TOO_EARLY = N_("cannot be before {date}")
MSG_BAD_PHONE = N_("\u201c{value}\u201d is not a phone number")
MSG_BAD_EMAIL = N_("\u201c{value}\u201d is not an e-mail address")
MSG_SATISFACTION = N_("must be a whole number from 1 to 5")
MSG_FOLLOW_UP_RANGE = N_("must be between the consultation date and two years after it")
MSG_CONSENT = N_("the citizen must agree to their data being recorded, or stay anonymous")
MSG_NO_ISSUE = N_("choose at least one topic")
MSG_SERVICE_TOPIC = N_("the service \u201c{value}\u201d does not belong to the chosen topic")


class Catalogue(Protocol):
    """What validation needs to know about the categories and services."""

    def category_code(self, text: str) -> str | None: ...

    def service_code(self, text: str) -> str | None: ...

    def service_category(self, service_code: str) -> str | None: ...

    def advisor_exists(self, advisor_id: int) -> bool: ...

    def citizen_exists(self, citizen_id: int) -> bool: ...


def clean_text(value: Any, *, multiline: bool = False) -> str:
    """NFC-normalise, drop control and invisible characters, trim.

    Tabs become spaces; in single-line fields line breaks do too.
    """
    if value is None:
        return ""
    text = unicodedata.normalize("NFC", str(value))
    # Fast path: str.isprintable() is False for every category dropped below
    # (control, format, surrogate, private, unassigned) and for line breaks.
    if text.isprintable():
        return " ".join(text.split())
    kept = []
    for char in text:
        if char in "\r":
            continue
        if char == "\n":
            kept.append("\n" if multiline else " ")
        elif char == "\t":
            kept.append(" ")
        elif char in _INVISIBLE or unicodedata.category(char) in ("Cc", "Cs", "Co", "Cn"):
            continue
        else:
            kept.append(char)
    text = "".join(kept)
    if multiline:
        lines = [" ".join(line.split()) for line in text.split("\n")]
        text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines))
        return text.strip()
    return " ".join(text.split())


def parse_date(value: Any) -> dt.date | None:
    """Accept a date, ISO text (2026-10-14) or Bulgarian/Russian style (14.10.2026).

    Returns None for None or empty text; raises ``ValueError`` for text in none of these
    forms.
    """
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = clean_text(value).rstrip(" г.")
    for fmt in ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y", "%d.%m.%y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


def parse_datetime(value: Any) -> dt.datetime | None:
    """Accept a datetime, a date (midnight), or text as ``parse_date`` plus a time
    (``2026-10-14 10:30``, ``14.10.2026 10:30``); None for None or empty text. Raises
    ``ValueError`` for anything else.
    """
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None, microsecond=0)
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time(0, 0))
    text = clean_text(value).replace("T", " ")
    for fmt in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M", "%d.%m.%Y %H:%M:%S"):
        try:
            return dt.datetime.strptime(text, fmt)
        except ValueError:
            continue
    day = parse_date(text)
    return dt.datetime.combine(day, dt.time(0, 0)) if day else None


def parse_bool(value: Any) -> bool:
    """True for a tick as people write it in a journal (1, true, yes, y, x, да, д, +, ✓),
    any case; False for anything else.
    """
    if isinstance(value, bool):
        return value
    text = clean_text(value).casefold()
    return text in {"1", "true", "yes", "y", "x", "да", "д", "+", "✓"}


class _Checker:
    """Collects every problem before raising, so a form can mark all fields at once."""

    def __init__(self) -> None:
        self.errors: list[FieldError] = []

    def fail(self, name: str, message: str, **params: object) -> None:
        self.errors.append(FieldError(name, message, params))

    def text(self, raw: Mapping[str, Any], name: str, *, required: bool = False,
             multiline: bool = False) -> str:
        value = clean_text(raw.get(name), multiline=multiline)
        if required and not value:
            self.fail(name, MSG_REQUIRED)
        limit = MAX_LENGTHS.get(name)
        if limit and len(value) > limit:
            self.fail(name, MSG_TOO_LONG, length=len(value), limit=limit)
        return value

    def enum(self, raw: Mapping[str, Any], name: str, kind: type[LabelledEnum],
             default: LabelledEnum | None = None) -> Any:
        value = raw.get(name)
        if isinstance(value, kind):
            return value
        text = clean_text(value)
        if not text:
            if default is None:
                self.fail(name, MSG_REQUIRED)
            return default
        parsed = kind.parse(text)
        if parsed is None:
            self.fail(name, MSG_UNKNOWN, value=_shorten(text))
        return parsed

    def parsed(self, name: str, value: Any, parser: Callable[[Any], Any]) -> Any:
        try:
            return parser(value)
        except (ValueError, OverflowError):
            self.fail(name, MSG_BAD_DATE, value=_shorten(clean_text(value)))
            return None

    def date(self, raw: Mapping[str, Any], name: str, *, required: bool = False) -> dt.date | None:
        value = raw.get(name)
        if value in (None, ""):
            if required:
                self.fail(name, MSG_REQUIRED)
            return None
        return self.parsed(name, value, parse_date)

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)


def _as_id(value: Any) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if number > 0 else None


def _shorten(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def validate_citizen(raw: Mapping[str, Any], check: _Checker | None = None) -> CitizenInput:
    """A new person's details, cleaned; with ``check`` the problems join that check's, else
    raises ``ValidationError``.
    """
    own = check is None
    check = check or _Checker()
    citizen = CitizenInput(
        full_name=check.text(raw, "full_name", required=True),
        phone=check.text(raw, "phone"),
        email=check.text(raw, "email"),
        address=check.text(raw, "address"),
        settlement=check.text(raw, "settlement"),
        age_band=check.enum(raw, "age_band", AgeBand, AgeBand.UNKNOWN),
        gender=check.enum(raw, "gender", Gender, Gender.UNKNOWN),
    )
    if citizen.phone and not PHONE_RE.match(citizen.phone):
        check.fail("phone", MSG_BAD_PHONE, value=_shorten(citizen.phone))
    elif citizen.phone and sum(ch.isdigit() for ch in citizen.phone) < 6:
        check.fail("phone", MSG_BAD_PHONE, value=_shorten(citizen.phone))
    if citizen.email and not EMAIL_RE.match(citizen.email):
        check.fail("email", MSG_BAD_EMAIL, value=_shorten(citizen.email))
    if own:
        check.raise_if_any()
    return citizen


def _validate_issues(raw_issues: Any, catalogue: Catalogue, check: _Checker) -> list[IssueEntry]:
    issues: list[IssueEntry] = []
    category_text: Any
    service_text: Any
    for item in raw_issues or []:
        if isinstance(item, IssueEntry):
            category_text, service_text = item.category_code, item.service_code
        elif isinstance(item, Mapping):
            category_text, service_text = item.get("category"), item.get("service")
        else:
            category_text, service_text = item
        category_text = clean_text(category_text)
        service_text = clean_text(service_text)
        service = catalogue.service_code(service_text) if service_text else None
        if service_text and service is None:
            check.fail("service", MSG_UNKNOWN, value=_shorten(service_text))
        category = catalogue.category_code(category_text) if category_text else None
        if category_text and category is None:
            check.fail("category", MSG_UNKNOWN, value=_shorten(category_text))
            continue
        if not category_text and service:
            category = catalogue.service_category(service)  # the service implies its topic
        if category is None:
            continue
        if service and catalogue.service_category(service) not in (None, category):
            check.fail("service", MSG_SERVICE_TOPIC, value=_shorten(service_text))
        entry = IssueEntry(category, service)
        if entry not in issues:
            issues.append(entry)
    if not issues and not any(e.field in ("category", "service") for e in check.errors):
        check.fail("issues", MSG_NO_ISSUE)
    return issues


def validate_consultation(
    raw: Mapping[str, Any],
    catalogue: Catalogue,
    *,
    now: dt.datetime | None = None,
    earliest: dt.date | None = None,
) -> ConsultationInput:
    """Check a consultation as entered; raise ``ValidationError`` naming each bad field.

    ``raw`` keys: occurred_at, channel, advisor_id, citizen_id or citizen (a
    mapping of citizen fields, for a new person), issues (pairs of topic and
    service, by code or name), question, answer, help_level, outcome,
    next_steps, follow_up_on, satisfaction, consent_record, consent_share,
    consent_contact, external_ref.
    """
    now = now or dt.datetime.now()
    earliest = earliest or EARLIEST_DATE
    check = _Checker()

    occurred_at = check.parsed("occurred_at", raw.get("occurred_at"), parse_datetime)
    if raw.get("occurred_at") in (None, "") and occurred_at is None:
        check.fail("occurred_at", MSG_REQUIRED)
    elif occurred_at is not None:
        if occurred_at > now + CLOCK_SKEW:
            check.fail("occurred_at", MSG_FUTURE)
        elif occurred_at.date() < earliest:
            check.fail("occurred_at", MSG_TOO_EARLY, date=earliest.strftime("%d.%m.%Y"))

    channel = check.enum(raw, "channel", Channel)
    help_level = check.enum(raw, "help_level", HelpLevel)
    outcome = check.enum(raw, "outcome", Outcome)

    advisor_id = _as_id(raw.get("advisor_id"))
    if advisor_id is None or not catalogue.advisor_exists(advisor_id):
        check.fail("advisor", MSG_REQUIRED)

    citizen_id = _as_id(raw.get("citizen_id"))
    new_citizen = None
    if citizen_id is not None:
        if not catalogue.citizen_exists(citizen_id):
            check.fail("citizen", MSG_UNKNOWN, value=str(citizen_id))
    else:
        citizen_raw = raw.get("citizen") or {}
        if any(clean_text(v) for v in citizen_raw.values()):
            new_citizen = validate_citizen(citizen_raw, check)

    issues = _validate_issues(raw.get("issues"), catalogue, check)
    question = check.text(raw, "question", required=True, multiline=True)
    answer = check.text(raw, "answer", required=outcome != Outcome.PENDING, multiline=True)
    next_steps = check.text(raw, "next_steps", multiline=True)
    external_ref = check.text(raw, "external_ref")

    follow_up_on = None
    raw_follow = raw.get("follow_up_on")
    if raw_follow not in (None, ""):
        follow_up_on = check.parsed("follow_up_on", raw_follow, parse_date)
        if follow_up_on and occurred_at and not (
            occurred_at.date() <= follow_up_on <= occurred_at.date() + MAX_FOLLOW_UP
        ):
            check.fail("follow_up_on", MSG_FOLLOW_UP_RANGE)

    satisfaction = None
    raw_satisfaction = raw.get("satisfaction")
    if raw_satisfaction not in (None, "", 0, "0"):
        try:
            satisfaction = int(clean_text(raw_satisfaction))
        except ValueError:
            satisfaction = -1
        if not 1 <= satisfaction <= 5:
            check.fail("satisfaction", MSG_SATISFACTION)
            satisfaction = None

    consent_record = parse_bool(raw.get("consent_record"))
    consent_share = parse_bool(raw.get("consent_share"))
    consent_contact = parse_bool(raw.get("consent_contact"))
    if new_citizen is not None and not consent_record:
        check.fail("consent_record", MSG_CONSENT)

    check.raise_if_any()
    assert advisor_id is not None  # else "advisor: is required" was raised just above
    return ConsultationInput(
        occurred_at=occurred_at,
        channel=channel,
        advisor_id=advisor_id,
        issues=issues,
        question=question,
        answer=answer,
        help_level=help_level,
        outcome=outcome,
        citizen_id=citizen_id,
        new_citizen=new_citizen,
        next_steps=next_steps,
        follow_up_on=follow_up_on,
        satisfaction=satisfaction,
        consent_record=consent_record,
        consent_share=consent_share,
        consent_contact=consent_contact,
        external_ref=external_ref,
    )


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, or earlier if negative (a deadline, a retention cut-off).

    A day the target month lacks becomes its last day: 31 December 2026 plus
    two months is 28 February 2027. For whole report months see
    ``bureau.reports.period.month_start``.
    """
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last))


# An answer to a signal is due within two months (Administrative Procedure Code).
SIGNAL_ANSWER_MONTHS = 2


def validate_signal(raw: Mapping[str, Any], *, units: set[str], areas: set[str],
                    today: dt.date | None = None) -> dict[str, Any]:
    """A signal's fields as stored in a revision (unit and area as codes)."""
    today = today or dt.date.today()
    check = _Checker()
    received = check.date(raw, "received_on", required=True)
    if received and received > today:
        check.fail("received_on", MSG_FUTURE)
    anonymous = parse_bool(raw.get("anonymous"))
    fields: dict[str, Any] = {
        "received_on": received.isoformat() if received else None,
        "channel": check.enum(raw, "channel", SignalChannel),
        "anonymous": int(anonymous),
        "submitter_name": "" if anonymous else check.text(raw, "submitter_name", required=True),
        "submitter_contact": "" if anonymous else check.text(raw, "submitter_contact"),
        "description": check.text(raw, "description", required=True, multiline=True),
        "forwarded_to": check.text(raw, "forwarded_to"),
        "actions_taken": check.text(raw, "actions_taken", multiline=True),
        "status": check.enum(raw, "status", SignalStatus, SignalStatus.RECEIVED),
    }
    for name, known in (("unit", units), ("area", areas)):
        code = clean_text(raw.get(name))
        if code and code not in known:
            check.fail(name, MSG_UNKNOWN, value=_shorten(code))
        fields[name] = code or None
    deadline = check.date(raw, "deadline")
    if deadline is None and received:
        deadline = add_months(received, SIGNAL_ANSWER_MONTHS)
    if deadline and received and deadline < received:
        check.fail("deadline", MSG_TOO_EARLY, date=received.strftime("%d.%m.%Y"))
    fields["deadline"] = deadline.isoformat() if deadline else None
    check.raise_if_any()
    fields["channel"] = fields["channel"].value
    fields["status"] = fields["status"].value
    return fields


def validate_event(raw: Mapping[str, Any], *, today: dt.date | None = None) -> dict[str, Any]:
    """An event's fields as stored (kind code, ISO date, title, participants
    0-``MAX_PARTICIPANTS``, notes); a date more than a year ahead is refused as a
    mistyped year. Raises ``ValidationError``.
    """
    today = today or dt.date.today()
    check = _Checker()
    held_on = check.date(raw, "held_on", required=True)
    # Events may be planned ahead, but not years ahead (a mistyped year).
    if held_on and held_on > today + dt.timedelta(days=366):
        check.fail("held_on", MSG_FUTURE)
    participants = raw.get("participants") or 0
    try:
        participants = int(clean_text(participants) or 0)
    except ValueError:
        participants = -1
    if not 0 <= participants <= MAX_PARTICIPANTS:
        check.fail("participants", N_("must be a whole number from 0 to {limit}"),
                   limit=MAX_PARTICIPANTS)
    fields = {
        "kind": check.enum(raw, "kind", EventKind),
        "held_on": held_on.isoformat() if held_on else None,
        "title": check.text(raw, "title", required=True),
        "participants": participants,
        "notes": check.text(raw, "notes", multiline=True),
    }
    check.raise_if_any()
    fields["kind"] = fields["kind"].value
    return fields


def bureau_detail_errors(values: Mapping[str, str]) -> list[FieldError]:
    """Problems with the bureau's own details (Settings, first-run wizard).

    ``values``: cleaned texts by setting key. The name and municipality are
    required (every document prints them); a phone or e-mail, when given, must
    look like one, because slips print them for citizens to use.
    """
    errors = [FieldError(key, MSG_REQUIRED) for key in ("bureau_name", "municipality")
              if key in values and not values[key]]
    if values.get("phone") and not PHONE_RE.match(values["phone"]):
        errors.append(FieldError("phone", MSG_BAD_PHONE, {"value": values["phone"]}))
    if values.get("email") and not EMAIL_RE.match(values["email"]):
        errors.append(FieldError("email", MSG_BAD_EMAIL, {"value": values["email"]}))
    return errors
