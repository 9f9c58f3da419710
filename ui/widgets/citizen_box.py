"""The citizen part of the intake form: a returning person, a new one, or anonymous.

Typing a name shows likely returning citizens (``find_citizens``: any case,
Cyrillic or Latin letters, small typos) with their last visit; picking one
links the consultation to that person. Anything else typed is a new person,
whose details and consents follow. "Anonymous visitor" records no person.
"""

from __future__ import annotations

import contextlib
import datetime as dt

from bureau_desk.shell.context import DeskContext
from bureau_desk.widgets.forms import EnumCombo, FormGrid, plain
from bureau_desk.widgets.suggest import SuggestField, Suggestion
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QGridLayout, QGroupBox, QLabel, QLineEdit, QWidget

from bureau.citizens.store import find_citizens, get_citizen
from bureau.domain import AgeBand, Citizen, Gender, NotFound
from bureau.i18n import N_, _, format_date, ngettext
from bureau.instants import local_wall
from bureau.privacy.consent import CONSENTS, recorded_consents

CITIZEN_DEBOUNCE_MS = 150
MAX_MATCHES = 8

TIP_NAME = N_("Type the person's name, phone or e-mail. People who came before appear in a "
              "list: press the Down arrow and Enter to choose one. Otherwise a new person "
              "is recorded.")
TIP_ANONYMOUS = N_("The visitor does not want to give a name. The reference number on the slip "
                   "links later visits.")
TIP_CONSENT_RECORD = N_("Required to record a new person's name and contacts.")
TIP_CONSENT_SHARE = N_("The person agrees that their data is passed on if the matter is "
                       "referred to the commission.")
TIP_CONSENT_CONTACT = N_("The person agrees to be called or written to about the follow-up.")
NOT_STATED = N_("Not stated")
CONSENT_LABELS = {
    "consent_record": N_("Agrees that the data is rec&orded"),
    "consent_share": N_("Agrees to sharing for a re&ferral"),
    "consent_contact": N_("Agrees to be contacted &later"),
}


def visit_summary(citizen: Citizen) -> str:
    """'last visit 14 October 2026, 3 visits' in the UI language."""
    visits = ngettext("{count} visit", "{count} visits", citizen.visits).format(
        count=citizen.visits)
    if not citizen.last_visit:
        return visits
    last = format_date(dt.date.fromisoformat(citizen.last_visit[:10]), "medium")
    return _("last visit {date}, {visits}").format(date=last, visits=visits)


def citizen_suggestion(citizen: Citizen) -> Suggestion:
    parts = [citizen.full_name]
    if citizen.settlement:
        parts.append(citizen.settlement)
    parts.append(visit_summary(citizen))
    text = " \u00b7 ".join(parts)
    return Suggestion(text, citizen, text)


