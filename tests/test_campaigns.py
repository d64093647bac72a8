"""Two streets and two campaigns sharing cases (issue 14): per-campaign ledgers, statuses and
weekly numbers computed by hand, items carried over (结转), the district's table per street,
the default campaign, the end of a campaign and closing it.

The district: 里山街道 (七星村, 新河社区) runs the seed's 2024 campaign alone; the 2025
campaign (file below) adds 秋浦街道 (杏花村, 秋浦社区) and takes two of 里山's 2024 cases
again (A1, A2) plus two new ones of 秋浦 (B1, B2).

2024 (report weeks end on Thursdays 03-21, 03-28, …):
- A1 (七星村) inspected 03-20, not handled, one new problem → 未整改到位 + 新发现 (2024);
- A3 (新河社区) inspected 03-27, handled.
2025 (weeks end 03-20, 03-27, …):
- A2 inspected 2025-03-18 with a new problem; B1 inspected 03-25; A1 re-inspected (for the
  first time in 2025) 03-26, handled — its two open 2024 items are carried over.
"""

from __future__ import annotations

import datetime as dt
import json
import textwrap

import pytest

from huitoukan_tui.enums import Role
from huitoukan_tui.io import import_spool
from huitoukan_tui.io.ledger_import import import_ledger
from huitoukan_tui.models import Campaign, Case, Inspection, LedgerEntry, Unit, User
from huitoukan_tui.services import campaign as campaigns
from huitoukan_tui.services import cases as case_service
from huitoukan_tui.services import (
    casestate,
    dashboard,
    inspections,
    itemlist,
    organisation,
    progress,
    rectifications,
    users,
)
from huitoukan_tui.services.campaign import Week
from huitoukan_tui.services.errors import NotFound, PermissionDenied, ServiceError
from huitoukan_tui.services.inspections import InspectionInput
from huitoukan_tui.services.rectifications import ItemFilter
from tests.import_fixtures import HEADER, simple_ledger, write_xlsx

LATER = "2025年贵池区生态环境领域信访事项“回头看”专项行动"
LATER_FILE = textwrap.dedent(f"""\
    name = "{LATER}"
    district = "贵池区"
    start = 2025-03-14
    end = 2025-04-14
    report_weekday = "周四"
    final_due = 2025-04-11

    [titles]
    problems = "2025年贵池区“回头看”问题清单"
    progress = "2025年贵池区“回头看”进展一览表"
    ledger = "2025年贵池区信访事项台账"

    [[streets]]
    name = "里山街道"
    station = "里山街道生态环境站"
    contact = "王章兴"
    units = [{{ name = "七星村", kind = "村" }}]

    [[streets]]
    name = "秋浦街道"
    station = "秋浦街道生态环境站"
    contact = "李站长"
    units = [{{ name = "杏花村", kind = "村" }}, {{ name = "秋浦社区", kind = "社区" }}]
    """)


def week(end: str) -> Week:
    day = dt.date.fromisoformat(end)
    return Week(day - dt.timedelta(days=6), day)


def case(no: str, unit: str, target: str = "某厂") -> dict:
    return {"case_no": no, "channel": "来电", "received_on": "2023-06-01", "unit": unit,
            "target": target, "content": "夜间噪声扰民"}


def inspect(actor, no: str, day: str, campaign, *, handled: bool = True, new=()):
    return inspections.record_inspection(actor, no, InspectionInput(
        day, "张伟", handled, False, "满意" if handled else "不满意", new_problems=list(new)),
        today=dt.date.fromisoformat(day), campaign=campaign)


@pytest.fixture
def district(db, station, tmp_path):
    """The district above, with its accounts: admin (里山's station, the administrator),
    qiupu (秋浦's station), district (区环委办), qixing and xinghua (units)."""
    first = campaigns.current_campaign()
    for name, kind in (("七星村", "村"), ("新河社区", "社区")):
        organisation.create_unit(station, name, kind)
    for no, unit in (("A1", "七星村"), ("A2", "七星村"), ("A3", "新河社区")):
        case_service.create_case(station, case(no, unit, f"{no}对象"), first)
    _, items_2024 = inspect(station, "A1", "2024-03-20", first, handled=False,
                            new=["河边堆放垃圾"])
    inspect(station, "A3", "2024-03-27", first)
    path = tmp_path / "2025.toml"
    path.write_text(LATER_FILE, encoding="utf-8")
    later = campaigns.add_campaign_file(station, path)
    qiupu = users.add_user(station, "qiupu", "秋浦站", "station", street_name="秋浦街道")
    boss = users.add_user(station, "district", "区环委办", "district")
    qixing = users.add_user(station, "qixing", "七星村干部", "unit", "七星村")
    xinghua = users.add_user(qiupu, "xinghua", "杏花村干部", "unit", "杏花村")
    for no, unit in (("B1", "杏花村"), ("B2", "秋浦社区")):
        case_service.create_case(qiupu, case(no, unit, f"{no}对象"), later)
    # the later ledger takes A1 and A2 again (as an import of them does)
    casestate.add_to_ledger(later, [case_service.get_case(station, n).id for n in ("A1", "A2")])
    inspect(station, "A2", "2025-03-18", later, new=["厂区东侧新增露天堆场"])
    inspect(qiupu, "B1", "2025-03-25", later)
    inspect(station, "A1", "2025-03-26", later)
    return {"first": first, "later": later, "admin": station, "qiupu": qiupu,
            "district": boss, "qixing": qixing, "xinghua": xinghua, "items_2024": items_2024}


