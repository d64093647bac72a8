"""The command form of an export the workbench just wrote (what a user without ZMODEM runs
instead, README "Getting the forms to your desk"): ``ssh 账号@服务器 export KIND --week …
[--unit U] [--final] [--format F] [--campaign NAME] --stdout > 文件名``, one per file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from huitoukan_tui.io.exporting import export_forms
from huitoukan_tui.models import User
from huitoukan_tui.services import exportview

SSH = {"USER": "huitoukan", "SSH_CONNECTION": "192.0.2.7 50022 10.0.0.5 22"}


def test_each_file_gets_its_own_command(demo_db, tmp_path):
    admin = User.get(User.login == "admin")
    results = export_forms(admin, "progress", week="2024-04-11", per_unit=True,
                           out_dir=tmp_path)
    commands = exportview.stdout_commands(results, week_end=dt.date(2024, 4, 11),
                                          final=False, fmt="xlsx", environ=SSH)
    by_file = dict(zip((Path(r.path).name for r in results), commands, strict=True))
    assert by_file["2024-04-11_进展一览表_合计.xlsx"] == (
        "ssh huitoukan@10.0.0.5 export progress --week 2024-04-11 --stdout > "
        "2024-04-11_进展一览表_合计.xlsx")
    assert by_file["2024-04-11_进展一览表_七星村.xlsx"] == (
        "ssh huitoukan@10.0.0.5 export progress --week 2024-04-11 --unit 七星村 --stdout > "
        "2024-04-11_进展一览表_七星村.xlsx")


def test_the_final_list_as_csv_on_another_port(demo_db, tmp_path):
    admin = User.get(User.login == "admin")
    [result] = export_forms(admin, "problems", week="2024-04-11", final=True, fmt="csv",
                            out_dir=tmp_path)
    [command] = exportview.stdout_commands(
        [result], week_end=dt.date(2024, 4, 11), final=True, fmt="csv",
        environ={"USER": "huitoukan", "SSH_CONNECTION": "192.0.2.7 50022 10.0.0.5 2222"})
    assert command == ("ssh -p 2222 huitoukan@10.0.0.5 export problems --week 2024-04-11 "
                       f"--final --format csv --stdout > {Path(result.path).name}")


def test_without_ssh_the_server_is_named_as_a_placeholder(demo_db, tmp_path):
    admin = User.get(User.login == "admin")
    [result] = export_forms(admin, "ledger", week="2024-04-11", out_dir=tmp_path)
    [command] = exportview.stdout_commands([result], week_end=dt.date(2024, 4, 11),
                                           final=False, fmt="xlsx", environ={"USER": "wang"})
    assert command.startswith("ssh wang@服务器 export ledger --week 2024-04-11 --stdout > ")


def test_a_districts_street_files_get_none(demo_db, tmp_path):
    """``--per-street`` files have no single-file command (no option names a street's table):
    the district's consolidated file has one, its street's file none."""
    from huitoukan_tui.services import users

    boss = users.add_user(User.get(User.login == "admin"), "qu", "区环委办", "district")
    results = export_forms(boss, "progress", week="2024-04-11", per_street=True,
                           out_dir=tmp_path)
    assert sorted(r.scope for r in results) == ["合计", "里山街道"]
    assert exportview.stdout_commands(results, week_end=dt.date(2024, 4, 11), final=False,
                                      fmt="xlsx", environ=SSH) == [
        "ssh huitoukan@10.0.0.5 export progress --week 2024-04-11 --stdout > "
        "2024-04-11_进展一览表_合计.xlsx"]
