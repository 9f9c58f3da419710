"""Screenshots of the desk into docs/screenshots/ (PNG, bg and ru, the app's 1280x720).

    python tools/desk_screenshots.py            # offscreen
    xvfb-run -a python tools/desk_screenshots.py --xvfb   # a real X server, files *_xvfb

Builds a demo bureau (seed 1, as of 2026-11-20) and shows the Desk with a
returning citizen picked, so their consents on file show as the one
confirmation (#18 item 9). Look at them after a change to the desk's layout:
layouts are tested, looks are not.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from checkout import alias_desk  # noqa: E402

alias_desk()

from bureau.demo import generate  # noqa: E402
from bureau.opening import init_database  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
TODAY = dt.date(2026, 11, 20)


def main(argv: list[str]) -> int:
    xvfb = "--xvfb" in argv
    if not xvfb:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from bureau_desk.shell.context import DeskContext
    from bureau_desk.shell.language import apply_language
    from bureau_desk.shell.main_window import MainWindow
    from PySide6.QtWidgets import QApplication

    from bureau.citizens.store import get_citizen
    from bureau.privacy.consent import recorded_consents

    app = QApplication.instance() or QApplication([])
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "demo.db"
        db = init_database(path)
        generate(db, consultations=300, seed=1, today=TODAY)
        returning = next(row[0] for row in db.execute(
            "SELECT id FROM citizens WHERE consent_record_at IS NOT NULL "
            "AND consent_share_at IS NULL ORDER BY id"))
        assert recorded_consents(db, returning)
        for lang in ("bg", "ru"):
            apply_language(lang)
            window = MainWindow(DeskContext(db, path))
            window.resize(1280, 720)
            window.show()
            form = window.show_page("desk").form
            form.citizen_box.link(get_citizen(db, returning))
            form.citizen_box.consents_confirmed.setFocus()
            for _ in range(5):
                app.processEvents()
            suffix = "_xvfb" if xvfb else ""
            target = OUT / f"desk_consents_on_file_{lang}{suffix}.png"
            window.grab().save(str(target))
            print(target)
            form.clear()
            window.close()
            window.deleteLater()
            app.processEvents()
        db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
