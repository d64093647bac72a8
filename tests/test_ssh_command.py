"""The command form over SSH (``SSH_ORIGINAL_COMMAND`` under the key's forced command) and the
two streams it needs: ``export … --stdout`` and ``import -``. Run through click as sshd runs
the forced command: ``huitoukan-tui --db … --user LOGIN`` with the client's command line in
the environment. (tests/test_ssh_e2e.py does the same through a real sshd.)"""

from __future__ import annotations

import io
import os
import pty
import struct
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from huitoukan_tui.cli import main
from huitoukan_tui.cli.remote import split_command
from huitoukan_tui.models import AuditEntry, Case
from huitoukan_tui.services.errors import ServiceError

ROOT = Path(__file__).resolve().parent.parent
#: the demo's cases of 七星村 (qixing's unit) and of every unit, straight from the demo data
QIXING_CASES = 8
ALL_CASES = 34


def base(target) -> list[str]:
    return (["--db", str(target.path)] if target.path is not None
            else ["--database-url", target.url])


@pytest.fixture
def ssh(demo_db):
    """Run the forced command of ``login``'s key with ``command`` as SSH_ORIGINAL_COMMAND."""
    def run(login: str, command: str, stdin: bytes | None = None):
        return CliRunner().invoke(main, [*base(demo_db), "--user", login],
                                  env={"SSH_ORIGINAL_COMMAND": command}, input=stdin,
                                  catch_exceptions=False)
    return run


def one_line_refusal(result, fragment: str) -> None:
    assert result.exit_code == 1, (result.stdout, result.stderr)
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("错误：") and fragment in lines[0], lines
    assert result.stdout_bytes == b""


def ledger_rows(data: bytes) -> list[list]:
    ws = load_workbook(io.BytesIO(data)).active
    return [[c.value for c in row] for row in ws.iter_rows(min_row=4) if row[1].value]


# ---------------------------------------------------------------- splitting

@pytest.mark.parametrize("text, words", [
    ("export progress --stdout", ["export", "progress", "--stdout"]),
    ("cases --search '噪声 扰民'", ["cases", "--search", "噪声 扰民"]),
    ('cases --search "a;b|c"', ["cases", "--search", "a;b|c"]),
    ("cases --search $(id)", ["cases", "--search", "$(id)"]),
    ("cases;id", ["cases;id"]),
    ("cases `id` && id", ["cases", "`id`", "&&", "id"]),
])
def test_words_are_split_like_a_shell_and_never_expanded(text, words):
    assert split_command(text) == words


@pytest.mark.parametrize("text, fragment", [
    ("cases\nid", "换行或控制字符"), ("cases\x00id", "换行或控制字符"),
    ("cases\x1b[31m", "换行或控制字符"), ("cases 'x", "引号不成对"),
    ("cases \udcff", "UTF-8"),
])
def test_unsplittable_or_control_text_is_refused(text, fragment):
    with pytest.raises(ServiceError, match=fragment):
        split_command(text)


# ---------------------------------------------------------------- what may run

@pytest.mark.parametrize("command, fragment", [
    ("sh -c id", "不允许通过 SSH 运行“sh”"),
    ("scp -t /tmp", "不能用 scp/sftp 传送文件"), ("scp -f db/huitoukan.sqlite3", "scp/sftp"),
    ("/usr/bin/rsync --server --sender . db", "scp/sftp"),
    ("user add evil --name x --role station", "不允许通过 SSH 运行“user”"),
    ("backup", "不允许"), ("init --force", "不允许"),
    ("cases;id", "不允许通过 SSH 运行“cases;id”"),
    ("--user admin cases", "不允许"),
    ("cases --user admin", "不能使用选项 --user"),
    ("export ledger --stdout --user=admin", "不能使用选项 --user"),
    ("cases --db /tmp/other.sqlite3", "不能使用选项 --db"),
    ("cases --database-url postgresql://x/y", "不能使用选项 --database-url"),
    ("export ledger --out /tmp", "不能指定服务器上的文件"),
    ("import /etc/passwd --dry-run", "从标准输入读取"),
    ("import - --unit-map /etc/passwd", "不能指定服务器上的文件"),
    ("cases\nsh", "换行"),
])
def test_anything_else_is_refused_with_one_chinese_line(ssh, command, fragment):
    before = (Case.select().count(), AuditEntry.select().count())
    one_line_refusal(ssh("qixing", command), fragment)
    assert (Case.select().count(), AuditEntry.select().count()) == before


def _sftp_packet(kind: int, payload: bytes) -> bytes:
    return struct.pack(">IB", len(payload) + 1, kind) + payload


def _sftp_replies(data: bytes) -> list[tuple[int, bytes]]:
    replies = []
    while data:
        (length,) = struct.unpack(">I", data[:4])
        replies.append((data[4], data[5:4 + length]))
        data = data[4 + length:]
    return replies


@pytest.mark.parametrize("program", ["/usr/lib/openssh/sftp-server", "internal-sftp",
                                     "/usr/libexec/sftp-server -l INFO"])
