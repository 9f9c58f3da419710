"""F1: short instructions in plain words, and the keyboard shortcuts."""

from __future__ import annotations

import html

from bureau_desk.shell.navigation import PAGES
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from bureau.i18n import N_, _

STEPS = (
    N_("Check that your name is shown as the advisor on duty at the top."),
    N_("On the Desk, type the person's name. If they came before, they appear in a list: "
       "press the Down arrow, then Enter. Otherwise fill in the new person's details and "
       "tick the consent to record their data. A visitor who gives no name: tick "
       "\u201cAnonymous visitor\u201d."),
    N_("Type a topic or a service and press Enter. Add more if there were several."),
    N_("Write the question and the information or advice you gave, choose the level of help "
       "and the outcome, then save."),
    N_("After saving, the reference number is shown in large letters. Give it to the person: "
       "it finds the record later."),
    N_("Fields with a problem are marked in red with an explanation underneath. Nothing you "
       "typed is lost; correct it and save again."),
    N_("The Register lists every consultation. Type in the search field to find one; press "
       "Enter or double-click to open, change and save it. Earlier versions are kept under "
       "History."),
)

# Module constants, not literals inside the f-string below: the extractor
# does not look inside f-strings, and the headings were left untranslated.
HEADING_STEPS = N_("How to record a consultation")
HEADING_SHORTCUTS = N_("Keyboard shortcuts")

SHORTCUTS = (
    ("Ctrl+N", N_("new consultation (empty form)")),
    ("Ctrl+S", N_("save the consultation")),
    ("Ctrl+Enter", N_("save and start the next one")),
    ("Ctrl+P", N_("print the slip of the consultation just saved")),
    ("Ctrl+Shift+P", N_("preview the slip")),
    ("Ctrl+L", N_("lock the desk")),
    ("Ctrl+F", N_("search the register")),
    ("Ctrl+1 \u2026", None),  # the pages, listed from navigation.PAGES
    ("Tab / Shift+Tab", N_("next / previous field")),
    ("\u2193, Enter", N_("choose from a list of suggestions")),
    ("Escape", N_("close a list of suggestions or a window")),
    ("Alt + " + N_("underlined letter"), N_("go to that field")),
    ("F1", N_("this help")),
)


class HelpDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._build_ui()
        self._connect()
        self.retranslate()
        self.resize(720, 620)

    def _build_ui(self) -> None:
        layout = QVBoxLayout(self)
        self.text = QTextBrowser(self)
        layout.addWidget(self.text)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        layout.addWidget(self.buttons)

    def _connect(self) -> None:
        self.buttons.rejected.connect(self.reject)

    def retranslate(self) -> None:
        self.setWindowTitle(_("Help"))
        steps = "".join(f"<li>{html.escape(_(step))}</li>" for step in STEPS)
        rows = "".join(
            f"<tr><td><b>{html.escape(self._keys(keys))}</b></td>"
            f"<td>{html.escape(_(what) if what else self._pages())}</td></tr>"
            for keys, what in SHORTCUTS)
        self.text.setHtml(
            f"<h2>{html.escape(_(HEADING_STEPS))}</h2><ol>{steps}</ol>"
            f"<h2>{html.escape(_(HEADING_SHORTCUTS))}</h2>"
            f"<table cellpadding='4'>{rows}</table>")
        self.text.setAccessibleName(_("Help"))

    @staticmethod
    def _pages() -> str:
        return ", ".join(_("{page} (Ctrl+{number})").format(page=_(spec.title), number=number)
                         for number, spec in enumerate(PAGES[:9], start=1))

    @staticmethod
    def _keys(keys: str) -> str:
        return keys.replace(N_("underlined letter"), _("underlined letter"))
