"""The consultation's fields, listed once: ``CONSULTATION_FIELDS``.

The fields' names as a user reads them are in ``bureau.labels``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from bureau.domain import Channel, DayOnly, HelpLevel, LabelledEnum, Outcome
from bureau.labels import field_label

# --- the consultation's fields -------------------------------------------------
#
# One list says what a consultation holds. The store (columns, history
# snapshot, reading a row), the importer and exporter (file columns) and the
# desk (form inputs, drafts, the history view) all walk this list, so a field
# added here reaches every one of them, and a field left out of one shows up
# in tests/bureau/test_fields.py.


class Kind(StrEnum):
    """How a field's value is typed, stored and written to files."""

    DATETIME = "datetime"    # dt.datetime to the minute; stored "YYYY-MM-DD HH:MM"
    DATE = "date"            # dt.date or None; stored ISO "YYYY-MM-DD" or NULL
    ENUM = "enum"            # a LabelledEnum; stored as its code
    TEXT = "text"            # one line of text; stored as typed (cleaned)
    MULTILINE = "multiline"  # text that may hold line breaks
    SCORE = "score"          # a small int or None (satisfaction 1-5)
    FLAG = "flag"            # bool; stored 0/1
    ADVISOR = "advisor"      # an advisor's id; files carry the advisor's name
    CITIZEN = "citizen"      # a citizen's id or None; files carry the person's details
    ISSUES = "issues"        # list[IssueEntry]; stored in consultation_issues


@dataclass(frozen=True)
class Field:
    """One field of a consultation.

    ``name`` is the attribute of ``ConsultationInput``/``Consultation`` and the
    key of ``validate_consultation``'s raw dict; ``column`` the column of the
    ``consultations`` table (None when stored elsewhere); ``file_columns`` the
    import/export columns that carry it, in file order; ``message_name`` the
    name its validation errors and labels use (``FIELD_LABELS``).
    """

    name: str
    kind: Kind
    required: bool = False
    column: str | None = None
    file_columns: tuple[str, ...] = ()
    enum: type[LabelledEnum] | None = None
    in_snapshot: bool = True
    import_required: bool = False  # an import file without this column is refused
    message_name: str = ""

    @property
    def label_key(self) -> str:
        """The key of the field's label in ``FIELD_LABELS`` (``advisor`` for
        ``advisor_id``).
        """
        return self.message_name or self.name

    def label(self) -> str:
        """The field's name in the current language."""
        return field_label(self.label_key)

    def stored_column(self) -> str:
        """The field's column of the consultations table; raises ValueError if stored elsewhere."""
        if self.column is None:
            raise ValueError(f"{self.name} has no column of its own")
        return self.column

    def to_stored(self, value: Any) -> Any:
        """The value as the column and the history snapshot hold it (JSON-safe)."""
        if value is None:
            return None
        if self.kind is Kind.DATETIME:
            if isinstance(value, DayOnly):
                return value.date().isoformat()
            return value.isoformat(sep=" ", timespec="minutes")
        if self.kind is Kind.DATE:
            return value.isoformat()
        if self.kind is Kind.ENUM:
            return value.value
        if self.kind is Kind.FLAG:
            return int(value)
        return value

    def from_stored(self, value: Any) -> Any:
        """The column's value as the record holds it (inverse of ``to_stored``)."""
        if self.kind is Kind.DATETIME:
            moment = dt.datetime.fromisoformat(value)
            return DayOnly.of(moment) if len(value) == 10 else moment
        if self.kind is Kind.DATE:
            return dt.date.fromisoformat(value) if value else None
        if self.kind is Kind.ENUM and self.enum is not None:
            return self.enum(value)
        if self.kind is Kind.FLAG:
            return bool(value)
        return value


CITIZEN_FILE_COLUMNS = ("citizen_name", "phone", "email", "address", "settlement", "age_band",
                        "gender")
# The citizen's own fields, by the file column that carries each.
CITIZEN_FILE_FIELDS = {"citizen_name": "full_name", "phone": "phone", "email": "email",
                       "address": "address", "settlement": "settlement",
                       "age_band": "age_band", "gender": "gender"}

CONSULTATION_FIELDS: tuple[Field, ...] = (
    Field("occurred_at", Kind.DATETIME, required=True, column="occurred_at",
          file_columns=("date", "time"), import_required=True),
    Field("channel", Kind.ENUM, required=True, column="channel", file_columns=("channel",),
          enum=Channel),
    Field("advisor_id", Kind.ADVISOR, required=True, column="advisor_id",
          file_columns=("advisor",), import_required=True, message_name="advisor"),
    Field("citizen_id", Kind.CITIZEN, column="citizen_id", file_columns=CITIZEN_FILE_COLUMNS,
          message_name="citizen"),
    Field("issues", Kind.ISSUES, file_columns=("topics", "services")),
    Field("question", Kind.MULTILINE, required=True, column="question",
          file_columns=("question",), import_required=True),
    # Required unless the outcome is "pending" (validate_consultation).
    Field("answer", Kind.MULTILINE, column="answer", file_columns=("answer",)),
    Field("help_level", Kind.ENUM, required=True, column="help_level",
          file_columns=("help_level",), enum=HelpLevel),
    Field("outcome", Kind.ENUM, required=True, column="outcome", file_columns=("outcome",),
          enum=Outcome),
    Field("next_steps", Kind.MULTILINE, column="next_steps", file_columns=("next_steps",)),
    Field("follow_up_on", Kind.DATE, column="follow_up_on", file_columns=("follow_up",)),
    Field("satisfaction", Kind.SCORE, column="satisfaction", file_columns=("satisfaction",)),
    Field("consent_record", Kind.FLAG, column="consent_record",
          file_columns=("consent_record",)),
    Field("consent_share", Kind.FLAG, column="consent_share", file_columns=("consent_share",)),
    Field("consent_contact", Kind.FLAG, column="consent_contact",
          file_columns=("consent_contact",)),
    Field("external_ref", Kind.TEXT, column="external_ref", file_columns=("external_ref",)),
)
FIELDS_BY_NAME = {field.name: field for field in CONSULTATION_FIELDS}
# Stored in the consultations table itself, in this order.
STORED_FIELDS = tuple(field for field in CONSULTATION_FIELDS if field.column)
SNAPSHOT_FIELDS = tuple(field for field in CONSULTATION_FIELDS if field.in_snapshot)
# Carried by a file column of the same meaning and a plain value (no lookup).
PLAIN_FILE_FIELDS = tuple(
    field for field in CONSULTATION_FIELDS
    if field.kind in (Kind.ENUM, Kind.TEXT, Kind.MULTILINE, Kind.SCORE, Kind.FLAG, Kind.DATE)
)
IMPORT_COLUMNS = tuple(column for field in CONSULTATION_FIELDS for column in field.file_columns)
REQUIRED_COLUMNS = tuple(field.file_columns[0] for field in CONSULTATION_FIELDS
                         if field.import_required)
