"""The one numbered canvas: every page's footer, with "page X of Y".

The page count is known only when the whole story is laid out, so the canvas
keeps each page's state in memory and draws the footers on ``save`` (two
passes over the pages, no second layout).

The footer has its own box under the text frame: the page number on the
right, the footer texts on the left in the width that remains. A long bureau
name wraps within that box, and what does not fit in its lines ends with an
ellipsis, so the footer can never run into the page number however long the
bureau's name or the document's title is.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from bureau.pdf.dates import keep_dates_whole
from bureau.pdf.fonts import REGULAR
from bureau.pdf.paper import MM, Geometry
from bureau.pdf.styles import GRID, MUTED

ELLIPSIS = "\u2026"
NUMBER_GAP_MM = 5  # white space between the footer text and the page number


def fit_lines(texts: Sequence[str], width: float, size: float, max_lines: int) -> list[str]:
    """``texts`` wrapped to ``width`` points, at most ``max_lines`` lines; the last line
    that had to be cut ends with an ellipsis that still fits the width."""
    lines: list[str] = []
    for value in texts:
        for line in _wrap(keep_dates_whole(value), width, size) if value.strip() else []:
            lines += _split_word(line, width, size)
    if len(lines) <= max_lines:
        return lines
    kept = lines[:max_lines]
    last = kept[-1]
    while last and stringWidth(last + ELLIPSIS, REGULAR, size) > width:
        last = last[:-1]
    kept[-1] = last.rstrip() + ELLIPSIS
    return kept


def _wrap(value: str, width: float, size: float) -> list[str]:
    """``value`` wrapped at its ordinary spaces only. reportlab's ``simpleSplit`` also
    breaks at no-break spaces (Python's ``str.split()``), and a long date in a footer
    ("1 января 2026 г.") must stay on one line."""
    lines: list[str] = []
    for paragraph in value.split("\n"):
        current = ""
        for word in (w for w in paragraph.split(" ") if w):
            joined = f"{current} {word}" if current else word
            if current and stringWidth(joined, REGULAR, size) > width:
                lines.append(current)
                current = word
            else:
                current = joined
        if current:
            lines.append(current)
    return lines


def _split_word(line: str, width: float, size: float) -> list[str]:
    """A line still wider than ``width`` (one long word, an e-mail address) cut into
    pieces that fit: simpleSplit breaks only at spaces."""
    pieces = []
    while stringWidth(line, REGULAR, size) > width and len(line) > 1:
        cut = len(line) - 1
        while cut > 1 and stringWidth(line[:cut], REGULAR, size) > width:
            cut -= 1
        pieces.append(line[:cut])
        line = line[cut:]
    return [*pieces, line]


class FooterBox:
    """Where a page's footer goes (points): a band between the bottom margin's lower
    part and the text frame, as wide as the frame."""

    def __init__(self, geo: Geometry, page_height: float) -> None:
        self.size = max(6.5, geo.body_pt * 0.72)
        self.leading = self.size * 1.22
        self.left = geo.margin_mm * MM
        self.right = (geo.width_mm - geo.margin_mm) * MM
        self.top = (geo.margin_mm + geo.footer_mm) * MM - 1.5 * MM
        self.bottom = max(4.0, geo.margin_mm - 6) * MM
        self.max_lines = max(1, int((self.top - self.bottom) // self.leading))
        self.page_height = page_height
        self.marking_y = page_height - max(4.0, geo.margin_mm * 0.6) * MM

    def baseline(self, line: int) -> float:
        return self.top - self.size - line * self.leading


def numbered_canvas(geo: Geometry, footer: Sequence[str], page_pattern: str, *,
                    number_single_page: bool = True, marking: str = "", rule: bool = False,
                    first_page_footer: Sequence[str] | None = None) -> type[Canvas]:
    """A canvas class for ``doc.build(canvasmaker=...)``.

    ``footer``: texts on every page's foot (wrapped, then cut with an ellipsis
    at the box's last line); ``page_pattern``: a translated "page {page} of
    {pages}", drawn at the right unless the document has one page and
    ``number_single_page`` is false (a citizen's one-page paper);
    ``marking``: drawn at the top right of every page ("Not for publication");
    ``first_page_footer``: a cover's own foot, drawn on page 1 instead of the
    footer and without a number.
    """

    class NumberedCanvas(Canvas):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self) -> None:  # noqa: N802 - reportlab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                self._decorate(number, total)
                super().showPage()
            super().save()

        def _decorate(self, number: int, total: int) -> None:
            box = FooterBox(geo, self._pagesize[1])
            self.setFont(REGULAR, box.size)
            self.setFillColor(MUTED)
            if marking:
                self.drawRightString(box.right, box.marking_y, marking)
            if number == 1 and first_page_footer is not None:
                self._lines(box, fit_lines(first_page_footer, box.right - box.left, box.size,
                                           box.max_lines))
                return
            width = box.right - box.left
            if total > 1 or number_single_page:
                label = page_pattern.format(page=number, pages=total)
                self.drawRightString(box.right, box.baseline(0), label)
                width -= stringWidth(label, REGULAR, box.size) + NUMBER_GAP_MM * MM
            if rule:
                self.setStrokeColor(GRID)
                self.setLineWidth(0.5)
                self.line(box.left, box.top, box.right, box.top)
            self._lines(box, fit_lines(footer, width, box.size, box.max_lines))

        def _lines(self, box: FooterBox, lines: list[str]) -> None:
            for index, line in enumerate(lines):
                self.drawString(box.left, box.baseline(index), line)

    return NumberedCanvas
