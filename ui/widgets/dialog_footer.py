"""The end of a dialog that checks what was typed: an error line, then OK and Cancel."""

from __future__ import annotations

from collections.abc import Callable

from bureau_desk.widgets.forms import ErrorLabel
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout


def add_error_and_buttons(dialog: QDialog, layout: QVBoxLayout,
                          on_ok: Callable[[], None]) -> tuple[ErrorLabel, QDialogButtonBox]:
    """Add to ``layout`` the error line (hidden until ``show_messages``) and OK / Cancel.

    OK calls ``on_ok``, which accepts the dialog or shows why it cannot; Cancel
    rejects it. Returns (error line, button box), kept by the dialog as ``error``
    and ``buttons`` so that tests and retranslate() reach them.
    """
    error = ErrorLabel(dialog)
    layout.addWidget(error)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                               | QDialogButtonBox.StandardButton.Cancel, dialog)
    layout.addWidget(buttons)
    buttons.accepted.connect(on_ok)
    buttons.rejected.connect(dialog.reject)
    return error, buttons
