"""A whole shift at one desk: many saves in one process, and the desk is still there.

PySide6 6.12.0 on CPython 3.11 lost a reference to None on every Qt call that
returns nothing; the desk aborted ("none_dealloc") after about 30 saves. Run
in a process of its own, since that failure kills the interpreter.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SAVES = 120

SHIFT = """
    import os, sys
    from pathlib import Path
    sys.path.insert(0, {root!r})
    from checkout import alias_desk
    alias_desk()
    from PySide6.QtWidgets import QApplication
    from bureau_desk.shell.context import DeskContext
    from bureau_desk.shell.main_window import MainWindow
    from bureau.domain import IssueEntry, Role
    from bureau.opening import init_database
    from bureau.trust.advisors import add_advisor

    path = Path({db!r})
    db = init_database(path, bureau_name="Бюро", municipality="Кресна", language="bg")
    coordinator = add_advisor(db, "Мария Стоянова", Role.COORDINATOR)
    app = QApplication(["desk"])
    context = DeskContext(db, path)
    context.set_advisor(coordinator)
    window = MainWindow(context)
    window.show()
    form = window.show_page("desk").form
    saved = 0
    for number in range({saves}):
        form.citizen_box.name_edit.setText(f"Иванка Петрова {{number}}")
        form.question_edit.setPlainText(f"Въпрос {{number}}")
        form.issues_box.set_issues([IssueEntry("local_taxes")])
        form.inputs["answer"].restore(f"Отговор {{number}}")
        form.inputs["help_level"].restore("information")
        form.inputs["outcome"].restore("resolved")
        form.citizen_box.consent_record.setChecked(True)
        if form.save_and_new() is not None:
            saved += 1
        app.processEvents()
    print("SAVED", saved, flush=True)
"""


def test_the_desk_survives_a_whole_shift_of_saves(tmp_path):
    code = textwrap.dedent(SHIFT).format(root=str(ROOT), db=str(tmp_path / "shift.db"), saves=SAVES)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path / "config")}
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    assert f"SAVED {SAVES}" in done.stdout


def test_shared_singletons_are_out_of_reach_once_the_desk_is_imported():
    code = textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(ROOT)!r})
        from checkout import alias_desk
        alias_desk()
        import bureau_desk
        print(all(sys.getrefcount(x) > 2**50 for x in (None, True, False, 0, 1)) if sys.version_info < (3, 12) else True)
    """)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "True", done.stderr
