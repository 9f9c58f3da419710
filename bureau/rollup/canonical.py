"""The canonical form of a statistical package and its SHA-256.

Canonical JSON, as docs/statistical-package.md defines it: keys sorted, no
spaces (``,`` and ``:`` as separators), UTF-8 without escaping non-ASCII
characters, integers only (the format has no floats, so no rounding can make
two writers disagree). The hash covers the whole package except the ``sha256``
member itself; the file on disk may be indented for reading, the hash does not
depend on it.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

HASH_FIELD = "sha256"


def canonical_bytes(content: dict[str, Any]) -> bytes:
    """``content`` as canonical JSON (sorted keys, no spaces, UTF-8)."""
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False).encode("utf-8")


def content_hash(package: dict[str, Any]) -> str:
    """The SHA-256 (64 hex digits) of ``package`` without its ``sha256`` member."""
    content = {key: value for key, value in package.items() if key != HASH_FIELD}
    return hashlib.sha256(canonical_bytes(content)).hexdigest()


def sealed(package: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``package`` with its ``sha256`` member set to its content hash."""
    return {**{k: v for k, v in package.items() if k != HASH_FIELD},
            HASH_FIELD: content_hash(package)}
