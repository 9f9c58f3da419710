"""Torture test of "saved means kept" (issue #12): a real desk saving while the CLI works and kills come.

    python tools/torture.py --rounds 20            # the long variant
    python tools/torture.py --rounds 2 --seconds 4 # what tests/test_torture.py runs

Each round starts a real desk process (offscreen Qt, the desk's MainWindow,
its intake form's own save, a file dialog shown on the database's folder
every few saves), which prints each reference the form acknowledged. Other
processes meanwhile run CLI commands (backup, import, export, report,
account, search, check, and restore attempts, which must be refused while the
desk is open). At a random moment the desk, and sometimes a CLI process, is
killed with SIGKILL. Afterwards every acknowledged reference must be in the
database, no number given twice, and ``check`` clean.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DESK = r"""
import os, sys
from pathlib import Path
sys.path.insert(0, sys.argv[2])
from checkout import alias_desk
alias_desk()
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from bureau_desk.shell.context import DeskContext
from bureau_desk.shell.instance import lock_database
from bureau_desk.shell.main_window import MainWindow
from bureau_desk.widgets import file_dialogs
from bureau.domain import IssueEntry
from bureau.opening import open_database
from bureau.trust.advisors import list_advisors

path = Path(sys.argv[1])
app = QApplication(["desk"])
file_dialogs.guard_application(app)
lock = lock_database(path)
context = DeskContext(open_database(path), path)
context.set_advisor(list_advisors(context.db, active_only=True)[0].id)
window = MainWindow(context)
window.show()
app.processEvents()
print("READY", flush=True)

def locks_check():
    if context.locks_lost():
        print("LOCKS-LOST", flush=True)
        os._exit(3)
file_dialogs.add_after_dialog_hook(locks_check)
form = window.show_page("desk").form

def close_dialog():
    shown = QApplication.activeModalWidget()
    if shown is not None:
        shown.reject()
closer = QTimer()  # one timer, connected once (many singleShot lambdas upset PySide)
closer.setSingleShot(True)
closer.setInterval(400)
closer.timeout.connect(close_dialog)
number = 0
limit = int(sys.argv[3])
while True:
    if limit and number >= limit:  # then only alive, holding its locks, until killed
        app.processEvents()
        import time; time.sleep(0.05)
        continue
    number += 1
    form.citizen_box.name_edit.setText(f"Иванка Петрова {number}")
    form.question_edit.setPlainText(f"Въпрос {number}")
    form.issues_box.set_issues([IssueEntry("local_taxes")])
    form.inputs["answer"].restore(f"Отговор {number}")
    form.inputs["help_level"].restore("information")
    form.inputs["outcome"].restore("resolved")
    form.citizen_box.consent_record.setChecked(True)
    result = form.save_and_new()
    if result is None:
        from bureau.validation import validate_consultation
        try:
            validate_consultation(form.raw(), context.lookup)
            print("REFUSED storage", flush=True)
        except Exception as error:
            print("REFUSED", [e.render() for e in getattr(error, "errors", [])] or error, flush=True)
    else:
        print("ACK", result[1], flush=True)
    app.processEvents()
    if number % 5 == 0:  # a chooser on the database's folder, closed by itself
        closer.start()
        file_dialogs.save_file(window, "torture", path.parent / "report.pdf")
