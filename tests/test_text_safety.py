"""Issue 12, item 11: escape sequences and bidi overrides (U+202E) are stripped or refused at
the door, and text that comes from users or files is never printed raw to a terminal."""

from __future__ import annotations

import sqlite3

import pytest

from huitoukan_tui.models import Case, Unit, User
from huitoukan_tui.services import cases, text
from tests.test_crafted_files import cell, crafted_xlsx, row

OSC_TITLE = "\x1b]0;被改了标题\x07"
CSI_RED = "\x1b[31m"
RLO = "\u202e"  # shows "abc\u202etxt.exe" as "abcexe.txt"
C1_CSI = "\x9b2J"
RAW = (OSC_TITLE, CSI_RED, RLO, "\x1b", "\x9b", "\x07")


def assert_printable(output: str) -> None:
    for bad in RAW:
        assert bad not in output, repr(output)


def test_the_cleaner_and_the_printer():
    assert text.clean(f"恒达{OSC_TITLE}石材{CSI_RED}厂{RLO}{C1_CSI}") == "恒达石材厂"
    assert text.printable(f"第一行\n第二行{OSC_TITLE}\t尾") == "第一行 第二行 尾"
    assert text.printable(f"a{RLO}b\u2066c\u200fd", multiline=True) == "abcd"


@pytest.mark.sqlite_only  # the door's rules are engine-neutral Python
def test_user_add_refuses_escapes_in_logins_and_cleans_names(db, run_cli):
    result = run_cli(["user", "add", f"evil{OSC_TITLE}", "--name", "某", "--role", "viewer"])
    assert result.exit_code == 1
    assert "登录名：不能为空、不能含空格或控制字符" in result.output
    assert_printable(result.output)
    result = run_cli(["user", "add", "wangwu", "--name", f"王{OSC_TITLE}五{RLO}",
                      "--role", "viewer"])
    assert result.exit_code == 0, result.output
    assert User.get(User.login == "wangwu").display_name == "王五"
    listed = run_cli(["user", "list"])
    assert "wangwu" in listed.output and "王五" in listed.output
    assert_printable(listed.output)


@pytest.mark.sqlite_only  # data written before the door was closed: raw in the file
def test_raw_text_already_stored_is_never_printed_raw(demo_db, run_cli):
    conn = sqlite3.connect(demo_db.path)
    conn.execute("UPDATE petition_case SET target = ? WHERE case_no = 'LS-2021-001'",
                 (f"鑫源{OSC_TITLE}混凝土{RLO}",))
    conn.execute("UPDATE user SET display_name = ? WHERE login = 'qixing'", (f"陈{CSI_RED}某",))
    conn.commit()
    conn.close()
    listed = run_cli(["cases", "--search", "鑫源"])
    assert "鑫源混凝土" in listed.output
    assert_printable(listed.output)
    assert_printable(run_cli(["user", "list"]).output)
    result = run_cli(["cases", "--unit", f"火星{OSC_TITLE}村"])
    assert result.exit_code == 1 and "火星村" in result.output  # echoed back, cleaned
    assert_printable(result.output)


def test_case_text_is_cleaned_at_the_door(station, units):
    case = cases.create_case(station, {
        "case_no": "LS-2024-901", "channel": "来电", "received_on": "2024-03-01",
        "unit": "七星村", "target": f"恒达{RLO}石材{OSC_TITLE}", "content": f"噪声{CSI_RED}扰民"})
    got = Case.get_by_id(case.id)
    assert (got.target, got.content) == ("恒达石材", "噪声扰民")


@pytest.mark.sqlite_only  # the name of a sheet inside a file, echoed in import errors
def test_a_sheet_name_with_escapes_is_printed_clean(db, run_cli, tmp_path):
    path = crafted_xlsx(tmp_path / "台账.xlsx", row(1, cell("A1", "无关")),
                        name=f"台账{RLO}{C1_CSI}")
    result = run_cli(["import", str(path), "--dry-run"])
    assert result.exit_code == 1
    assert result.output.startswith("错误：台账：没有找到表头")
    assert_printable(result.output)
    assert not Unit.select().where(Unit.name.contains(RLO)).exists()


def test_fit_middle_keeps_the_head_and_the_end():
    from huitoukan_tui.services.text import fit_middle

    name = "2024-04-11_专项行动_进展一览表_七星村.xlsx"  # 11 + 31 cells
    # 34 cells: the 11 of the week, … and the last 22 (进展一览表 10, _ 1, 七星村 6, .xlsx 5)
    assert fit_middle(name, 34, head=11) == "2024-04-11_…进展一览表_七星村.xlsx"
    assert fit_middle(name, 35, head=11) == "2024-04-11_…_进展一览表_七星村.xlsx"
    assert fit_middle(name, 33, head=11) == "2024-04-11_…展一览表_七星村.xlsx "  # padded
    assert fit_middle("短名.xlsx", 12) == "短名.xlsx   "  # fits: padded
    assert fit_middle(name, 8, head=11) == "…村.xlsx"  # no room for the head: the end
