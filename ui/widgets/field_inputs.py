"""The intake form's inputs, one per field of the consultation's specification.

``bureau.consultations.fields.CONSULTATION_FIELDS`` lists what a consultation
holds; the form keeps one input per field here (the advisor comes from the
toolbar, the citizen from the citizen box), and reading the form for
validation, emptying it, loading a record and the crash-safety draft all walk
those inputs, so no field can be forgotten by one of them.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from bureau_desk.widgets.forms import EnumCombo
from bureau_desk.widgets.issues_box import IssuesBox
from PySide6.QtCore import QDateTime
from PySide6.QtWidgets import QCheckBox, QComboBox, QDateTimeEdit, QLineEdit, QPlainTextEdit

from bureau.domain import IssueEntry, LabelledEnum

IN_DAYS_RE = re.compile(r"^\+\s*(\d{1,3})$")


class FieldInput:
    """One field on the form.

    ``value`` is what ``validate_consultation`` takes; ``show`` puts a stored
    record's value in; ``state``/``restore`` carry what is typed (JSON data)
    into a draft and back.
    """

    def value(self) -> Any:
        raise NotImplementedError

    def show(self, value: Any) -> None:
        raise NotImplementedError

    def clear(self) -> None:
        raise NotImplementedError

    def state(self) -> Any:
        return self.value()

    def restore(self, state: Any) -> None:
        self.show(state)


def now() -> QDateTime:
    """The clock the intake follows (a function, so that tests can move it)."""
    return QDateTime.currentDateTime()


class WhenInput(FieldInput):
    """Date and time to the minute; on a new form it follows the clock.

    A volunteer fills the form while the person talks, so the visit's time is
    when it is saved, not when the form was emptied: until the volunteer
    changes the date or time (the form calls ``edited()``), the field shows
    the clock (the form calls ``tick()`` every ``TICK_MS``) and ``value()``
    reads it. A stored record, a draft put back and an edit by hand stay.
    """

    TICK_MS = 15_000

    def __init__(self, edit: QDateTimeEdit) -> None:
        self.edit = edit
        self.follows_clock = False
        self._setting = False

    def _set(self, value: QDateTime, *, follows_clock: bool) -> None:
        self._setting = True
        try:
            self.edit.setDateTime(value)
        finally:
            self._setting = False
        self.follows_clock = follows_clock

    def edited(self) -> None:
        """The edit's date or time changed: by hand unless this input set it."""
        if not self._setting:
            self.follows_clock = False

    def tick(self) -> None:
        if self.follows_clock:
            self._set(now(), follows_clock=True)

    def value(self) -> dt.datetime:
        self.tick()  # saved now: the minute it is saved, not the one it was shown
        return self.edit.dateTime().toPython().replace(second=0, microsecond=0)

    def show(self, value: dt.datetime) -> None:
        self._set(QDateTime(value), follows_clock=False)

    def clear(self) -> None:
        self._set(now(), follows_clock=True)

    def state(self) -> str:
        return self.edit.dateTime().toPython().isoformat(timespec="minutes")

    def restore(self, state: Any) -> None:
        try:
            self.show(dt.datetime.fromisoformat(str(state)))
        except (ValueError, TypeError):
            return  # an unreadable time in a draft: the form's own (now) stays


class ChoiceInput(FieldInput):
    """An enum combo; ``empty`` is its value on an empty form (None: "choose")."""

    def __init__(self, combo: EnumCombo, empty: LabelledEnum | None = None) -> None:
        self.combo = combo
        self.empty = empty

    def value(self) -> str | None:
        return self.combo.value()

    def show(self, value: Any) -> None:
        self.combo.set_value(value if value is not None else self.empty)

    def clear(self) -> None:
        self.combo.set_value(self.empty)

    def restore(self, state: Any) -> None:
        self.show(state or self.empty)


class DataInput(FieldInput):
    """A plain combo whose items carry the values as data (the first: not given)."""

    def __init__(self, combo: QComboBox) -> None:
        self.combo = combo

    def value(self) -> Any:
        return self.combo.currentData()

    def show(self, value: Any) -> None:
        self.combo.setCurrentIndex(max(0, self.combo.findData(value)))

    def clear(self) -> None:
        self.combo.setCurrentIndex(0)


class TextInput(FieldInput):
    def __init__(self, edit: QPlainTextEdit | QLineEdit) -> None:
        self.edit = edit

    def value(self) -> str:
        edit = self.edit
        return edit.toPlainText() if isinstance(edit, QPlainTextEdit) else edit.text()

    def show(self, value: Any) -> None:
        text = str(value or "")
        if isinstance(self.edit, QPlainTextEdit):
            self.edit.setPlainText(text)
        else:
            self.edit.setText(text)

    def clear(self) -> None:
        self.edit.clear()


class LaterDateInput(FieldInput):
    """A date typed as DD.MM.YYYY, or +N for N days from today."""

    def __init__(self, edit: QLineEdit) -> None:
        self.edit = edit

    def value(self) -> str:
        text = self.edit.text().strip()
        match = IN_DAYS_RE.match(text)
        if match:
            return (dt.date.today() + dt.timedelta(days=int(match.group(1)))).isoformat()
        return text

    def show(self, value: dt.date | None) -> None:
        self.edit.setText(value.strftime("%d.%m.%Y") if value else "")

    def clear(self) -> None:
        self.edit.clear()

    def state(self) -> str:
        return self.edit.text()  # "+7" stays "+7": the draft keeps what was typed

    def restore(self, state: Any) -> None:
        self.edit.setText(str(state or ""))


class FlagInput(FieldInput):
    def __init__(self, check: QCheckBox) -> None:
        self.check = check

    def value(self) -> bool:
        return self.check.isChecked()

    def show(self, value: Any) -> None:
        self.check.setChecked(bool(value))

    def clear(self) -> None:
        self.check.setChecked(False)


class IssuesInput(FieldInput):
    """The chosen topics and services, and any topic text typed but not chosen."""

    def __init__(self, box: IssuesBox) -> None:
        self.box = box

    def value(self) -> list[tuple[str, str | None]]:
        return self.box.raw()

    def show(self, value: list[IssueEntry]) -> None:
        self.box.set_issues(value)

    def clear(self) -> None:
        self.box.set_issues([])

    def state(self) -> dict[str, Any]:
        return {"chosen": [[i.category_code, i.service_code] for i in self.box.issues],
                "typed": self.box.topic_edit.text()}

    def restore(self, state: Any) -> None:
        state = state if isinstance(state, dict) else {}
        self.box.set_issues([IssueEntry(str(c), s or None) for c, s in state.get("chosen") or []])
        self.box.topic_edit.setText(str(state.get("typed") or ""))


class KeptInput(FieldInput):
    """A field the form does not show: an edit keeps the record's value unchanged."""

    def __init__(self) -> None:
        self.kept: Any = ""

    def value(self) -> Any:
        return self.kept

    def show(self, value: Any) -> None:
        self.kept = value

    def clear(self) -> None:
        self.kept = ""
