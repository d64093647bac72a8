"""Importing the ledger: every form a real office file takes, all-or-nothing refusal with the
exact error lines, idempotence, updates with audit, and bad files refused in Chinese."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from huitoukan_tui.enums import Channel, UnitKind
from huitoukan_tui.io.ledger_import import ImportReport, date_value, import_ledger
from huitoukan_tui.io.ledger_layout import HEADER_ALIASES, field_of_header
from huitoukan_tui.models import AuditEntry, Case, Unit
from huitoukan_tui.services import cases as case_service
from huitoukan_tui.services.campaign import current_campaign
from huitoukan_tui.services.cases import parse_channel
from huitoukan_tui.services.errors import PermissionDenied, ServiceError
from huitoukan_tui.services.text import check_date
from tests.import_fixtures import (
    EXPECTED,
    SPECIAL_TEXT,
    Grid,
    sample_ledger,
    simple_ledger,
    write_csv,
    write_ods,
    write_xls,
    write_xlsx,
    write_xlsx_sheets,
)
from tests.ledger import entry as ledger_entry

FIELDS = ["channel", "received_on", "unit", "petitioner", "phone", "target", "content",
          "original_handling"]
SIMPLE_HEADER = ["编号", "受理日期", "来源", "核查单位", "被反映对象", "反映问题"]


def case_values(case: Case) -> dict:
    return {"case_no": case.case_no, **{f: getattr(case, f) for f in FIELDS if f != "unit"},
            "unit": case.unit.name}


def db_fingerprint() -> tuple:
    """Everything an import could change."""
    cases = sorted(tuple(str(v) for v in row) for row in Case.select().tuples())
    units = sorted(tuple(str(v) for v in row) for row in Unit.select().tuples())
    return cases, units, AuditEntry.select().count()


def assert_sample_imported(report: ImportReport) -> None:
    """The sample ledger's eight cases, field by field."""
    assert report.total == 8
    got = {c.case_no: case_values(c) for c in Case.select().join(Unit)}
    generated = sorted(n for n in got if n.startswith("IMP-"))
    assert len(generated) == 2
    for expected in EXPECTED:
        number = expected["case_no"]
        if number is None:
            number = next(n for n in generated if got[n]["target"] == expected["target"])
        assert got[number] == {**expected, "case_no": number}
    assert len(got) == 8


def refusal_lines(excinfo) -> list[str]:
    return excinfo.value.lines


@pytest.fixture
def imp(station, units):
    """import_ledger as the station, on the four fixture units."""
    def run(path, **kwargs) -> ImportReport:
        return import_ledger(station, path, **kwargs)
    return run


# ---------------------------------------------------------------- every form of file

@pytest.mark.sqlite_only  # reading files is engine-neutral; writes are tested on both below
@pytest.mark.parametrize("form", ["xlsx", "xlsm-named", "xls", "ods", "csv-utf8-bom",
                                  "csv-utf8", "csv-gb18030", "tsv-utf16"])
def test_every_file_form_imports_the_same_cases(imp, tmp_path, form):
    if form == "xlsx":
        path = write_xlsx(sample_ledger(), tmp_path / "台账.xlsx")
    elif form == "xlsm-named":  # an .xlsx saved under another Excel name
        path = write_xlsx(sample_ledger(), tmp_path / "台账.xls")
    elif form == "xls":
        path = write_xls(sample_ledger(), tmp_path / "台账.xls")
    elif form == "ods":
        path = write_ods(sample_ledger(), tmp_path / "台账.ods")
    elif form == "csv-utf8-bom":
        path = write_csv(sample_ledger(dates="text"), tmp_path / "台账.csv", "utf-8-sig")
    elif form == "csv-utf8":
        path = write_csv(sample_ledger(dates="text"), tmp_path / "台账.csv", "utf-8")
    elif form == "csv-gb18030":
        path = write_csv(sample_ledger(dates="text"), tmp_path / "台账.csv", "gb18030")
    else:  # Excel's "Unicode text": UTF-16 with BOM, tab-separated
        path = write_csv(sample_ledger(dates="text"), tmp_path / "台账.txt", "utf-16",
                         delimiter="\t")
    report = imp(path)
    assert_sample_imported(report)
    assert (report.added, report.updated, report.unchanged) == (8, 0, 0)
    assert report.header_row == 3
    assert report.skipped_empty == 2 and report.skipped_notes == 2
    assert report.per_channel == [("来电", 1), ("12345热线", 2), ("网络舆情", 1), ("来访", 1),
                                  ("人民网留言", 1), ("区网信办", 1), ("便民热线", 1)]
    assert report.per_unit == [("七星村", 3), ("桃坡村", 2), ("新河社区", 2), ("街道城建办", 1)]


