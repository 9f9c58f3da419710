"""Issue #12: the fast variant of tools/torture.py (the long one: ``--rounds N``).

A real desk process saves through its form and shows a file dialog on the
database's folder while CLI processes back up, import, export, report, add
accounts, search, check and try to restore; the desk and some CLI processes
are killed with SIGKILL. Every reference the desk acknowledged must be there
afterwards, no number given twice, and ``check`` clean.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))

import torture  # noqa: E402


def test_what_the_desk_acknowledged_survives_kills_and_a_busy_command_line(tmp_path):
    figures = torture.torture(rounds=2, seconds=5, seed=7, folder=tmp_path)
    assert figures["problems"] == []
    assert figures["rounds"] == 2 and figures["kills"] >= 2
    assert figures["acknowledged"] > 0
    assert figures["found"] == figures["acknowledged"]
