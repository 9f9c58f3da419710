"""Crash safety for the desk form: a draft of what is typed, kept until saved.

The draft holds what the volunteer typed (personal data), so it lives only
in the user's own data folder (platformdirs), one file per database, and
never reaches a log. It is written a moment after each change, removed when
the consultation is saved or the form is emptied on purpose, and offered
back at the next start (after a crash or a power cut).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from platformdirs import user_data_dir
from PySide6.QtCore import QDateTime
from PySide6.QtWidgets import QMessageBox, QWidget

from bureau.citizens.store import get_citizen
from bureau.domain import Channel, IssueEntry, NotFound
from bureau.i18n import _, format_datetime

if TYPE_CHECKING:
    from bureau_desk.widgets.intake_form import IntakeForm

DRAFT_VERSION = 1


def default_drafts_dir() -> Path:
    return Path(user_data_dir("bureau", appauthor=False)) / "drafts"


def draft_file(drafts_dir: Path, db_path: Path) -> Path:
    key = hashlib.sha256(str(Path(db_path).resolve()).encode("utf-8")).hexdigest()[:20]
    return Path(drafts_dir) / f"draft-{key}.json"


def save_draft(drafts_dir: Path, db_path: Path, state: dict) -> Path:
    """Write atomically: a power cut mid-write leaves the previous draft, never half of one."""
    target = draft_file(drafts_dir, db_path)
    target.parent.mkdir(parents=True, exist_ok=True)
    payload = {"version": DRAFT_VERSION, "saved_at": dt.datetime.now().isoformat(timespec="seconds"),
               "state": state}
    fd, temp = tempfile.mkstemp(prefix=".draft-", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(payload, handle, ensure_ascii=False)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    return target


def load_draft(drafts_dir: Path, db_path: Path) -> tuple[dt.datetime, dict] | None:
    target = draft_file(drafts_dir, db_path)
    try:
        payload = json.loads(target.read_text(encoding="utf-8"))
        if payload.get("version") != DRAFT_VERSION:
            return None
        return dt.datetime.fromisoformat(payload["saved_at"]), dict(payload["state"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None  # none, or unreadable: nothing to offer


def clear_draft(drafts_dir: Path | None, db_path: Path) -> None:
    if drafts_dir is None:
        return
    with contextlib.suppress(OSError):
        draft_file(drafts_dir, db_path).unlink(missing_ok=True)


def form_state(form: IntakeForm) -> dict:
    """What is typed, as plain JSON data (``restore_form_state`` puts it back)."""
    box = form.citizen_box
    return {
        "occurred_at": form.when_edit.dateTime().toPython().isoformat(timespec="minutes"),
        "channel": form.channel_combo.value(),
        "anonymous": box.anonymous_check.isChecked(),
        "citizen_id": box.linked.id if box.linked is not None else None,
        "citizen": {"full_name": box.name_edit.text(), "phone": box.phone_edit.text(),
                    "email": box.email_edit.text(),
                    "settlement": box.settlement_edit.text(),
                    "age_band": box.age_combo.value(), "gender": box.gender_combo.value()},
        "consents": [box.consent_record.isChecked(), box.consent_share.isChecked(),
                     box.consent_contact.isChecked()],
        "issues": [[i.category_code, i.service_code] for i in form.issues_box.issues],
        "topic_text": form.issues_box.topic_edit.text(),
        "question": form.question_edit.toPlainText(),
        "answer": form.answer_edit.toPlainText(),
        "help_level": form.level_combo.value(),
        "outcome": form.outcome_combo.value(),
        "next_steps": form.next_steps_edit.toPlainText(),
        "follow_up": form.follow_up_edit.text(),
        "satisfaction": form.satisfaction_combo.currentData(),
    }


def restore_form_state(form: IntakeForm, state: dict) -> None:
    """Fill an empty desk form from a draft; unknown or missing parts stay empty."""
    box = form.citizen_box
    with contextlib.suppress(ValueError, TypeError):
        form.when_edit.setDateTime(QDateTime(
            dt.datetime.fromisoformat(str(state.get("occurred_at")))))
    form.channel_combo.set_value(state.get("channel") or Channel.IN_PERSON)
    linked = None
    if state.get("citizen_id") is not None:
        with contextlib.suppress(NotFound, ValueError, TypeError):
            linked = get_citizen(form.context.db, int(state["citizen_id"]))
    if state.get("anonymous"):
        box.anonymous_check.setChecked(True)
    elif linked is not None:
        box.link(linked)
    else:
        person = state.get("citizen") or {}
        for key, edit in (("full_name", box.name_edit), ("phone", box.phone_edit),
                          ("email", box.email_edit), ("settlement", box.settlement_edit)):
            edit.setText(str(person.get(key) or ""))
        box.age_combo.set_value(person.get("age_band"))
        box.gender_combo.set_value(person.get("gender"))
    for check, value in zip((box.consent_record, box.consent_share, box.consent_contact),
                            list(state.get("consents") or [])[:3], strict=False):
        check.setChecked(bool(value))
    form.issues_box.set_issues([IssueEntry(str(c), s or None)
                                for c, s in state.get("issues") or []])
    form.issues_box.topic_edit.setText(str(state.get("topic_text") or ""))
    form.question_edit.setPlainText(str(state.get("question") or ""))
    form.answer_edit.setPlainText(str(state.get("answer") or ""))
    form.level_combo.set_value(state.get("help_level"))
    form.outcome_combo.set_value(state.get("outcome"))
    form.next_steps_edit.setPlainText(str(state.get("next_steps") or ""))
    form.follow_up_edit.setText(str(state.get("follow_up") or ""))
    form.satisfaction_combo.setCurrentIndex(
        max(0, form.satisfaction_combo.findData(state.get("satisfaction"))))


def offer_draft(parent: QWidget | None, form: IntakeForm, drafts_dir: Path | None,
                db_path: Path) -> bool:
    """At start: offer the unsaved consultation found; True if it was put back in the form."""
    if drafts_dir is None:
        return False
    found = load_draft(drafts_dir, db_path)
    if found is None:
        return False
    saved_at, state = found
    answer = QMessageBox.question(
        parent, _("Unsaved consultation"),
        _("An unsaved consultation from {time} was found. Restore it?").format(
            time=format_datetime(saved_at)),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.Yes)
    if answer != QMessageBox.StandardButton.Yes:
        clear_draft(drafts_dir, db_path)
        return False
    form.restore_draft_state(state)
    return True
