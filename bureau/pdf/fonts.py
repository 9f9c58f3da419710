"""The bundled DejaVu Sans, registered once per process with reportlab.

reportlab embeds a TrueType font as a subset holding only the glyphs used, so
a document stays small and prints the same everywhere. The 14 standard PDF
fonts have no Cyrillic and are never used: every style, table, chart and
canvas here names ``REGULAR`` or ``BOLD`` explicitly, because reportlab's
default (Helvetica) would otherwise be referenced without being embedded.
"""

from __future__ import annotations

import threading

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from bureau import data

REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
_FILES = {REGULAR: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf"}
# reportlab's font registry is process-wide and documents may be built from
# several worker threads at once (the desk's background tasks).
_LOCK = threading.Lock()


def register_fonts() -> tuple[str, str]:
    """Register the regular and bold faces as one family; returns (regular, bold).

    Safe to call from any thread, any number of times. Raises ``OSError`` when
    the bundled font files are missing (a broken installation).
    """
    with _LOCK:
        if BOLD not in pdfmetrics.getRegisteredFontNames():
            for name, filename in _FILES.items():
                with data.resource("fonts", filename).open("rb") as handle:
                    pdfmetrics.registerFont(TTFont(name, handle))
            # <b> in a Paragraph finds the bold face; there is no italic, so <i>
            # stays upright rather than falling back to an unembedded font.
            pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD, italic=REGULAR,
                                          boldItalic=BOLD)
    return REGULAR, BOLD
