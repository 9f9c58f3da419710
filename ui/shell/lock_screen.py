"""The screen lock: after some idle minutes, on Ctrl+L, and on "Sign out".

The lock screen covers the whole main window; the pages underneath are only
disabled, never cleared, so whatever was typed into the desk form is there
again after unlocking. With accounts, unlocking needs the signed-in account's
password (any other account's sign-in switches the person on duty); without
accounts the lock only hides the data from passers-by.
"""

from __future__ import annotations

from collections.abc import Callable

import shiboken6
from bureau_desk.dialogs.sign_in import SignInForm
from bureau_desk.shell.context import DeskContext
from bureau_desk.shell.handover import (
    is_record_window,
    keep_as_drafts,
    open_record_windows,
    warn_lost,
)
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeyEvent, QWindow
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from bureau.database.settings import get_setting
from bureau.i18n import _
from bureau.trust.accounts import Account, has_accounts

# Any of these from the person at the keyboard means "somebody is here".
INPUT_EVENTS = frozenset({
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
    QEvent.Type.Wheel, QEvent.Type.TouchBegin, QEvent.Type.TabletPress,
})


def lock_minutes(context: DeskContext) -> int:
    try:
        return max(0, int(get_setting(context.db, "lock_minutes") or 0))
    except ValueError:
        return 0


class IdleWatcher(QObject):
    """Emits ``idle`` after ``minutes`` without keyboard or mouse input (0: never).

    It watches the windows (``QWindow``), not the application: every key and
    mouse event of a window passes its QWindow first, and an application-wide
    Python filter would be called for every event of every object (and
    PySide has been seen to crash wrapping half-built widgets there).
    """

    idle = Signal()

    def __init__(self, parent: QObject | None = None,
                 may_lock_over: Callable[[QWidget], bool] | None = None) -> None:
        super().__init__(parent)
        self.may_lock_over = may_lock_over or (lambda _modal: False)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self._on_timer_timeout)
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.focusWindowChanged.connect(self._on_focus_window_changed)
            for window in app.topLevelWindows():
                self.watch(window)

    def watch(self, window: QWindow | None) -> None:
        if window is not None:
            window.installEventFilter(self)  # Qt keeps one entry per filter object

    def _on_focus_window_changed(self, window: QWindow | None) -> None:
        self.watch(window)

    def set_minutes(self, minutes: int) -> None:
        if minutes <= 0:
            self.timer.stop()
            self.timer.setInterval(0)
            return
        self.timer.setInterval(minutes * 60_000)
        self.timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() in INPUT_EVENTS and self.timer.interval() > 0:
            self.timer.start()  # restarting a timer is cheap enough for every mouse move
        return False

    def _on_timer_timeout(self) -> None:
        # A modal dialog (a question, a file chooser) is mid-answer: locking under
        # it would leave it on top of the lock screen. Try again later. A record
        # window is no such dialog: the lock keeps it as its advisor's draft.
        modal = QApplication.activeModalWidget()
        if modal is not None and not self.may_lock_over(modal):
            self.timer.start()
            return
        self.idle.emit()


