"""This desk's own preferences file (window state, font size, advisor on duty), apart
from the database: light enough to read before the window's first paint."""

from __future__ import annotations

from PySide6.QtCore import QSettings

SETTINGS_ORG = "Bureau"
SETTINGS_APP = "Bureau desk"
KEY_ADVISOR = "desk/advisor_id"
KEY_FONT_SIZE = "bureau_desk/font_point_size"
KEY_GEOMETRY = "window/geometry"
KEY_STATE = "window/state"
# A copy of the database's backup folder, so that the way out can be offered
# when the database itself is too damaged to be read.
KEY_BACKUP_FOLDER = "backup/folder"


def app_settings() -> QSettings:
    """Window state and per-desk preferences (never the bureau's own data).

    INI format so tests can redirect it with ``QSettings.setPath``.
    """
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                     SETTINGS_ORG, SETTINGS_APP)
