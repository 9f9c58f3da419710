"""Realistic demo data, the same for the same seed (and the same day).

Developers, screenshots and benchmarks use it, up to a million consultations,
so rows are written in large batches of plain INSERTs; everything else
(reference counters, search index rows, citizens) is kept exactly as a
normal save would keep it.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import random
from array import array
from dataclasses import dataclass
from typing import TypeVar

import holidays
import sqlite_utils

from bureau import data
from bureau.catalogue import CatalogueLookup
from bureau.citizens.namewords import name_words, remember_words
from bureau.citizens.store import citizen_search_row
from bureau.consultations.search_index import consultation_search_row
from bureau.consultations.search_words import rebuild_words
from bureau.consultations.store import format_reference
from bureau.database import month_counts
from bureau.database.connection import new_uuid, now_iso, write_transaction
from bureau.database.settings import get_setting, set_settings
from bureau.domain import (
    AgeBand,
    Channel,
    EventKind,
    HelpLevel,
    Outcome,
    ReferralStatus,
    Role,
    SignalChannel,
    SignalStatus,
)
from bureau.signals.register import create_signal
from bureau.trust.advisors import add_advisor, advisor_id_by_name

BATCH = 5_000
MINUTES_A_DAY = 24 * 60
OPENING_MINUTE = 8 * 60 + 30
WORKING_MINUTES = 511  # 8:30 to 17:00 inclusive
CLOSING_TIME = dt.time(17, 0)
_clock = dt.datetime.now  # the real clock (tests set another)


def _moment(minute: int) -> dt.datetime:
    """Minutes since day one (``date.toordinal() * MINUTES_A_DAY + minute of the day``)
    back to a datetime."""
    day, of_day = divmod(minute, MINUTES_A_DAY)
    return dt.datetime.combine(dt.date.fromordinal(day), dt.time(of_day // 60, of_day % 60))
DEMO_FLAG = "demo_data"


@dataclass
class DemoSummary:
    consultations: int = 0
    citizens: int = 0
    referrals: int = 0
    signals: int = 0
    events: int = 0


def holds_real_records(db: sqlite_utils.Database) -> bool:
    has_rows = db.execute("SELECT 1 FROM consultations LIMIT 1").fetchone() is not None
    return has_rows and get_setting(db, DEMO_FLAG) != "1"


def _load(name: str) -> dict:
    return json.loads(data.resource("demo", name).read_text("utf-8"))


T = TypeVar("T")


def _weighted(rng: random.Random, options: dict[T, int]) -> T:
    return rng.choices(list(options), weights=list(options.values()))[0]


def _last_day(today: dt.date) -> dt.date:
    """The last day with demo consultations: ``today`` once the bureau has closed (or for
    a day other than the real one), else the day before.

    Visits drawn later in the day than the clock would lie in the future; moved
    to the current moment, they made a different bureau every minute, so the
    same seed gave two databases that differed when built a minute apart.
    """
    clock = _clock()
    if today != clock.date() or clock.time() >= CLOSING_TIME:
        return today
    return today - dt.timedelta(days=1)


def _working_days(start: dt.date, end: dt.date) -> list[dt.date]:
    days, day = [], start
    while day <= end:
        if day.weekday() < 5:
            days.append(day)
        day += dt.timedelta(days=1)
    return days or [end]


class _People:
    """Makes citizens: Bulgarian mostly, some Russian-speaking; returning ones reused."""

    def __init__(self, rng: random.Random, people: dict) -> None:
        self.rng = rng
        self.people = people
        # Who may come back, in compact arrays: each person's id and the numbers
        # of their language, settlement and name in small lists of the distinct
        # ones (names repeat, settlements are a few), so half a million people
        # take ~9 MB instead of ~120 MB of tuples and strings.
        self.ids = array("q")
        self._language = array("l")
        self._settlement = array("l")
        self._name = array("l")
        self._texts: list[str] = []
        self._numbers: dict[str, int] = {}

    def _number(self, text: str) -> int:
        number = self._numbers.get(text)
        if number is None:
            number = self._numbers[text] = len(self._texts)
            self._texts.append(text)
        return number

    def remember(self, citizen_id: int, language: str, settlement: str, name: str) -> None:
        self.ids.append(citizen_id)
        self._language.append(self._number(language))
        self._settlement.append(self._number(settlement))
        self._name.append(self._number(name))

    def returning(self, position: int) -> tuple[int, str, str, str]:
        """(id, language, settlement, name) of the remembered person at ``position``."""
        texts = self._texts
        return (self.ids[position], texts[self._language[position]],
                texts[self._settlement[position]], texts[self._name[position]])

    def new_person(self) -> dict:
        rng = self.rng
        language = "ru" if rng.random() < 0.15 else "bg"
        names = self.people[language]
        female = rng.random() < 0.55
        first = rng.choice(names["female_first" if female else "male_first"])
        surname = rng.choice(names["male_surnames"]) + ("а" if female else "")
        settlements = self.people["settlements"]
        settlement = settlements[0] if rng.random() < 0.45 else rng.choice(settlements)
        phone = ""
        if rng.random() < 0.7:
            phone = f"+359 8{rng.choice('789')}{rng.randint(0, 9)} {rng.randint(100, 999)} {rng.randint(100, 999)}"
        email = ""
        if rng.random() < 0.3:
            email = f"user{rng.randint(1000, 99999)}@example.bg"
        return {
            "language": language,
            "full_name": f"{first} {surname}",
            "phone": phone,
            "email": email,
            "address": f"{rng.choice(self.people['streets'])} {rng.randint(1, 60)}",
            "settlement": settlement,
            "age_band": _weighted(rng, {AgeBand.FROM_18: 14, AgeBand.FROM_30: 26,
                                        AgeBand.FROM_45: 32, AgeBand.FROM_65: 24,
                                        AgeBand.UNDER_18: 1, AgeBand.UNKNOWN: 3}).value,
            "gender": "female" if female else "male",
        }


def generate(db: sqlite_utils.Database, *, consultations: int, seed: int = 1, months: int = 12,
             today: dt.date | None = None) -> DemoSummary:
    rng = random.Random(seed)
    today = today or dt.date.today()
    people = _load("people.json")
    texts = _load("questions.json")
    summary = DemoSummary()
    set_settings(db, **{DEMO_FLAG: "1"})
    if not get_setting(db, "bureau_name"):
        set_settings(db, bureau_name="Бюро за информиране и съветване на гражданите",
                     municipality="Община Кресна", address="гр. Кресна, ул. „Македония“ 96",
                     phone="+359 746 3 20 50", opening_hours="пн–пт 8:30–17:00")

    # The first advisor coordinates and the second keeps the signals register,
    # so every page of the desk has someone who may use it.
    roles = [Role.COORDINATOR, Role.SIGNALS_OFFICER] + [Role.ADVISOR] * (len(people["advisors"]) - 2)
    advisor_ids = [advisor_id_by_name(db, name) or add_advisor(db, name, role)
                   for name, role in zip(people["advisors"], roles, strict=True)]
    advisor_weights = [rng.randint(3, 12) for _ in advisor_ids]
    lookup = CatalogueLookup(db)
    category_codes = [code for code in lookup.categories if code in texts]
    category_weights = {code: max(1, 14 - 1 * i) for i, code in enumerate(category_codes)}
    services_by_category: dict[str, list[str]] = {}
    for code, entry in lookup.services.items():
        services_by_category.setdefault(entry.category_code or "", []).append(code)

    first_month = (today.replace(day=1) - dt.timedelta(days=31 * (months - 1))).replace(day=1)
    days = _working_days(first_month, _last_day(today))
    # Moments drawn in the same order as ever (a seed still makes the same
    # bureau), counted per (day, minute) and read back in order: a counting sort
    # into a compact array of minutes since day one, 8 bytes each, where a sorted
    # list of a million datetime objects took ~60 MB and sorting more.
    day_index = {day: index for index, day in enumerate(days)}
    counts = array("q", bytes(8 * len(days) * WORKING_MINUTES))
    for _ in range(consultations):
        drawn = rng.choice(days)
        counts[day_index[drawn] * WORKING_MINUTES + rng.randint(0, WORKING_MINUTES - 1)] += 1
    moments = array("q")
    for slot, count in enumerate(counts):
        if count:
            index, minute = divmod(slot, WORKING_MINUTES)
            first = days[index].toordinal() * MINUTES_A_DAY + OPENING_MINUTE + minute
            moments.extend([first] * count)
    del counts
    # Nothing lies in the future, neither of the real clock nor of the given day.
    now = min(_clock(), dt.datetime.combine(today, dt.time(23, 59)))

    next_id = (db.execute("SELECT max(id) FROM consultations").fetchone()[0] or 0) + 1
    next_citizen = (db.execute("SELECT max(id) FROM citizens").fetchone()[0] or 0) + 1
    counters = dict(db.execute("SELECT year, last_seq FROM reference_counters").fetchall())
    makers = _People(rng, people)
    referred: list[tuple[int, dt.datetime, str]] = []

    # The report's monthly counts are filled once at the end, not by a trigger per row.
    with month_counts.bulk_load(db):
        for start in range(0, consultations, BATCH):
            rows, issue_rows, search_rows, citizen_rows, citizen_search = [], [], [], [], []
            for minute in moments[start:start + BATCH]:
                moment = min(_moment(minute), now)
                stamp = moment.isoformat(sep=" ", timespec="seconds")
                citizen_id, citizen_name, language, settlement = None, None, "bg", ""
                roll = rng.random()
                if roll < 0.18:
                    language = "ru" if rng.random() < 0.1 else "bg"
                elif roll < 0.45 and makers.ids:
                    # Recent visitors come back more often than old ones.
                    citizen_id, language, settlement, citizen_name = makers.returning(
                        int(len(makers.ids) * (1 - rng.random() ** 3)) - 1)
                else:
                    person = makers.new_person()
                    citizen_id = next_citizen
                    next_citizen += 1
                    language, settlement, citizen_name = person["language"], person["settlement"], person["full_name"]
                    citizen_rows.append((
                        citizen_id, new_uuid(), person["full_name"], person["phone"], person["email"],
                        person["address"], settlement, person["age_band"], person["gender"],
                        stamp, stamp if rng.random() < 0.3 else None,
                        stamp if rng.random() < 0.5 else None, stamp, stamp,
                    ))
                    citizen_search.append((citizen_id, *citizen_search_row(
                        person["full_name"], person["phone"], person["email"])))
                    makers.remember(citizen_id, language, settlement, citizen_name)
                    summary.citizens += 1

                outcome = _weighted(rng, {Outcome.RESOLVED: 55, Outcome.SIGNPOSTED: 20,
                                          Outcome.REFERRED: 5, Outcome.PENDING: 20})
                help_level = HelpLevel.REFERRAL if outcome == Outcome.REFERRED else _weighted(
                    rng, {HelpLevel.INFORMATION: 55, HelpLevel.ADVICE: 40, HelpLevel.REFERRAL: 5})
                channel = _weighted(rng, {Channel.IN_PERSON: 60, Channel.PHONE: 25, Channel.EMAIL: 7,
                                          Channel.ONLINE: 5, Channel.OUTREACH: 3})
                chosen = [_weighted(rng, category_weights)]
                if rng.random() < 0.2:
                    chosen.append(_weighted(rng, category_weights))
                chosen = list(dict.fromkeys(chosen))
                issues = []
                for code in chosen:
                    services = services_by_category.get(code)
                    service = rng.choice(services) if services and rng.random() < 0.6 else None
                    issues.append((code, service))
                topic_texts = texts[chosen[0]]
                question = rng.choice(topic_texts[language])
                answer = rng.choice(topic_texts[f"{language}_answers"])
                follow_up = None
                if outcome == Outcome.PENDING:
                    follow_up = (moment.date() + dt.timedelta(days=rng.randint(3, 30))).isoformat()
                satisfaction = _weighted(rng, {5: 50, 4: 30, 3: 12, 2: 5, 1: 3}) if rng.random() < 0.4 else None
                year = moment.year
                counters[year] = counters.get(year, 0) + 1
                reference = format_reference(year, counters[year])
                consultation_id = next_id
                next_id += 1
                named = citizen_id is not None
                rows.append((
                    consultation_id, new_uuid(), reference, year, counters[year],
                    moment.isoformat(sep=" ", timespec="minutes"), channel.value,
                    rng.choices(advisor_ids, advisor_weights)[0], citizen_id, question, answer,
                    help_level.value, outcome.value, "", follow_up, satisfaction, int(named),
                    int(named and outcome == Outcome.REFERRED), int(named and rng.random() < 0.5),
                    stamp, stamp,
                ))
                for position, (code, service) in enumerate(issues):
                    issue_rows.append((consultation_id, lookup.category_id(code),
                                       lookup.service_id(service), position))
                topics = " ".join(
                    " ".join((e.name_bg, e.name_ru, e.name_en))
                    for code, service in issues
                    for e in (lookup.categories[code], lookup.services.get(service or ""))
                    if e
                )
                search_rows.append((consultation_id, *consultation_search_row(
                    reference, citizen_name, settlement, topics, question, answer, "", "")))
                if outcome == Outcome.REFERRED:
                    referred.append((consultation_id, moment, question))
            _write_batch(db, rows, issue_rows, search_rows, citizen_rows, citizen_search, counters)
            summary.consultations += len(rows)
        rebuild_words(db)  # one read of the finished index, not a probe per row

    summary.referrals = _referrals(db, rng, referred, today)
    summary.signals = _signals(db, rng, consultations, days)
    summary.events = _events(db, rng, texts, first_month, today)
    return summary


def _write_batch(db, rows, issue_rows, search_rows, citizen_rows, citizen_search, counters) -> None:
    with write_transaction(db):
        db.conn.executemany(
            "INSERT INTO citizens (id, uuid, full_name, phone, email, address, settlement, age_band, "
            "gender, consent_record_at, consent_share_at, consent_contact_at, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", citizen_rows)
        db.conn.executemany(
            "INSERT INTO citizen_search (rowid, names, contact, latin) VALUES (?, ?, ?, ?)",
            citizen_search)
        remember_words(db, {word for row in citizen_rows for word in name_words(row[2])})
        db.conn.executemany(
            "INSERT INTO consultations (id, uuid, reference, ref_year, ref_seq, occurred_at, channel, "
            "advisor_id, citizen_id, question, answer, help_level, outcome, next_steps, "
            "follow_up_on, satisfaction, consent_record, consent_share, consent_contact, "
            "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows)
        db.conn.executemany(
            "INSERT INTO consultation_issues (consultation_id, category_id, service_id, position) "
            "VALUES (?, ?, ?, ?)", issue_rows)
        db.conn.executemany(
            "INSERT INTO consultation_search (rowid, reference, names, body, latin) "
            "VALUES (?, ?, ?, ?, ?)", search_rows)
        db.conn.executemany(
            "INSERT INTO reference_counters (year, last_seq) VALUES (?, ?) "
            "ON CONFLICT(year) DO UPDATE SET last_seq = excluded.last_seq",
            list(counters.items()))


@functools.cache
def _public_holidays(year: int) -> holidays.HolidayBase:
    """Bulgarian public holidays of ``year`` and the next (built once: ~40 ms each)."""
    return holidays.country_holidays("BG", years=[year, year + 1])


def _meeting_day(submitted: dt.date) -> dt.date:
    """The commission meets on the 25th, or the first working day after it (no weekend, no
    Bulgarian public holiday: not on Christmas Day); a referral submitted by the 20th
    makes that month's meeting."""
    month = submitted.replace(day=1)
    if submitted.day > 20:
        month = (month + dt.timedelta(days=32)).replace(day=1)
    day = month.replace(day=25)
    public_holidays = _public_holidays(day.year)
    while day.weekday() >= 5 or day in public_holidays:
        day += dt.timedelta(days=1)
    return day


