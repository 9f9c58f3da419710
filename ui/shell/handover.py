"""Record windows when the desk changes hands: kept as their advisor's drafts, never handed on.

A record window is a window of its own that edits one record: a consultation
opened from the register (``RecordDialog``), a referral and its steps, a
meeting, an event (``CoreDialog``s). When another advisor signs in (after a
lock or a sign-out), each such window left open with changes is kept as the
previous advisor's draft (``bureau_desk.widgets.drafts``, one file per window)
and closed, so the next advisor never sees it; its owner is asked at their
next sign-in whether to open it again. A window that cannot be kept (no
drafts folder, a full disk) is discarded, and whoever is at the desk is told
so, without its content.

The same advisor unlocking finds the windows as they were: a lock hides them.
Only a modal one cannot be hidden (its caller waits for it): the lock keeps it
as a draft at once and offers it back at the unlock.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

import shiboken6
from bureau_desk.dialogs.record import open_record
from bureau_desk.dialogs.referral import CreateReferralDialog, MeetingDialog, StepDialog
from bureau_desk.shell.context import DeskContext
from bureau_desk.widgets.drafts import clear_draft, load_draft, save_draft, window_drafts
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from bureau.commission.referrals import TRANSITIONS, get_referral, referral_for_consultation
from bureau.domain import BureauError, ReferralStatus
from bureau.events import get_event
from bureau.i18n import _, format_datetime

WINDOW_KEY = "_window"  # in a window's draft: how to open it again, and its title


@runtime_checkable
class RecordWindow(Protocol):
    """What a record window offers for its hand-over (``RecordDialog``, ``CoreDialog``)."""

    def has_unsaved_input(self) -> bool: ...
    def draft_state(self) -> dict: ...
    def restore_draft_state(self, state: dict) -> None: ...
    def draft_window(self) -> str: ...
    def draft_reopen(self) -> dict: ...
    def draft_title(self) -> str: ...


def is_record_window(widget: object) -> bool:
    return isinstance(widget, QDialog) and isinstance(widget, RecordWindow)


def open_record_windows(hidden: Sequence[QWidget] = ()) -> list[QDialog]:
    """The record windows shown now, and those of ``hidden`` (hidden by the lock), modal
    ones first: closing a window closes the dialogs it owns, so those go before it.

    A window closed but not yet deleted is not among them.
    """
    windows = [w for w in QApplication.topLevelWidgets()
               if shiboken6.isValid(w) and is_record_window(w) and not w.property("handed_over")
               and (w.isVisible() or any(w is h for h in hidden))]
    return sorted(windows, key=lambda w: not w.isModal())


def keep_as_drafts(context: DeskContext, windows: list[QDialog], owner: int | None) -> list[str]:
    """Keep each window with changes as ``owner``'s draft, then close every one unasked.

    Returns the titles of the windows whose changes could not be kept (no drafts
    folder, the disk full): they are closed all the same, and the caller says so.
    """
    lost = []
    for window in windows:
        if not shiboken6.isValid(window):
            continue
        if window.has_unsaved_input():  # type: ignore[attr-defined]
            if not keep_one(context, window, owner):
                lost.append(window.draft_title())  # type: ignore[attr-defined]
        window.setProperty("handed_over", True)
        window.done(QDialog.DialogCode.Rejected)  # done(), not reject(): nobody to ask
    return lost


def close_unasked(windows: list[QDialog]) -> list[str]:
    """Close each window, its changes discarded (the advisor chose so); nothing is lost unasked."""
    for window in windows:
        if shiboken6.isValid(window):
            window.setProperty("handed_over", True)
            window.done(QDialog.DialogCode.Rejected)
    return []


def keep_one(context: DeskContext, window: QDialog, owner: int | None) -> bool:
    if context.drafts_dir is None:
        return False
    state = dict(window.draft_state())  # type: ignore[attr-defined]
    state[WINDOW_KEY] = {"reopen": window.draft_reopen(),  # type: ignore[attr-defined]
                         "title": window.draft_title()}  # type: ignore[attr-defined]
    try:
        save_draft(context.drafts_dir, context.db_path, state, owner,
                   window.draft_window())  # type: ignore[attr-defined]
    except (OSError, BureauError):
        return False
    return True


def warn_lost(parent: QWidget, titles: list[str]) -> None:
    """Tell whoever is at the desk which windows' changes were discarded (titles only)."""
    if titles:
        QMessageBox.warning(parent, _("Unsaved changes discarded"), _(
            "These windows held changes that could not be kept as a draft, and were "
            "closed without saving: {windows}.").format(windows="; ".join(titles)))


def offer_window_drafts(parent: QWidget, context: DeskContext, owner: int | None) -> int:
    """At sign-in or unlock: offer ``owner`` each record window kept for them; how many reopened."""
    reopened = 0
    for name in window_drafts(context.drafts_dir, context.db_path, owner):
        found = load_draft(context.drafts_dir, context.db_path, owner, name)  # type: ignore[arg-type]
        if found is None:
            continue
        saved_at, state = found
        kept = state.pop(WINDOW_KEY, None) or {}
        title = str(kept.get("title") or name)
        answer = QMessageBox.question(
            parent, _("Unsaved changes"),
            _("Changes to \u201c{window}\u201d from {time} were kept for you and not saved. "
              "Open it again?").format(window=title, time=format_datetime(saved_at)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.Yes)
        clear_draft(context.drafts_dir, context.db_path, owner, name)
        if answer != QMessageBox.StandardButton.Yes:
            continue
        window = reopen(context, parent, dict(kept.get("reopen") or {}))
        if window is None:
            QMessageBox.warning(parent, _("Unsaved changes"), _(
                "\u201c{window}\u201d cannot be opened again: the record was changed or "
                "removed meanwhile. Its unsaved changes are discarded.").format(window=title))
            continue
        window.restore_draft_state(state)  # type: ignore[attr-defined]
        reopened += 1
    return reopened


def reopen(context: DeskContext, parent: QWidget, how: dict) -> QDialog | None:
    """Open the record window ``how`` names (``draft_reopen()``), shown; None if it cannot be."""
    kind = how.get("kind")
    owner = parent.window()
    try:
        if kind == "consultation":
            return open_record(context, int(how["consultation_id"]), owner)
        dialog: QDialog
        if kind == "referral":
            existing = referral_for_consultation(context.db, int(how["consultation_id"]))
            if existing is not None and existing.status != ReferralStatus.CLOSED:
                return None  # referred meanwhile
            dialog = CreateReferralDialog(context, int(how["consultation_id"]), owner)
        elif kind == "step":
            referral = get_referral(context.db, int(how["referral_id"]))
            wanted = ReferralStatus(how["wanted"])
            if wanted not in TRANSITIONS[referral.status]:
                return None  # the referral moved on meanwhile
            dialog = StepDialog(context, referral, wanted, owner)
        elif kind == "meeting":
            dialog = MeetingDialog(context, owner)
        elif kind == "event":
            from bureau_desk.pages.events import EventDialog  # deferred: desk-page

            event_id = how.get("event_id")
            event = get_event(context.db, int(event_id)) if event_id is not None else None
            dialog = EventDialog(context, event, owner)
        else:
            return None
    except (BureauError, KeyError, TypeError, ValueError):
        return None
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()  # window-modal, not blocking: the sign-in that offered it returns
    return dialog
