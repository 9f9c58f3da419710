"""Commands import only what they run: `bureau-cli` loads the module of the command
given, found in ``bureau.cli.COMMANDS``, and parses it exactly as the whole parser does."""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from bureau.catalogue import CatalogueLookup
from bureau.cli import COMMAND_MODULES, COMMANDS, build_parser, command_named
from bureau.consultations.store import save_consultation
from bureau.opening import init_database
from bureau.trust.advisors import add_advisor
from bureau.validation import validate_consultation
from tests.conftest import consultation_raw

ROOT = Path(__file__).resolve().parents[2]


def test_the_table_names_every_command_and_its_module():
    parser = build_parser()
    subparsers = next(action for action in parser._actions  # noqa: SLF001
                      if action.__class__.__name__ == "_SubParsersAction")
    assert set(COMMANDS) == set(subparsers.choices)
    for name, module in COMMANDS.items():
        alone = build_parser(name)
        alone_sub = next(action for action in alone._actions  # noqa: SLF001
                         if action.__class__.__name__ == "_SubParsersAction")
        assert name in alone_sub.choices, f"{name} is not registered by {module}"
    assert set(COMMANDS.values()) == set(COMMAND_MODULES)


@pytest.mark.parametrize(("argv", "command"), [
    (["search", "лазаров"], "search"),
    (["--db", "x.db", "search", "лазаров"], "search"),
    (["--db", "search", "report", "--month", "2026-10"], "report"),  # a file named "search"
    (["--db=search", "slip", "2026-000001"], "slip"),
    (["--lo", "ru", "audit"], "audit"),  # an abbreviated option takes its value too
    (["--locale", "bg", "--user", "anna", "backup", "x"], "backup"),
    (["search", "--db", "x.db", "слово"], "search"),
    (["--help"], None),
    ([], None),
    (["--", "search"], None),
])
def test_the_command_word_is_found_after_the_main_options(argv, command):
    assert command_named(argv) == command


def _parse(parser, argv: list[str]) -> tuple[object, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        try:
            args = vars(parser.parse_args(argv))
        except SystemExit as exit_:
            return f"exit {exit_.code}", out.getvalue()
    # Handlers and operations are the same functions either way; compare by name.
    return {key: getattr(value, "__qualname__", value) for key, value in args.items()}, out.getvalue()


@pytest.mark.parametrize("argv", [
    ["search", "лазаров", "--limit", "5"],
    ["--db", "x.db", "search", "--json", "петров"],
    ["report", "--month", "2026-10", "--format", "csv", "--out", "r.csv"],
    ["slip", "--help"],
    ["search"],  # a missing argument: the same message
    ["account", "--help"],
    ["check", "--db", "x.db"],
])
def test_the_command_alone_parses_as_the_whole_parser_does(argv):
    assert _parse(build_parser(command_named(argv)), argv) == _parse(build_parser(), argv)


def test_search_in_a_fresh_process_loads_only_its_own_command_module(tmp_path):
    path = tmp_path / "bureau.db"
    db = init_database(path, bureau_name="Бюро", municipality="Кресна", language="bg")
    lookup = CatalogueLookup(db)
    raw = consultation_raw(add_advisor(db, "Мария Стоянова"),
                           citizen={"full_name": "Силвия Лазарова"})
    save_consultation(db, validate_consultation(raw, lookup), lookup)
    db.close()
    probe = textwrap.dedent("""
        import json, sys
        from bureau.cli import main
        code = main(["--db", sys.argv[1], "search", "лазаров"])
        print(json.dumps([code, sorted(sys.modules)]))
    """)
    done = subprocess.run([sys.executable, "-c", probe, str(path)], cwd=ROOT,
                          env={**os.environ, "BUREAU_LOCALE": "bg"}, capture_output=True,
                          text=True, timeout=120, check=False)
    code, modules = json.loads(done.stdout.splitlines()[-1])
    assert code == 0, done.stderr
    assert "Силвия Лазарова" in done.stdout
    loaded_commands = {name for name in modules if name in COMMAND_MODULES}
    assert loaded_commands == {"bureau.cli.core_commands"}
    # Signing in as the maintenance user needs no accounts, keys or catalogue;
    # an open of a current database runs no migration and seeds nothing.
    unneeded = ("cryptography", "bureau.trust.accounts", "bureau.trust.keys",
                "bureau.catalogue", "bureau.citizens.store", "bureau.signals")
    assert [name for name in modules if name.startswith(unneeded)] == []
    # The dates of the listing are formatted without Babel (bureau.i18n.SHORT_PATTERNS).
    assert [name for name in modules if name.split(".")[0] == "babel"] == []
