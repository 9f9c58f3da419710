"""Which of the database's POSIX locks this process holds (Linux ``/proc/locks``).

SQLite's locks are POSIX advisory locks, which the kernel drops as soon as any
descriptor of the file is closed in the process, whoever opened it. A desk
that lost them would go on writing into a WAL that other processes believe
abandoned; the desk checks after each file dialog and reconnects if so.
"""

from __future__ import annotations

import os
from pathlib import Path

PROC_LOCKS = Path("/proc/locks")


def _file_key(path: Path) -> str | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    # /proc/locks names a file as "major:minor:inode", the device numbers in hex.
    return f"{os.major(info.st_dev):02x}:{os.minor(info.st_dev):02x}:{info.st_ino}"


def locks_held(path: str | Path, pid: int | None = None) -> int | None:
    """How many locks process ``pid`` (default: this one) holds on ``path`` and its ``-shm``.

    None where the kernel does not tell (no ``/proc/locks``: not Linux).
    A WAL connection that has read once holds at least 2: a shared lock on
    the database file and one on the ``-shm`` file.
    """
    try:
        lines = PROC_LOCKS.read_text().splitlines()
    except OSError:
        return None
    path = Path(path)
    keys = {key for key in (_file_key(path), _file_key(Path(f"{path}-shm"))) if key}
    if not keys:
        return None
    owner = str(os.getpid() if pid is None else pid)
    count = 0
    for line in lines:
        fields = line.split()
        if "->" in fields:  # a waiter, not a holder
            continue
        if len(fields) >= 6 and fields[4] == owner and fields[5] in keys:
            count += 1
    return count


def lost_locks(path: str | Path) -> bool:
    """True when this process has an SQLite connection that should hold locks but holds none.

    Call only while a connection that has read the database is open.
    """
    held = locks_held(path)
    return held is not None and held == 0


def desk_lock_path(db_path: str | Path) -> Path:
    """The one-desk lock file, keyed to the database's real path.

    ``link.db -> gui.db`` and ``./gui.db`` name one database: one lock
    (``gui.db.lock`` beside the real file), so a symlink cannot open a second desk.
    """
    return Path(os.path.realpath(Path(db_path).expanduser()) + ".lock")


def desk_holding(db_path: str | Path) -> int | None:
    """The process id of another living desk on this database, or None.

    Reads the desk's lock file (Qt's ``QLockFile``: the holder's pid on the
    first line); a lock left by a desk that is gone does not count.
    """
    try:
        first = desk_lock_path(db_path).read_text(encoding="utf-8", errors="replace").split("\n", 1)[0]
        pid = int(first.strip())
    except (OSError, ValueError):
        return None
    if pid == os.getpid() or pid <= 0:
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    except PermissionError:
        return pid
    return pid
