"""The slip's paper formats. No reportlab here: the GUI and the CLI import this cheaply."""

from __future__ import annotations

from dataclasses import dataclass

from bureau.domain import LabelledEnum
from bureau.i18n import N_


class SlipFormat(LabelledEnum):
    A5 = "a5"
    A4 = "a4"
    RECEIPT = "receipt"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "a5": N_("A5 sheet"),
            "a4": N_("A4 sheet"),
            "receipt": N_("80 mm receipt roll"),
        }

    @classmethod
    def coerce(cls, value: str | SlipFormat | None) -> SlipFormat:
        """A stored setting that is empty or unknown falls back to A5, the default."""
        if isinstance(value, SlipFormat):
            return value
        try:
            return cls((value or "").strip().lower())
        except ValueError:
            return cls.A5


@dataclass(frozen=True)
class Geometry:
    """Paper and type sizes (millimetres and points) of one format."""

    width_mm: float
    height_mm: float | None  # None: a continuous roll, cut to the content's length
    margin_mm: float
    body_pt: float
    qr_mm: float

    @property
    def roll(self) -> bool:
        return self.height_mm is None


GEOMETRY: dict[SlipFormat, Geometry] = {
    SlipFormat.A5: Geometry(148, 210, 10, 9.5, 22),
    SlipFormat.A4: Geometry(210, 297, 18, 11, 30),
    # 80 mm paper prints about 72 mm wide on ESC/POS receipt printers.
    SlipFormat.RECEIPT: Geometry(80, None, 4, 9, 28),
}
