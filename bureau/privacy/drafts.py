"""The desk's unsaved-consultation drafts, as far as personal data rights reach them.

The desk keeps what a volunteer has typed but not yet saved in one JSON file
per database under the user's data folder (``ui/widgets/drafts.py`` writes
them). An erasure must reach those too: a draft may hold the person's name,
phone or e-mail, or be linked to their citizen record.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from platformdirs import user_data_dir

from bureau.files import atomic_output
from bureau.privacy.identifiers import PersonIdentifiers


def default_drafts_dir() -> Path:
    """The folder of the desk's drafts: ``<user data>/bureau/drafts``."""
    return Path(user_data_dir("bureau", appauthor=False)) / "drafts"


def draft_key(db_path: Path) -> str:
    """The part of a draft's file name that names its database."""
    return hashlib.sha256(str(Path(db_path).resolve()).encode("utf-8")).hexdigest()[:20]


def scrub_drafts(drafts_dir: Path | None, db_path: Path | None, ident: PersonIdentifiers,
                 citizen_ids: list[int]) -> int:
    """Remove the person from every draft; returns how many drafts were rewritten.

    Names, phones and e-mails typed into any draft become "[…]"; a draft of
    this database linked to one of ``citizen_ids`` loses the link. The rest of
    the draft (another visitor's consultation being typed) stays. Unreadable
    files are left alone: they are not drafts the desk would offer.
    """
    if drafts_dir is None or not Path(drafts_dir).is_dir():
        return 0
    # This database's drafts: draft-<key>.json, and draft-<key>-<account>.json per advisor.
    own = f"draft-{draft_key(db_path)}" if db_path is not None else None
    changed = 0
    for path in sorted(Path(drafts_dir).glob("draft-*.json")):
        try:
            payload = json.loads(path.read_text(encoding="utf-8"))
            state = payload["state"]
        except (OSError, ValueError, KeyError, TypeError):
            continue
        cleaned = ident.scrub_json(state)
        if (isinstance(cleaned, dict) and own is not None and path.name.startswith(own)
                and cleaned.get("citizen_id") in citizen_ids):
            cleaned["citizen_id"] = None
        if cleaned != state:
            payload["state"] = cleaned
            _replace(path, payload)
            changed += 1
    return changed


def _replace(path: Path, payload: dict) -> None:
    with atomic_output(path) as handle:
        json.dump(payload, handle, ensure_ascii=False)
