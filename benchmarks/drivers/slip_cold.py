"""A slip from a fresh process: interpreter, imports (reportlab), database, PDF."""

import json
import sys
import time
from pathlib import Path

began = time.time()
sys.path.insert(0, str(Path(__file__).resolve().parent.parent.parent))

from bureau.opening import open_database  # noqa: E402
from bureau.slips import build_slip  # noqa: E402

db = open_database(sys.argv[1])
opened = time.time()
slip = build_slip(db, sys.argv[2], locale="bg")
print(json.dumps({"done_at": time.time(), "began_at": began, "build_s": time.time() - opened,
                  "bytes": len(slip.pdf)}), flush=True)
