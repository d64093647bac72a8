"""The sample ledger of ``init --demo``: the seed's numbers, deterministic, every stage shown."""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from collections import Counter

import pytest
from click.testing import CliRunner

from huitoukan_tui.cli import main
from huitoukan_tui.enums import CaseStatus, Channel, RectKind, RectStatus, UnitKind
from huitoukan_tui.models import Case, Inspection, Rectification, Unit, User, database
from huitoukan_tui.services import rectifications
from tests.ledger import entries

SEED_CHANNELS = {"来电": 10, "12345热线": 3, "网络舆情": 7, "来访": 1, "人民网留言": 1,
                 "信访": 1, "区网信办": 1, "便民热线": 10}


def test_channel_counts_are_the_seeds(demo_db):
    got = Counter(Channel(c.channel).label for c in Case.select())
    assert dict(got) == SEED_CHANNELS
    assert Case.select().count() == 34 == sum(SEED_CHANNELS.values())


def test_units_villages_communities_and_two_departments(demo_db):
    units = list(Unit.select())
    assert 6 <= len(units) <= 8
    kinds = Counter(UnitKind(u.kind) for u in units)
    assert kinds[UnitKind.DEPARTMENT] == 2
    assert kinds[UnitKind.VILLAGE] >= 1 and kinds[UnitKind.COMMUNITY] >= 1
    per_unit = Counter(c.unit_id for c in Case.select())
    assert set(per_unit) == {u.id for u in units}  # every unit has cases


def test_cases_look_real(demo_db):
    cases = list(Case.select())
    assert min(c.received_on for c in cases).year == 2021
    assert all(dt.date(2021, 1, 1) <= c.received_on < dt.date(2024, 3, 15) for c in cases)
    assert len({c.case_no for c in cases}) == 34
    for c in cases:
        assert re.fullmatch(rf"LS-{c.received_on.year}-\d{{3}}", c.case_no)
        assert re.fullmatch(r"1[3578]\d{9}", c.phone)
        assert re.search(r"[\u4e00-\u9fff]{6}", c.content) and c.target and c.location
        assert c.original_handling and c.category


def test_lookback_records_at_every_stage(demo_db):
    statuses = Counter(CaseStatus(e.status) for e in entries())
    assert set(statuses) == set(CaseStatus)
    assert statuses[CaseStatus.PENDING] == 13
    assert Inspection.select().count() == 21
    assert all(dt.date(2024, 3, 15) <= i.inspected_on <= dt.date(2024, 4, 15)
               for i in Inspection.select())
    items = list(Rectification.select())
    assert {RectStatus(i.status) for i in items} == set(RectStatus)
    assert {RectKind(i.kind) for i in items} == set(RectKind)
    assert any(e.referred for e in entries())
    for item in items:  # every row is a complete four-list row that obeys the seed's rule
        assert item.target_standard and item.deadline and item.implementer and item.acceptor
        needed = rectifications.required_periods(item.opened_on, item.deadline)
        measures = rectifications.measures_of(item)
        assert measures
        for m in measures:
            assert [s["period"] for s in m.milestones] == needed


def test_demo_accounts(demo_db):
    roles = {u.login: (u.role, u.unit.name if u.unit_id else None) for u in User.select()}
    assert roles["qixing"] == ("unit", "七星村")
    assert roles["xinhe"] == ("unit", "新河社区")
    assert roles["quhuanweiban"] == ("viewer", None)
    assert roles["admin"] == ("station", None)


CASE_SQL = ("SELECT case_no, channel, received_on, u.name, petitioner, phone, target, location,"
            " category, content, original_handling, e.status, e.first_verified_on,"
            " e.next_deadline, e.referred FROM petition_case c JOIN unit u ON u.id = c.unit_id"
            " JOIN ledger_entry e ON e.case_id = c.id ORDER BY case_no")
ITEM_SQL = ("SELECT c.case_no, r.kind, r.status, r.new_problem, r.deadline, r.opened_on,"
            " r.accepted_on, r.referred_on, m.position, m.content, m.milestones"
            " FROM rectification r JOIN petition_case c ON c.id = r.case_id"
            " JOIN measure m ON m.rectification_id = r.id"
            " ORDER BY r.id, m.position")
INSPECTION_SQL = ("SELECT c.case_no, inspected_on, inspectors, handled, rebound, satisfaction,"
                  " findings FROM inspection i JOIN petition_case c ON c.id = i.case_id"
                  " ORDER BY i.id")


@pytest.mark.sqlite_only  # compares two files made by the command itself
def test_two_inits_give_the_same_data(tmp_path):
    dumps = []
    for name in ("one", "two"):
        path = tmp_path / f"{name}.sqlite3"
        result = CliRunner().invoke(main, ["--db", str(path), "--user", "admin", "init",
                                           "--demo"], catch_exceptions=False)
        assert result.exit_code == 0
        database.close()
        with sqlite3.connect(path) as conn:
            dumps.append([conn.execute(sql).fetchall()
                          for sql in (CASE_SQL, ITEM_SQL, INSPECTION_SQL)])
    assert len(dumps[0][0]) == 34 and len(dumps[0][1]) == 24 and len(dumps[0][2]) == 21
    assert dumps[0] == dumps[1]
