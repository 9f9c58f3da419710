"""Recording, editing and removing consultations as core operations.

The desk and the command line call these, never the store functions below
them: each takes the acting account ``by``, asks the role table
(``RECORD_CONSULTATIONS``) before anything is read or written, and returns
``Changes``. The store function (``bureau.consultations.store``) already runs
in one transaction and writes the audit entry, naming ``by``; the check adds
no statement to the save, so the save path stays as fast as before.
A citizen is created or their consents dated by the consultation that names
them: there is no separate write of a citizen at the desk.
"""

from __future__ import annotations

from pathlib import Path

import sqlite_utils

from bureau.catalogue import CatalogueLookup
from bureau.consultations.filereader import read_rows
from bureau.consultations.importer import import_consultations
from bureau.consultations.search_index import MSG_NO_CONSULTATION
from bureau.consultations.store import delete_consultation, save_consultation, update_consultation
from bureau.database.connection import write_transaction
from bureau.domain import Account, ConsultationInput, NotFound, ValidationError
from bureau.trust import audit
from bureau.trust.access import Operation, require
from bureau.trust.changes import Changes, core_operation


def _touches_citizen(data: ConsultationInput) -> bool:
    return data.citizen_id is not None or data.new_citizen is not None


def record_consultation(db: sqlite_utils.Database, data: ConsultationInput, *, by: Account,
                        lookup: CatalogueLookup | None = None) -> Changes[tuple[int, str]]:
    """Store a validated consultation; ``value`` is (id, reference number).

    Raises ``PermissionDenied`` (nothing written) unless ``by`` may
    ``RECORD_CONSULTATIONS``; ``sqlite3.Error`` from the store (rolled back).
    """
    require(by, Operation.RECORD_CONSULTATIONS)
    saved = save_consultation(db, data, lookup, actor_id=by.id)
    return Changes(consultations=True, citizens=_touches_citizen(data), value=saved)


def edit_consultation(db: sqlite_utils.Database, consultation_id: int, data: ConsultationInput,
                      *, by: Account, lookup: CatalogueLookup | None = None) -> Changes[None]:
    """Replace a consultation's fields, keeping the previous version in its history
    (``changed_by``: ``by``). Raises ``PermissionDenied``, ``NotFound`` for an unknown
    or deleted consultation (nothing written).
    """
    require(by, Operation.RECORD_CONSULTATIONS)
    update_consultation(db, consultation_id, data, changed_by=by.id, lookup=lookup)
    return Changes(consultations=True, citizens=_touches_citizen(data))


def remove_consultation(db: sqlite_utils.Database, consultation_id: int, *,
                        by: Account) -> Changes[None]:
    """Soft deletion (the number stays taken, the record leaves the register and search).

    Raises ``PermissionDenied``, ``NotFound`` for an unknown or already deleted one.
    """
    require(by, Operation.RECORD_CONSULTATIONS)
    if db.execute("SELECT 1 FROM consultations WHERE id = ? AND deleted_at IS NULL",
                  [consultation_id]).fetchone() is None:
        raise NotFound(MSG_NO_CONSULTATION, reference=consultation_id)
    delete_consultation(db, consultation_id, actor_id=by.id)
    return Changes(consultations=True, count=1)


def import_journal(db: sqlite_utils.Database, path: str | Path, *, by: Account) -> Changes[int]:
    """Import a journal (.csv, .xlsx, .json; see ``import_consultations``) as ``by``
    (``IMPORT_CONSULTATIONS``); ``count`` and ``value``: consultations imported.

    The rows and the audit entry (who, the file's name, rows imported) are one
    transaction. A file with bad rows imports nothing; its refusal is audited
    too (rows refused), then ``ValidationError`` is raised. Raises
    ``PermissionDenied`` before the file is read, ``ValidationError``,
    ``OSError`` for an unreadable file.
    """
    require(by, Operation.IMPORT_CONSULTATIONS)
    name = Path(path).name
    try:
        rows = read_rows(path)
        with core_operation(db, by, Operation.IMPORT_CONSULTATIONS):
            count = import_consultations(db, rows)
            audit.record(db, audit.Action.IMPORT, "consultations", None, actor_id=by.id,
                         detail=audit.import_detail(name, count, 0))
    except ValidationError as error:
        refused = len({item.row for item in error.errors if item.row is not None})
        with write_transaction(db):
            audit.record(db, audit.Action.IMPORT_REFUSED, "consultations", None,
                         actor_id=by.id, detail=audit.import_detail(name, 0, refused))
        raise
    return Changes(consultations=True, citizens=True, count=count, value=count)
