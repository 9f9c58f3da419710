"""Settings: the bureau's details, advisors, catalogues, language and text size,
backups, sign-in and lock, and the audit log."""

from __future__ import annotations

import sqlite3

from bureau_desk.pages.base import Page, scrolling
from bureau_desk.settings.advisors import AdvisorsTab
from bureau_desk.settings.audit import AuditTab
from bureau_desk.settings.backups import BackupsTab
from bureau_desk.settings.catalogue import CatalogueTab
from bureau_desk.settings.security import SecurityTab
from bureau_desk.shell.context import KEY_FONT_SIZE, DeskContext, app_settings
from bureau_desk.shell.language import UI_LANGUAGES, language_label, switch_language
from bureau_desk.widgets.forms import INVALID_STYLE, FormGrid
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QGridLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from bureau.database.connection import translate_sqlite_error
from bureau.database.settings import change_settings, get_settings
from bureau.domain import BureauError
from bureau.i18n import N_, _
from bureau.trust.access import Operation
from bureau.validation import bureau_detail_errors, clean_text

BUREAU_FIELDS = (
    ("bureau_name", N_("Bureau &name"), None),
    ("municipality", N_("&Municipality"), None),
    ("address", N_("A&ddress"), None),
    ("phone", N_("&Phone"), None),
    ("email", N_("&E-mail"), None),
    ("opening_hours", N_("&Opening hours"), N_("As printed on the slip, e.g. Mon-Fri 9:00-17:00")),
)
MIN_POINTS, MAX_POINTS = 8, 28


