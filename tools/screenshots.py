"""Render the documents the bureau prints into docs/screenshots/ (PNG, 60 dpi, bg and ru).

    python tools/screenshots.py

Builds a demo bureau (seed 1, as of 2026-11-20) with the realistic long bureau
name of #17 and its contacts, then writes each document's pages as
``<document>-<lang>-<page>.png`` with poppler's pdftoppm. Look at them after a
change to the PDF house (``bureau/pdf``): text boxes are tested, looks are not.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bureau.database.settings import set_settings  # noqa: E402
from bureau.demo import generate  # noqa: E402
from bureau.documents import agenda_pdf, decision_letter_pdf, signals_report_pdf  # noqa: E402
from bureau.domain import Role  # noqa: E402
from bureau.i18n import use_locale  # noqa: E402
from bureau.opening import init_database  # noqa: E402
from bureau.privacy.access_pdf import person_pdf  # noqa: E402
from bureau.privacy.rights import person_report  # noqa: E402
from bureau.reports import write_report  # noqa: E402
from bureau.reports.period import Period  # noqa: E402
from bureau.slips import build_slip  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
TODAY = dt.date(2026, 11, 20)
NOW = dt.datetime(2026, 11, 20, 10, 30)
MAX_PAGES = 2
OFFICER = Role.SIGNALS_OFFICER


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        db = init_database(work / "demo.db")
        generate(db, consultations=600, seed=1, today=TODAY)
        set_settings(db, bureau_name="Общинско бюро за информиране, консултиране и съветване "
                     "на гражданите – Кресна", municipality="Община Кресна",
                     email="bisg@kresna.bg")
        consultation = db.execute("SELECT id FROM consultations WHERE citizen_id IS NOT NULL "
                                  "ORDER BY length(answer) + length(question) DESC "
                                  "LIMIT 1").fetchone()[0]
        citizen = db.execute("SELECT citizen_id FROM consultations WHERE citizen_id IS NOT NULL "
                             "ORDER BY id LIMIT 1").fetchone()[0]
        meeting = db.execute("SELECT meeting_id FROM referrals WHERE meeting_id IS NOT NULL "
                             "GROUP BY meeting_id ORDER BY count(*) DESC LIMIT 1").fetchone()[0]
        decided = db.execute("SELECT number FROM referrals WHERE decision != '' "
                             "ORDER BY id LIMIT 1").fetchone()[0]
        for lang in ("bg", "ru"):
            report = work / f"report-{lang}.pdf"
            write_report(db, Period.months(dt.date(2026, 10, 1)), "pdf", report, locale=lang,
                         now=NOW)
            with use_locale(lang):
                access = person_pdf(db, person_report(db, citizen), today=TODAY)
            documents = {
                "report": report.read_bytes(),
                "slip-a5": build_slip(db, consultation, locale=lang, fmt="a5", now=NOW).pdf,
                "slip-a4": build_slip(db, consultation, locale=lang, fmt="a4", now=NOW).pdf,
                "slip-80mm": build_slip(db, consultation, locale=lang, fmt="receipt",
                                        now=NOW).pdf,
                "agenda": agenda_pdf(db, meeting, locale=lang, now=NOW),
                "decision-letter": decision_letter_pdf(db, decided, locale=lang, now=NOW),
                "signals-analysis": signals_report_pdf(db, dt.date(2026, 1, 1),
                                                       dt.date(2026, 10, 31), by=OFFICER,
                                                       locale=lang,
                                                       today=TODAY, now=NOW),
                "access-request": access,
            }
            for name, pdf in documents.items():
                source = work / f"{name}-{lang}.pdf"
                source.write_bytes(pdf)
                subprocess.run(["pdftoppm", "-r", "60", "-png", "-l", str(MAX_PAGES), str(source),
                                str(OUT / f"{name}-{lang}")], check=True)
        db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
