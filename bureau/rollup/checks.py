"""Is a file a statistical package that can be trusted? Schema, hash, sums.

``read_package`` answers for one file, ``check_packages`` for a set meant to
be rolled up together (one period, one package per bureau). Every refusal is
a ``PackageRefused`` naming the file and what is wrong, in the reader's
language; the roll-up writes nothing while any file is refused.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match

from bureau import data
from bureau.domain import BureauError
from bureau.i18n import N_, _
from bureau.rollup.canonical import HASH_FIELD, content_hash

SCHEMA_FILE = "bureau-stats-1.schema.json"
MAX_BYTES = 5_000_000  # a package is a few kilobytes; anything this large is not one

MSG_UNREADABLE = N_("{file}: cannot be read ({reason}).")
MSG_NOT_JSON = N_("{file} is not a statistical package: it is not JSON text ({reason}).")
MSG_NOT_PACKAGE = N_("{file} is not a Bureau statistical package.")
MSG_NEWER = N_("{file} was written by a newer version of Bureau (format version {version}); "
               "update Bureau to read it.")
MSG_SCHEMA = N_("{file} does not follow the package format at {where}: {problem}")
MSG_HASH = N_("{file} was changed after the bureau wrote it: its content does not match its "
              "SHA-256. Ask the bureau to send the package again.")
MSG_SUMS = N_("{file} does not add up: {part} ({parts}) differ from {whole} ({total}).")
MSG_PERIOD_ORDER = N_("{file}: the period ends before it begins.")
MSG_DUPLICATE_KEY = N_("{file} names \u201c{key}\u201d twice in one place.")
MSG_OTHER_PERIOD = N_("{file} is for {period}, but {first} is for {first_period}: a roll-up "
                      "covers one period.")
MSG_DUPLICATE = N_("{file} and {other} are both from {bureau} for {period}: keep only one of "
                   "them.")
MSG_NO_PACKAGES = N_("Give at least one statistical package.")
MSG_NOTHING_WRITTEN = N_("Nothing was written: send the packages back to their bureaus or leave "
                         "them out.")

# The figures that must add up (part, whole): a partition of the whole.
SUMS = (
    ("by_category", "issues"), ("by_help_level", "contacts"), ("by_channel", "contacts"),
    ("by_outcome", "contacts"), ("by_settlement", "named_people"), ("by_age_band", "named_people"),
    ("by_gender", "named_people"), ("signals_by_unit", "signals"), ("signals_by_area", "signals"),
    ("signals_by_status", "signals"), ("events_by_kind", "events"),
    (("new_people", "returning_people"), "named_people"),
    (("named_people", "anonymous_visits"), "people"),
)


class PackageRefused(BureauError):
    """A package (or a set of them) that cannot be rolled up; ``str()`` says why."""


class PackagesRefused(BureauError):
    """Several refusals at once: one line per problem, in the current language."""

    def __init__(self, problems: list[PackageRefused]) -> None:
        super().__init__("")
        self.problems = problems

    def __str__(self) -> str:
        return "\n".join([*(str(problem) for problem in self.problems),
                          _(MSG_NOTHING_WRITTEN)])


@cache
def schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the format, as shipped in the package data."""
    return json.loads(data.resource("schema", SCHEMA_FILE).read_text("utf-8"))


@cache
def _validator() -> Draft202012Validator:
    return Draft202012Validator(schema())


def _no_duplicate_keys(file: str):  # noqa: ANN202 - a json object_pairs_hook
    def hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, value in pairs:
            if key in result:
                raise PackageRefused(MSG_DUPLICATE_KEY, file=file, key=key[:60])
            result[key] = value
        return result
    return hook


def _where(path) -> str:  # noqa: ANN001 - a deque of keys and indexes
    return "/" + "/".join(str(part) for part in path) if path else "/"


def _total(figures: dict[str, Any], part: str | tuple[str, ...]) -> int:
    if isinstance(part, tuple):
        return sum(figures[name] for name in part)
    return sum(figures[part].values())