def test_generated_numbers_are_the_same_from_every_form(imp, tmp_path):
    """Dates as cells or as text, xlsx or CSV: the same row gets the same number."""
    xlsx = imp(write_xlsx(sample_ledger(), tmp_path / "a.xlsx"), dry_run=True)
    csv = imp(write_csv(sample_ledger(dates="text"), tmp_path / "a.csv"), dry_run=True)
    numbers = [i.case_no for i in xlsx.items]
    assert numbers == [i.case_no for i in csv.items]
    assert sum(n.startswith("IMP-") for n in numbers) == 2


def test_imported_cases_are_complete_records(imp, tmp_path, station):
    imp(write_xlsx(sample_ledger(), tmp_path / "台账.xlsx"))
    case = Case.get(Case.case_no == "LS-2022-004")
    assert ledger_entry(case).status == "pending"
    assert case.version == 1 and case.updated_by == "admin"
    assert case.content == SPECIAL_TEXT  # [brackets], = signs and <tags> kept as text
    # found by search, also with 1- and 2-character Chinese words
    for word in ("烤", "烧烤", "新河路烧烤店"):
        flt = case_service.CaseFilter(search=word)
        assert "LS-2022-004" in [c.case_no for c in case_service.list_cases(station, flt)]
    # one 'create' entry per case, like the case form writes, and one for the import
    created = AuditEntry.select().where((AuditEntry.entity == "case")
                                        & (AuditEntry.action == "create"))
    assert created.count() == 8
    entry = created.where(AuditEntry.case_no == "LS-2021-003").get()
    assert json.loads(entry.after)["unit"] == "桃坡村" and entry.actor == "admin"
    summary = AuditEntry.get(AuditEntry.action == "import")
    assert json.loads(summary.after)["新增"] == 8
    assert json.loads(summary.after)["文件"] == "台账.xlsx"


