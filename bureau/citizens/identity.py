"""When two records with the same name are the same person.

The rule (README, "Same name, different people"): a name alone never makes
two records one person. An import joins a row to a citizen only when the
name and the phone (in E.164), or failing a phone the e-mail, or failing
both the settlement, agree; and even then not when the age band or the
gender is stated on both sides and differs: two "Иван Иванов" from Кресна,
one 65 and over and one 18-29, are two people. The desk's suggestions for a
typed name leave out the records whose stated age band or gender conflicts
with what the volunteer has chosen.
"""

from __future__ import annotations

from typing import Any

from bureau.domain import AgeBand, Gender

_UNSTATED = {AgeBand.UNKNOWN.value, Gender.UNKNOWN.value, "", None}


def _code(enum: type[AgeBand] | type[Gender], value: Any) -> str | None:
    if isinstance(value, (AgeBand, Gender)):
        return value.value
    member = enum.parse(str(value)) if value not in (None, "") else None
    return member.value if member is not None else None


def traits_conflict(age_band_a: Any, gender_a: Any, age_band_b: Any, gender_b: Any) -> bool:
    """True when an age band or a gender is stated on both sides and differs.

    Values are codes ("65_plus"), labels in any language, enum members, or blank.
    """
    for enum, a, b in ((AgeBand, age_band_a, age_band_b), (Gender, gender_a, gender_b)):
        left, right = _code(enum, a), _code(enum, b)
        if left not in _UNSTATED and right not in _UNSTATED and left != right:
            return True
    return False
