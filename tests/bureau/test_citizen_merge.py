"""Merging duplicate citizens: visits move, search follows, one transaction."""

from __future__ import annotations

import pytest
from acting import acting

from bureau.catalogue import CatalogueLookup
from bureau.citizens.store import find_citizens, get_citizen, merge_citizens, recent_citizens
from bureau.consultations.register import RegisterFilter, count_consultations, search
from bureau.consultations.store import get_consultation, save_consultation
from bureau.domain import BureauError, NotFound
from bureau.validation import validate_consultation


def save(db, raw) -> int:
    lookup = CatalogueLookup(db)
    return save_consultation(db, validate_consultation(raw, lookup), lookup)[0]


@pytest.fixture
def twins(db, make_raw):
    """The same woman registered twice: once with a phone, once with a settlement typo."""
    first = save(db, make_raw(citizen={"full_name": "Иванка Петрова", "phone": "0888123456"}))
    second = save(db, make_raw(citizen={"full_name": "Иванка Петрова", "settlement": "Кресна",
                                        "age_band": "45_64"}, consent_share=True))
    third = save(db, make_raw(citizen_id=get_consultation(db, second).citizen.id, citizen=None,
                              question="Втори въпрос за разрешително"))
    keep = get_consultation(db, first).citizen.id
    duplicate = get_consultation(db, second).citizen.id
    return keep, duplicate, [first, second, third]


def test_merge_moves_visits_and_fills_blanks(db, twins):
    keep, duplicate, visits = twins
    moved = merge_citizens(db, keep, duplicate, by=acting(db)).count
    assert moved == 2
    assert {get_consultation(db, cid).citizen.id for cid in visits} == {keep}
    kept = get_citizen(db, keep)
    assert kept.visits == 3
    assert kept.phone == "0888123456"  # its own value stays
    assert kept.settlement == "Кресна"  # a blank filled from the duplicate
    assert kept.age_band.value == "45_64"
    share_at = db.execute("SELECT consent_share_at FROM citizens WHERE id = ?", [keep]).fetchone()[0]
    assert share_at is not None
    merged_into = db.execute("SELECT merged_into_id FROM citizens WHERE id = ?",
                             [duplicate]).fetchone()[0]
    assert merged_into == keep


def test_merge_updates_both_search_indexes(db, twins):
    keep, duplicate, _visits = twins
    merge_citizens(db, keep, duplicate, by=acting(db))
    assert [c.id for c in find_citizens(db, "Иванка Петрова")] == [keep]
    assert [c.id for c in find_citizens(db, "Ivanka")] == [keep]
    assert duplicate not in [c.id for c in recent_citizens(db)]
    assert db.execute("SELECT count(*) FROM citizen_search WHERE rowid = ?",
                      [duplicate]).fetchone()[0] == 0
    # The moved visit is found by the kept person's data and by its own text.
    hits = search(db, "разрешително")
    assert len(hits) == 1 and hits[0].citizen_name == "Иванка Петрова"
    assert count_consultations(db, RegisterFilter(citizen_id=keep)) == 3
    assert count_consultations(db, RegisterFilter(citizen_id=duplicate)) == 0


def test_merge_refuses_self_missing_and_already_merged(db, twins):
    keep, duplicate, _visits = twins
    with pytest.raises(BureauError):
        merge_citizens(db, keep, keep, by=acting(db))
    with pytest.raises(NotFound):
        merge_citizens(db, keep, 999_999, by=acting(db))
    merge_citizens(db, keep, duplicate, by=acting(db))
    with pytest.raises(BureauError, match="already merged"):
        merge_citizens(db, keep, duplicate, by=acting(db))


def test_merge_is_one_transaction(db, twins, monkeypatch):
    keep, duplicate, visits = twins
    import bureau.citizens.store as citizens

    def broken(*_args, **_kwargs):
        raise RuntimeError("disk pulled out")

    monkeypatch.setattr(citizens, "_reindex_consultations", broken)
    with pytest.raises(RuntimeError):
        merge_citizens(db, keep, duplicate, by=acting(db))
    assert get_consultation(db, visits[1]).citizen.id == duplicate
    assert db.execute("SELECT merged_into_id FROM citizens WHERE id = ?",
                      [duplicate]).fetchone()[0] is None
    assert [c.id for c in find_citizens(db, "Иванка Петрова")].count(duplicate) == 1


def test_earlier_merges_follow_the_survivor(db, twins, make_raw):
    keep, duplicate, _visits = twins
    third = get_consultation(db, save(db, make_raw(citizen={"full_name": "Иванка Петрова"})))
    merge_citizens(db, duplicate, third.citizen.id, by=acting(db))
    merge_citizens(db, keep, duplicate, by=acting(db))
    pointer = db.execute("SELECT merged_into_id FROM citizens WHERE id = ?",
                         [third.citizen.id]).fetchone()[0]
    assert pointer == keep
