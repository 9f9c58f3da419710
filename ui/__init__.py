"""The Qt desk (installed as ``bureau_desk``): shell, pages, dialogs, settings, models, widgets."""

from bureau_desk.shell.immortal_singletons import make_singletons_immortal

# Before any Qt call: see immortal_singletons.py (PySide6 6.12.0 on CPython 3.11).
make_singletons_immortal()
