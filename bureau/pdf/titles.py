"""Big type that fits its column: titles, the bureau's name, the number to quote.

A title is hyphenated like body text (``bureau.pdf.styles.text``), so a long
word breaks at a syllable with a hyphen. A piece that still cannot break and is
wider than the column (a long number, an address, a word without hyphenation
patterns) makes the whole title a little smaller instead of being cut
mid-word without a hyphen or running off the page.
"""

from __future__ import annotations

import re

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph

from bureau.pdf.styles import SOFT_HYPHEN, hyphenate, text

# The smallest a title shrinks to, as a share of its style's size; below it,
# reportlab breaks what is left wherever it must.
MIN_SCALE = 0.6
# Where a line may break: ordinary spaces, and after a soft or hard hyphen.
_BREAKS = re.compile(r"[ \n\t]+|(?<=[-\u00ad])")


def widest_piece(value: str, font: str, size: float) -> float:
    """Points taken by the widest piece of ``value`` that no line break can split
    (after hyphenation), with the hyphen printed where a piece ends at one."""
    widest = 0.0
    for piece in _BREAKS.split(hyphenate(value)):
        shown = piece.replace(SOFT_HYPHEN, "")
        if piece.endswith(SOFT_HYPHEN):
            shown += "-"
        widest = max(widest, stringWidth(shown, font, size))
    return widest


class FittedTitle(Paragraph):
    """A Paragraph of plain ``value`` in ``style`` that shrinks (to ``MIN_SCALE`` at
    most) when its widest unbreakable piece is wider than the width it is given."""

    def __init__(self, value: str | None, style: ParagraphStyle, **parts: object) -> None:
        self._value, self._style = value, style
        if parts:  # a part made by Paragraph.split: already laid out at its size
            self._value = None
            super().__init__(value, style, **parts)
        else:
            super().__init__(text(value or ""), style)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        if self._value is None:
            return super().wrap(availWidth, availHeight)
        base = self._style
        widest = widest_piece(self._value, base.fontName, base.fontSize)
        scale = max(MIN_SCALE, availWidth / widest) if widest > availWidth > 0 else 1.0
        if scale < 1.0 and self.style.fontSize != base.fontSize * scale:
            smaller = ParagraphStyle(f"{base.name}-fitted", base, fontSize=base.fontSize * scale,
                                     leading=base.leading * scale)
            Paragraph.__init__(self, text(self._value), smaller)
        return super().wrap(availWidth, availHeight)
