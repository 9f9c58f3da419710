"""The README's command table lists every command of bureau-cli (#17 item 11)."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from bureau.cli import build_parser

README = Path(__file__).resolve().parents[2] / "README.md"


def test_readme_lists_every_command():
    parser = build_parser()
    commands = next(action for action in parser._actions
                    if isinstance(action, argparse._SubParsersAction)).choices
    listed = set(re.findall(r"^\| `([a-z-]+)[ `]", README.read_text(encoding="utf-8"), re.M))
    assert set(commands) <= listed, sorted(set(commands) - listed)
