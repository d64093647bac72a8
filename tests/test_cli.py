"""The click commands of issue 2: what a user sees on stdout/stderr, the exit codes, and that a
refusal writes nothing."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re

import pytest
from click.testing import CliRunner

from huitoukan_tui.cli import main
from huitoukan_tui.models import (
    AuditEntry,
    Campaign,
    Case,
    Inspection,
    Rectification,
    Unit,
    User,
)
from huitoukan_tui.services import campaign as campaign_service
from huitoukan_tui.services import cases as case_service
from huitoukan_tui.services import progress as progress_service
from huitoukan_tui.services.campaign import Week

CASE_KEYS = ["case_no", "channel", "received_on", "unit", "petitioner", "phone", "target",
             "location", "category", "content", "original_handling", "status", "referred",
             "overdue"]
ROW_KEYS = ["unit", "total", "verified_this_week", "verified_total", "completion_rate",
            "new_problems_this_week", "new_problems_total", "remarks"]
ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
PENDING = "LS-2022-022"  # a demo case of 里山社区, received 2022-07-03, not inspected yet


def counts() -> tuple[int, int, int, int]:
    return (Case.select().count(), Inspection.select().count(), Rectification.select().count(),
            AuditEntry.select().count())


def err_lines(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.strip()]


def refused(result, *fragments: str) -> None:
    """Exit 1, every stderr line a Chinese 错误 line, the fragments named, nothing on stdout."""
    assert result.exit_code == 1, (result.stdout, result.stderr)
    lines = err_lines(result)
    assert lines and all(line.startswith("错误：") for line in lines), lines
    for fragment in fragments:
        assert fragment in result.stderr, (fragment, result.stderr)
    assert result.stdout == ""


def as_json(result):
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


# ---------------------------------------------------------------- init

@pytest.mark.sqlite_only  # replacing the file is SQLite's; PostgreSQL init has its own tests
def test_init_creates_the_campaign(run_cli, db_target):
    result = run_cli(["init"], user="wangzx")
    assert result.exit_code == 0, result.stderr
    assert "已创建数据库" in result.stdout and "wangzx" in result.stdout
    camp = Campaign.get()
    assert ([s.name for s in campaign_service.streets_of(camp)], camp.start_on.isoformat(),
            camp.end_on.isoformat()) == (["里山街道"], "2024-03-15", "2024-04-15")
    assert camp.report_weekday == 3 and camp.final_due_on.isoformat() == "2024-04-13"
    assert (camp.report_time, camp.timezone) == ("12:00", "Asia/Shanghai")
    admin = User.get()
    assert (admin.login, admin.role, admin.unit_id, admin.street.name, admin.is_admin) == (
        "wangzx", "station", None, "里山街道", True)
    # the shipped plan lists the street's units: accounts can be added at once
    assert [u.name for u in Unit.select().order_by(Unit.position)][:2] == ["七星村", "桃坡村"]
    assert Case.select().count() == 0


@pytest.mark.sqlite_only  # replacing the file is SQLite's; PostgreSQL init has its own tests
def test_init_refuses_to_overwrite(run_cli, db_target):
    assert run_cli(["init", "--demo"]).exit_code == 0
    case_service.update_case(User.get(User.login == "admin"), "LS-2021-001",
                             {"location": "改过的地点"}, 1)
    refused(run_cli(["init"]), "数据库已存在", "--force")
    refused(run_cli(["init", "--demo"]), "数据库已存在")
    result = run_cli(["init", "--if-missing", "--demo"])
    assert (result.exit_code, result.stdout) == (0, "")
    assert run_cli(["cases", "--search", "改过的地点", "--format", "json"]).stdout.count(
        "LS-2021-001") == 1
    result = run_cli(["init", "--force"])
    assert result.exit_code == 0 and "已创建数据库" in result.stdout
    assert as_json(run_cli(["cases", "--format", "json"])) == []


@pytest.mark.sqlite_only  # replacing the file is SQLite's; PostgreSQL init has its own tests
def test_init_if_missing_creates(run_cli, db_target):
    result = run_cli(["init", "--if-missing", "--demo"])
    assert result.exit_code == 0 and "34" in result.stdout
    assert len(as_json(run_cli(["cases", "--format", "json"]))) == 34


# ---------------------------------------------------------------- global behaviour

@pytest.mark.sqlite_only  # the CLI layer is engine-neutral; its PostgreSQL runs are the JSON tests
def test_unknown_user_is_refused(demo_db, run_cli):
    refused(run_cli(["cases"], user="nobody"), "用户 nobody 未登记")


def test_missing_database_is_refused(tmp_path):
    result = CliRunner().invoke(main, ["--db", str(tmp_path / "none.sqlite3"), "--user", "a",
                                       "cases"])
    refused(result, "数据库不存在", "init")
    assert not (tmp_path / "none.sqlite3").exists()


@pytest.mark.sqlite_only  # the CLI layer is engine-neutral; its PostgreSQL runs are the JSON tests
def test_tui_needs_a_terminal(demo_db, run_cli):
    refused(run_cli([]), "终端界面需要交互式终端")


@pytest.mark.sqlite_only  # the CLI layer is engine-neutral; its PostgreSQL runs are the JSON tests
@pytest.mark.parametrize("args", [
    ["nosuchcommand"], ["cases", "--format", "xml"], ["inspect"], ["cases", "--bogus"],
    ["inspect", PENDING, "--date", "2024-03-20", "--inspectors", "张伟", "--handled", "maybe",
     "--rebound", "no", "--satisfaction", "满意"],
    ["problem", "set-status", "abc", "待验收"],
])
def test_usage_errors_exit_2(demo_db, run_cli, args):
    before = counts()
    result = run_cli(args)
    assert result.exit_code == 2, result.stderr
    assert counts() == before


@pytest.mark.sqlite_only  # help text does not touch the database
@pytest.mark.parametrize("args", [[], ["init"], ["cases"], ["inspect"], ["progress"],
                                  ["problems"], ["problem"], ["problem", "set-status"]])
def test_help_is_chinese(args):
    result = CliRunner().invoke(main, [*args, "--help"])
    assert result.exit_code == 0
    assert re.search(r"[\u4e00-\u9fff]{4}", result.stdout), result.stdout


# ---------------------------------------------------------------- cases

def test_cases_json(demo_db, run_cli):
    records = as_json(run_cli(["cases", "--format", "json"]))
    assert len(records) == 34
    assert all(list(r) == CASE_KEYS for r in records)
    first = records[0]
    assert first["case_no"] == "LS-2021-001"
    assert first["channel"] == "来电" and first["unit"] == "七星村"
    assert first["received_on"] == "2021-06-28"
    assert first["status"] == "已核查" and first["overdue"] is False
    assert all(ISO.match(r["received_on"]) for r in records)
    assert {r["channel"] for r in records} == {"来电", "12345热线", "网络舆情", "来访",
                                               "人民网留言", "信访", "区网信办", "便民热线"}
    assert {r["status"] for r in records} == {"待核查", "已核查", "整改中", "已销号"}
    assert all(re.fullmatch(r"1\d{10}", r["phone"]) for r in records)  # station sees numbers


@pytest.mark.sqlite_only  # the CLI layer is engine-neutral; its PostgreSQL runs are the JSON tests
def test_cases_filters(demo_db, run_cli):
    def listed(*args):
        return [r["case_no"] for r in as_json(run_cli(["cases", "--format", "json", *args]))]

    hotline = listed("--channel", "12345热线")
    assert len(hotline) == 3
    assert listed("--channel", "12345热线", "--unit", "杨山村") == ["LS-2021-003"]
    assert len(listed("--unit", "七星村")) == 8
    assert len(listed("--unit", "七星村", "--unit", "桃坡村")) == 12
    assert len(listed("--status", "待核查")) == 13
    pending_qixing = listed("--status", "待核查", "--unit", "七星村")
    assert pending_qixing == ["LS-2023-028", "LS-2023-029", "LS-2023-030"]
    assert listed("--search", "鸭粪") == ["LS-2021-005", "LS-2022-019", "LS-2023-033"]
    assert listed("--search", "鸭粪", "--status", "待核查") == ["LS-2023-033"]
    assert listed("--search", "yf") == ["LS-2021-005", "LS-2022-019", "LS-2023-033"]  # 鸭粪
    overdue = as_json(run_cli(["cases", "--format", "json", "--overdue"]))
    assert overdue and all(r["overdue"] and r["status"] == "整改中" for r in overdue)


@pytest.mark.sqlite_only  # the CLI layer is engine-neutral; its PostgreSQL runs are the JSON tests
@pytest.mark.parametrize("args, field", [
    (["--unit", "无此村"], "核查单位"), (["--channel", "微信"], "来源"),
    (["--status", "已完成"], "状态"),
])
def test_cases_refuses_unknown_values(demo_db, run_cli, args, field):
    refused(run_cli(["cases", *args]), field)


@pytest.mark.sqlite_only  # the CLI layer is engine-neutral; its PostgreSQL runs are the JSON tests
def test_cases_table(demo_db, run_cli):
    result = run_cli(["cases", "--unit", "七星村"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["编号", "来源", "受理日期", "核查单位", "被反映对象", "反映问题",
                                "状态", "移交执法", "逾期"]
    assert len(lines) == 2 + 8
    assert lines[2].startswith("LS-2021-001  来电")


@pytest.mark.sqlite_only  # the CLI layer is engine-neutral; its PostgreSQL runs are the JSON tests
def test_cases_csv(demo_db, run_cli):
    result = run_cli(["cases", "--format", "csv", "--channel", "便民热线"])
    assert result.exit_code == 0
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == CASE_KEYS
    assert len(rows) == 1 + 10
    assert all(r[1] == "便民热线" and ISO.match(r[2]) for r in rows[1:])
    assert {r[11] for r in rows[1:]} <= {"待核查", "已核查", "整改中", "已销号"}
    assert {r[12] for r in rows[1:]} <= {"true", "false"}
    assert {r[13] for r in rows[1:]} <= {"true", "false"}


@pytest.mark.sqlite_only  # the CLI layer is engine-neutral; its PostgreSQL runs are the JSON tests
def test_phone_masked_for_viewer_only(demo_db, run_cli):
    admin = User.get(User.login == "admin")
    case = case_service.get_case(admin, "LS-2021-001")
    case_service.update_case(admin, "LS-2021-001", {"phone": "13812341234"}, case.version)
    by = {}
    for login in ("admin", "qixing", "quhuanweiban"):
        records = as_json(run_cli(["cases", "--format", "json", "--search", "LS-2021-001"],
                                  user=login))
        by[login] = records[0]
    assert by["admin"]["phone"] == "13812341234"
    assert by["qixing"]["phone"] == "13812341234"  # the unit calls the petitioner back
    assert by["quhuanweiban"]["phone"] == "138****1234"
    assert by["quhuanweiban"]["petitioner"] == "匿*"
    csv_out = run_cli(["cases", "--format", "csv", "--search", "LS-2021-001"],
                      user="quhuanweiban").stdout
    assert "138****1234" in csv_out and "13812341234" not in csv_out


@pytest.mark.sqlite_only  # the CLI layer is engine-neutral; its PostgreSQL runs are the JSON tests
def test_unit_user_lists_only_own_cases(demo_db, run_cli):
    records = as_json(run_cli(["cases", "--format", "json"], user="qixing"))
    assert len(records) == 8 and {r["unit"] for r in records} == {"七星村"}


# ---------------------------------------------------------------- inspect

def inspect_args(case_no=PENDING, **over) -> list[str]:
    opts = {"--date": "2024-03-20", "--inspectors": "张伟、李娜", "--handled": "yes",
            "--rebound": "no", "--satisfaction": "满意"}
    opts.update(over)
    args = ["inspect", case_no]
    for key, value in opts.items():
        if value is not None:
            args += [key, value]
    return args


def test_inspect_records_and_opens_items(demo_db, run_cli):
    before = counts()
    result = run_cli([*inspect_args(**{"--handled": "no", "--rebound": "yes",
                                       "--satisfaction": "不满意",
                                       "--findings": "【现场】排烟口 a=b (未改)\x07“复查”"}),
                      "--new-problem", "=HYPERLINK(\"x\") 露天烧烤",
                      "--new-problem", "雨污混接"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0] == f"已记录 {PENDING} 的核查（2024-03-20）"
    assert [line.split("：")[1] for line in result.stdout.splitlines()[1:]] == [
        "未整改到位", "反弹", "新发现", "新发现"]
    assert counts()[1:3] == (before[1] + 1, before[2] + 4)
    inspection = Inspection.select().order_by(Inspection.id.desc()).get()
    assert inspection.findings == "【现场】排烟口 a=b (未改)“复查”"
    assert (inspection.handled, inspection.rebound, inspection.satisfaction) == (
        False, True, "unsatisfied")
    problems = as_json(run_cli(["problems", "--format", "json", "--kind", "新发现",
                                "--unit", "里山社区"]))
    texts = [p["new_problem"] for p in problems if p["case_no"] == PENDING]
    assert texts == ["=HYPERLINK(\"x\") 露天烧烤", "雨污混接"]
    assert all(p["problem_type"] == "来电" and p["status"] == "整改中" for p in problems
               if p["case_no"] == PENDING)
    case = as_json(run_cli(["cases", "--format", "json", "--search", PENDING]))[0]
    assert case["status"] == "整改中"


@pytest.mark.sqlite_only  # the CLI layer is engine-neutral; its PostgreSQL runs are the JSON tests
def test_inspect_with_chinese_yes_no(demo_db, run_cli):
    result = run_cli(inspect_args(**{"--handled": "是", "--rebound": "无",
                                     "--satisfaction": "联系不上"}))
    assert result.exit_code == 0 and len(result.stdout.splitlines()) == 1
    assert as_json(run_cli(["cases", "--format", "json", "--search", PENDING]))[0][
        "status"] == "已核查"


@pytest.mark.sqlite_only  # the CLI layer is engine-neutral; its PostgreSQL runs are the JSON tests
@pytest.mark.parametrize("case_no, over, field", [
    ("LS-9999-999", {}, "没有找到信访件：LS-9999-999"),
    (PENDING, {"--satisfaction": "还行"}, "信访人是否满意"),
    (PENDING, {"--date": "2021-13-40"}, "核查日期：不是有效日期"),
    (PENDING, {"--date": "2022-07-02"}, "核查日期：不能早于受理日期 2022-07-03"),
    (PENDING, {"--date": "2099-01-01"}, "核查日期：不能晚于今天"),
    (PENDING, {"--inspectors": ""}, "核查人员：不能为空"),
    (PENDING, {"--inspectors": "\x01\x02 "}, "核查人员：不能为空"),
    (PENDING, {"--inspectors": "张" * 201}, "核查人员：过长"),
    (PENDING, {"--findings": "查" * 4001}, "核查情况：过长"),
    (PENDING, {"--new-problem": ""}, "新发现问题 第1条：不能为空"),
    (PENDING, {"--new-problem": "问" * 1001}, "新发现问题 第1条：过长"),
])
def test_inspect_refusals_write_nothing(demo_db, run_cli, case_no, over, field):
    before = counts()
    refused(run_cli(inspect_args(case_no, **over)), field)
    assert counts() == before


@pytest.mark.sqlite_only  # the CLI layer is engine-neutral; its PostgreSQL runs are the JSON tests
def test_inspect_one_line_per_problem(demo_db, run_cli):
    before = counts()
    result = run_cli(inspect_args(**{"--date": "2021-13-40", "--inspectors": "",
                                     "--satisfaction": "x"}))
    refused(result)
    assert [line.split("：")[1] for line in err_lines(result)] == [
        "核查日期", "核查人员", "信访人是否满意"]
    assert counts() == before


@pytest.mark.sqlite_only  # the CLI layer is engine-neutral; its PostgreSQL runs are the JSON tests
def test_inspect_permissions(demo_db, run_cli):
    before = counts()
    refused(run_cli(inspect_args(), user="quhuanweiban"), "只读用户不能修改数据")
    refused(run_cli(inspect_args(), user="qixing"), f"没有找到信访件：{PENDING}")
    assert counts() == before
    own = run_cli(inspect_args("LS-2023-028"), user="qixing")
    assert own.exit_code == 0, own.stderr


# ---------------------------------------------------------------- progress

def test_progress_json_shape(demo_db, run_cli):
    data = as_json(run_cli(["progress", "--week", "2024-03-26", "--format", "json"]))
    assert list(data) == ["week_start", "week_end", "rows", "total"]
    assert (data["week_start"], data["week_end"]) == ("2024-03-22", "2024-03-28")
    assert [r["unit"] for r in data["rows"]] == ["七星村", "桃坡村", "杨山村", "里山社区",
                                                 "新河社区", "街道城建办", "街道农业农村办"]
    assert all(list(r) == ["unit", "level", *ROW_KEYS[1:]] for r in data["rows"])
    assert list(data["total"]) == ROW_KEYS[1:]
    assert {r["level"] for r in data["rows"]} == {"unit"}
    for row in [*data["rows"], data["total"]]:
        assert isinstance(row["completion_rate"], float) and 0 <= row["completion_rate"] <= 1
        assert row["completion_rate"] == round(row["verified_total"] / row["total"], 4)
        assert all(isinstance(row[k], int) for k in ROW_KEYS[1:4] + ROW_KEYS[5:7])
    assert data["total"]["total"] == 34
    for key in ("total", "verified_this_week", "verified_total", "new_problems_this_week",
                "new_problems_total"):
        assert data["total"][key] == sum(r[key] for r in data["rows"])
    # the same numbers the service computes, and verified_total is the count of cases
    # first inspected by the week's end
    admin = User.get(User.login == "admin")
    week = Week(dt.date(2024, 3, 22), dt.date(2024, 3, 28))
    assert data == progress_service.weekly_progress(admin, week).record()
    firsts = {}
    for i in Inspection.select():
        firsts[i.case_id] = min(firsts.get(i.case_id, i.inspected_on), i.inspected_on)
    assert data["total"]["verified_total"] == sum(d <= week.end for d in firsts.values())
    assert data["total"]["verified_this_week"] == sum(
        week.start <= d <= week.end for d in firsts.values())


@pytest.mark.sqlite_only  # the CLI layer is engine-neutral; its PostgreSQL runs are the JSON tests
def test_progress_week_boundaries(demo_db, run_cli):
    thursday = as_json(run_cli(["progress", "--week", "2024-03-21", "--format", "json"]))
    friday = as_json(run_cli(["progress", "--week", "2024-03-22", "--format", "json"]))
    assert (thursday["week_start"], thursday["week_end"]) == ("2024-03-15", "2024-03-21")
    assert (friday["week_start"], friday["week_end"]) == ("2024-03-22", "2024-03-28")
    assert friday["total"]["verified_total"] == (thursday["total"]["verified_total"]
                                                  + friday["total"]["verified_this_week"])


@pytest.mark.sqlite_only  # the CLI layer is engine-neutral; its PostgreSQL runs are the JSON tests
def test_progress_table_and_csv(demo_db, run_cli):
    result = run_cli(["progress", "--week", "2024-03-21"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == ("2024年贵池区生态环境领域信访事项“回头看”专项行动进展一览表  里山街道  "
                        "2024年3月15日—3月21日")
    assert lines[1].split() == ["核查单位", "信访总数", "本周核查数", "累计核查数", "完成率",
                                "新发现问题数", "累计新发现问题数", "备注"]
    assert lines[-1].startswith("合计") and "34" in lines[-1] and "%" in lines[-1]
    rows = list(csv.reader(io.StringIO(run_cli(
        ["progress", "--week", "2024-03-21", "--format", "csv"]).stdout)))
    assert rows[0] == ROW_KEYS
    assert [r[0] for r in rows[1:]][-1] == "合计" and len(rows) == 1 + 7 + 1
    assert all(0 <= float(r[4]) <= 1 for r in rows[1:])


@pytest.mark.sqlite_only  # the CLI layer is engine-neutral; its PostgreSQL runs are the JSON tests
def test_progress_unit_scope_and_filter(demo_db, run_cli):
    own = as_json(run_cli(["progress", "--week", "2024-04-04", "--format", "json"],
                          user="qixing"))
    assert [r["unit"] for r in own["rows"]] == ["七星村"]
    assert own["total"]["total"] == own["rows"][0]["total"] == 8
    picked = as_json(run_cli(["progress", "--week", "2024-04-04", "--format", "json",
                              "--unit", "街道城建办", "--unit", "杨山村"]))
    assert [r["unit"] for r in picked["rows"]] == ["杨山村", "街道城建办"]
    refused(run_cli(["progress", "--unit", "无此村"]), "单位", "无此村")
    refused(run_cli(["progress", "--unit", "桃坡村"], user="qixing"), "无权查看")
    refused(run_cli(["progress", "--week", "2024-02-30"]), "--week", "不是有效日期")


@pytest.mark.sqlite_only  # the CLI layer is engine-neutral; its PostgreSQL runs are the JSON tests
def test_progress_shows_remarks(demo_db, run_cli):
    admin = User.get(User.login == "admin")
    week = Week(dt.date(2024, 3, 29), dt.date(2024, 4, 4))
    progress_service.set_remark(admin, "桃坡村", week, "本周完成全部核查=好")
    data = as_json(run_cli(["progress", "--week", "2024-04-01", "--format", "json"]))
    assert data["rows"][1]["remarks"] == "本周完成全部核查=好"


# ---------------------------------------------------------------- problems

ITEM_KEYS = ["id", "case_no", "unit", "kind", "problem_type", "original_problem",
             "new_problem", "measures", "target_standard", "implementer", "acceptor",
             "deadline", "status", "overdue", "carried_from"]


def test_problems_json(demo_db, run_cli):
    items = as_json(run_cli(["problems", "--format", "json"]))
    assert len(items) == 12 and all(list(i) == ITEM_KEYS for i in items)
    assert {i["kind"] for i in items} == {"未整改到位", "反弹", "新发现"}
    assert {i["status"] for i in items} == {"整改中", "待验收", "已销号", "移交执法"}
    assert all(ISO.match(i["deadline"]) for i in items)
    stones = items[0]["measures"][0]["milestones"]
    assert stones and all(re.match(r"^2024年", s) or re.match(r"^2025年", s) for s in stones)
    new = as_json(run_cli(["problems", "--format", "json", "--kind", "新发现"]))
    assert len(new) == 5 and all(i["new_problem"] for i in new)
    referred = as_json(run_cli(["problems", "--format", "json", "--status", "移交执法"]))
    assert {i["case_no"] for i in referred} == {"LS-2022-015", "LS-2021-007"}


@pytest.mark.sqlite_only  # the CLI layer is engine-neutral; its PostgreSQL runs are the JSON tests
def test_problems_table_csv_and_refusal(demo_db, run_cli):
    table = run_cli(["problems", "--unit", "七星村"])
    assert table.exit_code == 0
    assert table.stdout.splitlines()[0].split() == ["编号", "信访件", "单位", "类型",
                                                    "新发现问题", "完成时限", "状态", "逾期",
                                                    "结转自"]
    assert len(table.stdout.splitlines()) == 2 + 3
    rows = list(csv.reader(io.StringIO(run_cli(["problems", "--format", "csv"]).stdout)))
    assert rows[0] == ITEM_KEYS and len(rows) == 13
    assert "第一季度" in rows[1][7] or "年：" in rows[1][7]
    refused(run_cli(["problems", "--kind", "其他"]), "类型")
    refused(run_cli(["problems", "--status", "完成"]), "状态")


def item_id(run_cli, status: str) -> int:
    return as_json(run_cli(["problems", "--format", "json", "--status", status]))[0]["id"]


def test_problem_set_status(demo_db, run_cli):
    working = item_id(run_cli, "整改中")
    result = run_cli(["problem", "set-status", str(working), "待验收"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == f"整改事项 #{working} 状态：待验收"
    before = counts()
    refused(run_cli(["problem", "set-status", str(working), "已销号"]), "日期：不能为空")
    assert counts() == before
    result = run_cli(["problem", "set-status", str(working), "已销号", "--date", "2024-04-14"])
    assert result.exit_code == 0, result.stderr
    assert Rectification.get_by_id(working).status == "closed"
    refused(run_cli(["problem", "set-status", str(working), "整改中", "--note", "重新整改"]),
            "已销号的事项不能再改变状态")


def test_problem_set_status_records_reason_and_department(demo_db, run_cli):
    working = item_id(run_cli, "整改中")
    result = run_cli(["problem", "set-status", str(working), "移交执法", "--date", "2024-04-12",
                      "--reason", "拒不整改", "--department", "区生态环境综合执法大队"])
    assert result.exit_code == 0, result.stderr
    got = Rectification.get_by_id(working)
    assert (got.referral_reason, got.referral_department) == ("拒不整改", "区生态环境综合执法大队")
    case_no = got.case.case_no
    entries = as_json(run_cli(["audit", "--case", case_no, "--format", "json"]))
    said = {(e["field"], e["after"]) for e in entries if e["action"] == "状态变更"}
    assert {("移交原因", "拒不整改"), ("移交部门", "区生态环境综合执法大队")} <= said


@pytest.mark.sqlite_only  # the CLI layer is engine-neutral; its PostgreSQL runs are the JSON tests
@pytest.mark.parametrize("args, fragment", [
    (["999", "待验收"], "没有找到整改事项：999"),
    (["{working}", "完成"], "状态：无效：完成"),
    (["{working}", "移交执法", "--date", "2024-04-10"], "移交原因：不能为空"),
    (["{working}", "移交执法", "--date", "2024-04-10", "--reason", "拒不整改"],
     "移交部门：不能为空"),
    (["{awaiting}", "整改中"], "退回原因：不能为空"),
    (["{working}", "已销号", "--date", "2024-04-10"], "不能从“整改中”改为“已销号”"),
    (["{working}", "待验收", "--date", "2099-01-01"], "日期：不能晚于今天"),
])
def test_problem_set_status_refusals(demo_db, run_cli, args, fragment):
    ids = {"working": item_id(run_cli, "整改中"), "awaiting": item_id(run_cli, "待验收")}
    before = counts()
    refused(run_cli(["problem", "set-status", *[a.format(**ids) for a in args]]), fragment)
    assert counts() == before


@pytest.mark.sqlite_only  # the CLI layer is engine-neutral; its PostgreSQL runs are the JSON tests
def test_problem_set_status_permissions(demo_db, run_cli):
    working = item_id(run_cli, "整改中")
    refused(run_cli(["problem", "set-status", str(working), "待验收"], user="quhuanweiban"),
            "只读")
    own = as_json(run_cli(["problems", "--format", "json", "--status", "整改中"],
                          user="qixing"))[0]["id"]
    referred = run_cli(["problem", "set-status", str(own), "移交执法", "--date", "2024-04-10",
                        "--note", "拒不整改"], user="qixing")
    refused(referred, "只有街道生态环境站可以移交执法")
    assert Rectification.get_by_id(own).status == "in_progress"


# ---------------------------------------------------------------- text in every format

@pytest.mark.sqlite_only  # the CLI layer is engine-neutral; its PostgreSQL runs are the JSON tests
def test_text_in_csv_json_and_table(demo_db, run_cli):
    admin = User.get(User.login == "admin")
    case = case_service.get_case(admin, PENDING)
    case_service.update_case(admin, PENDING, {
        "target": "=HYPERLINK(\"http://x\",\"点我\")", "content": "@SUM(1+1) [red]红[/red]",
        "original_handling": "第一行\n第二行=处理"}, case.version)
    record = as_json(run_cli(["cases", "--format", "json", "--search", PENDING]))[0]
    assert record["target"] == "=HYPERLINK(\"http://x\",\"点我\")"  # JSON: exactly as stored
    assert record["content"] == "@SUM(1+1) [red]红[/red]"
    assert record["original_handling"] == "第一行\n第二行=处理"
    rows = list(csv.reader(io.StringIO(run_cli(
        ["cases", "--format", "csv", "--search", PENDING]).stdout)))
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["target"] == "'=HYPERLINK(\"http://x\",\"点我\")"  # never a live formula
    assert row["content"] == "'@SUM(1+1) [red]红[/red]"
    assert row["original_handling"] == "第一行\n第二行=处理"  # line break kept, no prefix
    table = run_cli(["cases", "--search", PENDING]).stdout
    assert "[red]红[/red]" in table  # shown as text, not as markup


def test_table_columns_line_up_with_wide_text():
    from rich.cells import cell_len

    from huitoukan_tui.cli.output import table

    records = [{"a": "短", "b": "x"}, {"a": "很" * 30, "b": "y"}, {"a": "ab…cd" * 9, "b": "z"},
               {"a": "甲\t乙\n丙", "b": "w"}]
    lines = table(records, [("a", "内容"), ("b", "B")], max_width=21).splitlines()
    starts = {cell_len(line) - 1 for line in lines[2:]}  # where the last column begins
    assert starts == {23}
    assert lines[3].startswith("很" * 10 + "…")
    assert "甲 乙 丙" in lines[5]


@pytest.mark.sqlite_only
def test_usage_errors_and_help_are_chinese(db, run_cli):
    """click's own messages are translated: a user never sees an English usage error."""
    missing = run_cli(["inspect", "LS-1"])
    assert missing.exit_code == 2
    assert "错误：缺少选项 '--date'。" in missing.stderr
    assert "用法：" in missing.stderr
    # a missing argument is named in Chinese, with the name the usage line gives it
    for args, said in ((["inspect"], "缺少参数 信访件编号（CASE_NO）。"),
                       (["problem", "set-status", "3"], "缺少参数 状态（STATUS）。")):
        result = run_cli(args)
        assert result.exit_code == 2, args
        assert f"错误：{said}" in result.stderr, result.stderr
        assert "Missing" not in result.stderr and "'." not in result.stderr
    usage = run_cli(["inspect"]).stderr
    assert "inspect [选项] CASE_NO" in usage and "OPTIONS" not in usage
    assert "[选项] [子命令] [参数]..." in run_cli(["nosuchcommand"]).stderr
    bad_choice = run_cli(["cases", "--format", "xml"])
    assert bad_choice.exit_code == 2
    assert "可选：'table', 'csv', 'json'" in bad_choice.stderr
    unknown = run_cli(["nosuchcommand"])
    assert "没有子命令 'nosuchcommand'" in unknown.stderr
    helptext = run_cli(["inspect", "--help"])
    assert "显示本帮助并退出" in helptext.output and "必填" in helptext.output
    assert "\n选项：\n" in helptext.output and "Options" not in helptext.output
    assert "Show this message" not in helptext.output


@pytest.mark.sqlite_only
def test_every_command_is_reachable_by_name():
    """Commands load lazily by name: the name map and the modules' COMMANDS agree, and
    --help lists each of them."""
    import importlib

    from click.testing import CliRunner

    from huitoukan_tui.cli import main
    from huitoukan_tui.cli.app import COMMAND_MODULES

    defined = {c.name for m in set(COMMAND_MODULES.values())
               for c in importlib.import_module(f"huitoukan_tui.cli.{m}").COMMANDS}
    assert defined == set(COMMAND_MODULES)
    listing = CliRunner().invoke(main, ["--help"]).output
    for name in COMMAND_MODULES:
        assert f"  {name} " in listing
