"""The main window: a shell that hosts pages, the advisor on duty, and the status bar.

The pages are listed in ``bureau_desk.shell.navigation.PAGES``; each is
built the first time it is opened, which keeps start-up quick.

The window is built in two steps so that the desk paints before it loads what
its first page needs (#19): ``MainWindow()`` is the frame (the page list,
the toolbar, the status bar, the window's size), from PySide6 and the
catalogue alone; ``attach(context)`` gives it the open database and builds the
rest, the Desk page first. ``MainWindow(context)`` does both at once. The
modules only ``attach`` and the actions need are imported there
(``# deferred: desk-start``), so this module stays light.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from bureau_desk.shell.navigation import PAGES
from bureau_desk.shell.preferences import KEY_GEOMETRY, KEY_STATE, app_settings
from PySide6.QtCore import QByteArray, QSize, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QToolBar,
    QWidget,
)

from bureau.i18n import _, ngettext

if TYPE_CHECKING:
    from bureau_desk.pages.base import Page
    from bureau_desk.shell.context import DeskContext
    from bureau_desk.shell.lock_screen import LockScreen
    from bureau_desk.shell.upkeep import IdleUpkeep


def window_title(bureau_name: str | None) -> str:
    """The window's title: the bureau's name after the program's, when it has one."""
    return _("Bureau \u2014 {name}").format(name=bureau_name) if bureau_name else _("Bureau")