def validate_package(package: Any, file: str) -> None:
    """Raise ``PackageRefused`` unless ``package`` is a valid, unaltered package of this
    version: the format's name and version, the schema, the SHA-256, the sums."""
    if not isinstance(package, dict) or package.get("format") != "bureau-stats":
        raise PackageRefused(MSG_NOT_PACKAGE, file=file)
    version = package.get("schema_version")
    if isinstance(version, int) and not isinstance(version, bool) and version > 1:
        raise PackageRefused(MSG_NEWER, file=file, version=version)
    problem = best_match(_validator().iter_errors(package))
    if problem is not None:
        raise PackageRefused(MSG_SCHEMA, file=file, where=_where(problem.absolute_path),
                             problem=problem.message[:200])
    if package[HASH_FIELD] != content_hash(package):
        raise PackageRefused(MSG_HASH, file=file)
    period = package["period"]
    try:
        start, end = (dt.date.fromisoformat(period[k]) for k in ("start", "end"))
    except ValueError as error:
        raise PackageRefused(MSG_SCHEMA, file=file, where="/period", problem=str(error)) from None
    if end < start:
        raise PackageRefused(MSG_PERIOD_ORDER, file=file)
    figures = package["figures"]
    for part, whole in SUMS:
        if _total(figures, part) != figures[whole]:
            parts = " + ".join(part) if isinstance(part, tuple) else part
            raise PackageRefused(MSG_SUMS, file=file, part=parts, parts=_total(figures, part),
                                 whole=whole, total=figures[whole])


def read_package(path: str | Path) -> dict[str, Any]:
    """The package in ``path``, checked by ``validate_package``; raises ``PackageRefused``
    for a file that cannot be read, is not JSON, or fails a check."""
    name = Path(path).name
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except OSError as error:
        raise PackageRefused(MSG_UNREADABLE, file=name,
                             reason=error.strerror or type(error).__name__) from None
    if len(raw) > MAX_BYTES:
        raise PackageRefused(MSG_NOT_PACKAGE, file=name)
    try:
        package = json.loads(raw.decode("utf-8"), object_pairs_hook=_no_duplicate_keys(name),
                             parse_constant=_refuse_constant)
    except (UnicodeDecodeError, ValueError) as error:
        raise PackageRefused(MSG_NOT_JSON, file=name, reason=str(error)[:120]) from None
    validate_package(package, name)
    return package


def _refuse_constant(name: str) -> None:
    raise ValueError(name)  # NaN and Infinity are not JSON


def period_text(package: dict[str, Any]) -> str:
    period = package["period"]
    return f"{period['start']} \u2013 {period['end']}"


def check_packages(paths: list[str | Path]) -> list[tuple[str, dict[str, Any]]]:
    """(file name, package) for each path, in the order given, once all pass together.

    Raises ``PackagesRefused`` listing every file that fails ``read_package``, every
    package of another period than the first, and every second package of one
    bureau; ``PackageRefused`` when no path is given.
    """
    if not paths:
        raise PackageRefused(MSG_NO_PACKAGES)
    problems: list[PackageRefused] = []
    read: list[tuple[str, dict[str, Any]]] = []
    for path in paths:
        try:
            read.append((str(path), read_package(path)))
        except PackageRefused as problem:
            problems.append(problem)
    if read:
        first_name, first = read[0]
        seen: dict[str, str] = {}
        for path, package in read:
            name = Path(path).name
            if package["period"] != first["period"]:
                problems.append(PackageRefused(
                    MSG_OTHER_PERIOD, file=name, period=period_text(package),
                    first=Path(first_name).name, first_period=period_text(first)))
                continue
            bureau = package["bureau"]["id"]
            if bureau in seen:
                problems.append(PackageRefused(
                    MSG_DUPLICATE, file=name, other=seen[bureau],
                    bureau=package["bureau"]["name"], period=period_text(package)))
            else:
                seen[bureau] = name
    if problems:
        raise PackagesRefused(problems)
    return read


__all__ = ["PackageRefused", "PackagesRefused", "check_packages", "read_package",
           "validate_package", "schema"]
