"""Big type that fits its column: titles, the bureau's name, the number to quote.

A title breaks between words. Only a word wider than the whole line is
hyphenated (at a syllable, with a hyphen, by the rules of its language, as the
slip's body text), since a display line reads better whole than hyphenated.
A piece that still cannot break and is wider than the line (a long number, a
word without hyphenation patterns) makes the whole title a little smaller
instead of being cut mid-word without a hyphen or running off the page.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph

from bureau.pdf.dates import keep_dates_whole
from bureau.pdf.styles import SOFT_HYPHEN, hyphenate, text

# The smallest a title shrinks to, as a share of its style's size; below it,
# reportlab breaks what is left wherever it must.
MIN_SCALE = 0.6
# What a line cannot break without hyphenation: the run between two spaces (a name
# joined by hyphens, "Константинова-Христодулова", is one such run).
_RUN = re.compile(r"[^ \n\t]+")
# Where a line may break: ordinary spaces, and after a soft or hard hyphen.
_BREAKS = re.compile(r"[ \n\t]+|(?<=[-\u00ad])")


def title_text(value: str, font: str, size: float, width: float) -> str:
    """``value`` with soft hyphens only in the runs between spaces that are wider than
    ``width`` points at ``size`` in ``font``; dates kept whole, as in
    ``bureau.pdf.styles.text``."""
    value = keep_dates_whole(value.replace("\r\n", "\n").replace("\t", " "))
    return _RUN.sub(lambda m: hyphenate(m[0]) if stringWidth(m[0], font, size) > width
                    else m[0], value.replace("\u202f", "\u00a0"))


def widest_piece(value: str, font: str, size: float) -> float:
    """Points taken by the widest piece of ``value`` (already hyphenated, or plain) that
    no line break can split, with the hyphen printed where a piece ends at one."""
    widest = 0.0
    for piece in _BREAKS.split(value):
        shown = piece.replace(SOFT_HYPHEN, "")
        if piece.endswith(SOFT_HYPHEN):
            shown += "-"
        widest = max(widest, stringWidth(shown, font, size))
    return widest


class FittedTitle(Paragraph):
    """A Paragraph of plain ``value`` in ``style``, laid out for the width it is given:
    words that fit are never hyphenated, wider ones are, and what still does not fit
    shrinks the title (to ``MIN_SCALE`` of its size at most)."""

    def __init__(self, value: str | None, style: ParagraphStyle, **parts: object) -> None:
        self._value, self._style, self._width = value, style, -1.0
        if parts:  # a part made by Paragraph.split: already laid out at its size
            self._value = None
            super().__init__(value, style, **parts)
        else:
            super().__init__(text(value or ""), style)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        if self._value is not None and availWidth != self._width:
            self._width = availWidth
            base = self._style
            markup = title_text(self._value, base.fontName, base.fontSize, availWidth)
            widest = widest_piece(markup, base.fontName, base.fontSize)
            style = base
            if widest > availWidth > 0:
                scale = max(MIN_SCALE, availWidth / widest)
                style = ParagraphStyle(f"{base.name}-fitted", base,
                                       fontSize=base.fontSize * scale,
                                       leading=base.leading * scale)
                markup = title_text(self._value, base.fontName, style.fontSize, availWidth)
            Paragraph.__init__(self, escape(markup).replace("\n", "<br/>"), style)
        return super().wrap(availWidth, availHeight)
