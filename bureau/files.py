"""Writing output files safely: whole or not at all, and spreadsheet-safe cells."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from bureau.domain import BureauError
from bureau.i18n import N_

MSG_CANNOT_WRITE = N_("Cannot write {path}: {reason}")
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value: object) -> object:
    """Stop a spreadsheet from running a cell as a formula (CSV/XLSX injection).

    Text starting with = + - @ gets a leading apostrophe, which Excel and
    LibreOffice show as plain text; so does such text behind apostrophes, as
    the import takes one leading apostrophe off again
    (``bureau.consultations.filereader``). Numbers are left alone.
    """
    # Apostrophes already in front ("'=") are the person's own text: one more
    # is added, and the import takes exactly one off, so they survive.
    if isinstance(value, str) and value.lstrip("'").startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


@contextlib.contextmanager
def atomic_output(path: str | Path, *, mode: str = "w", encoding: str | None = "utf-8",
                  newline: str | None = None) -> Iterator[IO]:
    """Write to a temporary file beside ``path`` and move it into place at the end.

    A full disk or a crash leaves the previous file (or none), never half a file.

    Raises ``BureauError`` (in the user's language) when the folder cannot be written or
    the disk fills; the target is then untouched.
    """
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    except OSError as error:
        raise BureauError(MSG_CANNOT_WRITE, path=str(target),
                          reason=error.strerror or str(error)) from error
    try:
        binary = "b" in mode
        with os.fdopen(fd, mode, encoding=None if binary else encoding,
                       newline=None if binary else newline) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp_name, target)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise BureauError(MSG_CANNOT_WRITE, path=str(target),
                          reason=error.strerror or str(error)) from error
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
