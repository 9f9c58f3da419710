"""Crash safety for the desk form: a draft of what is typed, kept until saved.

The draft holds what the volunteer typed (personal data), so it lives only
in the user's own data folder (platformdirs), one file per database and
signed-in account (``owner``; None without sign-in), and never reaches a
log. A draft is offered back only to its owner: signing out keeps the form
as the advisor's own draft, and the next advisor starts with an empty form. It is written a moment after each change, removed when
the consultation is saved or the form is emptied on purpose, and offered
back at the next start (after a crash or a power cut).

Record windows (a consultation opened from the register, a referral, an
event) left open with changes when another advisor takes the desk are kept
the same way, one file per window (``window``: ``consultation-12``...), and
offered back only to their owner (``bureau_desk.shell.handover``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from pathlib import Path
from typing import Protocol

from PySide6.QtWidgets import QMessageBox, QWidget

from bureau.files import atomic_output
from bureau.i18n import _, format_datetime

# The core knows where drafts live: an erasure request must reach them (bureau.privacy).
from bureau.privacy.drafts import default_drafts_dir, draft_key  # noqa: F401 - re-exported

DRAFT_VERSION = 2


class DraftForm(Protocol):
    """The form a draft goes back into (``IntakeForm``)."""

    def restore_draft_state(self, state: dict) -> None: ...


WINDOW_MARK = "-w-"  # between the owner and a record window's name in a draft's file name


def draft_file(drafts_dir: Path, db_path: Path, owner: int | None = None,
               window: str | None = None) -> Path:
    """``draft-<database key>.json``, or ``draft-<key>-<owner>.json`` for a signed-in account;
    a record window's draft adds ``-w-<window>`` (``draft-<key>-<owner>-w-event-3.json``)."""
    suffix = f"-{owner}" if owner is not None else ""
    if window is not None:
        suffix += WINDOW_MARK + window
    return Path(drafts_dir) / f"draft-{draft_key(db_path)}{suffix}.json"


def window_drafts(drafts_dir: Path | None, db_path: Path, owner: int | None) -> list[str]:
    """The names of the record windows kept as ``owner``'s drafts of this database, sorted."""
    if drafts_dir is None:
        return []
    stem = draft_file(drafts_dir, db_path, owner, "").name[:-len(".json")]
    return sorted(path.name[len(stem):-len(".json")]
                  for path in Path(drafts_dir).glob(f"{stem}*.json"))


def save_draft(drafts_dir: Path, db_path: Path, state: dict, owner: int | None = None,
               window: str | None = None) -> Path:
    """Write atomically: a power cut mid-write leaves the previous draft, never half of one.

    Raises ``BureauError`` when the folder cannot be written or the disk is full.
    """
    target = draft_file(drafts_dir, db_path, owner, window)
    payload = {"version": DRAFT_VERSION, "saved_at": dt.datetime.now().isoformat(timespec="seconds"),
               "state": state}
    with atomic_output(target) as handle:
        json.dump(payload, handle, ensure_ascii=False)
    return target


def load_draft(drafts_dir: Path, db_path: Path, owner: int | None = None,
               window: str | None = None) -> tuple[dt.datetime, dict] | None:
    """(when it was kept, the state) or None when there is none or it cannot be read."""
    target = draft_file(drafts_dir, db_path, owner, window)
    try:
        payload = json.loads(target.read_text(encoding="utf-8"))
        version = payload.get("version")
        if version not in (1, DRAFT_VERSION):
            return None
        state = dict(payload["state"])
        if version == 1:
            state = _from_version_1(state)
        return dt.datetime.fromisoformat(payload["saved_at"]), state
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None  # none, or unreadable: nothing to offer


def clear_draft(drafts_dir: Path | None, db_path: Path, owner: int | None = None,
                window: str | None = None) -> None:
    if drafts_dir is None:
        return
    with contextlib.suppress(OSError):
        draft_file(drafts_dir, db_path, owner, window).unlink(missing_ok=True)


def _from_version_1(state: dict) -> dict:
    """A draft written before the field specification (2026-11), in today's shape."""
    state = dict(state)
    if "consents" in state:
        consents = list(state.pop("consents") or [])[:3]
        for name, value in zip(("consent_record", "consent_share", "consent_contact"), consents,
                               strict=False):
            state[name] = bool(value)
    if "follow_up" in state:
        state["follow_up_on"] = state.pop("follow_up")
    if "issues" in state or "topic_text" in state:
        state["issues"] = {"chosen": state.get("issues") or [],
                           "typed": state.pop("topic_text", "")}
    return state


def offer_draft(parent: QWidget | None, form: DraftForm, drafts_dir: Path | None,
                db_path: Path, owner: int | None = None) -> bool:
    """At start or sign-in: offer the owner's unsaved consultation; True if it was put back."""
    if drafts_dir is None:
        return False
    found = load_draft(drafts_dir, db_path, owner)
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
        clear_draft(drafts_dir, db_path, owner)
        return False
    form.restore_draft_state(state)
    return True