"""


def _env() -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BUREAU_", "LC_", "LANG"))}
    env.update(PYTHONPATH=str(ROOT), BUREAU_LOCALE="en", QT_QPA_PLATFORM="offscreen",
               BUREAU_NEW_PASSWORD="torture-password-1")
    return env


def cli(db: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bureau", "--db", str(db), *args], env=_env(),
                          capture_output=True, text=True, timeout=timeout, cwd=db.parent)


class Round:
    """One desk, CLI workers, a kill; what was acknowledged and what the CLI said."""

    def __init__(self, db: Path, journal: Path, rng: random.Random, seconds: float,
                 max_saves: int = 0) -> None:
        self.db, self.journal, self.rng, self.seconds = db, journal, rng, seconds
        self.max_saves = max_saves
        self.acknowledged: list[str] = []
        self.imported = 0
        self.problems: list[str] = []
        self.kills = 0
        self.cli_runs = 0
        self._stop = threading.Event()
        self.ready = threading.Event()
        self.desk_alive = False
        self.restoring = threading.Lock()  # held while a restore attempt runs

    def _commands(self) -> list[tuple[str, ...]]:
        folder = self.db.parent
        n = self.rng.randint(0, 10_000)
        return [("backup", "--out", str(folder / f"b{n}.db")), ("import", str(self.journal)),
                ("export", "--format", "json", "--out", str(folder / f"e{n}.json")),
                ("report", "--month", time.strftime("%Y-%m"), "--out", str(folder / f"r{n}.csv")),
                ("account", "--name", f"Съветник {n}", "--login", f"user{n}"),
                ("search", "Петрова"), ("check",), ("restore", str(folder / "seed-backup.db"))]

    def _worker(self) -> None:
        while not self._stop.is_set():
            args = self.rng.choice(self._commands())
            if args[0] == "restore":
                with self.restoring:
                    if self.desk_alive:
                        self._restore_attempt(args)
                continue
            proc = subprocess.Popen([sys.executable, "-m", "bureau", "--db", str(self.db), *args],
                                    env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                    text=True, cwd=self.db.parent)
            if self.rng.random() < 0.1:  # a CLI process killed in the middle of its work
                time.sleep(self.rng.uniform(0.1, 0.6))
                proc.send_signal(signal.SIGKILL)
                proc.communicate()
                self.kills += 1
                continue
            out, err = proc.communicate(timeout=120)
            self.cli_runs += 1
            name, code = args[0], proc.returncode
            if code == 4 and "busy" in err:
                continue  # waited 5 s for a writer: refused cleanly, nothing half done
            elif code != 0:
                self.problems.append(f"{name} exited {code}: {err.strip()[:300]}")
            elif name == "import":
                self.imported += int("".join(ch for ch in out if ch.isdigit()) or 0)

    def _restore_attempt(self, args: tuple[str, ...]) -> None:
        """While the desk is open (it is not killed meanwhile), restore must be refused."""
        done = cli(self.db, *args)
        self.cli_runs += 1
        if done.returncode != 4:
            self.problems.append(f"restore while the desk is open exited {done.returncode}: "
                                 f"{done.stderr.strip()[:300]}")

    def run(self) -> None:
        desk = subprocess.Popen([sys.executable, "-c", DESK, str(self.db), str(ROOT),
                                 str(self.max_saves)], env=_env(),
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        reader = threading.Thread(target=self._read_desk, args=(desk,), daemon=True)
        reader.start()
        if not self.ready.wait(timeout=120):
            self.problems.append("the desk did not start")
        self.desk_alive = True
        workers = [threading.Thread(target=self._worker, daemon=True) for _ in range(2)]
        for worker in workers:
            worker.start()
        time.sleep(self.rng.uniform(self.seconds * 0.5, self.seconds))
        with self.restoring:  # a restore attempt in flight ends first: then it was refused
            self.desk_alive = False
            desk.send_signal(signal.SIGKILL)  # the power cut, as the desk meets it
        self.kills += 1
        desk.wait()
        reader.join(timeout=10)
        self._stop.set()
        for worker in workers:
            worker.join(timeout=130)
        if desk.returncode not in (-signal.SIGKILL,):
            self.problems.append(f"the desk ended by itself ({desk.returncode}): "
                                 f"{desk.stderr.read()[-4000:]}")

    def _read_desk(self, desk: subprocess.Popen) -> None:
        for line in desk.stdout:
            if not line.endswith("\n"):
                # The desk's last words, cut off by the SIGKILL: an acknowledgement
                # nobody read whole ("ACK" without its number) proves nothing either way.
                break
            if line.startswith("READY"):
                self.ready.set()
            elif line.startswith("ACK "):
                self.acknowledged.append(line.split()[1])
            elif line.strip():
                self.problems.append("desk: " + line.strip())


def verify(db: Path, acknowledged: list[str]) -> list[str]:
    """Every acknowledged reference present once, numbers never reused, check clean."""
    problems = []
    with sqlite3.connect(db) as conn:
        found = {row[0]: row[1] for row in conn.execute(
            "SELECT reference, count(*) FROM consultations GROUP BY reference")}
    conn.close()
    missing = [ref for ref in acknowledged if ref not in found]
    if missing:
        problems.append(f"{len(missing)} acknowledged references missing, e.g. {missing[:3]}")
    if len(set(acknowledged)) != len(acknowledged):
        problems.append("a reference number was acknowledged twice")
    if any(count > 1 for count in found.values()):
        problems.append("a reference number is held by two consultations")
    checked = cli(db, "check")
    if checked.returncode != 0:
        problems.append("check: " + checked.stdout[-500:] + checked.stderr[-300:])
    return problems


def torture(rounds: int, seconds: float, seed: int, folder: Path, max_saves: int = 0) -> dict:
    """Run ``rounds`` rounds in ``folder``; returns the figures (and the problems found).

    ``max_saves`` (0: none) caps one desk's saves, to keep a desk alive and
    idle after a burst. (Without ui/shell/immortal_singletons.py, PySide6
    6.12.0 on CPython 3.11 aborted a desk after ~30 saves.)
    """
    rng = random.Random(seed)
    db = folder / "bureau.db"
    made = cli(db, "demo", "--consultations", "30")
    assert made.returncode == 0, made.stderr
    assert cli(db, "backup", "--out", str(folder / "seed-backup.db")).returncode == 0
    journal = folder / "journal.json"
    assert cli(db, "export", "--format", "json", "--out", str(journal), "--from",
               "2000-01-01", "--to", "2000-01-02").returncode == 0
    rows = json.loads(journal.read_text("utf-8"))
    if not rows:  # a journal of two consultations taken from the demo's own
        full = folder / "all.json"
        assert cli(db, "export", "--format", "json", "--out", str(full)).returncode == 0
        rows = json.loads(full.read_text("utf-8"))[:2]
        for row in rows:
            row.pop("reference", None)
        journal.write_text(json.dumps(rows, ensure_ascii=False), "utf-8")
    figures = {"rounds": 0, "kills": 0, "acknowledged": 0, "found": 0, "cli_runs": 0,
               "imported": 0, "problems": []}
    acknowledged: list[str] = []
    for number in range(rounds):
        one = Round(db, journal, rng, seconds, max_saves)
        one.run()
        acknowledged += one.acknowledged
        problems = one.problems + verify(db, acknowledged)
        figures["problems"] += [f"round {number + 1}: {p}" for p in problems]
        figures["rounds"] += 1
        figures["kills"] += one.kills
        figures["cli_runs"] += one.cli_runs
        figures["imported"] += one.imported
    with sqlite3.connect(db) as conn:
        present = {row[0] for row in conn.execute("SELECT reference FROM consultations")}
    conn.close()
    figures["acknowledged"] = len(acknowledged)
    figures["found"] = sum(1 for ref in acknowledged if ref in present)
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=8.0, help="longest life of one desk")
    parser.add_argument("--seed", type=int, default=12)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bureau-torture-") as folder:
        figures = torture(args.rounds, args.seconds, args.seed, Path(folder))
    print(json.dumps(figures, ensure_ascii=False, indent=2))
    return 1 if figures["problems"] else 0


if __name__ == "__main__":
    sys.exit(main())