class LockScreen(QWidget):
    """Covers its main window while locked; ``unlocked`` says who unlocked it."""

    unlocked = Signal(object)  # Account, or None without accounts
    # Emitted before another account takes over from the one signed in (the
    # previous Account): the desk form must not be handed over with it.
    handing_over = Signal(object)
    quit_requested = Signal()

    def __init__(self, context: DeskContext, window: QMainWindow) -> None:
        super().__init__(window)
        self.context = context
        self.window_ = window
        self.signed_out = False
        self._disabled: list[QWidget | QAction] = []
        self._hidden_windows: list[QWidget] = []
        self._focus: QWidget | None = None
        self._build_ui()
        self._connect()
        self.retranslate()
        self.hide()
        self.watcher.set_minutes(lock_minutes(context))

    def _build_ui(self) -> None:
        self.setObjectName("lock_screen")
        self.setAutoFillBackground(True)  # opaque: nothing of the desk shows through
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        row = QHBoxLayout()
        box = QWidget(self)
        box.setFixedWidth(self.fontMetrics().averageCharWidth() * 60)
        row.addStretch(1)
        row.addWidget(box)
        row.addStretch(1)
        layout = QVBoxLayout(box)
        self.title = QLabel(box)
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)  # follows the chosen text size
        font.setBold(True)
        self.title.setFont(font)
        self.note = QLabel(box)
        self.note.setWordWrap(True)
        self.note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.form = SignInForm(lambda: self.context.db, box)
        self.continue_button = QPushButton(box)
        self.quit_button = QPushButton(box)
        layout.addWidget(self.title)
        layout.addWidget(self.note)
        layout.addWidget(self.form)
        layout.addWidget(self.continue_button, 0, Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.quit_button, 0, Qt.AlignmentFlag.AlignRight)
        outer.addLayout(row)
        outer.addStretch(2)
        self.watcher = IdleWatcher(self, self._may_lock_over)

    def _connect(self) -> None:
        self.form.signed_in.connect(self._on_form_signed_in)
        self.continue_button.clicked.connect(self._on_continue_button_clicked)
        self.quit_button.clicked.connect(self.quit_requested)
        self.watcher.idle.connect(self._on_watcher_idle)
        self.context.settings_changed.connect(self._on_context_settings_changed)
        self.context.database_replaced.connect(self._on_context_database_replaced)
        self.window_.installEventFilter(self)

    def retranslate(self) -> None:
        self.setAccessibleName(_("Lock screen"))
        self.title.setText(_("Signed out") if self.signed_out else _("Locked"))
        account = self.context.account
        if self.uses_accounts():
            if account is not None and not self.signed_out:
                self.note.setText(_("{name} is signed in. Type the password to continue, or "
                                    "sign in as someone else.").format(name=account.full_name))
            else:
                self.note.setText(_("Sign in with your login and password."))
            self.note.setToolTip("")
        else:
            self.note.setText(_("Locked \u2014 press Enter to continue"))
            self.note.setToolTip(_("This only hides the desk from passers-by. Set up sign-in "
                                   "(Settings \u203a Sign-in and lock) to make it a real lock "
                                   "that needs a password."))
        self.continue_button.setText(_("&Continue"))
        self.continue_button.setToolTip(self.note.toolTip())
        self.quit_button.setText(_("&Quit"))
        self.form.retranslate()

    def uses_accounts(self) -> bool:
        return self.context.account is not None or has_accounts(self.context.db)

    def is_locked(self) -> bool:
        return not self.isHidden()

    def _may_lock_over(self, modal: QWidget) -> bool:
        # Only when the window can be kept: its typed text is never lost to an idle lock.
        return is_record_window(modal) and self.context.drafts_dir is not None

    def _owner(self) -> int | None:
        account = self.context.account
        return account.id if account is not None else None

    # --- locking ---------------------------------------------------------------

    def lock(self, *, signed_out: bool = False) -> None:
        self.signed_out = signed_out or self.signed_out
        if self.is_locked():
            self.retranslate()
            return
        self._focus = QApplication.focusWidget()
        window = self.window_
        # A modal record window cannot be hidden (its caller waits for it to end):
        # it is kept as its advisor's draft, offered back at the unlock.
        lost = keep_as_drafts(self.context, [w for w in open_record_windows() if w.isModal()],
                              self._owner())
        # Disabled, not cleared: the desk form keeps its text. Shortcuts of the
        # window's actions (Ctrl+N, Ctrl+1...) must not act behind the screen.
        toolbars = window.findChildren(QToolBar)
        self._disabled = [w for w in (window.centralWidget(), *toolbars, window.statusBar())
                          if w is not None and w.isEnabled()]
        actions = [*window.actions(), *(a for bar in toolbars for a in bar.actions())]
        self._disabled += [a for a in dict.fromkeys(actions) if a.isEnabled()]
        for item in self._disabled:
            item.setEnabled(False)
        self._hidden_windows = [w for w in QApplication.topLevelWidgets()
                                if w is not window and w.isVisible() and not w.isModal()
                                and w.parent() is window]
        for other in self._hidden_windows:
            other.hide()
        uses_accounts = self.uses_accounts()
        self.form.setVisible(uses_accounts)
        self.continue_button.setVisible(not uses_accounts)
        self.quit_button.setVisible(self.signed_out)
        self.retranslate()
        self.setGeometry(window.rect())
        self.show()
        self.raise_()
        if uses_accounts:
            account = self.context.account
            self.form.start("" if self.signed_out or account is None else account.login)
        else:
            self.continue_button.setFocus(Qt.FocusReason.OtherFocusReason)
        warn_lost(window, lost)

    def unlock(self, account: Account | None) -> None:
        if not self.is_locked():
            return
        handed_over = False
        lost: list[str] = []
        if account is not None and (self.context.account is None
                                    or account.id != self.context.account.id):
            if self.context.account is not None:
                handed_over = True
                self.handing_over.emit(self.context.account)
                # The previous advisor's record windows become their drafts, closed.
                lost = keep_as_drafts(self.context, open_record_windows(self._hidden_windows),
                                      self._owner())
            self.context.sign_in(account)  # someone else's sign-in switches the person on duty
        self.signed_out = False
        self.hide()
        for item in self._disabled:
            item.setEnabled(True)
        self._disabled = []
        for other in self._hidden_windows:
            if not shiboken6.isValid(other) or other.property("handed_over"):
                continue
            if not handed_over:
                other.show()
            elif isinstance(other, QDialog):
                other.done(QDialog.DialogCode.Rejected)  # the previous advisor's window
            else:
                other.close()
        self._hidden_windows = []
        if self._focus is not None:
            self._focus.setFocus(Qt.FocusReason.OtherFocusReason)
        self._focus = None
        self.watcher.set_minutes(lock_minutes(self.context))
        warn_lost(self.window_, lost)
        self.unlocked.emit(account)

    # --- slots -----------------------------------------------------------------

    def _on_form_signed_in(self, account: Account) -> None:
        self.unlock(account)

    def _on_continue_button_clicked(self) -> None:
        if not self.uses_accounts():
            self.unlock(None)

    def _on_watcher_idle(self) -> None:
        self.lock()

    def _on_context_settings_changed(self) -> None:
        if not self.is_locked():
            self.watcher.set_minutes(lock_minutes(self.context))

    def _on_context_database_replaced(self) -> None:
        # A restored database has its own accounts: whoever continues signs in to it.
        if has_accounts(self.context.db):
            self.lock(signed_out=True)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not self.uses_accounts():
            self.unlock(None)
            return
        super().keyPressEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if watched is self.window_ and event.type() == QEvent.Type.Resize and self.is_locked():
            self.setGeometry(self.window_.rect())
        return False
