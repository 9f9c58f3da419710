"""The intake form: one consultation, recorded from the keyboard in under a minute.

Ctrl+S saves (the form stays, showing the reference number; saving again
updates the same record), Ctrl+Enter saves and opens an empty form. The core
validates (``validate_consultation``); each message is shown under its field
and nothing typed is lost. The same form edits an existing record (register),
where saving keeps the previous version in the record's history.
"""

from __future__ import annotations

import html
import sqlite3

from bureau_desk.shell.context import DeskContext
from bureau_desk.widgets.citizen_box import CitizenBox
from bureau_desk.widgets.field_inputs import (
    ChoiceInput,
    DataInput,
    FieldInput,
    FlagInput,
    IssuesInput,
    KeptInput,
    LaterDateInput,
    TextInput,
    WhenInput,
)
from bureau_desk.widgets.forms import (
    INVALID_STYLE,
    EnumCombo,
    FormGrid,
    debouncer,
    plain,
    shrinkable,
)
from bureau_desk.widgets.intake_drafts import IntakeDrafts
from bureau_desk.widgets.issues_box import IssuesBox
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDateTimeEdit,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from bureau.consultations.operations import edit_consultation, record_consultation
from bureau.database.connection import translate_sqlite_error
from bureau.domain import (
    BureauError,
    Channel,
    Consultation,
    DatabaseUnavailable,
    FieldError,
    HelpLevel,
    Outcome,
    ValidationError,
)
from bureau.i18n import N_, _
from bureau.validation import validate_consultation

CHOOSE = N_("\u2014 choose \u2014")
MSG_UNNAMED = N_("type the name, choose a returning citizen, or tick \u201cAnonymous visitor\u201d")
MSG_NO_ADVISOR = N_("Choose the advisor on duty in the toolbar first.")
SATISFACTION_LABELS = {
    1: N_("1 \u2013 very dissatisfied"), 2: N_("2 \u2013 dissatisfied"), 3: N_("3 \u2013 neutral"),
    4: N_("4 \u2013 satisfied"), 5: N_("5 \u2013 very satisfied"),
}
# Where the core's field names are shown on this form.
CITIZEN_KEYS = {"citizen": "citizen", "full_name": "citizen", "address": "citizen",
                "phone": "phone", "email": "email", "settlement": "settlement",
                "age_band": "age_band", "gender": "gender", "consent_record": "consent_record",
                "consent_share": "consent_share", "consent_contact": "consent_contact"}
CONSULTATION_KEYS = {"occurred_at": "occurred_at", "channel": "channel", "issues": "issues",
                     "category": "issues", "service": "issues", "question": "question",
                     "answer": "answer", "help_level": "help_level", "outcome": "outcome",
                     "next_steps": "next_steps", "follow_up_on": "follow_up_on",
                     "satisfaction": "satisfaction"}
# Inputs that share a line (and so one error line) with another input.
SHARED_ROW_FIELDS = {"help_level", "outcome", "follow_up_on", "satisfaction", "occurred_at",
                     "channel"}
DRAFT_DELAY_MS = 1500  # a draft a moment after typing pauses, not at every key


def text_edit(parent: QWidget, lines: int, most: int) -> QPlainTextEdit:
    edit = QPlainTextEdit(parent)
    edit.setTabChangesFocus(True)  # Tab moves on, as in every other field
    spacing = edit.fontMetrics().lineSpacing()
    edit.setMinimumHeight(spacing * lines + 12)
    edit.setMaximumHeight(spacing * most + 12)  # spare height goes below the form
    return edit


