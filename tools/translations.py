"""Extract, update and compile the gettext catalogues in one step.

    python tools/translations.py            # extract + update + compile
    python tools/translations.py --add kk   # start a new language (e.g. Kazakh)

Wraps pybabel (Babel is already a dependency): keywords _, N_, ngettext,
pgettext. The compiled .mo files are committed, so that a plain
``pip install .`` needs no developer tools.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

from babel.messages.frontend import CommandLineInterface

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "translations" / "bureau.pot"
CATALOGUES = ROOT / "translations"


def pybabel(*args: str) -> None:
    CommandLineInterface().run(["pybabel", "--quiet", *args])


def extract() -> None:
    pybabel(
        "extract", "-F", str(ROOT / "babel.cfg"), "-k", "N_", "-k", "ngettext:1,2",
        "-k", "pgettext:1c,2", "--no-location", "--sort-output",
        "--project", "Bureau", "--copyright-holder", "Bureau contributors",
        "-o", str(TEMPLATE), str(ROOT),
    )


def languages() -> list[str]:
    return sorted(p.name for p in CATALOGUES.iterdir() if (p / "LC_MESSAGES").is_dir())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--add", metavar="LANG", help="create a catalogue for a new language")
    args = parser.parse_args()
    extract()
    if args.add:
        pybabel("init", "-D", "bureau", "-i", str(TEMPLATE), "-d", str(CATALOGUES), "-l", args.add)
    for lang in languages():
        pybabel("update", "-D", "bureau", "-i", str(TEMPLATE), "-d", str(CATALOGUES), "-l", lang,
                "--no-fuzzy-matching", "--ignore-obsolete")
    pybabel("compile", "-D", "bureau", "-d", str(CATALOGUES), "--statistics")
    compile_qt()
    return 0


def compile_qt() -> None:
    """translations/qt/*.ts (Qt's own words its catalogues lack) -> .qm, with PySide6's lrelease."""
    lrelease = shutil.which("pyside6-lrelease")
    if lrelease is None:
        print("pyside6-lrelease not found: translations/qt/*.qm left as they are")
        return
    for source in sorted((CATALOGUES / "qt").glob("*.ts")):
        subprocess.run([lrelease, "-silent", str(source), "-qm", str(source.with_suffix(".qm"))],
                       check=True)


if __name__ == "__main__":
    sys.exit(main())
