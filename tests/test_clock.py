"""The one clock: China's date and time whatever the server's zone, fixed by HUITOUKAN_TODAY /
HUITOUKAN_NOW for demos, and used by every write (受理日期 checks, record timestamps)."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import time
import zoneinfo

import pytest

from huitoukan_tui.models import AuditEntry, Case
from huitoukan_tui.services import cases, clock
from huitoukan_tui.services.errors import ServiceError, ValidationError


@pytest.fixture
def server_in(monkeypatch):
    """Run the process in another local time zone (as a server in UTC or anywhere)."""
    def set_zone(name: str) -> None:
        monkeypatch.setenv("TZ", name)
        time.tzset()

    yield set_zone
    monkeypatch.delenv("TZ", raising=False)
    time.tzset()


@pytest.fixture(autouse=True)
def real_clock(monkeypatch):
    monkeypatch.delenv("HUITOUKAN_TODAY", raising=False)
    monkeypatch.delenv("HUITOUKAN_NOW", raising=False)


def test_now_is_china_time_whatever_the_servers_zone(server_in):
    server_in("America/Los_Angeles")  # 15 or 16 hours behind China
    shanghai = zoneinfo.ZoneInfo("Asia/Shanghai")
    before = dt.datetime.now(shanghai).replace(tzinfo=None)
    now, today = clock.now(), clock.today()
    after = dt.datetime.now(shanghai).replace(tzinfo=None)
    assert abs(dt.datetime.now() - before) > dt.timedelta(hours=14)  # the process's clock
    assert before.replace(microsecond=0) <= now <= after
    assert today in {before.date(), after.date()}
    assert now.microsecond == 0 and now.tzinfo is None


def test_a_zone_is_a_parameter(server_in):
    server_in("UTC")
    utc = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    assert abs(clock.now("UTC") - utc) < dt.timedelta(seconds=5)
    berlin = dt.datetime.now(zoneinfo.ZoneInfo("Europe/Berlin")).replace(tzinfo=None)
    assert abs(clock.now(zoneinfo.ZoneInfo("Europe/Berlin")) - berlin) < dt.timedelta(seconds=5)


def test_today_fixed_by_environment(monkeypatch):
    monkeypatch.setenv("HUITOUKAN_TODAY", "2024-04-11")
    assert clock.today() == dt.date(2024, 4, 11)
    assert clock.today("UTC") == dt.date(2024, 4, 11)
    assert clock.now().date() == dt.date(2024, 4, 11)


def test_now_fixed_by_environment_is_one_instant(monkeypatch):
    monkeypatch.setenv("HUITOUKAN_TODAY", "2030-01-01")  # HUITOUKAN_NOW wins
    monkeypatch.setenv("HUITOUKAN_NOW", "2024-04-11T07:30")
    assert clock.now() == dt.datetime(2024, 4, 11, 7, 30)
    assert clock.today() == dt.date(2024, 4, 11)
    # the same instant in UTC is eight hours earlier: still the day before there
    assert clock.now("UTC") == dt.datetime(2024, 4, 10, 23, 30)
    assert clock.today("UTC") == dt.date(2024, 4, 10)


@pytest.mark.parametrize(("name", "value", "message"), [
    ("HUITOUKAN_TODAY", "2024-13-01",
     "环境变量 HUITOUKAN_TODAY 不是有效日期：2024-13-01（应为 2024-04-11 这样的日期）"),
    ("HUITOUKAN_NOW", "2024-04-11 9点",
     "环境变量 HUITOUKAN_NOW 不是有效时间：2024-04-11 9点"
     "（应为 2024-04-11T09:30 这样的日期和时刻）"),
])
def test_invalid_override_is_one_chinese_line(monkeypatch, name, value, message):
    monkeypatch.setenv(name, value)
    with pytest.raises(ServiceError) as caught:
        clock.today()
    assert str(caught.value) == message


def test_invalid_zone_is_refused():
    with pytest.raises(ServiceError) as caught:
        clock.now("Asia/Nowhere")
    assert str(caught.value) == "时区无效：Asia/Nowhere（应为 Asia/Shanghai 这样的 IANA 时区名）"


def test_cli_refuses_an_invalid_override_without_traceback(tmp_path):
    env = {**os.environ, "HUITOUKAN_TODAY": "明天"}
    proc = subprocess.run(
        [sys.executable, "-m", "huitoukan_tui", "--db", str(tmp_path / "x.sqlite3"),
         "progress"], env=env, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1
    assert proc.stderr.strip().splitlines() == [
        "错误：环境变量 HUITOUKAN_TODAY 不是有效日期：明天（应为 2024-04-11 这样的日期）"]


def test_zone_data_comes_with_the_program():
    """Without system zone files (a slim container), tzdata still knows Asia/Shanghai."""
    zoneinfo.reset_tzpath(to=[])
    try:
        zone = zoneinfo.ZoneInfo.no_cache("Asia/Shanghai")
        assert zone.utcoffset(dt.datetime(2024, 4, 11)) == dt.timedelta(hours=8)
    finally:
        zoneinfo.reset_tzpath()


def _case(received_on: str) -> dict:
    return dict(case_no="LS-CLOCK-1", channel="来电", received_on=received_on, unit="七星村",
                target="某石材厂", content="夜间噪声扰民")


def test_case_received_date_is_checked_against_the_clock(monkeypatch, station, units):
    """受理日期 may not lie after today — the clock's today, as the TUI shows it."""
    monkeypatch.setenv("HUITOUKAN_TODAY", "2024-04-11")
    with pytest.raises(ValidationError) as caught:
        cases.create_case(station, _case("2024-04-12"))
    assert [(p.field, p.message) for p in caught.value.problems] == [
        ("受理日期", "不能晚于今天")]
    created = cases.create_case(station, _case("2024-04-11"))
    with pytest.raises(ValidationError) as caught:
        cases.update_case(station, created.case_no, {"received_on": "2024-04-13"},
                          created.version)
    assert [(p.field, p.message) for p in caught.value.problems] == [
        ("受理日期", "不能晚于今天")]


def test_records_are_stamped_with_china_time(monkeypatch, server_in, station, units):
    server_in("UTC")
    monkeypatch.setenv("HUITOUKAN_NOW", "2024-04-11T09:30")
    created = cases.create_case(station, _case("2024-04-10"))
    case = Case.get_by_id(created.id)
    assert case.created_at == dt.datetime(2024, 4, 11, 9, 30)
    entry = AuditEntry.get(AuditEntry.entity_id == case.id, AuditEntry.entity == "case")
    assert entry.at == dt.datetime(2024, 4, 11, 9, 30)