def _referrals(db, rng: random.Random, referred, today: dt.date) -> int:
    """Referrals in every stage, with the meetings whose agendas they were on:
    old ones decided and closed, recent ones still open, some overdue."""
    stamp = now_iso()
    per_year: dict[int, int] = {}
    meetings: dict[dt.date, int] = {}
    rows = []
    stages = [ReferralStatus.DRAFT, ReferralStatus.SUBMITTED, ReferralStatus.ON_AGENDA,
              ReferralStatus.DECIDED, ReferralStatus.INFORMED, ReferralStatus.CLOSED]
    with write_transaction(db):
        for consultation_id, moment, question in referred:
            year = moment.year
            per_year[year] = per_year.get(year, 0) + 1
            submitted = moment.date() + dt.timedelta(days=2)
            meeting = _meeting_day(submitted)
            # How far it got: as far as the dates allow, a few held back as overdue.
            reached = 0 if today < submitted else 1
            if today >= meeting - dt.timedelta(days=7):
                reached = 2
            if today > meeting:
                reached = 3 + min(2, (today - meeting).days // 7)
            if reached >= 2 and rng.random() < 0.1:
                reached = 1
            meeting_id = None
            if reached >= 2:
                if meeting not in meetings:
                    meetings[meeting] = db.conn.execute(
                        "INSERT INTO meetings (uuid, held_on, place, notes, created_at, updated_at) "
                        "VALUES (?, ?, ?, '', ?, ?)",
                        [new_uuid(), meeting.isoformat(), "Заседателна зала, Община Кресна",
                         stamp, stamp]).lastrowid
                meeting_id = meetings[meeting]
            rows.append((
                new_uuid(), f"KK-{year}-{per_year[year]:04d}", consultation_id,
                stages[reached].value, question[:300],
                submitted.isoformat() if reached >= 1 else None, meeting_id,
                meeting.isoformat() if reached >= 3 else None,
                "Комисията препоръчва на общинската администрация да разгледа случая "
                "в 14-дневен срок." if reached >= 3 else "",
                (meeting + dt.timedelta(days=5)).isoformat() if reached >= 4 else None,
                "по телефона" if reached >= 4 else "",
                (meeting + dt.timedelta(days=10)).isoformat() if reached >= 5 else None,
                # Made the day of the consultation, so past months show their referrals.
                moment.isoformat(timespec="seconds"), stamp,
            ))
        db.conn.executemany(
            "INSERT INTO referrals (uuid, number, consultation_id, status, summary, submitted_on, "
            "meeting_id, decided_on, decision, informed_on, informed_how, closed_on, created_at, "
            "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    return len(rows)


def _signals(db, rng: random.Random, consultations: int, days: list[dt.date]) -> int:
    # ORDER BY: without it SQLite may read the ids through the (random) uuid index.
    units = [row[0] for row in db.execute("SELECT id FROM signal_units ORDER BY id").fetchall()]
    areas = [row[0] for row in db.execute("SELECT id FROM activity_areas ORDER BY id").fetchall()]
    count = max(3, consultations // 250)
    for _ in range(count):
        received = rng.choice(days)
        anonymous = rng.random() < 0.6
        create_signal(db, {
            "received_on": received.isoformat(),
            "channel": rng.choice(list(SignalChannel)).value,
            "anonymous": int(anonymous),
            "submitter_name": "" if anonymous else "Подател на сигнал",
            "submitter_contact": "",
            "unit_id": rng.choice(units) if units else None,
            "area_id": rng.choice(areas) if areas else None,
            "description": "Сигнал за възможна злоупотреба (демонстрационни данни).",
            "forwarded_to": "",
            "actions_taken": "",
            "status": rng.choice(list(SignalStatus)).value,
            "deadline": (received + dt.timedelta(days=30)).isoformat(),
            "changed_by": None,
            "changed_at": f"{received.isoformat()} 10:00:00",
        })
    return count


def _events(db, rng: random.Random, texts: dict, first_month: dt.date, today: dt.date) -> int:
    titles = texts.get("event_titles", {}).get("bg") or ["Ден на отворените врати"]
    stamp = now_iso()
    rows = []
    month = first_month
    while month <= today:
        for _ in range(rng.randint(1, 4)):
            day = month + dt.timedelta(days=rng.randint(0, 27))
            if day > today:
                continue
            rows.append((new_uuid(), rng.choice(list(EventKind)).value, day.isoformat(),
                         rng.choice(titles), rng.randint(6, 80), "", stamp, stamp))
        month = (month + dt.timedelta(days=32)).replace(day=1)
    with write_transaction(db):
        db.conn.executemany(
            "INSERT INTO events (uuid, kind, held_on, title, participants, notes, created_at, "
            "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
    return len(rows)
