"""Page geometries of the bureau's documents (millimetres and points). No reportlab.

A slip, a decision letter or a receipt is a citizen's paper (A5, A4 or an
80 mm roll); the agenda, the reports and the access-request export are A4
documents read at a table, in slightly smaller type.
"""

from __future__ import annotations

from dataclasses import dataclass

MM = 72 / 25.4  # points in a millimetre


@dataclass(frozen=True)
class Geometry:
    """Paper and type sizes of one format.

    ``margin_mm`` is the white border on all four sides; the footer (reference,
    "page X of Y") sits in its own band of ``footer_mm`` above the bottom
    margin, so the text frame never reaches it. ``height_mm`` None is a
    continuous roll, cut to the content's length (no footer: one page).
    """

    width_mm: float
    height_mm: float | None
    margin_mm: float
    body_pt: float
    qr_mm: float
    footer_mm: float = 8

    @property
    def roll(self) -> bool:
        return self.height_mm is None

    @property
    def frame_width(self) -> float:
        """Width of the text frame in points."""
        return (self.width_mm - 2 * self.margin_mm) * MM


SLIP_A5 = Geometry(148, 210, 10, 9.5, 22)
SLIP_A4 = Geometry(210, 297, 18, 11, 30)
# 80 mm paper prints about 72 mm wide on ESC/POS receipt printers.
SLIP_ROLL = Geometry(80, None, 4, 9, 28, footer_mm=0)
# A4 documents read at a meeting table: a little smaller than the A4 slip's
# 11 pt, which is meant for a citizen reading a single page.
A4_DOCUMENT = Geometry(210, 297, 18, 10.5, 0)
