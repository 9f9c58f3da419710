"""The slip's paper formats. No reportlab here: the GUI and the CLI import this cheaply.

The geometries themselves are the PDF house's (``bureau.pdf.paper``).
"""

from __future__ import annotations

from bureau.domain import LabelledEnum
from bureau.i18n import N_
from bureau.pdf.paper import SLIP_A4, SLIP_A5, SLIP_ROLL, Geometry


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


GEOMETRY: dict[SlipFormat, Geometry] = {
    SlipFormat.A5: SLIP_A5,
    SlipFormat.A4: SLIP_A4,
    SlipFormat.RECEIPT: SLIP_ROLL,
}
