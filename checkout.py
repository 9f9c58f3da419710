"""Running Bureau from a checkout: the folder ui/ is the package ``bureau_desk``.

An installed wheel has ``bureau_desk`` in site-packages (pyproject's
package-dir maps ui/ to it). A checkout has only the folder, so ``main.py``
and the tests alias it before anything imports the desk. Not installed.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent


def alias_desk() -> None:
    """Import ``ROOT/ui`` as ``bureau_desk`` (idempotent)."""
    module = sys.modules.get("bureau_desk")
    if module is not None and Path(module.__file__).resolve().parent == ROOT / "ui":
        return
    spec = importlib.util.spec_from_file_location(
        "bureau_desk", ROOT / "ui" / "__init__.py", submodule_search_locations=[str(ROOT / "ui")])
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bureau_desk"] = module
    spec.loader.exec_module(module)