class MainWindow(QMainWindow):
    # Emitted once attach() has built the Desk page: the desk is usable from here on.
    ready = Signal()

    def __init__(self, context: DeskContext | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context: DeskContext = None  # type: ignore[assignment]  # set by attach()
        self.pages: dict[str, Page] = {}
        self.lock_screen: LockScreen | None = None
        self.upkeep: IdleUpkeep | None = None
        self._build_ui()
        self._restore_state()
        self.retranslate()
        if context is not None:
            self.attach(context)

    def attach(self, context: DeskContext) -> None:
        """Give the frame its database: the lock screen, the advisor on duty, the allowed
        pages, and the Desk page shown; then ``ready`` is emitted."""
        from bureau_desk.shell.lock_screen import LockScreen  # deferred: desk-start
        from bureau_desk.shell.upkeep import IdleUpkeep  # deferred: desk-start

        self.context = context
        self.lock_screen = LockScreen(self.context, self)
        self._connect()
        # Merging the search indexes and checkpointing when idle, not inside a save.
        self.upkeep = IdleUpkeep(self.context, self)
        self._set_usable(True)  # before the advisors: signed in, their box stays greyed
        self._fill_advisors()
        self._show_allowed_pages()
        self.retranslate()
        self.show_page("desk")
        if self.opening_label is not None:
            self.stack.removeWidget(self.opening_label)
            self.opening_label.deleteLater()
            self.opening_label = None
        self.ready.emit()

    # --- building --------------------------------------------------------------

    def _build_ui(self) -> None:
        self.setObjectName("main_window")
        central = QWidget(self)
        layout = QHBoxLayout(central)
        layout.setContentsMargins(4, 4, 4, 4)
        self.page_list = QListWidget(central)
        self.page_list.setObjectName("page_list")
        for _spec in PAGES:
            self.page_list.addItem(QListWidgetItem())
        self.page_list.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        # Big targets for an unsteady hand; padding follows the font, not pixels.
        self.page_list.setStyleSheet("QListWidget::item { padding: 0.4em 0.6em; }")
        self.stack = QStackedWidget(central)
        layout.addWidget(self.page_list)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.toolbar = QToolBar(self)
        self.toolbar.setObjectName("main_toolbar")
        self.toolbar.setMovable(False)
        self.addToolBar(self.toolbar)
        self.new_action = QAction(self)
        self.new_action.setShortcut(QKeySequence.StandardKey.New)
        self.find_action = QAction(self)
        self.find_action.setShortcut(QKeySequence.StandardKey.Find)
        self.help_action = QAction(self)
        self.help_action.setShortcut(QKeySequence.StandardKey.HelpContents)
        self.quit_action = QAction(self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        for action in (self.new_action, self.find_action, self.help_action):
            self.toolbar.addAction(action)
        self.addAction(self.quit_action)
        self.lock_action = QAction(self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.sign_out_action = QAction(self)
        self.addAction(self.lock_action)
        self.page_actions: list[QAction] = []
        for number, _spec in enumerate(PAGES[:9], start=1):
            action = QAction(self)
            action.setShortcut(QKeySequence(f"Ctrl+{number}"))
            self.addAction(action)
            self.page_actions.append(action)
        self.toolbar.addSeparator()
        self.advisor_label = QLabel(self.toolbar)
        self.advisor_combo = QComboBox(self.toolbar)
        self.advisor_combo.setObjectName("advisor_combo")
        self.advisor_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.advisor_label.setBuddy(self.advisor_combo)
        self.toolbar.addWidget(self.advisor_label)
        self.toolbar.addWidget(self.advisor_combo)
        self.toolbar.addAction(self.sign_out_action)
        self.toolbar.addAction(self.lock_action)

        self.today_label = QLabel(self)
        self.db_label = QLabel(self)
        self.db_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.statusBar().addPermanentWidget(self.today_label)
        self.statusBar().addPermanentWidget(self.db_label)
        # What the frame shows until attach() has built the Desk page.
        self.opening_label: QLabel | None = QLabel(self.stack)
        self.opening_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack.addWidget(self.opening_label)
        self._set_usable(False)

    def _set_usable(self, usable: bool) -> None:
        """The frame's page list, actions and advisor box are greyed until attach(); the
        pages only some people may open stay hidden until it knows who is acting."""
        for widget in (self.page_list, self.advisor_combo, self.advisor_label):
            widget.setEnabled(usable)
        for action in (self.new_action, self.find_action, self.help_action, self.lock_action,
                       *self.page_actions):
            action.setEnabled(usable)
        if not usable:
            for row, spec in enumerate(PAGES):
                self.page_list.item(row).setHidden(spec.operation is not None)

    def _connect(self) -> None:
        self.page_list.currentRowChanged.connect(self._on_page_list_current_row_changed)
        self.new_action.triggered.connect(self._on_new_action_triggered)
        self.find_action.triggered.connect(self._on_find_action_triggered)
        self.help_action.triggered.connect(self._on_help_action_triggered)
        self.quit_action.triggered.connect(self.close)
        self.lock_action.triggered.connect(self._on_lock_action_triggered)
        self.sign_out_action.triggered.connect(self._on_sign_out_action_triggered)
        assert self.lock_screen is not None  # built by attach() just before
        self.lock_screen.quit_requested.connect(self.close)
        self.lock_screen.handing_over.connect(self._on_lock_screen_handing_over)
        self.lock_screen.unlocked.connect(self._on_lock_screen_unlocked)
        self.context.advisor_changed.connect(self._fill_advisors)
        self.context.advisor_changed.connect(self._show_allowed_pages)
        self.context.database_replaced.connect(self._on_context_database_replaced)
        for spec, action in zip(PAGES, self.page_actions, strict=False):
            action.triggered.connect(lambda _checked=False, key=spec.key: self.show_page(key))
        self.advisor_combo.currentIndexChanged.connect(self._on_advisor_combo_current_index_changed)
        self.context.records_changed.connect(self._on_context_records_changed)
        self.context.settings_changed.connect(self._on_context_settings_changed)
        self.context.status_message.connect(self._on_context_status_message)

    def retranslate(self) -> None:
        if self.context is not None:
            from bureau.database.settings import get_setting  # deferred: desk-start

            self.setWindowTitle(window_title(get_setting(self.context.db, "bureau_name")))
        elif not self.windowTitle():
            self.setWindowTitle(window_title(None))
        for row, spec in enumerate(PAGES):
            item = self.page_list.item(row)
            item.setText(_(spec.title))
            if row < 9:
                item.setToolTip(_("{page} (Ctrl+{number})").format(page=_(spec.title),
                                                                   number=row + 1))
        self.page_list.setAccessibleName(_("Pages"))
        width = max(self.page_list.sizeHintForColumn(0), 60) + 24
        self.page_list.setFixedWidth(width)
        self.new_action.setText(_("New consultation"))
        self.new_action.setToolTip(_("Empty the desk form for the next person (Ctrl+N)"))
        self.find_action.setText(_("Search"))
        self.find_action.setToolTip(_("Search the register (Ctrl+F)"))
        self.help_action.setText(_("Help"))
        self.help_action.setToolTip(_("How to use the desk, and the shortcuts (F1)"))
        self.quit_action.setText(_("Quit"))
        self.lock_action.setText(_("Lock"))
        self.lock_action.setToolTip(_("Hide the desk until you come back (Ctrl+L)"))
        self.sign_out_action.setText(_("Sign out"))
        self.sign_out_action.setToolTip(_("Sign out, so that another advisor can sign in"))
        self.sign_out_action.setVisible(self.context is not None and self.context.account is not None)
        if self.lock_screen is not None:
            self.lock_screen.retranslate()
        self.advisor_label.setText(_("Advisor on dut&y:") + " ")
        self.advisor_combo.setAccessibleName(_("Advisor on duty"))
        self.advisor_combo.setToolTip(_("Whoever records consultations at this desk now."))
        if self.opening_label is not None:
            self.opening_label.setText(_("Opening the database\u2026"))
        if self.context is None:
            return
        self.db_label.setText(_("Database: {path}").format(path=self.context.db_path))
        self.db_label.setToolTip(str(self.context.db_path))
        for page in self.pages.values():
            page.retranslate()
        self.refresh_status()

    # --- pages -----------------------------------------------------------------

    def page(self, key: str) -> Page:
        """The page, built on first use."""
        if key not in self.pages:
            spec = next(s for s in PAGES if s.key == key)
            page = spec.load()(self.context, self.stack)
            self.pages[key] = page
            self.stack.addWidget(page)
        return self.pages[key]

    def page_allowed(self, key: str) -> bool:
        spec = next(s for s in PAGES if s.key == key)
        return spec.operation is None or self.context.listed(spec.operation)

    def _show_allowed_pages(self) -> None:
        """Pages the acting person may not use leave the list and their shortcut."""
        for row, spec in enumerate(PAGES):
            allowed = self.page_allowed(spec.key)
            self.page_list.item(row).setHidden(not allowed)
            if row < len(self.page_actions):
                self.page_actions[row].setEnabled(allowed)
        if not self.page_allowed(self.current_page_key()):
            self.show_page("desk")

    def show_page(self, key: str) -> Page:
        if not self.page_allowed(key):
            key = "desk"
        created = key not in self.pages
        page = self.page(key)
        # The first page added to the stack is already current: "created" covers it.
        first_show = created or self.stack.currentWidget() is not page
        self.stack.setCurrentWidget(page)
        row = next(i for i, s in enumerate(PAGES) if s.key == key)
        if self.page_list.currentRow() != row:
            self.page_list.blockSignals(True)
            self.page_list.setCurrentRow(row)
            self.page_list.blockSignals(False)
        if first_show:
            page.refresh()
        page.focus_default()
        return page

    def current_page_key(self) -> str:
        current = self.stack.currentWidget()
        return next((k for k, p in self.pages.items() if p is current), "desk")

    def _on_page_list_current_row_changed(self, row: int) -> None:
        if 0 <= row < len(PAGES):
            self.show_page(PAGES[row].key)

    # --- actions ---------------------------------------------------------------

    def _on_new_action_triggered(self) -> None:
        desk = self.show_page("desk")
        desk.new_consultation()

    def _on_find_action_triggered(self) -> None:
        register = self.show_page("register")
        register.focus_search()

    def _on_help_action_triggered(self) -> None:
        from bureau_desk.dialogs.help import HelpDialog  # deferred: desk-start

        dialog = HelpDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()

    # --- advisor on duty and status --------------------------------------------

    def _fill_advisors(self) -> None:
        self.advisor_combo.blockSignals(True)
        self.advisor_combo.clear()
        for advisor in self.context.duty_advisors():
            self.advisor_combo.addItem(advisor.full_name, advisor.id)
        index = self.advisor_combo.findData(self.context.advisor_id)
        self.advisor_combo.setCurrentIndex(index)
        self.advisor_combo.blockSignals(False)
        if index < 0 and self.advisor_combo.count():
            self.advisor_combo.setCurrentIndex(0)
        self.advisor_combo.adjustSize()
        # Signed in: the account is on duty; someone else signs in to take over.
        self.advisor_combo.setEnabled(self.context.account is None)
        self.sign_out_action.setVisible(self.context.account is not None)

    def _on_advisor_combo_current_index_changed(self, index: int) -> None:
        self.context.set_advisor(self.advisor_combo.itemData(index) if index >= 0 else None)

    def _on_lock_action_triggered(self) -> None:
        if self.lock_screen is not None:
            self.lock_screen.lock()

    def _on_sign_out_action_triggered(self) -> None:
        from bureau.trust import keys  # deferred: desk-start

        if self._set_aside_for_sign_out():
            keys.lock(self.context.db)  # the signals register key leaves memory with its officer
            if self.lock_screen is not None:
                self.lock_screen.lock(signed_out=True)

    def _set_aside_for_sign_out(self) -> bool:
        """Keep the desk form and the open record windows as the advisor's own drafts, or
        discard them after a warning; the record windows close either way.

        False when the advisor chose to stay signed in.
        """
        from bureau_desk.shell.handover import (  # deferred: desk-start
            close_unasked,
            keep_as_drafts,
            open_record_windows,
            warn_lost,
        )

        desk = self.pages.get("desk")
        form_unsaved = desk is not None and desk.form.has_unsaved_input()
        windows = open_record_windows()
        unsaved = [w.draft_title() for w in windows if w.has_unsaved_input()]  # type: ignore[attr-defined]
        answer = None
        if form_unsaved or unsaved:
            answer = self._ask_before_sign_out(form_unsaved, unsaved)
            if answer not in (QMessageBox.StandardButton.Save, QMessageBox.StandardButton.Discard):
                return False
        keep = answer != QMessageBox.StandardButton.Discard
        if desk is not None:
            if not keep:
                desk.form.new_form(confirm=False)  # its draft file goes too
            desk.set_aside()
        account = self.context.account
        owner = account.id if account is not None else None
        warn_lost(self, keep_as_drafts(self.context, windows, owner) if keep
                  else close_unasked(windows))
        return True

    def _ask_before_sign_out(self, form_unsaved: bool,
                             windows: list[str]) -> QMessageBox.StandardButton:
        buttons = QMessageBox.StandardButton
        keepable = self.context.drafts_dir is not None
        if not windows:
            text = (_("The desk form holds a consultation that is not saved. Keep it as your "
                      "draft? It is offered back to you, and to nobody else, when you sign "
                      "in again.") if keepable else
                    _("The desk form holds a consultation that is not saved. Signing out "
                      "discards it."))
        else:
            items = ([_("the desk form")] if form_unsaved else []) + [
                f"\u201c{title}\u201d" for title in windows]
            text = (_("Changes not saved: {items}. Keep them as your drafts? They are offered "
                      "back to you, and to nobody else, when you sign in again.") if keepable
                    else _("Changes not saved: {items}. Signing out discards them.")).format(
                items="; ".join(items))
        if keepable:
            return QMessageBox.question(self, _("Sign out"), text,
                                        buttons.Save | buttons.Discard | buttons.Cancel,
                                        buttons.Save)
        return QMessageBox.question(self, _("Sign out"), text, buttons.Discard | buttons.Cancel,
                                    buttons.Cancel)

    def _on_lock_screen_handing_over(self, _previous: object) -> None:
        # The previous advisor is not here to answer: their form is kept as their draft.
        desk = self.pages.get("desk")
        if desk is not None:
            desk.set_aside()

    def _on_lock_screen_unlocked(self, account: object) -> None:
        from bureau_desk.shell.handover import offer_window_drafts  # deferred: desk-start
        from bureau_desk.widgets.drafts import offer_draft  # deferred: desk-start

        # Only the signed-in advisor's own drafts (None: the desk without sign-in).
        owner = self.context.account.id if self.context.account is not None else None
        desk = self.pages.get("desk")
        if account is not None and desk is not None and not desk.form.has_unsaved_input():
            offer_draft(self, desk.form, self.context.drafts_dir, self.context.db_path, owner)
        offer_window_drafts(self, self.context, owner)

    def _on_context_database_replaced(self) -> None:
        # A restored database: every page re-reads everything, built anew.
        current = self.current_page_key()
        for page in self.pages.values():
            self.stack.removeWidget(page)
            page.deleteLater()
        self.pages.clear()
        self._fill_advisors()
        self._show_allowed_pages()
        self.retranslate()
        self.show_page(current)

    def _on_context_settings_changed(self) -> None:
        self._fill_advisors()
        self._show_allowed_pages()
        self.retranslate()

    def _on_context_records_changed(self) -> None:
        self.refresh_status()

    def _on_context_status_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 15000)

    def refresh_status(self) -> None:
        from bureau.consultations.register import (  # deferred: desk-start
            RegisterFilter,
            count_consultations,
        )

        today = dt.date.today()
        count = count_consultations(self.context.db, RegisterFilter(date_from=today, date_to=today))
        self.today_label.setText(ngettext("Today: {count} consultation",
                                          "Today: {count} consultations", count)
                                 .format(count=count))

    # --- window state ----------------------------------------------------------

    def _restore_state(self) -> None:
        settings = app_settings()
        geometry = settings.value(KEY_GEOMETRY)
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(QSize(1280, 720))
        state = settings.value(KEY_STATE)
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.restoreState(state)

    def save_state(self) -> None:
        settings = app_settings()
        settings.setValue(KEY_GEOMETRY, self.saveGeometry())
        settings.setValue(KEY_STATE, self.saveState())

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        desk = self.pages.get("desk")
        if desk is not None and desk.form.has_unsaved_input():
            answer = QMessageBox.question(
                self, _("Quit"),
                _("The desk form holds a consultation that is not saved. Quit anyway?"),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No)
            if answer != QMessageBox.StandardButton.Yes:
                event.ignore()
                return
        self.save_state()
        super().closeEvent(event)