class CitizenBox(QGroupBox):
    """Emits ``linked_changed`` when a returning citizen is picked or let go."""

    linked_changed = Signal()

    def __init__(self, context: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.linked: Citizen | None = None
        # Consents recorded for the linked person, and those ticked because of them.
        self._recorded: dict[str, str] = {}
        self._carried: set[str] = set()
        self._build_ui()
        self._connect()
        self.retranslate()

    def _build_ui(self) -> None:
        self.grid = FormGrid(QGridLayout(self))
        self.name_edit = SuggestField(self, delay_ms=CITIZEN_DEBOUNCE_MS)
        self.name_edit.setObjectName("citizen_name")
        self.name_edit.set_provider(self._matches)
        self.grid.add("citizen", N_("&Citizen"), self.name_edit, tooltip=TIP_NAME)
        self.anonymous_check = QCheckBox(self)
        self.grid.add("anonymous", N_("&Anonymous visitor"), self.anonymous_check,
                      tooltip=TIP_ANONYMOUS)
        self.linked_label = QLabel(self)
        self.linked_label.setWordWrap(True)
        self.linked_label.hide()
        self.grid.add_widget(self.linked_label)
        self.phone_edit = QLineEdit(self)
        self.grid.add("phone", N_("&Phone"), self.phone_edit)
        self.email_edit = QLineEdit(self)
        self.grid.add("email", N_("&E-mail"), self.email_edit)
        self.settlement_edit = QLineEdit(self)
        self.grid.add("settlement", N_("Se&ttlement"), self.settlement_edit,
                      tooltip=N_("Town or village where the person lives."))
        self.age_combo = EnumCombo(AgeBand, parent=self)
        self.grid.add("age_band", N_("A&ge"), self.age_combo,
                      tooltip=N_("For statistics only. Leave \u201cNot stated\u201d if unsure."))
        self.gender_combo = EnumCombo(Gender, parent=self)
        self.grid.add("gender", N_("Gende&r"), self.gender_combo,
                      tooltip=N_("For statistics only. Leave \u201cNot stated\u201d if unsure."))
        # A returning person's consents on file: one confirmation instead of a box
        # each, so Tab passes one stop on the way to the topics (#18 item 9, #15).
        self.consents_confirmed = QCheckBox(self)
        self.consents_confirmed.setObjectName("consents_confirmed")
        self.consents_confirmed.hide()
        self.grid.add_widget(self.consents_confirmed)
        self.consent_record = QCheckBox(self)
        self.grid.add("consent_record", CONSENT_LABELS["consent_record"],
                      self.consent_record, tooltip=TIP_CONSENT_RECORD)
        self.consent_share = QCheckBox(self)
        self.grid.add("consent_share", CONSENT_LABELS["consent_share"],
                      self.consent_share, tooltip=TIP_CONSENT_SHARE)
        self.consent_contact = QCheckBox(self)
        self.grid.add("consent_contact", CONSENT_LABELS["consent_contact"],
                      self.consent_contact, tooltip=TIP_CONSENT_CONTACT)
        self.grid.add_stretch()
        # Fields for a new person only; hidden when a returning citizen is linked.
        self._new_person_rows = ("phone", "email", "settlement", "age_band", "gender")

    def _connect(self) -> None:
        self.name_edit.picked.connect(self._on_name_picked)
        self.name_edit.textEdited.connect(self._on_name_text_edited)
        self.anonymous_check.toggled.connect(self._on_anonymous_toggled)
        self.consents_confirmed.toggled.connect(self._on_consents_confirmed_toggled)
        for check in self.consents():
            check.toggled.connect(self._on_consent_toggled)

    def retranslate(self) -> None:
        self.setTitle(_("Citizen"))
        self.grid.retranslate()
        self.name_edit.setPlaceholderText(_("Name, phone or e-mail"))
        self.age_combo.retranslate()
        self.gender_combo.retranslate()
        self._show_linked()

    # --- behaviour -------------------------------------------------------------

    def _matches(self, text: str) -> list[Suggestion]:
        if self.anonymous_check.isChecked():
            return []
        # Same name, different person: a chosen age band or gender that differs leaves them out.
        return [citizen_suggestion(c) for c in find_citizens(
            self.context.db, text, MAX_MATCHES, age_band=self.age_combo.value(),
            gender=self.gender_combo.value())]

    def _on_name_picked(self, citizen: Citizen) -> None:
        self.link(citizen)

    def _on_name_text_edited(self, text: str) -> None:
        # Changing a picked name means "not this person after all".
        if self.linked is not None and text != self.linked.full_name:
            self.link(None)

    def consents(self) -> tuple[QCheckBox, QCheckBox, QCheckBox]:
        return (self.consent_record, self.consent_share, self.consent_contact)

    def _on_consents_confirmed_toggled(self, checked: bool) -> None:
        # Unticked: the person is asked again, so each consent on file is a box again.
        checks = dict(zip(CONSENTS, self.consents(), strict=True))
        for name in self._recorded:
            checks[name].setChecked(checked)
        self._update_consent_rows()

    def _on_consent_toggled(self, _checked: bool) -> None:
        # A consent on file unticked (a record shown, a draft put back) is not confirmed.
        checks = dict(zip(CONSENTS, self.consents(), strict=True))
        confirmed = bool(self._recorded) and all(checks[name].isChecked()
                                                 for name in self._recorded)
        if confirmed != self.consents_confirmed.isChecked():
            self.consents_confirmed.blockSignals(True)
            self.consents_confirmed.setChecked(confirmed)
            self.consents_confirmed.blockSignals(False)
            self._update_consent_rows()

    def _update_consent_rows(self) -> None:
        """Confirmed: the consents on file fold into the one confirmation, and the
        others (never given) leave the Tab path; Alt+their letter or a click still ticks them."""
        on_file = self.linked is not None and bool(self._recorded)
        confirmed = on_file and self.consents_confirmed.isChecked()
        self.consents_confirmed.setVisible(on_file)
        for name, check in zip(CONSENTS, self.consents(), strict=True):
            self.grid.set_row_visible(name, not (confirmed and name in self._recorded))
            check.setFocusPolicy(Qt.FocusPolicy.ClickFocus if confirmed
                                 else Qt.FocusPolicy.StrongFocus)

    def _on_anonymous_toggled(self, checked: bool) -> None:
        if checked:
            self.link(None)
            self.name_edit.clear()
        self.name_edit.setEnabled(not checked)
        for check in (self.consent_share, self.consent_contact, self.consent_record):
            check.setEnabled(not checked)
            if checked:
                check.setChecked(False)
        self._update_rows()

    def link(self, citizen: Citizen | None) -> None:
        self.linked = citizen
        if citizen is not None:
            self.name_edit.setText(citizen.full_name)
        self._carry_consents()
        self._show_linked()
        self._update_rows()
        self._update_consent_rows()
        self.linked_changed.emit()

    def _carry_consents(self) -> None:
        """A returning person's recorded consents are ticked (and untick when they go)."""
        self._recorded = recorded_consents(self.context.db, self.linked.id if self.linked else None)
        checks = dict(zip(CONSENTS, (self.consent_record, self.consent_share,
                                     self.consent_contact), strict=True))
        self.consents_confirmed.blockSignals(True)
        self.consents_confirmed.setChecked(bool(self._recorded))  # confirmed unless unticked
        self.consents_confirmed.blockSignals(False)
        for name, check in checks.items():
            if name in self._recorded:
                check.setChecked(True)
                self._carried.add(name)
            elif name in self._carried:
                check.setChecked(False)
                self._carried.discard(name)

    def _show_linked(self) -> None:
        self._show_confirmation()
        if self.linked is None:
            self.linked_label.hide()
            return
        details = [self.linked.settlement, self.linked.phone, visit_summary(self.linked)]
        if "consent_record" in self._recorded:
            given = local_wall(self._recorded["consent_record"]).date()
            details.append(_("consent given on {date}").format(date=format_date(given, "medium")))
        self.linked_label.setText(_("Returning citizen: {details}").format(
            details=", ".join(d for d in details if d)))
        self.linked_label.show()

    def _show_confirmation(self) -> None:
        if not self._recorded:
            return
        since = min(local_wall(value).date() for value in self._recorded.values())
        text = _("Consents on file since {date} confir&med").format(
            date=format_date(since, "medium"))
        self.consents_confirmed.setText(text)
        self.consents_confirmed.setAccessibleName(plain(text))
        self.consents_confirmed.setToolTip(
            _("Given at an earlier visit: {consents}. Untick to ask the person again.").format(
                consents="; ".join(plain(_(CONSENT_LABELS[name])) for name in CONSENTS
                                   if name in self._recorded)))

    def _update_rows(self) -> None:
        new_person = self.linked is None and not self.anonymous_check.isChecked()
        for key in self._new_person_rows:
            self.grid.set_row_visible(key, new_person)

    # --- data ------------------------------------------------------------------

    def raw(self) -> dict:
        """Who the consultation is about, as ``validate_consultation`` takes it.

        The consents shown in this box are fields of the consultation: the
        intake form reads them with its other inputs.
        """
        if self.anonymous_check.isChecked():
            return {"citizen_id": None, "citizen": None}
        if self.linked is not None:
            return {"citizen_id": self.linked.id, "citizen": None}
        return {
            "citizen_id": None,
            "citizen": {
                "full_name": self.name_edit.text(),
                "phone": self.phone_edit.text(),
                "email": self.email_edit.text(),
                "settlement": self.settlement_edit.text(),
                "age_band": self.age_combo.value(),
                "gender": self.gender_combo.value(),
            },
        }

    def is_unnamed(self) -> bool:
        """Nobody named and not marked anonymous: probably forgotten."""
        return (not self.anonymous_check.isChecked() and self.linked is None
                and not self.name_edit.text().strip())

    def clear(self) -> None:
        self.anonymous_check.setChecked(False)
        self.link(None)
        for edit in (self.name_edit, self.phone_edit, self.email_edit, self.settlement_edit):
            edit.clear()
        self.age_combo.set_value(AgeBand.UNKNOWN)
        self.gender_combo.set_value(Gender.UNKNOWN)
        self.grid.show_errors({})

    def load(self, citizen: Citizen | None) -> None:
        """Show a stored record's person: linked, or the anonymous visitor if none."""
        self.clear()
        if citizen is None:
            self.anonymous_check.setChecked(True)
        else:
            self.link(citizen)

    def state(self) -> dict:
        """Who is typed or chosen, as JSON data for the draft (``restore`` puts it back)."""
        return {
            "anonymous": self.anonymous_check.isChecked(),
            "citizen_id": self.linked.id if self.linked is not None else None,
            "citizen": {"full_name": self.name_edit.text(), "phone": self.phone_edit.text(),
                        "email": self.email_edit.text(),
                        "settlement": self.settlement_edit.text(),
                        "age_band": self.age_combo.value(), "gender": self.gender_combo.value()},
        }

    def restore(self, state: dict) -> None:
        """Put back what ``state`` gave; a returning citizen no longer there is typed instead."""
        linked = None
        if state.get("citizen_id") is not None:
            with contextlib.suppress(NotFound, ValueError, TypeError):
                linked = get_citizen(self.context.db, int(state["citizen_id"]))
        if state.get("anonymous"):
            self.anonymous_check.setChecked(True)
        elif linked is not None:
            self.link(linked)
        else:
            person = state.get("citizen") or {}
            for key, edit in (("full_name", self.name_edit), ("phone", self.phone_edit),
                              ("email", self.email_edit), ("settlement", self.settlement_edit)):
                edit.setText(str(person.get(key) or ""))
            self.age_combo.set_value(person.get("age_band"))
            self.gender_combo.set_value(person.get("gender"))

    def tab_chain(self) -> list[QWidget]:
        return [self.name_edit, self.anonymous_check, self.phone_edit, self.email_edit,
                self.settlement_edit, self.age_combo, self.gender_combo,
                self.consents_confirmed, self.consent_record,
                self.consent_share, self.consent_contact]
