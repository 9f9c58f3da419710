"""A guard against PySide6 6.12.0's reference slips on CPython 3.11.

PySide6 6.12.0 on CPython 3.11 releases references it does not own to shared
singletons: 100 calls of ``QLineEdit.setText`` lower ``sys.getrefcount(None)``
by 100 (PySide6 6.11.3: by 0), and the desk's save-and-clear cycle also
loses references to ``True``. Saving one consultation costs about 490 of
``None``'s; after ~30 saves the count reached zero and the interpreter
aborted ("Fatal Python error: none_dealloc", later "bool_dealloc"): the desk
vanished mid-shift. CPython 3.12 made these objects immortal, so there the
slips are harmless; PySide6-Pdf (printing) exists only for 6.12, so an older
PySide6 is not an option.

Until a fixed PySide6 is required, give the singletons on 3.11 what 3.12
gives them: a reference count no session can exhaust (2**60: at a million
slips a second, 36,000 years). ``ob_refcnt`` is the first field of every
CPython object, at the address ``id()`` returns. tests/ui/test_long_shift.py
saves a whole shift in one desk process.
"""

from __future__ import annotations

import ctypes
import sys

_RESERVE = 1 << 60


def _singletons() -> list[object]:
    # What CPython 3.12 made immortal among the objects a Qt call can hand back.
    return [None, True, False, Ellipsis, NotImplemented, (), "", b"",
            *range(-5, 257)]


def make_singletons_immortal() -> bool:
    """Raise the shared singletons' reference counts out of reach on CPython < 3.12.

    Returns True if it did (CPython 3.11), False where nothing is needed.
    Idempotent: a count already above the reserve is left alone.
    """
    if sys.implementation.name != "cpython" or sys.version_info >= (3, 12):
        return False
    for obj in _singletons():
        count = ctypes.c_ssize_t.from_address(id(obj))
        if count.value < _RESERVE:
            count.value += _RESERVE
    return True