def numbers(table) -> list[tuple]:
    return [(r.unit, r.total, r.verified_this_week, r.verified_total,
             r.new_problems_this_week, r.new_problems_total) for r in [*table.rows, table.total]]


def test_each_campaign_has_its_own_weekly_numbers(district):
    admin, first, later = district["admin"], district["first"], district["later"]
    assert numbers(progress.weekly_progress(admin, week("2024-03-21"), campaign=first)) == [
        ("七星村", 2, 1, 1, 1, 1), ("新河社区", 1, 0, 0, 0, 0), ("合计", 3, 1, 1, 1, 1)]
    assert numbers(progress.weekly_progress(admin, week("2024-03-28"), campaign=first)) == [
        ("七星村", 2, 0, 1, 0, 1), ("新河社区", 1, 1, 1, 0, 0), ("合计", 3, 1, 2, 0, 1)]
    # 2025: only this campaign's inspections and new problems; A3 is not in its ledger
    assert numbers(progress.weekly_progress(admin, week("2025-03-20"), campaign=later)) == [
        ("七星村", 2, 1, 1, 1, 1), ("新河社区", 0, 0, 0, 0, 0), ("合计", 2, 1, 1, 1, 1)]
    assert numbers(progress.weekly_progress(admin, week("2025-03-27"), campaign=later)) == [
        ("七星村", 2, 1, 2, 0, 1), ("新河社区", 0, 0, 0, 0, 0), ("合计", 2, 1, 2, 0, 1)]
    qiupu = district["qiupu"]
    assert numbers(progress.weekly_progress(qiupu, week("2025-03-27"), campaign=later)) == [
        ("杏花村", 1, 1, 1, 0, 0), ("秋浦社区", 1, 0, 0, 0, 0), ("合计", 2, 1, 1, 0, 0)]


def test_the_district_table_has_one_row_per_street_and_drills_down(district):
    boss, later, first = district["district"], district["later"], district["first"]
    table = progress.weekly_progress(boss, week("2025-03-27"), campaign=later)
    assert numbers(table) == [("里山街道", 2, 1, 2, 0, 1), ("秋浦街道", 2, 1, 1, 0, 0),
                              ("合计", 4, 2, 3, 0, 1)]
    assert {r["level"] for r in table.record()["rows"]} == {"street"}
    drilled = progress.weekly_progress(boss, week("2025-03-27"), campaign=later,
                                       street="秋浦街道")
    assert numbers(drilled) == [("杏花村", 1, 1, 1, 0, 0), ("秋浦社区", 1, 0, 0, 0, 0),
                                ("合计", 2, 1, 1, 0, 0)]
    assert {r["level"] for r in drilled.record()["rows"]} == {"unit"}
    # the 2024 campaign had one street
    assert numbers(progress.weekly_progress(boss, week("2024-03-28"), campaign=first)) == [
        ("里山街道", 3, 1, 2, 0, 1), ("合计", 3, 1, 2, 0, 1)]
    behind = progress.cases_behind(boss, week("2025-03-27"), None, progress.DRILL_VERIFIED,
                                   campaign=later, street="秋浦街道")
    assert [c.case_no for c in behind] == ["B1"]


