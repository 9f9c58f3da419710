"""The intake form's drafts: what is typed kept in a draft file a moment after typing
pauses, set aside as its owner's draft at a hand-over, and put back.

A mixin of ``IntakeForm`` (it uses the form's ``context``, ``record_id``, ``inputs``,
``citizen_box``, ``draft_timer`` and its clearing and saving methods), kept apart so
the form's own module holds its layout and saving.
"""

from __future__ import annotations

from bureau_desk.widgets.drafts import clear_draft, save_draft

from bureau.domain import BureauError


class IntakeDrafts:
    """Draft keeping for ``IntakeForm``; see the module's docstring."""

    def _drafts_wanted(self) -> bool:
        # Only the desk's new consultation: an edit of a saved record has its history.
        return (self.context.drafts_dir is not None and self._is_desk()
                and self.record_id is None)

    def draft_owner(self) -> int | None:
        """Whose draft the form writes: the signed-in account's (None without sign-in)."""
        account = self.context.account
        return account.id if account is not None else None

    def write_draft(self) -> None:
        """Keep what is typed in the draft file, or drop this session's draft once emptied."""
        self.draft_timer.stop()
        if not self._drafts_wanted():
            return
        if self.has_unsaved_input():
            try:
                save_draft(self.context.drafts_dir, self.context.db_path, self.draft_state(),
                           self.draft_owner())
            except (OSError, BureauError):
                return  # a full disk must not disturb typing; the form itself still holds it
            self._draft_written = True
        elif self._draft_written:
            # A draft from an earlier session waits for the start-up question instead.
            self.discard_draft()

    def discard_draft(self) -> None:
        self.draft_timer.stop()
        self._draft_written = False
        clear_draft(self.context.drafts_dir, self.context.db_path, self.draft_owner())

    def set_aside(self) -> bool:
        """Before another advisor takes the desk: keep the form as its owner's draft, empty it.

        Returns True when something typed was kept; without a drafts folder it is
        discarded (the caller warned first). The next advisor starts clean.
        """
        kept = False
        if self._is_desk() and self.record_id is None and self.has_unsaved_input():
            self._draft_written = False  # the file is the owner's now, not this session's
            self.write_draft()
            kept = self._draft_written
        self.draft_timer.stop()
        self._draft_written = False
        self._banner_message = None
        self.last_reference = None
        self.clear()
        return kept

    def draft_state(self) -> dict:
        """What is typed, as plain JSON data (``restore_draft_state`` puts it back).

        The keys are the citizen box's (``anonymous``, ``citizen_id``, ``citizen``)
        and the names of the consultation's fields, one per input of the form.
        """
        state = self.citizen_box.state()
        state.update({name: field_input.state() for name, field_input in self.inputs.items()})
        return state

    def restore_draft_state(self, state: dict) -> None:
        """Put a draft back into an empty desk form, and keep it as this session's draft.

        Unknown or missing parts stay empty.
        """
        self.new_form(confirm=False)
        self.put_back(state)
        self._draft_written = True
        self.write_draft()

    def put_back(self, state: dict) -> None:
        """Fill the inputs from ``draft_state()``'s data over what they hold; the record
        being edited (if any) stays the one the form saves to."""
        self.citizen_box.clear()
        self.citizen_box.restore(state)  # before the consents: "anonymous" clears them
        for name, field_input in self.inputs.items():
            if name in state:
                field_input.restore(state[name])
