"""Personal data rights on a large database: an erasure request, a retention preview.

On the scratch copy the saves wrote to (the cached database stays as
generated). ``erase_person`` is timed for the citizens with the most visits
(the costliest: most free text to rewrite, most search rows to rebuild), each
including the pass over every record's free text for their phones and
e-mails, the FTS compaction and the WAL checkpoint. The retention preview is
``apply_retention(dry_run=True)`` with a one-year period, as the coordinator's
dialog runs it.
"""

from __future__ import annotations

from benchmarks.stats import summary, timed


def run(db_path: str, erasures: int) -> dict:
    from bureau.i18n import set_locale
    from bureau.opening import open_database
    from bureau.privacy.retention import apply_retention
    from bureau.privacy.rights import erase_person
    from bureau.trust.accounts import MAINTENANCE

    set_locale("bg")
    db = open_database(db_path)
    preview_s, result = timed(lambda: apply_retention(db, by=MAINTENANCE, years=1,
                                                        dry_run=True).answer())
    people = [row[0] for row in db.execute(
        "SELECT citizen_id FROM consultations WHERE citizen_id IS NOT NULL "
        "GROUP BY citizen_id ORDER BY count(*) DESC LIMIT ?", [erasures])]
    erase_s = [timed(lambda c=citizen: erase_person(db, c, by=MAINTENANCE))[0] for citizen in people]
    db.close()
    return {"erasures": len(people), "erase_person": summary(erase_s),
            "retention_preview_ms": round(preview_s * 1000, 1),
            "retention_candidates": len(result.candidates)}