def test_status_is_per_campaign_and_open_items_are_carried_over(district):
    admin, first, later = district["admin"], district["first"], district["later"]

    def status(no, campaign):
        return LedgerEntry.select(LedgerEntry.status).join(Case).where(
            (Case.case_no == no) & (LedgerEntry.campaign == campaign.id)).scalar()

    assert [status(n, first) for n in ("A1", "A2", "A3")] == ["rectifying", "pending",
                                                              "verified"]
    # A2 has a 2025 new problem; A1, inspected in 2025 too, still has its two open 2024 items
    assert [status(n, later) for n in ("A1", "A2", "B1", "B2")] == [
        "rectifying", "rectifying", "verified", "pending"]
    page = itemlist.item_page(admin, ItemFilter(campaign=later.id), today=dt.date(2025, 4, 1))
    carried = {(r.case_no, r.kind.label, r.carried_from) for r in page.rows}
    assert carried == {("A1", "未整改到位", first.name), ("A1", "新发现", first.name),
                       ("A2", "新发现", "")}
    # in 2024's lists only 2024's own items
    assert {r.case_no for r in itemlist.item_page(admin, ItemFilter(campaign=first.id)).rows} \
        == {"A1"}
    # an item closed before the later campaign started is not carried
    not_rectified = district["items_2024"][0]
    item = rectifications.update_item(admin, not_rectified.id, {
        "problem_type": "来电", "original_problem": "夜间噪声扰民", "new_problem": "",
        "target_standard": "整改到位", "implementer": "七星村", "acceptor": "里山街道生态环境站",
        "deadline": dt.date(2024, 6, 30)},
        [rectifications.MeasureInput("安装隔音棚", [{"period": "2024Q1", "target": "方案"},
                                                   {"period": "2024Q2", "target": "完成"}])],
        not_rectified.version)
    rectifications.set_status(admin, item.id, "待验收", on="2024-04-01",
                              today=dt.date(2024, 4, 2))
    rectifications.set_status(admin, item.id, "已销号", on="2024-04-02",
                              today=dt.date(2024, 4, 2))
    page = itemlist.item_page(admin, ItemFilter(campaign=later.id), today=dt.date(2025, 4, 1))
    assert {(r.case_no, r.kind.label) for r in page.rows} == {("A1", "新发现"), ("A2", "新发现")}


def test_a_station_sees_only_its_street_by_every_path(district):
    qiupu, later = district["qiupu"], district["later"]
    listed = case_service.list_cases(qiupu, case_service.CaseFilter(campaign=later.id))
    assert [c.case_no for c in listed] == ["B1", "B2"]
    assert case_service.list_cases(qiupu, case_service.CaseFilter(
        search="A1对象", campaign=later.id)) == []
    with pytest.raises(NotFound):
        case_service.get_case(qiupu, "A1")
    with pytest.raises(NotFound):
        inspect(qiupu, "A2", "2025-03-27", later)
    with pytest.raises(ServiceError, match="没有这个单位"):
        case_service.create_case(qiupu, case("B9", "七星村"), later)
    assert [no for no, _ in dashboard.find_case_numbers(qiupu, "A")] == []
    assert [no for no, _ in dashboard.find_case_numbers(qiupu, "B")] == ["B1", "B2"]
    with pytest.raises(ServiceError, match="没有这个街道") as outside:
        progress.weekly_progress(qiupu, week("2025-03-27"), campaign=later, street="里山街道")
    assert [p.field for p in outside.value.problems] == ["街道"]
    with pytest.raises(ServiceError, match="没有这个单位"):
        progress.set_remark(qiupu, "七星村", week("2025-03-27"), "越界", campaign=later)
    # accounts: its street's only; another street's unit is refused as if it did not exist
    assert {u.login for u in users.list_users(qiupu)} == {"qiupu", "xinghua"}
    with pytest.raises(NotFound):
        users.get_user(qiupu, "qixing")
    with pytest.raises(ServiceError, match="没有这个单位") as unit_refused:
        users.add_user(qiupu, "x1", "某", "unit", "七星村")
    with pytest.raises(ServiceError, match="没有这个街道") as street_refused:
        users.add_user(qiupu, "x2", "某", "station", street_name="里山街道")
    assert [(p.field, p.message.startswith("没有这个单位：七星村（已有："))
            for p in unit_refused.value.problems] == [("单位", True)]
    assert [(p.field, p.message.startswith("没有这个街道：里山街道（已有："))
            for p in street_refused.value.problems] == [("街道", True)]
    # the 2024 campaign is not 秋浦's: refused with the names it may choose
    with pytest.raises(NotFound, match=f"可选：{LATER}"):
        campaigns.resolve(district["first"].name, qiupu)
    summary = dashboard.status_summary(qiupu, dt.date(2025, 3, 28), campaign=later)
    assert (summary.total, summary.verified) == (2, 1)


