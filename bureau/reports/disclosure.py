"""Small-count suppression for the public version of the report.

A count from 1 to 4 could point at a person (the one visitor from a small
village), so the public version shows it as "<5". Zero is shown: it says
nothing about anybody. When a breakdown adds up to a total that is shown,
a single hidden cell could be worked out by subtraction, so one more cell
(the smallest shown one) is hidden as well and marked "*".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import cast

from bureau.i18n import N_, _

THRESHOLD = 5

MSG_SECONDARY_NOTE = N_(
    "* hidden so that a number below 5 cannot be worked out from the total.")


@dataclass(frozen=True)
class Masked:
    """A count withheld from the public version; renders as its ``text``."""

    text: str
    secondary: bool = False

    def __str__(self) -> str:
        return self.text


SMALL = Masked("<5")
HIDDEN = Masked("*", secondary=True)

Count = int | Masked


def is_small(value: int) -> bool:
    return 0 < value < THRESHOLD


def mask_value(value: int | None, public: bool) -> Count | None:
    return SMALL if public and value is not None and is_small(value) else value


def mask_column(values: list[int], public: bool, *, complete: bool) -> list[Count]:
    """Mask one period's breakdown.

    ``complete``: the cells add up to a total shown elsewhere (a partition),
    so a lone small cell also needs a second, hidden one.
    """
    if not public:
        return list(values)
    # ``values`` are counts (never None), so neither are their masks.
    masked = cast(list[Count], [mask_value(v, public) for v in values])
    small = [i for i, v in enumerate(masked) if v is SMALL]
    if complete and len(small) == 1:
        shown = [i for i, v in enumerate(masked) if isinstance(v, int) and v > 0]
        if shown:
            smallest = min(shown, key=lambda i: values[i])
            masked[smallest] = HIDDEN
    return masked


def secondary_note() -> str:
    return _(MSG_SECONDARY_NOTE)


def any_secondary(columns: Sequence[Sequence[Count | None]]) -> bool:
    return any(isinstance(v, Masked) and v.secondary for column in columns for v in column)
