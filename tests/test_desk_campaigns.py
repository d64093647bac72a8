"""The desk with several campaigns (issues 14 and 15): the exports of two campaigns for the
same week are two files, each named and titled for its campaign; the command form over SSH
takes ``--campaign`` where the command has it, and ``campaign list|show`` to learn the names,
and nothing else of ``campaign``."""

from __future__ import annotations

import io

from click.testing import CliRunner
from openpyxl import load_workbook

from huitoukan_tui.cli import main
from huitoukan_tui.io.exporting import export_forms
from tests.test_campaigns import LATER, district  # noqa: F401 - the two-campaign district

FIRST = "2024年里山街道生态环境领域信访事项“回头看”专项行动"  # the seed's campaign
FIRST_TITLE = "2024年贵池区生态环境领域信访事项“回头看”专项行动进展一览表"
LATER_TITLE = "2025年贵池区“回头看”进展一览表"


def test_two_campaigns_of_one_week_are_two_files_named_for_each(district, tmp_path):  # noqa: F811
    # each campaign's first report week (a week outside a campaign is refused), its file
    # named for the campaign: two campaigns' files of one folder never collide
    written = {}
    for key, name, week in (("first", FIRST, "2024-03-21"), ("later", LATER, "2025-03-20")):
        [result] = export_forms(district["admin"], "progress", week=week,
                                out_dir=tmp_path, campaign=district[key])
        assert result.path.name == f"{week}_{name}_进展一览表_合计.xlsx"
        written[key] = result.path
    assert sorted(p.name for p in tmp_path.glob("*.xlsx")) == sorted(
        p.name for p in written.values())
    titles = {k: load_workbook(p).active["A1"].value for k, p in written.items()}
    assert titles == {"first": FIRST_TITLE.replace("“回头看”", "\n“回头看”"),
                      "later": LATER_TITLE.replace("“回头看”", "\n“回头看”")}


def ssh(db_target, login: str, command: str):
    """``command`` as the client asks for it under ``login``'s forced command."""
    base = (["--db", str(db_target.path)] if db_target.path is not None
            else ["--database-url", db_target.url])
    return CliRunner().invoke(main, [*base, "--user", login],
                              env={"SSH_ORIGINAL_COMMAND": command}, catch_exceptions=False)


def test_the_command_form_takes_the_campaign_and_lists_the_names(district, db_target):  # noqa: F811
    result = ssh(db_target, "qixing", f"export progress --campaign '{LATER}' --week 2025-03-27 "
                                      "--stdout")
    assert result.exit_code == 0, result.stderr
    sheet = load_workbook(io.BytesIO(result.stdout_bytes)).active
    assert sheet["A1"].value == LATER_TITLE.replace("“回头看”", "\n“回头看”")
    assert [r[1] for r in sheet.iter_rows(min_row=4, values_only=True)
            if isinstance(r[0], int)] == ["七星村"]
    assert f"已输出 2025-03-27_{LATER}_进展一览表_七星村.xlsx" in result.stderr

    listed = ssh(db_target, "qixing", "campaign list --format json")
    assert listed.exit_code == 0, listed.stderr
    assert LATER in listed.stdout and FIRST in listed.stdout
    assert ssh(db_target, "qixing", "campaign show").exit_code == 0
    # a campaign its street does not take part in, another command of campaign, or the
    # global options: refused with one line
    for login, command, fragment in [
            ("xinghua", f"export progress --campaign '{FIRST}' --stdout", "没有这个专项行动"),
            ("qixing", "campaign add /tmp/x.toml", "只能运行 campaign list、campaign show"),
            ("qixing", "campaign close", "只能运行 campaign list、campaign show"),
            ("qixing", "campaign list --user admin", "不能使用选项 --user"),
            ("qixing", f"--campaign '{LATER}' cases", "不允许")]:
        result = ssh(db_target, login, command)
        lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
        assert result.exit_code == 1 and len(lines) == 1 and fragment in lines[0], (
            command, result.stderr)
        assert result.stdout_bytes == b""


def test_a_ledger_of_another_street_is_refused_with_its_rows(district, run_cli,  # noqa: F811
                                                             tmp_path):
    """里山街道's station imports a file holding 秋浦街道's 杏花村: refused row by row, also
    with --create-units (unit names are unique in the district: the dry run used to promise
    a new 杏花村 and the import then failed with 编号：已存在), and nothing is written."""
    from huitoukan_tui.models import Case, Unit

    path = tmp_path / "秋浦.csv"
    path.write_text("编号,受理日期,来源,核查单位,被反映对象,反映问题\n"
                    "Q-1,2025-03-20,来电,七星村,某厂,噪声\n"
                    "Q-2,2025-03-20,来电,杏花村,某厂,噪声\n", encoding="utf-8")
    before = (Case.select().count(), Unit.select().count())
    for extra in ([], ["--create-units"], ["--create-units", "--dry-run"]):
        result = run_cli(["import", str(path), *extra])
        assert result.exit_code == 1, result.stdout
        assert result.stderr.splitlines() == [
            f"错误：{path.name}!3：核查单位：杏花村 是其他街道的单位",
            f"错误：{path.name}：核查单位：文件中有其他街道的单位：杏花村。本街道只能导入自己单位的"
            "信访件，也不能新建同名的单位（单位名称在全区唯一）：请把这些行交给所属街道导入"]
    assert (Case.select().count(), Unit.select().count()) == before
    # the other way round the same: 秋浦's station is told 七星村 is not its unit …
    result = run_cli(["import", str(path)], user="qiupu")
    assert result.exit_code == 1
    assert f"错误：{path.name}!2：核查单位：七星村 是其他街道的单位" in result.stderr
    # … and imports its own row
    path.write_text("编号,受理日期,来源,核查单位,被反映对象,反映问题\n"
                    "Q-2,2025-03-20,来电,杏花村,某厂,噪声\n", encoding="utf-8")
    assert run_cli(["import", str(path)], user="qiupu").exit_code == 0
    assert Case.get(Case.case_no == "Q-2").unit.name == "杏花村"