def test_a_unit_and_the_district_by_every_path(district):
    xinghua, boss, later = district["xinghua"], district["district"], district["later"]
    assert [c.case_no for c in case_service.list_cases(
        xinghua, case_service.CaseFilter(campaign=later.id))] == ["B1"]
    with pytest.raises(NotFound):
        case_service.get_case(xinghua, "B2")
    # the district reads every street and changes nothing
    assert [c.case_no for c in case_service.list_cases(
        boss, case_service.CaseFilter(campaign=later.id))] == ["A1", "A2", "B1", "B2"]
    with pytest.raises(PermissionDenied):
        inspect(boss, "B2", "2025-03-27", later)
    with pytest.raises(PermissionDenied):
        case_service.create_case(boss, case("C1", "杏花村"), later)
    assert case_service.case_record(boss, case_service.get_case(boss, "B1"),
                                    dt.date(2025, 3, 28), later)["phone"] == ""
    # the district and the administrator add accounts anywhere
    users.add_user(boss, "liuzx", "柳站", "station", street_name="秋浦街道")
    assert User.get(User.login == "liuzx").street.name == "秋浦街道"


def test_default_campaign_rule(district, monkeypatch):
    first, later, admin = district["first"], district["later"], district["admin"]
    for today, expected in (("2025-03-20", later), ("2024-04-01", first),
                            ("2024-12-01", first), ("2026-01-01", later),
                            ("2023-01-01", first)):
        monkeypatch.setenv("HUITOUKAN_TODAY", today)
        assert campaigns.default_campaign(admin).id == expected.id, today
    monkeypatch.setenv("HUITOUKAN_CAMPAIGN", first.name)
    assert campaigns.resolve(None, admin).id == first.id
    # a running campaign is listed first
    monkeypatch.setenv("HUITOUKAN_TODAY", "2025-03-20")
    assert [c.name for c in campaigns.campaigns_for(admin)] == [later.name, first.name]
    assert [c.name for c in campaigns.campaigns_for(district["qiupu"])] == [later.name]


def test_after_the_end_and_closing(district, monkeypatch):
    first, admin = district["first"], district["admin"]
    monkeypatch.setenv("HUITOUKAN_TODAY", "2024-12-01")
    assert campaigns.current_week(first, campaigns.today_in(first)) == week("2024-04-18")
    assert campaigns.week_due(first, dt.date(2024, 12, 1)) == week("2024-04-18")
    assert campaigns.state_label(first) == "已结束（2024-04-15）"
    assert dashboard.status_summary(admin, campaign=first).campaign_state == "已结束（2024-04-15）"
    closed = campaigns.close_campaign(admin, first.name)
    assert closed.closed_on == dt.date(2024, 12, 1)
    assert campaigns.state_label(closed) == "已关闭（2024-12-01）"
    with pytest.raises(ServiceError, match="已于 2024-12-01 关闭"):
        inspect(admin, "A2", "2024-04-10", first)
    with pytest.raises(ServiceError, match="关闭"):
        case_service.create_case(admin, case("A9", "七星村"), first)
    # its open items stay workable
    item = district["items_2024"][1]
    moved = rectifications.set_status(admin, item.id, "移交执法", on="2024-11-30",
                                      reason="拒不整改", department="区生态环境综合执法大队",
                                      today=dt.date(2024, 12, 1))
    assert moved.status == "referred"
    with pytest.raises(NotFound):  # not 秋浦's campaign
        campaigns.close_campaign(district["qiupu"], first.name)
    with pytest.raises(PermissionDenied):
        campaigns.close_campaign(district["qixing"], district["later"].name)


def test_time_is_the_campaigns_zone(district, monkeypatch):
    """At 03:54 China time the server (UTC) is still on the day before: an inspection dated
    China's today is taken, not refused as a date in the future."""
    later, qiupu = district["later"], district["qiupu"]
    monkeypatch.delenv("HUITOUKAN_TODAY", raising=False)
    monkeypatch.setenv("HUITOUKAN_NOW", "2025-03-27T03:54")
    assert campaigns.today_in(later) == dt.date(2025, 3, 27)
    inspection, _ = inspections.record_inspection(qiupu, "B2", InspectionInput(
        "2025-03-27", "李四", True, False, "满意"), campaign=later)
    assert inspection.inspected_on == dt.date(2025, 3, 27)
    assert campaigns.now_in(later) == dt.datetime(2025, 3, 27, 3, 54)