def test_the_sftp_subsystem_gets_a_refusal_it_can_show(ssh, program):
    """What an SFTP client (sftp, OpenSSH 9's scp, WinSCP) sends: init, then asking where it
    is and to open a file of the server, and an upload. It gets version 3, then "permission
    denied" with the refusal as the message, for each request, and no file of the server."""
    path = b"db/huitoukan.sqlite3"
    requests = (_sftp_packet(1, struct.pack(">I", 3))
                + _sftp_packet(16, struct.pack(">I", 7) + struct.pack(">I", 1) + b".")
                + _sftp_packet(3, struct.pack(">I", 8) + struct.pack(">I", len(path)) + path
                               + struct.pack(">II", 1, 0))
                + _sftp_packet(3, struct.pack(">I", 9) + struct.pack(">I", 5) + b"x.txt"
                               + struct.pack(">II", 0x1A, 0)))
    result = ssh("qixing", program, requests)
    assert result.exit_code == 1
    replies = _sftp_replies(result.stdout_bytes)
    assert replies[0] == (2, struct.pack(">I", 3))
    assert [kind for kind, _ in replies[1:]] == [101, 101, 101]
    for (_, body), request_id in zip(replies[1:], (7, 8, 9), strict=True):
        rid, code, size = struct.unpack(">III", body[:12])
        message = body[12:12 + size].decode("utf-8")
        assert (rid, code) == (request_id, 3)  # SSH_FX_PERMISSION_DENIED
        assert message.startswith("不能用 scp/sftp 传送文件")
        assert "ssh huitoukan@server export progress --stdout > progress.xlsx" in message
    assert b"SQLite format" not in result.stdout_bytes
    assert not Path("x.txt").exists()


def test_an_sftp_client_sending_nonsense_gets_no_endless_answer(ssh):
    result = ssh("qixing", "internal-sftp", struct.pack(">I", 1 << 30) + b"x" * 100)
    assert result.exit_code == 1 and result.stdout_bytes == b""


def test_the_key_s_scope_holds(ssh):
    result = ssh("qixing", "cases --format csv")
    assert result.exit_code == 0, result.stderr
    rows = result.stdout.splitlines()[1:]
    assert len(rows) == QIXING_CASES and all(",七星村," in r for r in rows)
    # another unit is out of reach, by every path
    one_line_refusal(ssh("qixing", "export progress --unit 桃坡村 --stdout"), "桃坡村")
    assert ssh("qixing", "cases --unit 桃坡村 --format csv").stdout.splitlines()[1:] == []
    one_line_refusal(ssh("qixing", "import - --dry-run", b"x"), "只有街道生态环境站")


def test_shell_syntax_is_a_plain_word_and_click_says_so_in_chinese(ssh):
    result = ssh("qixing", "export ledger --stdout; id")
    assert result.exit_code == 2 and result.stdout_bytes == b""
    assert "没有选项 '--stdout;'" in result.stderr
    assert "是不是其中之一：'--out', '--stdout'" in result.stderr
    assert "Did you mean" not in result.stderr


def test_help_lists_the_allowed_commands(ssh):
    assert ssh("qixing", "--help").stdout == ssh("qixing", "-h").stdout
    result = ssh("qixing", "help")
    assert result.exit_code == 0 and result.stdout == ssh("qixing", "--help").stdout
    for name in ("cases", "problems", "progress", "export", "import"):
        assert f"ssh huitoukan@服务器 {name} …" in result.stdout
    assert "user" not in result.stdout.split("例如")[0]
    sub = ssh("qixing", "export --help")
    assert sub.exit_code == 0 and "--stdout" in sub.stdout


def test_board_and_submit_are_allowed_by_name(ssh):
    from huitoukan_tui.cli.app import COMMAND_MODULES

    for name in ("board", "submit"):
        result = ssh("admin", name + " --help")
        if name in COMMAND_MODULES:
            assert result.exit_code == 0, result.stderr
        else:
            one_line_refusal(result, f"还没有“{name}”命令")


def test_an_empty_command_opens_the_tui(ssh):
    # no terminal here, so the TUI refuses, which shows that the TUI is what was started
    one_line_refusal(ssh("qixing", "   "), "终端界面需要交互式终端")


# ---------------------------------------------------------------- export --stdout

def test_a_unit_exports_its_own_ledger_to_stdout(ssh):
    result = ssh("qixing", "export ledger --week 2024-03-28 --stdout")
    assert result.exit_code == 0, result.stderr
    rows = ledger_rows(result.stdout_bytes)
    assert len(rows) == QIXING_CASES and {r[4] for r in rows} == {"七星村"}
    expected = {c.case_no for c in Case.select().join_from(Case, Case.unit.rel_model)
                .where(Case.unit.rel_model.name == "七星村")}
    assert {r[1] for r in rows} == expected
    assert "已输出 2024-03-28_信访台账_七星村.xlsx（8 行" in result.stderr