@pytest.mark.sqlite_only  # reading files is engine-neutral
@pytest.mark.slow
def test_libreoffice_written_xls_and_ods(imp, tmp_path):
    """Files as LibreOffice (and so WPS-like tools) write them, merged cells included."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI must have LibreOffice (libreoffice-calc-nogui)")
        pytest.skip("LibreOffice (soffice) is not installed")
    source = write_xlsx(sample_ledger(), tmp_path / "台账.xlsx")
    for fmt in ("xls", "ods"):
        out = tmp_path / fmt
        subprocess.run([soffice, "--headless", "--norestore",
                        f"-env:UserInstallation=file://{tmp_path}/lo-profile",
                        "--convert-to", fmt, "--outdir", str(out), str(source)],
                       check=True, capture_output=True, timeout=180)
        report = imp(out / f"台账.{fmt}", dry_run=True)
        assert [(i.case_no, i.unit, i.received_on) for i in report.items][:3] == [
            ("LS-2021-001", "七星村", dt.date(2021, 3, 2)),
            ("LS-2021-002", "七星村", dt.date(2021, 5, 6)),
            ("LS-2021-003", "桃坡村", dt.date(2021, 5, 7))]
    report = imp(tmp_path / "ods" / "台账.ods")
    assert_sample_imported(report)


# ---------------------------------------------------------------- layout variants

def test_header_variants_match_their_field():
    noise = [lambda a: a, lambda a: a.replace("(", "（").replace(")", "）"),
             lambda a: " ".join(a), lambda a: a[:1] + "\n" + a[1:], lambda a: "　" + a + " ",
             lambda a: "*" + a]
    for field_name, aliases in HEADER_ALIASES.items():
        for alias in aliases:
            for make in noise:
                hit = field_of_header(make(alias))
                assert hit is not None and hit[0] == field_name, (field_name, make(alias))
    assert field_of_header("受理时间（年月日）") == ("received_on", 1)
    assert field_of_header("办结时间") is None


@pytest.mark.parametrize("header", [
    ["件号", "来件日期", "信访方式", "属地", "信访对象", "信访内容", "处理结果", "姓名", "电话"],
    ["编号", "时间", "渠道", "村(社区)", "反映对象", "主要问题", "原办理情况", "信访人",
     "联系电话"],
    ["信访编号", "受理\n日期", "来源", "责任单位", "被 反映 对象", "反映问题", "办理情况",
     "信访人", "联系电话"],
])
def test_header_name_variants_import(imp, tmp_path, header):
    grid = simple_ledger(header, [["H-1", "2021-05-06", "来电", "七星村", "某厂", "噪声扰民",
                                   "已处理", "张三", "13800000000"]])
    report = imp(write_xlsx(grid, tmp_path / "h.xlsx"))
    assert report.added == 1
    assert case_values(Case.get(Case.case_no == "H-1")) == {
        "case_no": "H-1", "channel": "phone", "received_on": dt.date(2021, 5, 6),
        "unit": "七星村", "petitioner": "张三", "phone": "13800000000", "target": "某厂",
        "content": "噪声扰民", "original_handling": "已处理"}


def test_two_row_header_with_merged_cells(imp, tmp_path):
    g = Grid()
    g.add("序号", "编号", "受理日期", "信访人信息", None, "来源", "核查单位", "被反映对象",
          "反映问题")
    g.add(None, None, None, "姓名", "联系电话")
    for col in (0, 1, 2, 5, 6, 7, 8):
        g.merges.append((0, col, 1, col))
    g.merges.append((0, 3, 0, 4))
    g.add(1, "T-1", "2021-05-06", "张三", "13800000000", "来访", "七星村", "某厂", "噪声")
    report = imp(write_xlsx(g, tmp_path / "two.xlsx"))
    assert report.header_row == 2 and report.added == 1
    case = Case.get(Case.case_no == "T-1")
    assert (case.petitioner, case.phone, case.channel) == ("张三", "13800000000", "visit")
    assert report.ignored_columns == []  # 信访人信息 only groups 姓名 and 联系电话


def test_reporting_unit_line_gives_the_unit_when_there_is_no_unit_column(imp, tmp_path):
    g = Grid()
    g.add("七星村信访件台账")
    g.add("填报单位：七星村", None, None, "填报时间：2024年3月20日")
    g.add("编号", "受理日期", "来源", "被反映对象", "反映问题")
    g.add("Q-1", "2021-05-06", "来电", "某厂", "噪声")
    report = imp(write_xlsx(g, tmp_path / "q.xlsx"))
    assert report.sheets[0].default_unit == "七星村"
    assert "工作表“台账”没有单位列，按“填报单位：七星村”导入。" in report.lines()
    assert Case.get(Case.case_no == "Q-1").unit.name == "七星村"


def test_ledger_sheet_is_found_after_an_instructions_sheet(imp, tmp_path):
    path = write_xlsx(sample_ledger(), tmp_path / "book.xlsx", extra_sheets=("填表说明",))
    assert imp(path, dry_run=True).sheet == "台账"
    assert imp(path, sheet="台账", dry_run=True).total == 8
    with pytest.raises(ServiceError) as exc:
        imp(path, sheet="汇总")
    assert refusal_lines(exc) == ["没有这个工作表：汇总（文件中有：填表说明、台账）"]


def test_every_ledger_sheet_of_a_workbook_is_imported(imp, tmp_path):
    path = write_xlsx_sheets({
        "填表说明": simple_ledger(["请按下表填写"], [["编号唯一"]]),
        "2021年": simple_ledger(SIMPLE_HEADER, [
            ["Y-1", "2021-05-06", "来电", "七星村", "某厂", "噪声"],
            ["Y-2", "2021-06-06", "来访", "桃坡村", "某场", "扬尘"]]),
        "2022年": simple_ledger(["序号", *SIMPLE_HEADER], [
            [1, "Y-3", "2022-05-06", "舆情", "新河社区", "某店", "油烟"]]),
    }, tmp_path / "years.xlsx")
    report = imp(path)
    assert [(s.name, s.header_row, s.cases) for s in report.sheets] == [
        ("2021年", 1, 2), ("2022年", 1, 1)]
    assert report.added == 3
    assert report.lines()[0] == ("导入完成：years.xlsx，工作表“2021年”（表头第 1 行，2 件）、"
                                 "“2022年”（表头第 1 行，1 件），共 3 件信访件，列入“"
                                 + current_campaign().name + "”台账。")
    assert [(i.sheet, i.row, i.case_no) for i in report.items] == [
        ("2021年", 2, "Y-1"), ("2021年", 3, "Y-2"), ("2022年", 2, "Y-3")]


def test_a_number_repeated_on_another_sheet_is_refused(imp, tmp_path):
    path = write_xlsx_sheets({
        "2021年": simple_ledger(SIMPLE_HEADER, [["Y-1", "2021-05-06", "来电", "七星村", "甲",
                                                "乙"]]),
        "2022年": simple_ledger(SIMPLE_HEADER, [["Y-1", "2022-05-06", "来电", "七星村", "丙",
                                                "丁"]]),
    }, tmp_path / "years.xlsx")
    with pytest.raises(ServiceError) as exc:
        imp(path)
    assert refusal_lines(exc) == ["2022年!2：编号：与 2021年!2 重复：Y-1"]
    assert imp(path, sheet="2022年").added == 1


@pytest.mark.parametrize("value, expected", [
    (dt.date(2021, 5, 6), dt.date(2021, 5, 6)),
    (dt.datetime(2021, 5, 6, 14, 30), dt.date(2021, 5, 6)),
    (44322.0, dt.date(2021, 5, 6)),  # an Excel serial number in a number cell
    (44322, dt.date(2021, 5, 6)),
    ("44322", dt.date(2021, 5, 6)),  # …and as text in a CSV
    (20210506, dt.date(2021, 5, 6)),  # 20210506 typed as a number
    ("2021-05-06", dt.date(2021, 5, 6)),
    ("2021/5/6", dt.date(2021, 5, 6)),
    ("2021.5.6", dt.date(2021, 5, 6)),
    ("2021年5月6日", dt.date(2021, 5, 6)),
    ("20210506", dt.date(2021, 5, 6)),
    (" 2021-05-06 10:30 ", dt.date(2021, 5, 6)),
    ("２０２１年５月６日", dt.date(2021, 5, 6)),
])
def test_every_date_form(value, expected):
    from huitoukan_tui.services.errors import Collector

    errors = Collector()
    assert check_date(errors, "受理日期", date_value(value)) == expected
    assert not errors


@pytest.mark.parametrize("written, channel", [
    ("12345", Channel.HOTLINE_12345), ("12345政务服务热线", Channel.HOTLINE_12345),
    ("电话", Channel.PHONE), ("舆情", Channel.ONLINE_OPINION),
    ("人民网留言板", Channel.PEOPLE_DAILY), ("区网信办转办", Channel.CYBER_OFFICE),
    ("便民服务热线", Channel.SERVICE_HOTLINE), (" 来访 ", Channel.VISIT),
    ("１２３４５", Channel.HOTLINE_12345), ("群众来电", Channel.PHONE),
])
def test_channels_as_offices_write_them(written, channel):
    assert parse_channel(written) is channel


def test_a_large_file_is_imported_whole(imp, tmp_path):
    rows = [[f"B-{i:05d}", f"2021-{i % 12 + 1:02d}-{i % 28 + 1:02d}",
             ["来电", "12345", "舆情", "便民热线"][i % 4],
             ["七星村", "桃坡村", "新河社区", "街道城建办"][i % 4], f"对象{i}", f"问题描述{i}"]
            for i in range(3000)]
    path = write_csv(simple_ledger(SIMPLE_HEADER, rows), tmp_path / "big.csv")
    report = imp(path)
    assert report.added == 3000 and Case.select().count() == 3000
    assert Case.get(Case.case_no == "B-02999").target == "对象2999"
    assert imp(path).unchanged == 3000


# ---------------------------------------------------------------- all or nothing

def bad_rows_grid() -> Grid:
    return simple_ledger(SIMPLE_HEADER, [
        ["A-1", "2021-05-06", "来电", "七星村", "对象一", "问题一"],
        ["A-2", "2021年13月40日", "来电", "七星村", "对象二", "问题二"],
        ["A-3", "2021-05-06", "微信", "七星村", "对象三", "问题三"],
        ["A-1", "2021-05-07", "来电", "桃坡村", "对象四", "问题四"],
        ["A-5", "2021-05-06", "来电", "七星", "", "问题五"],
        ["A-6", "2099-01-01", "", "新河社区", "对象六", "问题六"],
    ])


BAD_ROWS_LINES = [
    "台账!3：受理日期：不是有效日期：2021年13月40日（应为 2024-03-21 这样的日期）",
    "台账!4：来源：无法识别的来源：微信（可选：来电、12345热线、网络舆情、来访、人民网留言、"
    "信访、区网信办、便民热线）",
    "台账!5：编号：与第 2 行重复：A-1",
    "台账!6：被反映对象：不能为空",
    "台账!6：核查单位：没有这个单位：七星",
    "台账!7：来源：不能为空",
    "台账!7：受理日期：不能晚于今天",
    "台账：核查单位：文件中有系统里没有的单位：七星（已有：七星村、桃坡村、新河社区、街道城建办）。"
    "请用单位对照表（--unit-map 文件）对应到已有单位，或选择新建这些单位（--create-units）",
]


def test_any_bad_row_refuses_the_whole_file_listing_every_problem(imp, tmp_path):
    before = db_fingerprint()
    with pytest.raises(ServiceError) as exc:
        imp(write_xlsx(bad_rows_grid(), tmp_path / "bad.xlsx"))
    assert refusal_lines(exc) == BAD_ROWS_LINES
    assert db_fingerprint() == before


def test_cli_refusal_prints_every_line_and_exits_1(units, run_cli, tmp_path):
    before = db_fingerprint()
    result = run_cli(["import", str(write_xlsx(bad_rows_grid(), tmp_path / "bad.xlsx"))])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [f"错误：{line}" for line in BAD_ROWS_LINES]
    assert result.stdout == ""
    assert db_fingerprint() == before


def problems_of(excinfo) -> list[tuple[str, str, str]]:
    """(place, field, message) of every problem, as data."""
    return [(p.where, p.field, p.message) for p in excinfo.value.problems]


def test_every_problem_of_a_row_is_reported_in_one_pass(imp, tmp_path):
    """Issue 12.12: a row with an unknown unit that also repeats another row's number got
    only the unit reported; the repetition appeared once the unit was fixed."""
    grid = simple_ledger(SIMPLE_HEADER, [
        ["A-1", "2021-05-06", "来电", "七星村", "对象一", "问题一"],
        ["A-1", "2021-05-07", "来电", "七星", "对象二", "问题二"]])
    with pytest.raises(ServiceError) as exc:
        imp(write_csv(grid, tmp_path / "台账.csv"))
    assert problems_of(exc) == [
        ("台账.csv!3", "核查单位", "没有这个单位：七星"),
        ("台账.csv!3", "编号", "与第 2 行重复：A-1"),
        ("台账.csv", "核查单位", "文件中有系统里没有的单位：七星（已有：七星村、桃坡村、新河社区、"
         "街道城建办）。请用单位对照表（--unit-map 文件）对应到已有单位，或选择新建这些单位"
         "（--create-units）")]


def test_known_numbers_are_refused_together_with_the_rows_problems(imp, tmp_path):
    imp(write_csv(simple_ledger(SIMPLE_HEADER, [
        ["A-1", "2021-05-06", "来电", "七星村", "对象一", "问题一"]]), tmp_path / "v1.csv"))
    grid = simple_ledger(SIMPLE_HEADER, [
        ["A-2", "2021-13-01", "来电", "七星村", "对象二", "问题二"],
        ["A-1", "2021-05-06", "来电", "七星村", "对象一", "问题一"]])
    with pytest.raises(ServiceError) as exc:
        imp(write_csv(grid, tmp_path / "v2.csv"), on_existing="error")
    assert problems_of(exc) == [
        ("v2.csv!2", "受理日期", "不是有效日期：2021-13-01（应为 2024-03-21 这样的日期）"),
        ("v2.csv!3", "编号", "已存在：A-1")]


def test_a_formula_without_a_saved_result_is_named(imp, tmp_path):
    """Issue 12.12: a formula cell whose file holds no computed result (a generated file)
    reads as empty and was reported as 不能为空."""
    path = write_xlsx_sheets({"台账": simple_ledger(SIMPLE_HEADER, [
        ["F-1", "=TODAY()", "来电", "七星村", '=A2&"厂"', "噪声"],
        ["F-2", "2021-05-06", "来电", "", "某厂", "噪声"]])}, tmp_path / "生成的.xlsx")
    with pytest.raises(ServiceError) as exc:
        imp(path)
    advice = ("文件里没有保存它的计算结果（常见于程序生成的表格）："
              "请在 Excel/WPS 中打开并保存一次，或填入数值后再导入")
    assert problems_of(exc) == [
        ("台账!2", "受理日期", f"单元格 B2 是公式“=TODAY()”，{advice}"),
        ("台账!2", "被反映对象", f"单元格 E2 是公式“=A2&\"厂\"”，{advice}"),
        ("台账!3", "核查单位", "不能为空")]


def test_duplicate_rows_without_numbers_are_refused(imp, tmp_path):
    header = ["受理日期", "来源", "核查单位", "被反映对象", "反映问题"]
    row = ["2021-05-06", "来电", "七星村", "某厂", "噪声"]
    with pytest.raises(ServiceError) as exc:
        imp(write_csv(simple_ledger(header, [row, row]), tmp_path / "dup.csv"))
    assert refusal_lines(exc) == [
        "dup.csv!3：编号：与第 2 行都没有编号，且受理日期、来源、核查单位、被反映对象、"
        "反映问题完全相同（重复录入？请删除一行或填写编号）"]


def test_missing_columns_are_named_with_the_accepted_names(imp, tmp_path):
    grid = simple_ledger(["编号", "受理日期", "被反映对象", "核查单位"],
                         [["X-1", "2021-05-06", "某厂", "七星村"]])
    with pytest.raises(ServiceError) as exc:
        imp(write_xlsx(grid, tmp_path / "m.xlsx"))
    lines = refusal_lines(exc)
    assert lines[0].startswith(
        "台账!1：表头：缺少“来源”列（可用的列名：来源、来源渠道、渠道、信访方式")
    assert lines[1].startswith("台账!1：表头：缺少“反映问题”列（可用的列名：反映问题、反映内容")
    assert len(lines) == 2


# ---------------------------------------------------------------- idempotence and updates

def test_importing_the_same_file_twice_changes_nothing(imp, tmp_path, run_cli):
    path = write_xlsx(sample_ledger(), tmp_path / "台账.xlsx")
    assert imp(path).added == 8
    before = db_fingerprint()
    second = imp(path)
    assert (second.added, second.updated, second.unchanged, second.skipped) == (0, 0, 8, 0)
    assert db_fingerprint() == before
    result = run_cli(["import", str(path)])
    assert result.exit_code == 0
    assert "新增 0 件，更新 0 件，未变 8 件。" in result.stdout
    assert db_fingerprint() == before


def changed_sample() -> Grid:
    g = sample_ledger()
    row = next(r for r in g.rows if r[:2] == [3, "LS-2021-003"])
    row[6] = "0566-7654321"  # phone
    row[8] = "废机油随意倾倒，地面油污严重。"  # content
    return g


def test_changed_cells_are_skipped_by_default_and_updated_on_request(imp, tmp_path, station):
    imp(write_xlsx(sample_ledger(), tmp_path / "v1.xlsx"))
    before = db_fingerprint()
    path = write_xlsx(changed_sample(), tmp_path / "v2.xlsx")
    skipped = imp(path)
    assert (skipped.added, skipped.updated, skipped.unchanged, skipped.skipped) == (0, 0, 7, 1)
    assert db_fingerprint() == before

    report = imp(path, on_existing="update")
    assert (report.updated, report.unchanged) == (1, 7)
    item = next(i for i in report.items if i.action == "update")
    assert (item.case_no, item.changed) == ("LS-2021-003", ("联系电话", "反映问题"))
    case = Case.get(Case.case_no == "LS-2021-003")
    assert (case.phone, case.content, case.version) == (
        "0566-7654321", "废机油随意倾倒，地面油污严重。", 2)
    rows = {e.field: (e.before, e.after, e.version) for e in AuditEntry.select().where(
        (AuditEntry.case_no == "LS-2021-003") & (AuditEntry.action == "update"))}
    assert rows == {"phone": ("0566-1234567", "0566-7654321", 2),
                    "content": ("废机油随意倾倒。", "废机油随意倾倒，地面油污严重。", 2)}
    hits = case_service.list_cases(station, case_service.CaseFilter(search="油污"))
    assert [c.case_no for c in hits] == ["LS-2021-003"]
    assert imp(path, on_existing="update").unchanged == 8  # and idempotent again


def test_on_existing_error_refuses_known_numbers(imp, tmp_path):
    path = write_xlsx(sample_ledger(), tmp_path / "台账.xlsx")
    imp(path)
    before = db_fingerprint()
    with pytest.raises(ServiceError) as exc:
        imp(path, on_existing="error")
    lines = refusal_lines(exc)
    assert len(lines) == 8
    assert lines[0] == "台账!4：编号：已存在：LS-2021-001"
    assert db_fingerprint() == before


def test_dry_run_writes_nothing(imp, tmp_path, run_cli):
    before = db_fingerprint()
    path = write_xlsx(sample_ledger(), tmp_path / "台账.xlsx")
    report = imp(path, dry_run=True)
    assert report.added == 8 and report.dry_run
    assert db_fingerprint() == before
    result = run_cli(["import", str(path), "--dry-run"])
    assert result.exit_code == 0
    assert result.stdout.startswith("试运行（没有写入数据库）：台账.xlsx，工作表“台账”")
    assert "将新增 8 件" in result.stdout and "池州市恒达石材加工厂" in result.stdout
    assert db_fingerprint() == before


# ---------------------------------------------------------------- units

def unit_grid(*names: str) -> Grid:
    return simple_ledger(SIMPLE_HEADER, [
        [f"U-{i}", "2021-05-06", "来电", name, f"对象{i}", f"问题{i}"]
        for i, name in enumerate(names, start=1)])


def test_unit_map_maps_names_of_the_file(imp, tmp_path):
    path = write_xlsx(unit_grid("七星", "城建办", "七星"), tmp_path / "u.xlsx")
    unit_map = tmp_path / "map.csv"
    unit_map.write_text("文件中的名称,单位\n七星,七星村\n城建办,街道城建办\n", encoding="utf-8")
    report = imp(path, unit_map=unit_map)
    assert report.per_unit == [("七星村", 2), ("街道城建办", 1)]
    assert Case.get(Case.case_no == "U-2").unit.name == "街道城建办"


def test_unit_map_naming_an_unknown_unit_is_refused(imp, tmp_path):
    path = write_xlsx(unit_grid("七星"), tmp_path / "u.xlsx")
    unit_map = tmp_path / "map.xlsx"
    write_xlsx(simple_ledger(["文件中的名称", "单位"], [["七星", "七星村村委会"]]), unit_map,
               sheet="对照")
    with pytest.raises(ServiceError) as exc:
        imp(path, unit_map=unit_map)
    assert refusal_lines(exc)[0] == (
        "对照!2：单位对照：没有这个单位：七星村村委会（已有：七星村、桃坡村、新河社区、街道城建办）")


def test_create_units_makes_the_missing_units(imp, tmp_path):
    path = write_xlsx(unit_grid("杨山村", "里山社区", "街道农业农村办", "七星村"),
                      tmp_path / "u.xlsx")
    dry = imp(path, create_units=True, dry_run=True)
    assert dry.new_units == ["杨山村", "里山社区", "街道农业农村办"]
    assert Unit.select().count() == 4
    report = imp(path, create_units=True)
    kinds = {u.name: u.kind for u in Unit.select()}
    assert kinds["杨山村"] == UnitKind.VILLAGE.value
    assert kinds["里山社区"] == UnitKind.COMMUNITY.value
    assert kinds["街道农业农村办"] == UnitKind.DEPARTMENT.value
    assert report.added == 4 and Case.get(Case.case_no == "U-1").unit.name == "杨山村"


def test_unit_names_differing_in_width_and_blanks_are_the_same(imp, tmp_path):
    path = write_csv(unit_grid("七星村　", " 七 星 村"), tmp_path / "u.csv")
    assert imp(path).per_unit == [("七星村", 2)]


# ---------------------------------------------------------------- who may import

def test_only_the_station_imports(units, unit_user, viewer, tmp_path, run_cli):
    path = write_xlsx(sample_ledger(), tmp_path / "台账.xlsx")
    for user in (unit_user, viewer):
        with pytest.raises(PermissionDenied):
            import_ledger(user, path)
    result = run_cli(["import", str(path)], user="qixing")
    assert result.exit_code == 1
    assert result.stderr == "错误：只有街道生态环境站可以进行此操作。\n"
    assert Case.select().count() == 0


# ---------------------------------------------------------------- bad files

def _encrypted_xlsx(path: Path) -> Path:
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = write_xlsx(sample_ledger(), path.with_name("plain.xlsx"))
    out = io.BytesIO()
    with plain.open("rb") as fh:
        OOXMLFile(fh).encrypt("mima123", out)
    path.write_bytes(out.getvalue())
    return path


def _truncated_xlsx(path: Path) -> Path:
    data = write_xlsx(sample_ledger(), path.with_name("whole.xlsx")).read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def _docx(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("word/document.xml", "<w:document/>")
    return path


BAD_FILES = {
    "missing": (lambda p: p / "没有.xlsx", "文件不存在"),
    "empty file": (lambda p: _touch(p / "空.xlsx", b""), "文件是空的：空.xlsx"),
    "pdf": (lambda p: _touch(p / "a.pdf", b"%PDF-1.4\n..."), "是 PDF，不是电子表格"),
    "image": (lambda p: _touch(p / "a.png", b"\x89PNG\r\n\x1a\n...."), "不支持的文件类型：a.png"),
    "random bytes as xlsx": (lambda p: _touch(p / "a.xlsx", os.urandom(2000)),
                             "文件已损坏或不是 Excel/WPS 表格：a.xlsx"),
    "truncated xlsx": (lambda p: _truncated_xlsx(p / "半截.xlsx"),
                       "文件已损坏，无法读取：半截.xlsx"),
    "word document": (lambda p: _docx(p / "a.xlsx"), "是 Word 文档，不是电子表格"),
    "password": (lambda p: _encrypted_xlsx(p / "加密.xlsx"),
                 "文件设置了打开密码，无法读取：加密.xlsx"),
    "html as xls": (lambda p: _touch(p / "导出.xls", "<html><table><tr><td>编号</td></tr>"
                                     "</table></html>".encode()), "内容是网页或 XML"),
    "binary csv": (lambda p: _touch(p / "a.csv", b"\x00\x01\x02abc"), "含有二进制内容"),
    "undecodable csv": (lambda p: _touch(p / "a.csv", b"\x81\x30\xff\xfe\xfd" * 10),
                        "无法识别 CSV 文件的编码"),
    "empty sheet": (lambda p: write_xlsx(Grid(), p / "空表.xlsx"),
                    "台账：工作表是空的，没有任何数据"),
    "no header": (lambda p: write_xlsx(simple_ledger(["甲", "乙"], [["1", "2"]]), p / "h.xlsx"),
                  "台账：没有找到表头：前 50 行中没有一行含有台账的列名"),
    "header only": (lambda p: write_xlsx(simple_ledger(SIMPLE_HEADER, []), p / "h.xlsx"),
                    "台账：表头（第 1 行）下面没有信访件"),
}


def _touch(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.mark.sqlite_only  # refused before any database work
@pytest.mark.parametrize("case", list(BAD_FILES))
def test_bad_files_are_refused_in_chinese(imp, tmp_path, run_cli, case):
    make, message = BAD_FILES[case]
    path = make(tmp_path)
    before = db_fingerprint()
    with pytest.raises(ServiceError) as exc:
        imp(path)
    assert message in "\n".join(refusal_lines(exc))
    result = run_cli(["import", str(path)])
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("错误：") and "Traceback" not in result.stderr
    assert message in result.stderr
    assert db_fingerprint() == before


def test_cli_usage_errors_exit_2(units, run_cli, tmp_path):
    path = write_xlsx(sample_ledger(), tmp_path / "台账.xlsx")
    assert run_cli(["import", str(path), "--on-existing", "replace"]).exit_code == 2
    assert run_cli(["import"]).exit_code == 2
