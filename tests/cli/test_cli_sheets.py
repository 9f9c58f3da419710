"""Spreadsheets, names and phone numbers through the command line (#16), real subprocesses."""

from __future__ import annotations

import json

import pytest
from test_cli_core import run


@pytest.fixture
def desk(tmp_path):
    db = str(tmp_path / "desk.db")
    assert run("--db", db, "init", cwd=tmp_path).returncode == 0
    return db


def test_search_with_an_underscore_is_a_search_not_a_full_disk(desk, tmp_path):
    result = run("--db", desk, "search", "a_b c", "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []
    assert "full" not in result.stderr
