"""Where Bureau's own data lives: the bundled fonts, seed catalogues, demo data
and the compiled translations.

In the repository they are the top-level folders ``resources/`` and
``translations/`` (the design card's rooms); an installed wheel carries them
inside the package as ``bureau/resources`` and ``bureau/translations``
(``package-dir`` in pyproject.toml), so no generic top-level name is ever
installed into site-packages.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def _root(name: str) -> Path:
    installed = _PACKAGE / name
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / name  # a checkout: the folder beside bureau/


def resource(*parts: str) -> Path:
    """A bundled file or folder, e.g. ``resource("fonts", "DejaVuSans.ttf")``."""
    return _root("resources").joinpath(*parts)


def translations(*parts: str) -> Path:
    """The catalogues' folder, or a path inside it: ``translations("bg", "LC_MESSAGES")``."""
    return _root("translations").joinpath(*parts)
