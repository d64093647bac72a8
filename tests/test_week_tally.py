"""The weekly numbers come from counters the database keeps (huitoukan_tui.week_tally): over
a generated district — cases spread over streets, units, days and two campaigns, then edited
every way a record can change (first inspections set and moved, cases moved between units,
items retyped and redated, cases deleted) — every report week's table, district, street and
unit, equals a count of the records made here in Python, row by row."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter

import pytest

from huitoukan_tui import week_tally
from huitoukan_tui.enums import CaseStatus, RectKind, Role, UnitKind
from huitoukan_tui.models import (
    Campaign,
    CampaignStreet,
    Case,
    LedgerEntry,
    Rectification,
    Street,
    Unit,
    User,
    database,
)
from huitoukan_tui.services import campaign as campaigns
from huitoukan_tui.services import casestate, organisation, progress

STREETS = ("里山街道", "秋浦街道", "梅街镇")
UNITS_PER_STREET = 4
CASES = 300
KINDS = [k.value for k in RectKind]


def _days(start: dt.date, end: dt.date) -> list[dt.date]:
    return [start + dt.timedelta(days=n) for n in range((end - start).days + 1)]


@pytest.fixture
def district(db):
    """Three streets of four units each in the seed campaign and a later one; CASES cases,
    their ledger entries (most first inspected on some day, a few before the campaign began
    or after it ended) and four-list items of every kind; then edits."""
    rng = random.Random(18)
    seed = Campaign.get()
    later = Campaign.create(**{**{k: v for k, v in seed.__data__.items() if k != "id"},
                               "name": "2025年回头看", "start_on": dt.date(2025, 3, 14),
                               "end_on": dt.date(2025, 4, 14),
                               "final_due_on": dt.date(2025, 4, 14)})
    streets = [Street.get_or_none(Street.name == name) or Street.create(
        name=name, district="贵池区", station=f"{name}生态环境站", position=n)
        for n, name in enumerate(STREETS)]
    units = []
    for street in streets:
        for campaign in (seed, later):
            CampaignStreet.get_or_create(campaign=campaign, street=street)
        units += [organisation.add_unit(f"{street.name}{n}村", UnitKind.VILLAGE, street=street)
                  for n in range(UNITS_PER_STREET)]
    Unit.update(active=False).where(Unit.id == units[-1].id).execute()  # keeps its cases
    days = {c.id: _days(c.start_on - dt.timedelta(days=5), c.end_on + dt.timedelta(days=5))
            for c in (seed, later)}
    with database.atomic():
        Case.insert_many([{
            "case_no": f"T{n:04d}", "channel": "来电", "received_on": dt.date(2024, 1, 1),
            "unit": rng.choice(units).id, "target": f"对象{n}", "content": "噪声"}
            for n in range(CASES)]).execute()
        cases = list(Case.select(Case.id, Case.unit))
        for campaign in (seed, later):
            rows = [{"campaign": campaign.id, "case": c.id, "unit": c.unit_id,
                     "status": CaseStatus.PENDING.value,
                     "first_verified_on": rng.choice([None, *days[campaign.id]])}
                    for c in cases if campaign is seed or rng.random() < 0.8]
            LedgerEntry.insert_many(rows[:-10]).execute()  # many rows a statement …
            for row in rows[-10:]:  # … and one a statement
                LedgerEntry.create(**row)
        for _ in range(CASES * 2):
            case, campaign = rng.choice(cases), rng.choice((seed, later))
            Rectification.create(case=case.id, campaign=campaign, kind=rng.choice(KINDS),
                                 problem_type="噪声", opened_on=rng.choice(days[campaign.id]))
    with database.atomic():  # the edits, each as its own statement
        for entry in rng.sample(list(LedgerEntry.select()), 60):
            LedgerEntry.update(first_verified_on=rng.choice([None, *days[entry.campaign_id]])) \
                .where(LedgerEntry.id == entry.id).execute()
        moved = rng.sample(cases, 40)
        for case in moved:
            Case.update(unit=rng.choice(units).id).where(Case.id == case.id).execute()
        casestate.refresh(c.id for c in moved)  # the entries follow their case's unit
        for item in rng.sample(list(Rectification.select()), 80):
            Rectification.update(kind=rng.choice(KINDS),
                                 opened_on=rng.choice(days[item.campaign_id])) \
                .where(Rectification.id == item.id).execute()
        Rectification.update(opened_on=dt.date(2024, 3, 20)).where(  # many rows at once
            Rectification.kind == RectKind.NEW.value, Rectification.campaign == seed.id,
            Rectification.opened_on < dt.date(2024, 3, 20)).execute()
        gone = [c.id for c in rng.sample(cases, 15)]
        Case.delete().where(Case.id.in_(gone)).execute()  # entries and items go with them
    boss = User.create(login="boss", display_name="区环委办", role=Role.DISTRICT.value)
    return {"campaigns": (seed, later), "streets": streets, "boss": boss}


def _expected(campaign: Campaign, week) -> dict[int, tuple[int, int, int, int, int]]:
    """unit id → the five numbers of attachment 2, counted from the records here."""
    numbers: dict[int, list[int]] = {}
    for unit, day in LedgerEntry.select(LedgerEntry.unit, LedgerEntry.first_verified_on) \
            .where(LedgerEntry.campaign == campaign.id).tuples():
        row = numbers.setdefault(unit, [0, 0, 0, 0, 0])
        row[0] += 1
        row[1] += day is not None and week.start <= day <= week.end
        row[2] += day is not None and day <= week.end
    unit_of = dict(Case.select(Case.id, Case.unit).tuples())
    for case, kind, day in Rectification.select(
            Rectification.case, Rectification.kind, Rectification.opened_on) \
            .where(Rectification.campaign == campaign.id).tuples():
        if kind != RectKind.NEW.value:
            continue
        row = numbers.setdefault(unit_of[case], [0, 0, 0, 0, 0])
        row[3] += week.start <= day <= week.end
        row[4] += day <= week.end
    return {unit: tuple(row) for unit, row in numbers.items()}


def _numbers(row) -> tuple[int, int, int, int, int]:
    return tuple(getattr(row, k) for k in progress.NUMBER_FIELDS)


def _weeks(campaign: Campaign):
    week, last = campaigns.first_week(campaign), campaigns.last_week(campaign)
    while week.end <= last.end:
        yield week
        week = week.next()


def test_every_weeks_numbers_equal_a_count_of_the_records(district):
    boss, streets = district["boss"], district["streets"]
    units = {u.id: u for u in Unit.select()}
    checked = Counter()
    for campaign in district["campaigns"]:
        for week in _weeks(campaign):
            expected = _expected(campaign, week)
            table = progress.weekly_progress(boss, week, campaign=campaign)
            rows = {r.unit: r for r in table.rows}
            assert sorted(rows) == sorted(s.name for s in streets)
            for street in streets:
                row = rows[street.name]
                sums = [expected.get(u.id, (0,) * 5) for u in units.values()
                        if u.street_id == street.id]
                assert _numbers(row) == tuple(map(sum, zip(*sums, strict=True)))
                checked["street rows"] += 1
            assert _numbers(table.total) == tuple(
                map(sum, zip(*expected.values(), strict=True)))
            for street in streets:
                drilled = progress.weekly_progress(boss, week, campaign=campaign,
                                                   street=street.name)
                for row in drilled.rows:
                    assert _numbers(row) == expected.get(row.unit_id, (0,) * 5), row.unit
                    checked["unit rows"] += 1
                    checked["nonzero"] += any(_numbers(row))
    assert checked["street rows"] == 2 * 5 * len(STREETS)  # five report weeks a campaign
    assert checked["nonzero"] > checked["unit rows"] * 0.8  # the data is spread


def test_a_disabled_unit_keeps_its_row_while_it_has_cases(district):
    seed = district["campaigns"][0]
    disabled = Unit.get(Unit.active == False)  # noqa: E712
    week = campaigns.first_week(seed)
    street = Street.get_by_id(disabled.street_id)
    rows = progress.weekly_progress(district["boss"], week, campaign=seed,
                                    street=street.name).rows
    expected = _expected(seed, week)
    assert (disabled.id in [r.unit_id for r in rows]) == (expected.get(disabled.id, (0,))[0] > 0)


def test_rebuilding_the_counters_changes_nothing(district):
    def tally():
        return sorted(database.execute_sql(
            f"SELECT campaign_id, what, unit_id, day, n FROM {week_tally.TABLE}"
            " WHERE n <> 0").fetchall())

    kept = tally()
    week_tally.rebuild(database.obj)
    assert tally() == kept and kept


def test_a_writer_reading_the_weekly_numbers_before_it_commits_sees_its_own_change(demo_db):
    """An inspection with a 新发现 item, the case's first, then the unit's weekly numbers read
    in the same transaction: they already count it (PostgreSQL applies the counters' changes
    at the commit; a read before then adds the transaction's own), and the same after."""
    from huitoukan_tui.services import inspections
    from tests.conftest import CAMPAIGN_TODAY

    admin = User.get(User.login == "admin")
    campaign = campaigns.current_campaign()
    week = campaigns.week_containing(campaign, CAMPAIGN_TODAY)
    entry = (LedgerEntry.select().join(Case, on=LedgerEntry.case == Case.id)
             .where((LedgerEntry.campaign == campaign.id)
                    & LedgerEntry.first_verified_on.is_null()
                    & (Case.received_on <= CAMPAIGN_TODAY))
             .order_by(LedgerEntry.id).first())

    def numbers() -> tuple[int, int, int, int, int]:
        rows = progress.weekly_progress(admin, week, campaign=campaign).rows
        return _numbers(next(r for r in rows if r.unit_id == entry.unit_id))

    before = numbers()
    with database.atomic():
        inspections.record_inspection(admin, entry.case.case_no, inspections.InspectionInput(
            inspected_on=CAMPAIGN_TODAY, inspectors="回访组", handled=True, rebound=False,
            satisfaction="满意", new_problems=["新发现的堆场"]), today=CAMPAIGN_TODAY,
            campaign=campaign)
        inside = numbers()
    expected = tuple(map(sum, zip(before, (0, 1, 1, 1, 1), strict=True)))
    assert inside == expected
    assert numbers() == expected
