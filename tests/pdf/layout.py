"""Reading a PDF's layout back with poppler's ``pdftotext -bbox``: word boxes per page.

The test that no text overlaps other text and none leaves the page works on
these boxes, as a reader (or a print shop) sees the document.
"""

from __future__ import annotations

import html
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

MM = 72 / 25.4
# Boxes that share less than this (points) in both directions only touch:
# pdftotext's boxes take the font's full ascent and descent.
TOUCH = 0.6

_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
                   r'(.*?)</word>', re.S)


@dataclass(frozen=True)
class Word:
    x0: float
    y0: float
    x1: float
    y1: float
    text: str


@dataclass
class Page:
    number: int
    width: float
    height: float
    words: list[Word] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(word.text for word in self.words)


def pages(pdf: bytes, tmp_path: Path, name: str = "layout.pdf") -> list[Page]:
    """Every page of ``pdf`` with its words' boxes (points, origin at the top left)."""
    path = tmp_path / name
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-bbox", "-enc", "UTF-8", str(path), "-"],
                         capture_output=True, text=True, check=True).stdout
    result = []
    for number, (width, height, body) in enumerate(_PAGE.findall(out), start=1):
        words = [Word(float(a), float(b), float(c), float(d), html.unescape(t))
                 for a, b, c, d, t in _WORD.findall(body)]
        result.append(Page(number, float(width), float(height), words))
    return result


def overlaps(page: Page) -> list[tuple[Word, Word]]:
    """Pairs of words whose boxes overlap by more than a touch."""
    words = sorted(page.words, key=lambda w: w.y0)
    found = []
    for index, word in enumerate(words):
        for other in words[index + 1:]:
            if other.y0 >= word.y1 - TOUCH:
                break
            if (min(word.x1, other.x1) - max(word.x0, other.x0) > TOUCH
                    and min(word.y1, other.y1) - max(word.y0, other.y0) > TOUCH):
                found.append((word, other))
    return found


def outside(page: Page, side_mm: float, edge_mm: float) -> list[Word]:
    """Words beyond the left/right margins (``side_mm``) or within ``edge_mm`` of the
    top or bottom edge (a printer's unprintable border)."""
    left, right = side_mm * MM - TOUCH, page.width - side_mm * MM + TOUCH
    top, bottom = edge_mm * MM, page.height - edge_mm * MM
    return [w for w in page.words
            if w.x0 < left or w.x1 > right or w.y0 < top or w.y1 > bottom]


def layout_faults(pdf: bytes, tmp_path: Path, *, side_mm: float, edge_mm: float = 4) -> list[str]:
    """Every overlap and every word outside the page's margins, described for a failure."""
    faults = []
    for page in pages(pdf, tmp_path):
        faults += [f"page {page.number}: {a.text!r} {a.x0:.0f},{a.y0:.0f} overlaps "
                   f"{b.text!r} {b.x0:.0f},{b.y0:.0f}" for a, b in overlaps(page)]
        faults += [f"page {page.number}: {w.text!r} at {w.x0:.0f}-{w.x1:.0f},{w.y0:.0f} is "
                   f"outside the margins" for w in outside(page, side_mm, edge_mm)]
    return faults


def lines(page: Page) -> list[list[Word]]:
    """The page's words in lines (same baseline within a point), top to bottom, left to right."""
    rows: list[list[Word]] = []
    for word in sorted(page.words, key=lambda w: (round(w.y1), w.x0)):
        if rows and abs(rows[-1][0].y1 - word.y1) < 1:
            rows[-1].append(word)
        else:
            rows.append([word])
    return [sorted(row, key=lambda w: w.x0) for row in rows]
