"""Small cells of the public roll-up: hidden, and not recoverable from what is shown.

The public version follows the bureau's own rule (``bureau.reports.disclosure``:
a count from 1 to 4 is shown as "<5", zero is shown) on the COMBINED figures,
per bureau and for the oblast. A roll-up shows many sums at once: each figure's
oblast total is the sum of its bureaus, and within each bureau a breakdown adds
up to its total (topics to issues, age bands to named citizens...). A hidden
cell that could be worked out from shown cells through any of these sums, or
any combination of them, is no secret; so after the "<5" cells are hidden,
further cells are hidden ("*", a bureau's before the oblast's, the smallest first) until no hidden cell is
determined by the shown ones. "Determined" is exact linear algebra over the
hidden cells: a hidden cell is known when its unit vector lies in the row space
of the sums restricted to the hidden cells (reduced row echelon form, exact
fractions).
"""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction
from typing import Any

from bureau.reports.disclosure import HIDDEN, SMALL, Masked, is_small
from bureau.rollup.checks import SUMS
from bureau.rollup.combine import ALL_BREAKDOWNS, SCALARS, Rollup

TOTAL = -1  # the oblast's column
Cell = tuple[str, str | None, int]  # (figure, code or None for a count, bureau index or TOTAL)
Equation = list[tuple[Cell, int]]  # the cells times their coefficients sum to zero
# satisfaction_total is never shown (the average is), so it is not a cell.
SHOWN_SCALARS = tuple(name for name in SCALARS if name != "satisfaction_total")


def cells(rollup: Rollup) -> dict[Cell, int]:
    """Every shown count of the roll-up, by cell."""
    columns = [*((i, b.figures) for i, b in enumerate(rollup.bureaus)), (TOTAL, rollup.total)]
    values: dict[Cell, int] = {}
    for column, figures in columns:
        for name in SHOWN_SCALARS:
            values[(name, None, column)] = figures[name]
        for name in ALL_BREAKDOWNS:
            for key in rollup.total[name]:
                values[(name, key, column)] = figures[name].get(key, 0)
    return values


def equations(rollup: Rollup) -> list[Equation]:
    """The sums a reader can see: bureaus to the oblast, parts to their whole."""
    columns = [*range(len(rollup.bureaus)), TOTAL]
    result: list[Equation] = []
    rows: list[tuple[str, str | None]] = [(name, None) for name in SHOWN_SCALARS]
    rows += [(name, key) for name in ALL_BREAKDOWNS for key in rollup.total[name]]
    for name, key in rows:
        result.append([((name, key, c), 1) for c in columns if c != TOTAL]
                      + [((name, key, TOTAL), -1)])
    for column in columns:
        for part, whole in SUMS:
            if isinstance(part, tuple):
                parts = [((name, None, column), 1) for name in part]
            else:
                parts = [((part, key, column), 1) for key in rollup.total[part]]
            result.append([*parts, ((whole, None, column), -1)])
    return result


def determined(hidden: set[Cell], sums: Iterable[Equation]) -> set[Cell]:
    """The hidden cells that the shown cells and the sums fix exactly."""
    order = sorted(hidden, key=repr)
    index = {cell: i for i, cell in enumerate(order)}
    rows: list[dict[int, Fraction]] = []
    for equation in sums:
        row = {index[cell]: Fraction(coef) for cell, coef in equation if cell in index}
        if row:
            rows.append(row)
    pivots: dict[int, dict[int, Fraction]] = {}  # pivot column -> its reduced row
    for row in rows:
        for column, pivot_row in pivots.items():  # reduce by the pivots found so far
            if column in row:
                factor = row[column]
                for c, v in pivot_row.items():
                    value = row.get(c, Fraction(0)) - factor * v
                    if value:
                        row[c] = value
                    else:
                        row.pop(c, None)
        if not row:
            continue
        column = min(row)
        lead = row[column]
        row = {c: v / lead for c, v in row.items()}
        for other in pivots.values():  # keep every pivot row reduced (RREF)
            if column in other:
                factor = other[column]
                for c, v in row.items():
                    value = other.get(c, Fraction(0)) - factor * v
                    if value:
                        other[c] = value
                    else:
                        other.pop(c, None)
        pivots[column] = row
    return {order[column] for column, row in pivots.items() if len(row) == 1}


def suppress(values: dict[Cell, int], sums: list[Equation]) -> dict[Cell, Masked]:
    """Cells to withhold: "<5" for 1 to 4, "*" for those hidden so that no "<5" can be
    worked out; all other cells are shown."""
    masked: dict[Cell, Masked] = {cell: SMALL for cell, value in values.items()
                                  if is_small(value)}
    by_cell: dict[Cell, list[Equation]] = {}
    for equation in sums:
        for cell, _coef in equation:
            by_cell.setdefault(cell, []).append(equation)
    while True:
        known = determined(set(masked), sums)
        if not known:
            return masked
        chosen: set[Cell] = set()
        for cell in sorted(known, key=repr):
            candidates = _candidates(by_cell.get(cell, []), masked, values)
            if candidates:
                chosen.add(min(candidates, key=lambda c: _cost(c, values)))
        if not chosen:  # fixed only through other sums: widen to any sum with a hidden cell
            candidates = _candidates([e for e in sums if any(c in masked for c, _k in e)],
                                     masked, values)
            if not candidates:
                return masked  # every non-zero cell is hidden already
            chosen.add(min(candidates, key=lambda c: _cost(c, values)))
        for cell in chosen:
            masked[cell] = HIDDEN


def _candidates(sums: Iterable[Equation], masked: dict[Cell, Masked],
                values: dict[Cell, int]) -> list[Cell]:
    return [cell for equation in sums for cell, _coef in equation
            if cell not in masked and values.get(cell, 0) > 0]


def _cost(cell: Cell, values: dict[Cell, int]) -> tuple:
    # A bureau's cell before any of the oblast's (its totals are what readers came for;
    # measured on the demo oblast: 114 cells hidden instead of 129, and the people and
    # visits totals stay shown), then the smallest count.
    return (cell[2] == TOTAL, values[cell], repr(cell))


def public_cells(rollup: Rollup) -> tuple[dict[Cell, int], dict[Cell, Masked]]:
    """(every cell's count, the withheld cells) of the public roll-up."""
    values = cells(rollup)
    return values, suppress(values, equations(rollup))


def value_of(values: dict[Cell, int], masked: dict[Cell, Masked], cell: Cell) -> Any:
    """What the public version shows in ``cell``: the count, or its mask."""
    return masked.get(cell, values.get(cell, 0))
