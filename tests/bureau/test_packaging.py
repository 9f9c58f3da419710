"""What a wheel installs: only the project's own names, with its data inside."""

from __future__ import annotations

import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_package_folder_is_listed_in_pyproject():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]
    listed = set(config["packages"])
    folders = {"bureau": "bureau", "ui": "bureau_desk"}
    found = set()
    for folder, name in folders.items():
        for init in (ROOT / folder).rglob("__init__.py"):
            relative = init.parent.relative_to(ROOT / folder)
            found.add(".".join([name, *relative.parts]))
    assert found - listed == set(), "add these to [tool.setuptools] packages"


def test_the_wheel_installs_only_bureau_and_bureau_desk(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps",
                    "-q", "-w", str(tmp_path), str(ROOT)], check=True, capture_output=True)
    wheel = next(tmp_path.glob("bureau-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    top = {name.split("/")[0] for name in names if not name.split("/")[0].endswith(".dist-info")}
    assert top == {"bureau", "bureau_desk"}
    assert "bureau/resources/fonts/DejaVuSans.ttf" in names
    assert "bureau/translations/bg/LC_MESSAGES/bureau.mo" in names
    assert "bureau/translations/ru/LC_MESSAGES/bureau.mo" in names
    assert "bureau_desk/shell/app.py" in names
    assert "bureau/resources/seed/categories.csv" in names
    assert "bureau/resources/schema/bureau-stats-1.schema.json" in names