def test_stdout_file_matches_the_file_export(ssh, demo_db, tmp_path):
    from huitoukan_tui.io.exporting import export_forms
    from huitoukan_tui.models import User

    result = ssh("admin", "export progress --week 2024-03-21 --stdout")
    [written] = export_forms(User.get(User.login == "admin"), "progress", week="2024-03-21",
                             out_dir=tmp_path)
    assert result.stdout_bytes == written.path.read_bytes()  # the same bytes as the file
    csv = ssh("admin", "export ledger --format csv --stdout")
    lines = csv.stdout_bytes.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("序号,编号,来源") and len(lines) == 1 + ALL_CASES


def test_stdout_refuses_several_files_and_touches_no_export_folder(ssh, tmp_path,
                                                                   monkeypatch):
    exports = tmp_path / "exports"
    monkeypatch.setenv("HUITOUKAN_EXPORTS", str(exports))
    one_line_refusal(ssh("admin", "export all --stdout"), "会生成 3 个文件")
    one_line_refusal(ssh("admin", "export progress --per-unit --stdout"), "会生成 8 个文件")
    assert ssh("qixing", "export progress --per-unit --stdout").exit_code == 0  # one unit
    assert ssh("admin", "export problems --stdout").exit_code == 0
    assert not exports.exists() or list(exports.iterdir()) == []


@pytest.mark.sqlite_only  # a separate process on the SQLite file
def test_stdout_refuses_a_terminal(demo_db):
    from huitoukan_tui.models import database

    database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    master, slave = pty.openpty()
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "huitoukan_tui", *base(demo_db), "--user", "admin",
             "export", "progress", "--stdout"], stdout=slave, stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL, env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=60)
        os.close(slave)
        slave = -1
        screen = b""
        while True:
            try:
                chunk = os.read(master, 4096)
            except OSError:
                break
            if not chunk:
                break
            screen += chunk
    finally:
        if slave >= 0:
            os.close(slave)
        os.close(master)
    assert proc.returncode == 1
    assert "标准输出是终端" in proc.stderr.decode()
    assert b"PK" not in screen  # not a byte of the workbook reached the terminal


# ---------------------------------------------------------------- import -

def test_import_from_stdin_with_every_rule(ssh, demo_db, tmp_path):
    exported = ssh("admin", "export ledger --stdout").stdout_bytes
    dry = ssh("admin", "import - --dry-run", exported)
    assert dry.exit_code == 0, dry.stderr
    assert dry.stdout.startswith("试运行（没有写入数据库）：标准输入，")
    assert f"未变 {ALL_CASES} 件" in dry.stdout
    csv = ("编号,受理日期,来源,核查单位,被反映对象,反映问题\n"
           "ST-1,2024-03-01,来电,七星村,某砂石厂,夜间噪声\n").encode("gb18030")
    before = Case.select().count()
    assert ssh("admin", "import - --dry-run", csv).exit_code == 0
    assert Case.select().count() == before  # a dry run writes nothing
    done = ssh("admin", "import -", csv)
    assert done.exit_code == 0 and "新增 1 件" in done.stdout
    assert Case.get(Case.case_no == "ST-1").target == "某砂石厂"
    bad = ("编号,受理日期,来源,核查单位,被反映对象,反映问题\n"
           "ST-2,2024-13-40,来电,七星村,某厂,噪声\n").encode()
    result = ssh("admin", "import -", bad)
    assert result.exit_code == 1 and "标准输入!2：受理日期" in result.stderr
    assert not Case.select().where(Case.case_no == "ST-2").exists()


@pytest.mark.parametrize("data, fragment", [
    (b"", "文件是空的：标准输入"),
    (b"\x00\x01\x02PK garbage" * 20, "二进制"),
    (b"%PDF-1.7\n", "是 PDF"),
    (b"PK\x03\x04broken", "已损坏"),
])
def test_import_stdin_refuses_what_a_file_would_be_refused_for(ssh, data, fragment):
    one_line_refusal(ssh("admin", "import -", data), fragment)


def test_import_stdin_refuses_an_oversized_stream_before_reading_it_all(ssh, monkeypatch):
    from huitoukan_tui.io import sheet_reader

    read = {"bytes": 0}

    class Endless(io.RawIOBase):
        def readable(self):
            return True

        def readinto(self, buffer):
            buffer[:] = b"a" * len(buffer)
            read["bytes"] += len(buffer)
            return len(buffer)

    monkeypatch.setattr(sheet_reader, "MAX_FILE_BYTES", 3 << 20)
    result = ssh("admin", "import -", io.BufferedReader(Endless()))
    one_line_refusal(result, "超过 3 MB")
    assert read["bytes"] <= 5 << 20


def test_import_stdin_leaves_no_temporary_file(ssh, tmp_path, monkeypatch):
    exports = tmp_path / "exports"
    monkeypatch.setenv("HUITOUKAN_EXPORTS", str(exports))
    ssh("admin", "import -", b"not,a,ledger\n1,2,3\n")
    assert not exports.exists() or list(exports.iterdir()) == []
