"""Shared fixtures: in-memory and file databases with the seed catalogues."""

from __future__ import annotations

import datetime as dt
import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bureau.i18n import set_locale  # noqa: E402
from bureau.opening import init_database  # noqa: E402
from bureau.trust.advisors import add_advisor  # noqa: E402


@pytest.fixture(autouse=True)
def _locale():
    """Tests speak English unless they switch; the UI language is reset after each."""
    set_locale("en")
    yield
    set_locale("en")


@pytest.fixture
def db():
    database = init_database(memory=True, bureau_name="Test bureau", municipality="Kresna")
    yield database
    database.close()


@pytest.fixture
def file_db(tmp_path):
    database = init_database(tmp_path / "bureau.db")
    yield database
    database.close()


@pytest.fixture
def advisor(db) -> int:
    return add_advisor(db, "Мария Стоянова")


@pytest.fixture
def make_raw(advisor):
    """Factory of valid raw consultations for the ``advisor`` fixture."""
    return lambda **overrides: consultation_raw(advisor, **overrides)


def consultation_raw(advisor_id: int, **overrides) -> dict:
    """A valid consultation as a form or an import would hand it over."""
    raw = {
        "occurred_at": dt.datetime(2026, 10, 14, 10, 30),
        "channel": "in_person",
        "advisor_id": advisor_id,
        "citizen": {"full_name": "Петрова Иванка", "phone": "+359 888 123 456",
                    "settlement": "Кресна"},
        "issues": [("local_taxes", None)],
        "question": "Как да платя данък сгради?",
        "answer": "Обяснихме сроковете и отстъпката.",
        "help_level": "information",
        "outcome": "resolved",
        "consent_record": True,
    }
    raw.update(overrides)
    return raw
