"""The TUI in a real terminal (tmux): Chinese in and out, and leaving when the terminal goes
away. Plus the pure helpers: literal text, column layout, the status line."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rich.cells import cell_len

from huitoukan_tui.services.dashboard import StatusSummary
from huitoukan_tui.services.text import fit
from huitoukan_tui.tui.safe import literal, plain
from huitoukan_tui.tui.widgets.ledger_columns import layout_columns
from huitoukan_tui.tui.widgets.status_bar import layout_parts, status_parts

CLI = str(Path(sys.executable).with_name("huitoukan-tui"))


# ---------------------------------------------------------------- pure helpers

def test_plain_removes_escapes_and_keeps_brackets():
    assert plain("\x1b[31m红\x1b[0m[bold]x[/bold]") == "红[bold]x[/bold]"
    assert plain("a\x1b]0;title\x07b\x9b1mc") == "abc"
    assert plain("一\n二\t三") == "一 二 三"
    assert plain("一\n二", multiline=True) == "一\n二"
    text = literal("[red]警告[/red]")
    assert text.plain == "[red]警告[/red]" and not text.spans


def test_fit_counts_double_width_cells():
    assert fit("七星村", 8) == "七星村  "
    assert fit("街道农业农村办", 8) == "街道农… "
    assert cell_len(fit("街道农业农村办", 8)) == 8
    assert fit("abc", 2) == "a…"


@pytest.mark.parametrize("width", [60, 79, 119, 159, 239])
def test_columns_fill_the_width_and_keep_the_essentials(width):
    placed = layout_columns(width)
    keys = [p.column.key for p in placed]
    # the status and its 移交执法 flag beside it survive on every width
    assert {"case_no", "target", "content", "status", "referred"} <= set(keys)
    assert keys.index("referred") == keys.index("status") + 1
    end = placed[-1].x + placed[-1].width
    assert end == width
    assert all(b.x == a.x + a.width + 1 for a, b in zip(placed, placed[1:], strict=False))
    if width >= 159:
        assert keys == ["case_no", "channel", "received_on", "unit", "target", "content",
                        "status", "referred", "deadline"]


def _summary(**kw) -> StatusSummary:
    base = dict(user_name="七星村 陈村干", unit_name="七星村", role_label="村（社区）/部门",
                campaign_name="2024年里山街道“回头看”专项行动", campaign_start=dt.date(2024, 3, 15),
                campaign_end=dt.date(2024, 4, 15), today=dt.date(2024, 3, 19), verified=21,
                total=34, open_items=7, overdue_items=2, report_due="3月21日（周四）12:00 前",
                report_due_short="3月21日12:00前")
    base.update(kw)
    return StatusSummary(**base)


def test_status_line_parts():
    wide = " ".join(t for t, _ in layout_parts("台账", status_parts(_summary()), 200))
    assert "核查进度 21/34" in wide
    assert "报送：3月21日（周四）12:00 前" in wide
    assert "未销号 7 · 逾期 2" in wide
    assert "专项行动剩余 27 天" in wide
    narrow = layout_parts("台账", status_parts(_summary()), 60)
    assert sum(cell_len(t) + 3 for t, _ in narrow) + cell_len("台账") <= 60
    assert any("21/34" in t for t, _ in narrow)
    ended = " ".join(t for t, _ in layout_parts("台账", status_parts(
        _summary(today=dt.date(2024, 4, 20))), 200))
    assert "已结束" in ended
    # 80 columns, a long name, an ended campaign with notices: the state stays (short), the
    # date when there is room
    long_name = dict(user_name="街道生态环境站管理员", unit_name="", role_label="街道生态环境站",
                     today=dt.date(2024, 4, 20), campaign_state="已结束（2024-04-15）",
                     notice_count=14, report_due="", report_due_short="")
    texts = [t for t, _ in layout_parts(" 进展一览表", status_parts(_summary(**long_name)), 79)]
    assert "已结束" in texts and "核查 21/34" in texts
    assert "专项行动已结束（2024-04-15）" in [t for t, _ in layout_parts(
        " 进展一览表", status_parts(_summary(**long_name)), 159)]
    over = " ".join(t for t, _ in layout_parts("台账", status_parts(
        _summary(report_due="", report_due_short="")), 200))
    assert "报送" not in over


# ---------------------------------------------------------------- a real terminal

def _need_tmux() -> None:
    if shutil.which("tmux") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("tmux is required in CI (installed by .ci/run)")
        pytest.skip("tmux is not installed")


class Tmux:
    def __init__(self, tmp_path: Path, width: int = 100, height: int = 30) -> None:
        self.socket = str(tmp_path / "tmux.sock")
        self.width, self.height = width, height

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run(["tmux", "-u", "-S", self.socket, *args], capture_output=True,
                              text=True, check=check)

    def start(self, command: str, env: dict[str, str]) -> None:
        exports = " ".join(f"{k}={v}" for k, v in env.items())
        self.run("new-session", "-d", "-s", "t", "-x", str(self.width), "-y",
                 str(self.height), f"env {exports} {command}")

    def screen(self) -> str:
        return self.run("capture-pane", "-t", "t", "-p").stdout

    def keys(self, *keys: str, literal: bool = False) -> None:
        self.run("send-keys", "-t", "t", *(["-l"] if literal else []), *keys)

    def wait_for(self, text: str, timeout: float = 20.0) -> str:
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.2)
        raise AssertionError(f"{text!r} not on screen:\n{screen}")

    def kill(self) -> None:
        self.run("kill-server", check=False)


def _pid_of(marker: str) -> int | None:
    """The Python process whose command line holds ``marker`` (not its shell wrappers)."""
    out = subprocess.run(["pgrep", "-f", "--", marker], capture_output=True, text=True).stdout
    for pid in map(int, out.split()):
        try:
            if pid != os.getpid() and "python" in os.path.basename(os.readlink(
                    f"/proc/{pid}/exe")):
                return pid
        except OSError:
            continue
    return None


def _gone(pid: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with open(f"/proc/{pid}/stat") as f:
                if f.read().split()[2] == "Z":
                    return True
        except FileNotFoundError:
            return True
        time.sleep(0.1)
    return False


@pytest.fixture
def demo_file(demo_db):
    """The demo database as a file a separate process can open."""
    from huitoukan_tui.models import database

    database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    return demo_db.path


@pytest.mark.slow
@pytest.mark.sqlite_only  # a separate process on the SQLite file
@pytest.mark.parametrize("hangup", ["sighup", "no-sighup"])
def test_tui_in_tmux_types_chinese_and_exits_when_the_terminal_goes(demo_file, tmp_path,
                                                                      hangup):
    _need_tmux()
    tmux = Tmux(tmp_path)
    env = {"HUITOUKAN_TODAY": "2024-04-15", "TERM": "xterm-256color", "LANG": "C"}
    marker = f"--db {demo_file}"
    # setsid: the TUI is not in the terminal's session, so no SIGHUP reaches it when the
    # terminal goes (like a process behind a wrapper); it must notice the dead terminal itself
    prefix = "setsid -w " if hangup == "no-sighup" else ""
    tmux.start(f"{prefix}{CLI} {marker} --user admin", env)
    try:
        tmux.wait_for("显示 34 / 34")
        tmux.wait_for("21/34")  # the status bar's progress fills in after the ledger
        tmux.keys("/")
        tmux.keys("噪声", literal=True)
        screen = tmux.wait_for("显示 9 / 34")
        assert "噪声" in screen
        pid = _pid_of(marker)
        assert pid is not None
    finally:
        tmux.kill()
    assert _gone(pid, 10), "the TUI kept running after its terminal went away"


@pytest.mark.slow
@pytest.mark.sqlite_only  # a separate process on the SQLite file
def test_a_byte_that_is_not_utf8_does_not_end_the_session(demo_file):
    """A terminal set to GBK sends 你 as C4 E3; the tail of a ZMODEM transfer may hold 0x8A.
    Textual's input thread died on such a byte (an English traceback, the session gone);
    now it is a stand-in character and the next keys work as before."""
    from bench.ptyterm import PtyProgram

    with PtyProgram([CLI, "--db", str(demo_file), "--user", "admin"], cols=100, rows=30,
                    env={"HUITOUKAN_TODAY": "2024-04-11"}) as program:
        program.wait_screen("显示 34 / 34", timeout=90)
        program.send("/")
        program.settle()
        program.send(b"\xc4\xe3\x8a")
        program.settle(quiet=0.5)
        program.send("LS-2021-00")
        program.wait_screen("显示 9 / 34", timeout=30)  # LS-2021-001 … 009: search works
        assert program.proc.poll() is None
        assert "Traceback" not in program.screen_text()
        assert "UnicodeDecodeError" not in program.text()