def test_campaign_cli_list_show_and_unknown_name(district, run_cli):
    result = run_cli(["campaign", "list", "--format", "json"])
    assert result.exit_code == 0, result.output
    listed = json.loads(result.stdout)
    assert [sorted(r) for r in listed] == [sorted(
        ["name", "start", "end", "report_weekday", "streets", "state"])] * 2
    by_name = {r["name"]: r for r in listed}
    assert by_name[LATER]["streets"] == ["里山街道", "秋浦街道"]
    assert by_name[LATER]["report_weekday"] == "周四" and by_name[LATER]["state"] == "已结束"
    shown = run_cli(["campaign", "show", LATER])
    assert "秋浦街道" in shown.stdout and "2025-03-14 至 2025-04-14" in shown.stdout
    bad = run_cli(["--campaign", "没有的行动", "cases"])
    assert bad.exit_code == 1
    assert f"没有这个专项行动：没有的行动（可选：{LATER}、" in bad.stderr
    # the same option after the command
    listed_2024 = run_cli(["cases", "--campaign", district["first"].name, "--format", "json"])
    assert [c["case_no"] for c in json.loads(listed_2024.stdout)] == ["A1", "A2", "A3"]
    table = run_cli(["progress", "--week", "2025-03-27", "--format", "json"],
                    user="district")
    data = json.loads(table.stdout)
    assert [(r["unit"], r["level"], r["total"]) for r in data["rows"]] == [
        ("里山街道", "street", 2), ("秋浦街道", "street", 2)]
    drilled = json.loads(run_cli(["progress", "--week", "2025-03-27", "--street", "秋浦街道",
                                  "--format", "json"], user="district").stdout)
    assert [(r["unit"], r["level"]) for r in drilled["rows"]] == [("杏花村", "unit"),
                                                                   ("秋浦社区", "unit")]


def test_unit_commands(district, run_cli):
    added = run_cli(["unit", "add", "梅龙村", "--kind", "村"], user="qiupu")
    assert added.exit_code == 0, added.output
    assert Unit.get(Unit.name == "梅龙村").street.name == "秋浦街道"
    listed = json.loads(run_cli(["unit", "list", "--format", "json"], user="qiupu").stdout)
    assert [(u["name"], u["street"], u["cases"]) for u in listed] == [
        ("杏花村", "秋浦街道", 1), ("秋浦社区", "秋浦街道", 1), ("梅龙村", "秋浦街道", 0)]
    taken = run_cli(["unit", "add", "七星村", "--kind", "村"], user="qiupu")
    assert taken.exit_code == 1 and "已存在：七星村（其他街道）" in taken.stderr
    assert run_cli(["unit", "rename", "七星村", "x"], user="qiupu").exit_code == 1
    renamed = run_cli(["unit", "rename", "梅龙村", "梅龙社区"], user="qiupu")
    assert renamed.exit_code == 0 and Unit.get(Unit.name == "梅龙社区")
    refused = run_cli(["unit", "disable", "七星村"])  # its open 2024 items
    assert refused.exit_code == 1 and "未销号的整改事项" in refused.stderr
    assert run_cli(["unit", "disable", "七星村", "--force"]).exit_code == 0
    assert not Unit.get(Unit.name == "七星村").active
    assert case_service.get_case(district["admin"], "A1").unit.name == "七星村"  # kept
    assert run_cli(["unit", "add", "y", "--kind", "村"], user="qixing").exit_code == 1


BAD_FILES = [
    ("name", 'district = "贵池区"', "name：缺少此键"),
    ("color", 'color = "红"', "color：未知的键"),
    ("end", "end = 2025-03-01", "end：结束日期 2025-03-01 早于开始日期 2025-03-14"),
    ("report_weekday", 'report_weekday = "周八"', "report_weekday：没有这个星期几：周八"),
    ("timezone", 'timezone = "Mars/Olympus"', "timezone：没有这个时区：Mars/Olympus"),
    ("units", 'units = [{ name = "杏花村", kind = "村" }, { name = "杏花村", kind = "村" }]',
     "streets[2].units[2].name：单位重复：杏花村"),
]


