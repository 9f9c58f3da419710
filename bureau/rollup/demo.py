"""A demo oblast: several bureaus' statistical packages, for trying the roll-up.

Each bureau is a demo database (``bureau.demo.generate``) of its own size,
made in memory and thrown away: only its package is written. One bureau works
in Russian, one renamed a topic (same stable code: the roll-up still adds it
up), and one changed a topic's code (the roll-up lists it under "codes not in
this catalogue"). One bureau sends its package after the deadline, and the
list of expected bureaus names one more that sends nothing. The same seed and
month give the same files.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from dataclasses import dataclass
from pathlib import Path

from bureau.catalogue.edit import rename_entry
from bureau.database.connection import write_transaction
from bureau.database.settings import set_settings
from bureau.demo import generate
from bureau.domain import Account, Role
from bureau.files import atomic_output
from bureau.opening import init_database
from bureau.reports.period import Period, month_start
from bureau.rollup.combine import default_deadline
from bureau.rollup.package import BUREAU_ID_SETTING, build_package, default_name, package_text
from bureau.trust.accounts import MAINTENANCE

# (municipality, bureau's name, language, consultations a month at full size)
BUREAUS = (
    ("Община Благоевград", "Бюро за информиране и съветване на гражданите", "bg", 420),
    ("Община Кресна", "Бюро за информиране и съветване на гражданите", "bg", 160),
    ("Община Банско", "Бюро информирования и консультирования граждан", "ru", 110),
    ("Община Симитли", "Бюро за информиране и съветване на гражданите", "bg", 70),
    ("Община Разлог", "Бюро за информиране и съветване на гражданите", "bg", 30),
    ("Община Петрич", "Бюро за информиране и съветване на гражданите", "bg", 240),
    ("Община Сандански", "Бюро за информиране и съветване на гражданите", "bg", 200),
    ("Община Гоце Делчев", "Бюро за информиране и съветване на гражданите", "bg", 90),
)
NEVER_SENDS = ("Община Белица", "Бюро за информиране и съветване на гражданите")
RENAMED_CODE = ("utilities_roads", "roads_streets")  # a code this bureau changed
EXPECTED_FILE = "expected-bureaus.txt"
MAX_BUREAUS = len(BUREAUS)


@dataclass
class DemoPackage:
    path: Path
    municipality: str
    contacts: int
    late: bool


def acting_officer(db) -> Account:  # noqa: ANN001
    """The demo bureau's signals officer as the acting account."""
    row = db.execute("SELECT id, full_name, login FROM advisors WHERE role = ? ORDER BY id",
                     [Role.SIGNALS_OFFICER.value]).fetchone()
    return Account(row[0], row[1], row[2] or "", Role.SIGNALS_OFFICER, False)


def _bureau_id(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def make_oblast(out: str | Path, *, bureaus: int = 5, seed: int = 1,
                month: dt.date | None = None, today: dt.date | None = None) -> list[DemoPackage]:
    """Write ``bureaus`` (1 to ``MAX_BUREAUS``) packages of ``month`` (default: the month
    before ``today``) and the list of expected bureaus into the folder ``out``.

    Raises ``ValueError`` for a number of bureaus outside 1..MAX_BUREAUS (the CLI's
    argument type keeps to it), ``OSError`` when the folder cannot be written.
    """
    if not 1 <= bureaus <= MAX_BUREAUS:
        raise ValueError(bureaus)
    today = today or dt.date.today()
    first = month or month_start(today, -1)
    period = Period.months(first)
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    made, expected = [], []
    for index, (municipality, name, language, size) in enumerate(BUREAUS[:bureaus]):
        ident = _bureau_id(rng)
        expected.append(f"{ident} {municipality}")
        db = init_database(memory=True, bureau_name=name, municipality=municipality,
                           language=language)
        try:
            set_settings(db, **{BUREAU_ID_SETTING: ident})
            # Two months of records: the month reported on and the one before it.
            end = min(today, month_start(first, 1) - dt.timedelta(days=1))
            with write_transaction(db):
                generate(db, consultations=max(10, int(size * (0.8 + 0.4 * rng.random())) * 2),
                         seed=seed * 100 + index, months=2, today=end)
            if index == 1:  # same code, the bureau's own name: the roll-up adds it up
                rename_entry(db, "categories", "other", by=MAINTENANCE,
                             name_bg="Други въпроси на гражданите")
            if index == 2:  # another code for the same topic: reported, not dropped
                db.execute("UPDATE categories SET code = ? WHERE code = ?",
                           [RENAMED_CODE[1], RENAMED_CODE[0]])
                db.conn.commit()
            late = index == bureaus - 1 and bureaus > 1
            due = default_deadline(period)
            day = due + dt.timedelta(days=4) if late else due - dt.timedelta(days=7 - index)
            moment = dt.datetime.combine(day, dt.time(9 + index, 15 * (index % 4)),
                                         tzinfo=dt.timezone(dt.timedelta(hours=2)))
            # The largest bureau's package is made by its signals officer: signals by unit
            # and area exact; the others' by the maintenance user: small ones pooled.
            maker = acting_officer(db) if index == 0 else MAINTENANCE
            package = build_package(db, period, by=maker, now=moment)
        finally:
            db.close()
        path = folder / default_name(municipality, period)
        with atomic_output(path) as handle:
            handle.write(package_text(package))
        made.append(DemoPackage(path, municipality, package["figures"]["contacts"], late))
    expected.append(f"{_bureau_id(rng)} {NEVER_SENDS[0]}")
    with atomic_output(folder / EXPECTED_FILE) as handle:
        handle.write("# The bureaus expected to send their statistical package: id, then "
                     "name\n" + "\n".join(expected) + "\n")
    return made
