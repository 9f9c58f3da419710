"""The bundled DejaVu Sans, registered once with reportlab.

reportlab embeds a TrueType font as a subset holding only the glyphs used,
so a slip stays small and prints the same everywhere. The 14 standard PDF
fonts have no Cyrillic and are never used.
"""

from __future__ import annotations

from functools import cache

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from bureau import data

REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
_FILES = {REGULAR: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf"}


@cache
def register_fonts() -> tuple[str, str]:
    """Register the regular and bold faces; returns their names."""
    for name, filename in _FILES.items():
        with data.resource("fonts", filename).open("rb") as handle:
            pdfmetrics.registerFont(TTFont(name, handle))
    # <b> in a Paragraph finds the bold face; there is no italic, so <i> stays regular.
    addMapping(REGULAR, 0, 0, REGULAR)
    addMapping(REGULAR, 1, 0, BOLD)
    addMapping(REGULAR, 0, 1, REGULAR)
    addMapping(REGULAR, 1, 1, BOLD)
    return REGULAR, BOLD