class IntakeForm(QWidget, IntakeDrafts):
    saved = Signal(int, str)  # consultation id, reference number

    def __init__(self, context: DeskContext, parent: QWidget | None = None, *,
                 record: Consultation | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.record_id: int | None = None
        self.record_advisor_id: int | None = None
        self.last_reference: str | None = None
        self._banner_message: tuple[str, dict] | None = None
        self._errors: list[FieldError] = []
        self._general_errors: list[str] = []
        self._baseline: dict = {}
        self._draft_written = False
        self._build_ui()
        self._connect()
        self.retranslate()
        if record is not None:
            self.load(record)
        else:
            self.clear()

    # --- building --------------------------------------------------------------

    def _build_ui(self) -> None:
        self.setStyleSheet(INVALID_STYLE)
        outer = QVBoxLayout(self)
        self.banner = QLabel(self)
        self.banner.setObjectName("banner")
        self.banner.setWordWrap(True)
        self.banner.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.banner.hide()
        outer.addWidget(self.banner)

        columns = QHBoxLayout()
        outer.addLayout(columns, 1)
        self.citizen_box = CitizenBox(self.context, self)
        self.consultation_box = QGroupBox(self)
        self.grid = FormGrid(QGridLayout(self.consultation_box))
        box = self.consultation_box
        self.issues_box = IssuesBox(self.context, box)
        self.grid.add("issues", N_("Topics and ser&vices"), self.issues_box, tall=True,
                      target=self.issues_box.topic_edit)
        self.question_edit = text_edit(box, 3, 6)
        self.grid.add("question", N_("&Question"), self.question_edit, tall=True,
                      tooltip=N_("What the person asked, in a sentence or two."))
        self.answer_edit = text_edit(box, 3, 6)
        self.grid.add("answer", N_("&Information or advice given"), self.answer_edit, tall=True,
                      tooltip=N_("What you told or gave the person."))
        levels = QWidget(box)
        levels_row = QHBoxLayout(levels)
        levels_row.setContentsMargins(0, 0, 0, 0)
        self.level_combo = EnumCombo(HelpLevel, placeholder=CHOOSE, parent=levels)
        self.outcome_label = QLabel(levels)
        self.outcome_combo = EnumCombo(Outcome, placeholder=CHOOSE, parent=levels)
        self.outcome_label.setBuddy(self.outcome_combo)
        levels_row.addWidget(self.level_combo, 1)
        levels_row.addSpacing(6)
        levels_row.addWidget(self.outcome_label)
        levels_row.addWidget(self.outcome_combo, 1)
        self.grid.add("help_level", N_("Level of &help"), levels, target=self.level_combo)
        self.next_steps_edit = text_edit(box, 2, 3)
        self.grid.add("next_steps", N_("Ne&xt steps"), self.next_steps_edit, tall=True)
        follow = QWidget(box)
        follow_row = QHBoxLayout(follow)
        follow_row.setContentsMargins(0, 0, 0, 0)
        self.follow_up_edit = QLineEdit(follow)
        self.follow_up_edit.setMinimumWidth(self.fontMetrics().horizontalAdvance("00.00.0000"))
        self.satisfaction_label = QLabel(follow)
        self.satisfaction_combo = QComboBox(follow)
        self.satisfaction_label.setBuddy(self.satisfaction_combo)
        follow_row.addWidget(self.follow_up_edit, 1)
        follow_row.addSpacing(6)
        follow_row.addWidget(self.satisfaction_label)
        follow_row.addWidget(self.satisfaction_combo, 1)
        self.grid.add("follow_up_on", N_("Follow-up &date"), follow, target=self.follow_up_edit)
        when = QWidget(box)
        when_row = QHBoxLayout(when)
        when_row.setContentsMargins(0, 0, 0, 0)
        self.when_edit = QDateTimeEdit(when)
        self.when_edit.setDisplayFormat("dd.MM.yyyy HH:mm")
        self.when_edit.setCalendarPopup(True)
        self.channel_label = QLabel(when)
        self.channel_combo = EnumCombo(Channel, parent=when)
        self.channel_label.setBuddy(self.channel_combo)
        when_row.addWidget(self.when_edit)
        when_row.addSpacing(6)
        when_row.addWidget(self.channel_label)
        when_row.addWidget(self.channel_combo, 1)
        self.grid.add("occurred_at", N_("&When"), when, target=self.when_edit,
                      tooltip=N_("Date and time of the consultation; now unless you change it."))
        self.grid.share_row("outcome", "help_level", self.outcome_combo)
        self.grid.share_row("satisfaction", "follow_up_on", self.satisfaction_combo)
        self.grid.share_row("channel", "occurred_at", self.channel_combo)
        self.grid.add_stretch()
        columns.addWidget(self.citizen_box, 2)
        columns.addWidget(self.consultation_box, 3)
        # The form fits the default window (1280x720) whatever the language.
        for combo in (self.level_combo, self.outcome_combo, self.satisfaction_combo,
                      self.channel_combo, self.citizen_box.age_combo,
                      self.citizen_box.gender_combo):
            shrinkable(combo)

        buttons = QHBoxLayout()
        self.new_button = QPushButton(self)
        self.save_button = QPushButton(self)
        self.save_new_button = QPushButton(self)
        self.save_new_button.setDefault(False)
        self.save_new_button.setAutoDefault(False)
        self.save_button.setAutoDefault(False)
        buttons.addWidget(self.new_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.save_new_button)
        outer.addLayout(buttons)

        self.save_shortcut = QShortcut(QKeySequence.StandardKey.Save, self)
        self.save_new_shortcuts = [QShortcut(QKeySequence(seq), self)
                                   for seq in ("Ctrl+Return", "Ctrl+Enter")]
        for shortcut in (self.save_shortcut, *self.save_new_shortcuts):
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)

        # Top to bottom, left column then right; the date and channel come last
        # because their defaults (now, in person) are nearly always right.
        chain = [*self.citizen_box.tab_chain(), self.issues_box.topic_edit, self.question_edit,
                 self.answer_edit, self.level_combo, self.outcome_combo, self.next_steps_edit,
                 self.follow_up_edit, self.satisfaction_combo, self.when_edit,
                 self.channel_combo, self.save_button, self.save_new_button, self.new_button]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)
        self._input_order = chain
        citizen = self.citizen_box
        # One input per field of the specification, in its order; the advisor
        # comes from the toolbar and the citizen from the citizen box.
        self.inputs: dict[str, FieldInput] = {
            "occurred_at": WhenInput(self.when_edit),
            "channel": ChoiceInput(self.channel_combo, Channel.IN_PERSON),
            "issues": IssuesInput(self.issues_box),
            "question": TextInput(self.question_edit),
            "answer": TextInput(self.answer_edit),
            "help_level": ChoiceInput(self.level_combo),
            "outcome": ChoiceInput(self.outcome_combo),
            "next_steps": TextInput(self.next_steps_edit),
            "follow_up_on": LaterDateInput(self.follow_up_edit),
            "satisfaction": DataInput(self.satisfaction_combo),
            "consent_record": FlagInput(citizen.consent_record),
            "consent_share": FlagInput(citizen.consent_share),
            "consent_contact": FlagInput(citizen.consent_contact),
            "external_ref": KeptInput(),  # an earlier journal's number, from an import
        }
        self.draft_timer = debouncer(self, DRAFT_DELAY_MS, self._on_draft_timer_timeout)
        self.clock_timer = QTimer(self)  # the time of a new visit follows the clock
        self.clock_timer.setInterval(WhenInput.TICK_MS)  # runs while a new visit is typed

    def _connect(self) -> None:
        self.save_shortcut.activated.connect(self._on_save_shortcut_activated)
        for shortcut in self.save_new_shortcuts:
            shortcut.activated.connect(self._on_save_new_shortcut_activated)
        self.save_button.clicked.connect(self._on_save_button_clicked)
        self.save_new_button.clicked.connect(self._on_save_new_button_clicked)
        self.new_button.clicked.connect(self._on_new_button_clicked)
        self.clock_timer.timeout.connect(self._on_clock_timer_timeout)
        self.when_edit.dateTimeChanged.connect(self._on_when_edit_date_time_changed)
        # Any change anywhere in the form schedules a draft (crash safety).
        for edit in self.findChildren(QLineEdit):
            edit.textChanged.connect(self._on_input_changed)
        for text in self.findChildren(QPlainTextEdit):
            text.textChanged.connect(self._on_input_changed)
        for combo in self.findChildren(QComboBox):
            combo.currentIndexChanged.connect(self._on_input_changed)
        for button in self.findChildren(QAbstractButton):
            if button.isCheckable():
                button.toggled.connect(self._on_input_changed)
        self.issues_box.changed.connect(self._on_input_changed)
        self.citizen_box.linked_changed.connect(self._on_input_changed)

    def retranslate(self) -> None:
        self.consultation_box.setTitle(_("Consultation"))
        self.citizen_box.retranslate()
        self.issues_box.retranslate()
        self.grid.retranslate()
        self.channel_label.setText(_("Cha&nnel"))
        self.channel_combo.setAccessibleName(plain(_("Cha&nnel")))
        self.channel_combo.retranslate()
        self.level_combo.retranslate()
        self.outcome_label.setText(_("O&utcome"))
        self.outcome_combo.setAccessibleName(plain(_("O&utcome")))
        self.outcome_combo.setToolTip(_("\u201cPending\u201d if the matter is not settled yet; "
                                        "then set a follow-up date."))
        self.outcome_combo.retranslate()
        self.follow_up_edit.setPlaceholderText(_("DD.MM.YYYY or +7"))
        self.follow_up_edit.setToolTip(_("When to call the person back. Type a date, or +7 for in a week."))
        self.satisfaction_label.setText(_("&Satisfaction"))
        self.satisfaction_combo.setAccessibleName(plain(_("&Satisfaction")))
        self.satisfaction_combo.setToolTip(_("Only if the person was asked."))
        current = self.satisfaction_combo.currentData()
        self.satisfaction_combo.clear()
        self.satisfaction_combo.addItem(_("Not asked"), None)
        for value, label in SATISFACTION_LABELS.items():
            self.satisfaction_combo.addItem(_(label), value)
        self.satisfaction_combo.setCurrentIndex(max(0, self.satisfaction_combo.findData(current)))
        self.new_button.setText(_("New form (Ctrl+N)"))
        self.new_button.setToolTip(_("Empty the form for the next person."))
        self.new_button.setVisible(self.record_id is None or self._is_desk())
        self.save_button.setText(_("Save (Ctrl+S)"))
        self.save_new_button.setText(_("Save and new (Ctrl+Enter)"))
        self.save_new_button.setVisible(self._is_desk())
        self._show_banner()

    def _is_desk(self) -> bool:
        return self.record_advisor_id is None

    # --- slots -----------------------------------------------------------------

    def _on_save_shortcut_activated(self) -> None:
        self.save()

    def _on_save_new_shortcut_activated(self) -> None:
        if self._is_desk():
            self.save_and_new()
        else:
            self.save()

    def _on_save_button_clicked(self) -> None:
        self.save()

    def _on_save_new_button_clicked(self) -> None:
        self.save_and_new()

    def _on_new_button_clicked(self) -> None:
        self.new_form()

    def _on_input_changed(self, *_args: object) -> None:
        if self._drafts_wanted():
            self.draft_timer.start()

    def _on_draft_timer_timeout(self) -> None:
        self.write_draft()

    def _on_clock_timer_timeout(self) -> None:
        when = self.inputs["occurred_at"]
        when.tick()
        if not when.follows_clock:
            self.clock_timer.stop()

    def _on_when_edit_date_time_changed(self, *_args: object) -> None:
        self.inputs["occurred_at"].edited()

    # --- drafts (crash safety) -------------------------------------------------

    # --- data ------------------------------------------------------------------

    def raw(self) -> dict:
        """What was typed, as ``validate_consultation`` takes it."""
        raw = {name: field_input.value() for name, field_input in self.inputs.items()}
        raw["advisor_id"] = self.record_advisor_id or self.context.advisor_id
        raw.update(self.citizen_box.raw())
        return raw

    def _typed(self) -> dict:
        raw = self.raw()
        raw.pop("occurred_at")
        raw.pop("advisor_id")
        return raw

    def has_unsaved_input(self) -> bool:
        return self._typed() != self._baseline

    def clear(self) -> None:
        """An empty form for the next person; the date is now."""
        self.record_id = None
        self.record_advisor_id = None
        self.citizen_box.clear()
        for field_input in self.inputs.values():
            field_input.clear()
        self.clock_timer.start()
        self.show_errors([])
        self._baseline = self._typed()
        self.retranslate()

    def load(self, record: Consultation) -> None:
        self.clear()
        self.record_id = record.id
        self.record_advisor_id = record.advisor_id
        self.last_reference = record.reference
        self.citizen_box.load(record.citizen)  # before the consents: "anonymous" clears them
        for name, field_input in self.inputs.items():
            field_input.show(getattr(record, name))
        self._banner_message = None
        self._baseline = self._typed()
        self.retranslate()

    def focus_first(self) -> None:
        self.citizen_box.name_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- saving ----------------------------------------------------------------

    def save(self) -> tuple[int, str] | None:
        """Validate and store; on any problem show it and keep every field as typed."""
        raw = self.raw()
        if raw["advisor_id"] is None:
            self.show_errors([FieldError("advisor", MSG_NO_ADVISOR)])
            return None
        extra = [FieldError("citizen", MSG_UNNAMED)] if self.citizen_box.is_unnamed() else []
        lookup = self.context.lookup
        try:
            data = validate_consultation(raw, lookup)
            if extra:
                raise ValidationError([])
        except ValidationError as error:
            self.show_errors(extra + error.errors)
            return None
        try:
            by = self.context.acting_account()
            if self.record_id is None:
                changes = record_consultation(self.context.db, data, by=by, lookup=lookup)
                consultation_id, reference = changes.answer()
                message = N_("Saved. Reference number: {reference}")
            else:
                changes = edit_consultation(self.context.db, self.record_id, data, by=by,
                                            lookup=lookup)
                consultation_id, reference = self.record_id, self.last_reference or ""
                message = N_("Changes saved to {reference}")
        except (BureauError, sqlite3.Error) as error:
            self._show_storage_error(error)
            return None
        self.record_id = consultation_id
        self.last_reference = reference
        self.issues_box.set_issues(data.issues)  # a typed topic now shows as chosen
        self.inputs["occurred_at"].show(data.occurred_at)  # saved: no longer the clock
        self.show_errors([])
        self._banner_message = (message, {"reference": reference})
        self._show_banner()
        self._baseline = self._typed()
        self.discard_draft()
        self.context.status_message.emit(_(message).format(reference=reference))
        self.context.apply(changes)
        self.saved.emit(consultation_id, reference)
        return consultation_id, reference

    def save_and_new(self) -> tuple[int, str] | None:
        result = self.save()
        if result is not None:
            self.clear()
            self.focus_first()
        return result

    def new_form(self, *, confirm: bool = True) -> bool:
        """Empty the form; asks first when typed input would be lost."""
        if confirm and self.has_unsaved_input():
            answer = QMessageBox.question(
                self, _("New form"),
                _("The form holds input that is not saved. Empty it anyway?"),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No)
            if answer != QMessageBox.StandardButton.Yes:
                return False
        self._banner_message = None
        self.last_reference = None
        self.clear()
        if self._is_desk():
            self.discard_draft()
        self.focus_first()
        return True

    def _show_storage_error(self, error: Exception) -> None:
        if isinstance(error, sqlite3.Error):
            error = translate_sqlite_error(error, str(self.context.db_path))
        title = (_("The database cannot be used") if isinstance(error, DatabaseUnavailable)
                 else _("Not saved"))
        QMessageBox.critical(self, title, _("The consultation was not saved; the form keeps "
                                            "everything you typed.") + "\n\n" + str(error))

    # --- messages --------------------------------------------------------------

    def show_errors(self, errors: list[FieldError]) -> None:
        citizen: dict[str, list[str]] = {}
        consultation: dict[str, list[str]] = {}
        general: list[str] = []
        for error in errors:
            text = _(error.message).format(**error.params)
            if error.field in SHARED_ROW_FIELDS:
                text = error.render()  # "Outcome: is required": two inputs share the line
            if error.field in CITIZEN_KEYS:
                citizen.setdefault(CITIZEN_KEYS[error.field], []).append(text)
            elif error.field in CONSULTATION_KEYS:
                consultation.setdefault(CONSULTATION_KEYS[error.field], []).append(text)
            elif error.field == "advisor" and error.message == MSG_NO_ADVISOR:
                general.append(_(MSG_NO_ADVISOR))
            else:
                general.append(error.render())
        self.citizen_box.grid.show_errors(citizen)
        self.grid.show_errors(consultation)
        self._errors = errors
        self._general_errors = general
        if errors:
            self._show_banner()
            self._focus_first_invalid()

    def _focus_first_invalid(self) -> None:
        for widget in self._input_order:
            if widget.property("invalid") and widget.isVisibleTo(self):
                widget.setFocus(Qt.FocusReason.OtherFocusReason)
                return

    def _show_banner(self) -> None:
        if self._errors:
            lines = [_("Not saved yet: please correct the marked fields.")] + self._general_errors
            self.banner.setText("<br>".join(html.escape(line) for line in lines))
            self.banner.setStyleSheet("color: #b00020; font-weight: bold;")
            self.banner.setAccessibleName(" ".join(lines))
            self.banner.show()
        elif self._banner_message is not None:
            message, params = self._banner_message
            reference = html.escape(str(params["reference"]))
            text = html.escape(_(message)).replace(
                "{reference}", f"<span style='font-size: xx-large;'><b>{reference}</b></span>")
            self.banner.setText(text)
            self.banner.setStyleSheet("color: #0b6e2e;")
            self.banner.setAccessibleName(_(message).format(reference=params["reference"]))
            self.banner.show()
        else:
            self.banner.hide()
