"""Print the lowest versions the project declares, pinned: one ``name==version`` a line.

pyproject.toml gives every dependency (and the test extras) as ``name>=X``;
.ci/run installs these pins into a second environment and runs the suite
there too, so a minimum that no longer works fails in CI, not on a desk.
Exits 2 for a requirement without a ``>=`` lower bound.
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOWER_BOUND = re.compile(r"^\s*([A-Za-z0-9._-]+)\s*>=\s*([0-9][A-Za-z0-9.]*)\s*$")


def minimum_pins(pyproject: Path = ROOT / "pyproject.toml") -> list[str]:
    """``["name==version", ...]`` for the runtime dependencies and the test extras."""
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    pins = []
    for requirement in [*project["dependencies"], *project["optional-dependencies"]["test"]]:
        match = LOWER_BOUND.match(requirement)
        if match is None:
            raise ValueError(f"no plain lower bound: {requirement!r}")
        pins.append(f"{match.group(1)}=={match.group(2)}")
    return pins


def main() -> int:
    try:
        print("\n".join(minimum_pins()))
    except ValueError as error:
        print(error, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