class BureauTab(QWidget):
    def __init__(self, context: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.edits: dict[str, QLineEdit | QPlainTextEdit] = {}
        self._build_ui()
        self._connect()
        self.retranslate()
        self.refresh()

    def _build_ui(self) -> None:
        self.setStyleSheet(INVALID_STYLE)
        layout = QVBoxLayout(self)
        box = QWidget(self)
        self.grid = FormGrid(QGridLayout(box))
        for key, label, tooltip in BUREAU_FIELDS:
            edit = QLineEdit(box)
            self.edits[key] = edit
            self.grid.add(key, label, edit, tooltip=tooltip)
        self.save_button = QPushButton(box)
        self.grid.add_widget(self.save_button, Qt.AlignmentFlag.AlignRight)
        self.grid.add_stretch()
        layout.addWidget(box)

    def _connect(self) -> None:
        self.save_button.clicked.connect(self._on_save_button_clicked)
        self.context.advisor_changed.connect(self._on_context_advisor_changed)

    def retranslate(self) -> None:
        self.grid.retranslate()
        self.save_button.setText(_("&Save the bureau's details"))

    def refresh(self) -> None:
        values = get_settings(self.context.db)
        for key, edit in self.edits.items():
            edit.setText(values.get(key, ""))
            edit.setReadOnly(not self.context.allowed(Operation.EDIT_SETTINGS))
        self.save_button.setEnabled(self.context.allowed(Operation.EDIT_SETTINGS))
        self.grid.show_errors({})

    def _on_context_advisor_changed(self) -> None:
        self.refresh()

    def _on_save_button_clicked(self) -> None:
        values = {key: clean_text(edit.text()) for key, edit in self.edits.items()}
        errors = bureau_detail_errors(values)
        shown: dict[str, list[str]] = {}
        for error in errors:
            shown.setdefault(error.field, []).append(_(error.message).format(**error.params))
        self.grid.show_errors(shown)
        if errors:
            return
        try:
            changes = change_settings(self.context.db, by=self.context.acting_account(), **values)
        except (BureauError, sqlite3.Error) as error:
            if isinstance(error, sqlite3.Error):
                error = translate_sqlite_error(error, str(self.context.db_path))
            self.grid.show_errors({"bureau_name": [str(error)]})
            return
        self.context.status_message.emit(_("The bureau's details are saved."))
        self.context.apply(changes)


class DisplayTab(QWidget):
    """Language and text size: apply at once, remembered for the next start."""

    def __init__(self, context: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self._build_ui()
        self._connect()
        self.retranslate()

    def _build_ui(self) -> None:
        layout = QVBoxLayout(self)
        box = QWidget(self)
        self.grid = FormGrid(QGridLayout(box), compact=True)
        self.language_combo = QComboBox(box)
        for code in UI_LANGUAGES:
            self.language_combo.addItem(language_label(code), code)
        self.grid.add("language", N_("&Language"), self.language_combo,
                      tooltip=N_("The language of the desk. Documents can still be printed in "
                                 "another language."))
        self.font_spin = QSpinBox(box)
        self.font_spin.setRange(MIN_POINTS, MAX_POINTS)
        self.font_spin.setValue(QApplication.font().pointSize() or 10)
        self.grid.add("font_size", N_("&Text size"), self.font_spin,
                      tooltip=N_("Larger letters for easier reading. Applies at once."))
        self.grid.add_stretch()
        layout.addWidget(box)
        stored = get_settings(self.context.db).get("language", "bg")
        self.language_combo.setCurrentIndex(max(0, self.language_combo.findData(stored)))

    def _connect(self) -> None:
        self.language_combo.currentIndexChanged.connect(self._on_language_combo_changed)
        self.font_spin.valueChanged.connect(self._on_font_spin_value_changed)

    def retranslate(self) -> None:
        self.grid.retranslate()
        self.font_spin.setSuffix(" " + _("pt"))

    def _on_language_combo_changed(self, index: int) -> None:
        code = self.language_combo.itemData(index)
        # Whoever may change the bureau's settings makes it the desk's language for
        # the next start too; anyone else switches this session only.
        if self.context.allowed(Operation.EDIT_SETTINGS):
            change_settings(self.context.db, by=self.context.acting_account(), language=code)
        switch_language(code)

    def _on_font_spin_value_changed(self, points: int) -> None:
        font = QApplication.font()
        font.setPointSize(points)
        QApplication.setFont(font)
        app_settings().setValue(KEY_FONT_SIZE, points)


class SettingsPage(Page):
    def __init__(self, context: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self._build_ui()
        self.retranslate()

    def _build_ui(self) -> None:
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget(self)
        self.bureau_tab = BureauTab(self.context)
        self.advisors_tab = AdvisorsTab(self.context)
        self.catalogue_tab = CatalogueTab(self.context)
        self.display_tab = DisplayTab(self.context)
        self.backups_tab = BackupsTab(self.context)
        self.security_tab = SecurityTab(self.context)
        self.audit_tab = AuditTab(self.context)
        self.tabs.addTab(scrolling(self.bureau_tab), "")
        self.tabs.addTab(self.advisors_tab, "")
        self.tabs.addTab(self.catalogue_tab, "")
        self.tabs.addTab(scrolling(self.display_tab), "")
        self.tabs.addTab(scrolling(self.backups_tab), "")
        self.tabs.addTab(scrolling(self.security_tab), "")
        self.tabs.addTab(self.audit_tab, "")
        layout.addWidget(self.tabs)

    def retranslate(self) -> None:
        for index, msgid in enumerate((N_("&Bureau"), N_("Ad&visors"), N_("&Catalogues"),
                                       N_("Lan&guage and text size"), N_("Bac&kups"),
                                       N_("Sign-in and &lock"), N_("A&udit log"))):
            self.tabs.setTabText(index, _(msgid))
        for tab in (self.bureau_tab, self.advisors_tab, self.catalogue_tab, self.display_tab,
                    self.backups_tab, self.security_tab, self.audit_tab):
            tab.retranslate()

    def refresh(self) -> None:
        self.bureau_tab.refresh()
        self.advisors_tab.refresh()
        self.catalogue_tab.refresh()
        self.backups_tab.refresh()
        self.security_tab.refresh()
        self.audit_tab.refresh()

    def focus_default(self) -> None:
        self.tabs.setFocus()