@pytest.mark.sqlite_only  # the file checks are engine-neutral Python
@pytest.mark.parametrize("key, line, message", BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_bad_campaign_files_are_refused_line_by_line(district, run_cli, tmp_path, key, line,
                                                     message):
    text = LATER_FILE.replace(LATER, "2026年专项行动")
    if key == "name":
        text = text.replace('name = "2026年专项行动"\n', "")
    elif key == "color":
        text = line + "\n" + text
    elif key == "units":
        text = text.replace('units = [{ name = "杏花村", kind = "村" }, '
                            '{ name = "秋浦社区", kind = "社区" }]', line)
    else:
        text = "\n".join(line if row.startswith(f"{key} =") else row
                         for row in text.splitlines()) + "\n"
        if key == "timezone":
            text = line + "\n" + text
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    before = Campaign.select().count()
    result = run_cli(["campaign", "add", str(path)])
    assert result.exit_code == 1
    assert f"错误：{path}：{message}" in result.stderr, result.stderr
    assert Campaign.select().count() == before


@pytest.mark.sqlite_only  # the file checks are engine-neutral Python
def test_a_unit_of_another_street_is_refused_and_nothing_is_written(district, run_cli,
                                                                   tmp_path):
    text = LATER_FILE.replace(LATER, "2026年专项行动").replace(
        '{ name = "杏花村", kind = "村" }', '{ name = "七星村", kind = "村" }').replace(
        'units = [{ name = "七星村", kind = "村" }]',
        'units = [{ name = "新河社区", kind = "社区" }]').replace(
        'name = "秋浦街道"', 'name = "白洋街道"')
    path = tmp_path / "other.toml"
    path.write_text(text, encoding="utf-8")
    result = run_cli(["campaign", "add", str(path)])
    assert result.exit_code == 1
    assert (f"错误：{path}：streets[2].units[1].name：单位 七星村 已属于 里山街道，"
            "不能再列在 白洋街道 下") in result.stderr
    assert not Campaign.select().where(Campaign.name == "2026年专项行动").exists()
    assert not organisation.Street.select().where(
        organisation.Street.name == "白洋街道").exists()
    assert run_cli(["campaign", "add", str(path)], user="qiupu").exit_code == 1  # not anyone


def test_init_with_an_own_campaign(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from huitoukan_tui.cli import main

    path = tmp_path / "own.toml"
    path.write_text(LATER_FILE, encoding="utf-8")
    db_path = tmp_path / "own.sqlite3"
    runner = CliRunner()
    result = runner.invoke(main, ["--db", str(db_path), "--user", "liz", "init", "--campaign",
                                  str(path), "--name", "李站长"])
    assert result.exit_code == 0, result.output
    assert LATER in result.stdout and "liz（里山街道）" in result.stdout
    listed = runner.invoke(main, ["--db", str(db_path), "--user", "liz", "unit", "list",
                                  "--format", "json"])
    assert [u["name"] for u in json.loads(listed.stdout)] == ["七星村"]  # its street's
    added = runner.invoke(main, ["--db", str(db_path), "--user", "liz", "user", "add", "qx",
                                 "--name", "陈", "--role", "unit", "--unit", "七星村"])
    assert added.exit_code == 0, added.output
    assert User.get(User.login == "qx").role == Role.UNIT.value


def test_the_readme_example_campaign_file_is_valid():
    """README's "Your own campaign" shows a complete file, every key: it must be accepted."""
    import re
    from pathlib import Path

    from huitoukan_tui.services.campaignfile import TOP_KEYS, parse_campaign

    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Your own campaign", 1)[1]
    example = re.search(r"```toml\n(.*?)```", section, re.S).group(1)
    import tomllib

    data = tomllib.loads(example)
    assert set(data) == TOP_KEYS  # every key is shown
    spec = parse_campaign(data, "README")
    assert [s.name for s in spec.streets] == ["里山街道", "秋浦街道"]
    assert spec.report_due == {dt.date(2026, 4, 2): dt.date(2026, 4, 1)}
    assert (spec.report_weekday, spec.report_time, spec.timezone) == (3, "12:00",
                                                                      "Asia/Shanghai")


def test_the_district_exports_its_table_and_each_streets(district, tmp_path):
    """export progress as 区环委办 with --per-street: the district's table (one row per
    street, headed 街道) and each street's own table of its units, numbers as above."""
    from openpyxl import load_workbook

    from huitoukan_tui.io.exporting import export_forms

    results = export_forms(district["district"], "progress", week=dt.date(2025, 3, 27),
                           per_street=True, out_dir=tmp_path, campaign=district["later"])
    names = [r.path.name for r in results]
    # a database of two campaigns: the names say which one (issue 15)
    assert names == [f"2025-03-27_{LATER}_进展一览表_{scope}.xlsx"
                     for scope in ("合计", "里山街道", "秋浦街道")]

    def table(name: str) -> tuple[list, list[list], list]:
        ws = load_workbook(tmp_path / name).active
        rows = [[c.value for c in row] for row in ws.iter_rows(min_row=4, max_col=8)]
        end = next(n for n, r in enumerate(rows) if r[0] == "合计")
        return [c.value for c in ws[3]][:2], rows[:end], rows[end]

    heading, rows, total = table(names[0])
    assert heading == ["序号", "街道"]
    assert rows == [[1, "里山街道", 2, 1, 2, 1.0, 0, 1], [2, "秋浦街道", 2, 1, 1, 0.5, 0, 0]]
    assert total == ["合计", None, 4, 2, 3, 0.75, 0, 1]
    heading, rows, total = table(names[2])
    assert heading == ["序号", "核查\n单位"]
    assert rows == [[1, "杏花村", 1, 1, 1, 1.0, 0, 0], [2, "秋浦社区", 1, 0, 0, 0.0, 0, 0]]
    assert total == ["合计", None, 2, 1, 1, 0.5, 0, 0]
    heading, rows, total = table(names[1])  # as 里山's station sees it: 新河社区 with none
    assert rows == [[1, "七星村", 2, 1, 2, 1.0, 0, 1], [2, "新河社区", 0, 0, 0, 0, 0, 0]]
    assert total == ["合计", None, 2, 1, 2, 1.0, 0, 1]


WEST_FILE = textwrap.dedent("""\
    name = "2025年西部街道“回头看”专项行动"
    district = "贵池区"
    start = 2025-03-13
    end = 2025-04-30
    report_weekday = "周二"
    report_time = "17:30"
    final_due = 2025-04-25
    timezone = "Asia/Urumqi"

    [titles]
    problems = "问题清单"
    progress = "进展一览表"
    ledger = "台账"

    [report_due]
    "2025-04-01" = 2025-03-31

    [[streets]]
    name = "西部街道"
    station = "西部街道生态环境站"
    units = [{ name = "西园村", kind = "村" }]
    """)


def test_the_report_is_due_by_the_campaigns_own_day_time_and_zone(db, station, tmp_path,
                                                                  monkeypatch):
    """A campaign reporting on Tuesdays at 17:30 in Asia/Urumqi (UTC+6, two hours behind
    China's clock): its weeks end on Tuesdays, the deadline is 17:30 there, so a unit
    submitting at 18:30 China time (16:30 in Urumqi) is on time; [report_due] moves the
    04-01 report to 03-31."""
    from huitoukan_tui.services import reporting
    from huitoukan_tui.services.reportday import Moved

    path = tmp_path / "west.toml"
    path.write_text(WEST_FILE, encoding="utf-8")
    west = campaigns.add_campaign_file(station, path)
    unit = users.add_user(station, "xiyuan", "西园村干部", "unit", "西园村")
    due = reporting.due_of(west, week("2025-03-25"))
    assert (due.report_day, due.due_day, due.deadline, due.zone, due.moved) == (
        dt.date(2025, 3, 25), dt.date(2025, 3, 25), dt.datetime(2025, 3, 25, 17, 30),
        "Asia/Urumqi", Moved.NOT)
    moved = reporting.due_of(west, week("2025-04-01"))
    assert (moved.due_day, moved.deadline, moved.moved) == (
        dt.date(2025, 3, 31), dt.datetime(2025, 3, 31, 17, 30), Moved.FILE)
    monkeypatch.setenv("HUITOUKAN_NOW", "2025-03-25T18:30")  # China's wall time
    assert campaigns.now_in(west) == dt.datetime(2025, 3, 25, 16, 30)
    assert reporting.next_due(west, campaigns.now_in(west)).report_day == dt.date(2025, 3, 25)
    summary = dashboard.status_summary(unit, campaign=west)
    assert summary.report_due == "3月25日（周二）17:30 前"
    submitted = reporting.submit_unit(unit, None, campaign=west)
    assert (submitted.week_end, submitted.submitted_at, submitted.late) == (
        dt.date(2025, 3, 25), dt.datetime(2025, 3, 25, 16, 30), False)
    monkeypatch.setenv("HUITOUKAN_NOW", "2025-03-25T19:31")  # 17:31 in Urumqi: late
    assert reporting.submit_unit(unit, None, campaign=west).late is True


# ---------------------------------------------------------------- the import, a chunk at a time

def street_ledger(rows: list[tuple[str, str]]):
    return simple_ledger(HEADER, [[n, no, dt.date(2025, 3, 1), "来电", unit, "", "",
                                   f"{no}对象", "夜间噪声扰民", ""]
                                  for n, (no, unit) in enumerate(rows, start=1)])


def test_another_streets_number_in_a_late_chunk_refuses_the_file(district, tmp_path,
                                                                 monkeypatch):
    """秋浦's station imports eleven new cases of its own and, in the third chunk, 里山's
    A3: the file is refused with that row named, nothing is written in either street, and
    the later campaign's ledger is as it was."""
    monkeypatch.setattr(import_spool, "CHUNK", 4)
    rows = [(f"Q-{n}", "杏花村") for n in range(1, 10)] + [("A3", "杏花村"), ("Q-10", "秋浦社区")]
    path = write_xlsx(street_ledger(rows), tmp_path / "秋浦.xlsx")
    entries = LedgerEntry.select().count()
    with pytest.raises(ServiceError) as exc:
        import_ledger(district["qiupu"], path, campaign=district["later"])
    assert exc.value.lines == ["台账!11：编号：已被其他街道的信访件使用：A3"]
    assert Case.select().where(Case.case_no.startswith("Q-")).count() == 0
    assert Case.get(Case.case_no == "A3").unit.name == "新河社区"
    assert LedgerEntry.select().count() == entries


def test_a_chunked_import_links_known_cases_into_the_campaign(district, tmp_path,
                                                             monkeypatch):
    """里山's station imports A3 (a 2024 case, not in the 2025 ledger) among new cases, a
    chunk at a time, into the 2025 campaign: A3 joins that ledger as 待核查 there with its
    2024 inspection kept, the new cases join it as 待核查, the cases already there keep their
    state (A1 整改中: its 2024 items carried over), and the 2024 ledger keeps only its own."""
    monkeypatch.setattr(import_spool, "CHUNK", 3)
    later, first = district["later"], district["first"]
    rows = [(f"L-{n}", "七星村") for n in range(1, 7)] + [("A3", "新河社区")]
    path = write_xlsx(street_ledger(rows), tmp_path / "里山.xlsx")
    report = import_ledger(district["admin"], path, campaign=later)
    assert (report.added, report.unchanged + report.skipped, report.campaign) == (
        6, 1, later.name)

    def ledger(campaign):
        return {no: status for no, status in LedgerEntry.select(Case.case_no, LedgerEntry.status)
                .join(Case).where(LedgerEntry.campaign == campaign).tuples()}

    assert ledger(later) == {"A1": "rectifying", "A2": "rectifying", "B1": "verified",
                             "B2": "pending", "A3": "pending",
                             **{f"L-{n}": "pending" for n in range(1, 7)}}
    assert ledger(first) == {"A1": "rectifying", "A2": "pending", "A3": "verified"}
    a3 = Case.get(Case.case_no == "A3")
    assert Inspection.select().where(Inspection.case == a3).count() == 1


def test_campaign_show_lists_each_streets_station_contact_and_units(district, run_cli):
    """As the campaign file has them: each street with its station, contact and units (里山's
    units are the street's: 七星村 from the file and 新河社区 added before)."""
    expected = [
        {"name": "里山街道", "station": "里山街道生态环境站", "contact": "王章兴",
         "units": [{"name": "七星村", "kind": "村"}, {"name": "新河社区", "kind": "社区"}]},
        {"name": "秋浦街道", "station": "秋浦街道生态环境站", "contact": "李站长",
         "units": [{"name": "杏花村", "kind": "村"}, {"name": "秋浦社区", "kind": "社区"}]}]
    shown = run_cli(["campaign", "show", LATER, "--format", "json"])
    assert shown.exit_code == 0, shown.output
    assert json.loads(shown.stdout)["streets"] == expected
    table = run_cli(["campaign", "show", LATER]).stdout.splitlines()
    streets = [line for line in table if "生态环境站" in line]
    assert [line.split()[-3:] for line in streets] == [
        ["里山街道生态环境站", "联系人：王章兴", "单位：七星村（村）、新河社区（社区）"],
        ["秋浦街道生态环境站", "联系人：李站长", "单位：杏花村（村）、秋浦社区（社区）"]]
    assert streets[0].split()[-4] == "里山街道" and streets[1].split()[0] == "秋浦街道"
    # the list keeps its shape: street names only
    listed = json.loads(run_cli(["campaign", "list", "--format", "json"]).stdout)
    assert {r["name"]: r["streets"] for r in listed}[LATER] == ["里山街道", "秋浦街道"]


def test_campaign_named_by_part_of_its_name(district, run_cli):
    """``--campaign`` takes an unambiguous part of a name (the year, a prefix, any substring);
    a part of several names is refused in one line naming them, exit 1."""
    first = district["first"].name  # 2024年里山街道生态环境领域信访事项“回头看”专项行动
    assert campaigns.resolve("2025", district["admin"]).name == LATER
    assert campaigns.resolve("2024年里山", district["admin"]).name == first
    assert campaigns.resolve("贵池区", district["admin"]).name == LATER
    listed = run_cli(["--campaign", "2025", "cases", "--format", "json"], user="qiupu")
    assert listed.exit_code == 0, listed.output
    assert [c["case_no"] for c in json.loads(listed.stdout)] == ["B1", "B2"]
    shown = run_cli(["campaign", "show", "里山街道生态"])
    assert shown.stdout.splitlines()[0].split()[-1] == first
    several = run_cli(["--campaign", "回头看", "cases"])
    assert several.exit_code == 1 and several.stdout == ""
    assert several.stderr.strip().splitlines() == [
        f"错误：专项行动名称不唯一：回头看（可能是：{LATER}、{first}）"]
    # a station of 秋浦 does not take part in 2024: the part names only its own campaign
    assert campaigns.resolve("专项行动", district["qiupu"]).name == LATER
