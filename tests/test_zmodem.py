"""ZMODEM both ways through a pseudo-terminal, with lrzsz's rz/sz on the other end playing the
user's terminal (as Xshell does): the relay alone, then the TUI's 下载到本机 and 从本机上传 as a
user presses them. A terminal without ZMODEM (nothing answers, or a key is pressed) never hangs
the session: it is cancelled, and nothing arrives or is imported."""

from __future__ import annotations

import hashlib
import os
import re
import select
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from huitoukan_tui.tui import zmodem

pytestmark = pytest.mark.slow

CLI = str(Path(sys.executable).with_name("huitoukan-tui"))
#: what sz sends first (ZRQINIT) and rz answers or starts with (ZRINIT): "**", ZDLE, "B0…"
ZRQINIT, ZRINIT = b"**\x18B00", b"**\x18B01"
ALT_SCREEN = b"\x1b[?1049h"  # the TUI takes the screen again
MAIN_SCREEN = b"\x1b[?1049l"  # the TUI suspends
#: the keyboard-protocol switches Textual sends around a suspension, which pyte would print
KITTY_KEYS = re.compile(rb"\x1b\[[<>=][0-9;]*u")


def need_lrzsz() -> None:
    missing = [p for p in ("sz", "rz") if shutil.which(p) is None]
    if missing:
        reason = "ZMODEM 测试需要 lrzsz（apt-get install lrzsz）"
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(reason)
        pytest.skip(reason)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


class Terminal:
    """The user's side of a pseudo-terminal: it shows what arrives and, when it sees a ZMODEM
    start, runs the local counterpart (rz to receive a download, sz to send an upload) on the
    stream, the way a ZMODEM terminal does. ``behaviour``: "zmodem", "silent" (a terminal
    without ZMODEM) or "key" (one whose user presses a key at the garbage)."""

    def __init__(self, master: int, folder: Path, behaviour: str = "zmodem",
                 upload: Path | None = None, break_after: int | None = None,
                 tui: bool = True) -> None:
        self.master, self.folder, self.behaviour = master, folder, behaviour
        self.upload, self.break_after = upload, break_after
        self.seen = bytearray()
        self.transfers = 0
        self.reacted = False
        self.tail = b""
        #: the TUI gave the screen up (main screen, then ZMODEM); a bare relay: from the start
        self.suspended = not tui

    def pump(self, timeout: float) -> bytes:
        """Read what arrived and react to it; returns what the TUI's screen shows of it. The
        suspended part (the main screen with the intro, the ZMODEM stream) is left out: the
        emulator has no second screen, and the TUI repaints everything when it is back."""
        return KITTY_KEYS.sub(b"", self._pump(timeout))

    def _pump(self, timeout: float) -> bytes:
        ready, _, _ = select.select([self.master], [], [], timeout)
        if not ready:
            return b""
        try:
            data = os.read(self.master, 65536)
        except OSError:
            return b""
        if self.suspended:
            self.seen += data
            return self._while_suspended()
        window = self.tail + data  # a marker may arrive split over two reads
        gone = window.find(MAIN_SCREEN)
        if gone < 0:
            self.tail = window[-len(MAIN_SCREEN):]
            return data
        self.tail = b""
        self.suspended, self.reacted = True, False
        self.seen += MAIN_SCREEN + window[gone + len(MAIN_SCREEN):]
        return data[:max(0, gone - (len(window) - len(data)))] + self._while_suspended()

    def _while_suspended(self) -> bytes:
        if not self.reacted:
            for start, program in ((ZRQINIT, ["rz", "-b", "-q"]),
                                   (ZRINIT, ["sz", "-b", "-q", str(self.upload)])):
                at = self.seen.find(start)
                if at < 0:
                    continue
                self.reacted = True
                pending = bytes(self.seen[at:])
                self.seen.clear()
                if self.behaviour == "key":
                    os.write(self.master, b"x")
                elif self.behaviour == "zmodem":
                    self._transfer(program, pending)
                break
        back = self.seen.find(ALT_SCREEN)
        if back < 0:
            return b""
        self.suspended = False
        shown = bytes(self.seen[back:])
        self.seen.clear()
        return shown

    def _transfer(self, argv: list[str], pending: bytes) -> None:
        """Run the local program on the stream until it ends (or is broken off)."""
        self.transfers += 1
        child = subprocess.Popen(argv, cwd=self.folder, stdin=subprocess.PIPE,
                                 stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        child.stdin.write(pending)
        child.stdin.flush()
        sent = 0
        over = False  # the TUI wrote its screen again: the rest is not ZMODEM
        tail = b""
        out_fd = child.stdout.fileno()
        while child.poll() is None:
            ready, _, _ = select.select([self.master, out_fd], [], [], 0.2)
            if out_fd in ready:
                data = os.read(out_fd, 65536)
                if data:
                    os.write(self.master, data)
                    sent += len(data)
            if self.master in ready:
                try:
                    data = os.read(self.master, 65536)
                except OSError:
                    break
                if over:
                    self.seen += data
                    continue
                window = tail + data
                cut = window.find(ALT_SCREEN)
                tail = window[-len(ALT_SCREEN):]
                if cut >= 0:  # the transfer is over and the TUI is back: that is screen
                    self.seen += window[cut:]
                    data, over = data[:max(0, cut - len(window) + len(data))], True
                try:
                    child.stdin.write(data)
                    child.stdin.flush()
                except BrokenPipeError:
                    break
                if self.break_after is not None and sent + len(data) > self.break_after:
                    child.kill()  # the connection breaks in the middle of the transfer
                    break
        while True:  # what the program still wrote
            ready, _, _ = select.select([out_fd], [], [], 0.2)
            if not ready:
                break
            data = os.read(out_fd, 65536)
            if not data:
                break
            if self.break_after is None:
                os.write(self.master, data)
        child.wait(10)


# ---------------------------------------------------------------- the relay alone

def relay_in_thread(work) -> dict:
    out: dict = {}
    thread = threading.Thread(target=lambda: out.setdefault("result", work()), daemon=True)
    thread.start()
    out["thread"] = thread
    return out


def run_pair(tmp_path: Path, work, behaviour="zmodem", upload=None, break_after=None,
             timeout: float = 60.0):
    master, slave = os.openpty()
    here = tmp_path / "client"
    here.mkdir(exist_ok=True)
    term = Terminal(master, here, behaviour, upload, break_after, tui=False)
    job = relay_in_thread(lambda: work(slave))
    deadline = time.monotonic() + timeout
    while job["thread"].is_alive() and time.monotonic() < deadline:
        term.pump(0.1)
    job["thread"].join(5)
    term.pump(0.3)
    os.close(slave)
    os.close(master)
    assert "result" in job, "the relay hung"
    return job["result"], term


def test_download_reaches_the_terminal_byte_for_byte(tmp_path):
    need_lrzsz()
    files = []
    for name, size in (("2024-03-21_进展一览表_合计.xlsx", 6000), ("台账.pdf", 300_000)):
        path = tmp_path / name
        path.write_bytes(os.urandom(size))
        files.append(path)
    result, term = run_pair(tmp_path, lambda fd: zmodem.send(files, fd, fd))
    assert result.ok, result.message
    assert result.message.startswith("已发送 2 个文件到本机")
    for path in files:
        assert digest(term.folder / path.name) == digest(path)


def test_upload_arrives_in_the_private_folder(tmp_path):
    need_lrzsz()
    ledger = tmp_path / "台账.xlsx"
    ledger.write_bytes(os.urandom(200_000))
    folder = tmp_path / "upload"
    folder.mkdir()
    result, _ = run_pair(tmp_path, lambda fd: zmodem.receive(folder, fd, fd, limit=1 << 20),
                         upload=ledger)
    assert result.ok, result.message
    assert [p.name for p in result.files] == ["台账.xlsx"]
    assert digest(result.files[0]) == digest(ledger)


@pytest.mark.parametrize("behaviour", ["silent", "key"])
def test_a_terminal_without_zmodem_is_cancelled_not_hung(tmp_path, behaviour):
    need_lrzsz()
    path = tmp_path / "a.xlsx"
    path.write_bytes(b"x" * 1000)
    started = time.monotonic()
    result, term = run_pair(tmp_path, lambda fd: zmodem.send([path], fd, fd, start_wait=2),
                            behaviour=behaviour)
    elapsed = time.monotonic() - started
    assert not result.ok and result.message == zmodem.NO_ZMODEM
    assert "Xshell" in result.message and "--stdout" in result.message
    assert elapsed < (10 if behaviour == "silent" else 5)
    assert zmodem.CANCEL in term.seen  # a half-started terminal is told to stop
    assert not (term.folder / "a.xlsx").exists()


def test_the_cancel_message_gives_the_command_that_downloads_the_same_file(tmp_path):
    """A terminal without ZMODEM: the message ends with the command that gets the file just
    exported over plain ssh (the README's desk section: ``ssh … export … --stdout > 文件``)."""
    need_lrzsz()
    path = tmp_path / "2024-04-11_进展一览表_七星村.xlsx"
    path.write_bytes(b"x" * 1000)
    command = ("ssh huitoukan@10.0.0.5 export progress --week 2024-04-11 --unit 七星村 "
               "--stdout > 2024-04-11_进展一览表_七星村.xlsx")
    result, _ = run_pair(tmp_path, lambda fd: zmodem.send([path], fd, fd, start_wait=2,
                                                          instead=[command]),
                         behaviour="key")
    assert not result.ok
    assert result.message.startswith("终端没有响应 ZMODEM，已取消传输")
    assert result.message.endswith(f"任何终端都可以改用命令：{command}")


def test_what_the_terminal_sends_after_a_transfer_is_dropped(tmp_path):
    """The receiving terminal's last header (ZFIN, a hex header ending in 0x8A) may arrive
    after the program has ended; it must not be left for the resumed TUI, whose input thread
    dies on a byte that is not UTF-8 (seen under load in the download test)."""
    term_to_relay, terminal_in = os.pipe()
    relay_out, terminal_out = os.pipe()
    zrinit, zfin = b"**\x18B0100000023be50\r\x8a", b"**\x18B0800000000022d\r\x8a"
    program = ("import os, sys; os.write(1, b'**\\x18B00000000000000\\r\\x8a'); "
               f"sys.stdin.buffer.read({len(zrinit)})")

    def terminal() -> None:
        select.select([relay_out], [], [], 30)
        os.read(relay_out, 4096)  # the program's ZRQINIT
        os.write(terminal_in, zrinit)  # a ZMODEM terminal answers: the program ends
        time.sleep(0.15)
        os.write(terminal_in, zfin)  # … and its last header comes after that

    thread = threading.Thread(target=terminal)
    thread.start()
    try:
        code, reason = zmodem._relay([sys.executable, "-c", program], None, term_to_relay,
                                     terminal_out, 10.0, 10.0, refusal="-")
        thread.join(timeout=30)
        assert (code, reason) == (0, "")
        time.sleep(0.3)
        left, _, _ = select.select([term_to_relay], [], [], 0)
        assert left == [], os.read(term_to_relay, 4096)  # nothing for the TUI to read
    finally:
        for fd in (term_to_relay, terminal_in, relay_out, terminal_out):
            os.close(fd)


def test_an_upload_broken_midway_leaves_nothing(tmp_path):
    need_lrzsz()
    ledger = tmp_path / "大台账.xlsx"
    ledger.write_bytes(os.urandom(2_000_000))
    folder = tmp_path / "upload"
    folder.mkdir()
    result, _ = run_pair(tmp_path, lambda fd: zmodem.receive(folder, fd, fd, limit=50 << 20,
                                                              idle=3),
                         upload=ledger, break_after=300_000)
    assert not result.ok and result.files == []
    assert list(folder.iterdir()) == []  # no half file left to import


def test_an_upload_over_the_limit_is_stopped(tmp_path):
    need_lrzsz()
    ledger = tmp_path / "big.xlsx"
    ledger.write_bytes(os.urandom(4_000_000))
    folder = tmp_path / "upload"
    folder.mkdir()
    result, _ = run_pair(tmp_path, lambda fd: zmodem.receive(folder, fd, fd, limit=1 << 20),
                         upload=ledger)
    assert not result.ok and "超过 1 MB" in result.message
    assert list(folder.iterdir()) == []


# ---------------------------------------------------------------- in the TUI


@pytest.fixture
def demo_file(demo_db):
    from huitoukan_tui.models import database

    database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    return demo_db.path


def tui(db: Path, login: str, tmp_path: Path):
    from bench.ptyterm import PtyProgram

    env = {"HUITOUKAN_TODAY": "2024-04-11", "HUITOUKAN_EXPORTS": str(tmp_path / "exports"),
           "TERM": "xterm-256color"}
    return PtyProgram([CLI, "--db", str(db), "--user", login], cols=120, rows=36, env=env)


def drive(program, term: Terminal, until: str, timeout: float = 120.0) -> str:
    """Let the terminal react to what the program writes until the screen shows ``until``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        data = term.pump(0.1)
        if data:
            program.buffer += data
        text = program.screen_text()
        if until in text:
            return text
    raise AssertionError(f"{until!r} not on screen:\n{program.screen_text()}")


@pytest.mark.sqlite_only  # a separate process on the SQLite file
def test_download_and_upload_from_the_tui(demo_file, tmp_path):
    need_lrzsz()
    client = tmp_path / "laptop"
    client.mkdir()
    with tui(demo_file, "qixing", tmp_path) as program:
        program.wait_screen("显示 8 / 8", timeout=90)
        term = Terminal(program.master, client)
        program.send("e")
        program.wait_screen("开始导出")
        program.send(b"\x13")  # ctrl+s
        program.wait_screen("已导出 1 个文件")
        program.send(b"\x04")  # ctrl+d: 下载到本机
        screen = drive(program, term, "已发送 1 个文件到本机")
        assert term.transfers == 1
        exported = next((tmp_path / "exports").rglob("*进展一览表_七星村.xlsx"))  # users/qixing/
        assert digest(client / exported.name) == digest(exported)
        assert "开始导出" in screen  # the TUI is back

    # the station uploads a ledger from its computer: checked first, then imported
    ledger = client / "新台账.csv"
    ledger.write_text("编号,受理日期,来源,核查单位,被反映对象,反映问题\n"
                      "ZM-1,2024-03-02,来电,七星村,某石料厂,夜间噪声\n", encoding="utf-8")
    with tui(demo_file, "admin", tmp_path) as program:
        program.wait_screen("显示 34 / 34", timeout=90)
        term = Terminal(program.master, client, upload=ledger)
        program.send(b"\x0f")  # ctrl+o
        program.wait_screen("从本机上传")
        program.send(b"\x15")  # ctrl+u
        screen = drive(program, term, "检查通过")
        assert "试运行（没有写入数据库）：新台账.csv" in screen and "将新增 1 件" in screen
        uploads = list((tmp_path / "exports").glob(".huitoukan-upload-*"))
        assert len(uploads) == 1 and oct(uploads[0].stat().st_mode)[-3:] == "700"
        program.send(b"\x13")  # ctrl+s → confirm
        program.wait_screen("导入 新台账.csv（本机上传）")
        program.send(b"\x1b[D")  # focus starts on 取消 (the safe answer): ← to 导入
        program.send(b"\r")
        program.wait_screen("导入完成")
        assert not uploads[0].exists()  # the upload is deleted once imported
    result = subprocess.run([CLI, "--db", str(demo_file), "--user", "admin", "cases",
                             "--search", "ZM-1", "--format", "csv"], capture_output=True,
                            text=True, timeout=60)
    assert "ZM-1" in result.stdout


@pytest.mark.sqlite_only
def test_a_terminal_without_zmodem_gets_the_tui_back(demo_file, tmp_path):
    need_lrzsz()
    with tui(demo_file, "qixing", tmp_path) as program:
        program.wait_screen("显示 8 / 8", timeout=90)
        term = Terminal(program.master, tmp_path, behaviour="key")
        program.send("e")
        program.wait_screen("开始导出")
        program.send(b"\x13")
        program.wait_screen("已导出 1 个文件")
        started = time.monotonic()
        program.send(b"\x04")
        screen = drive(program, term, "终端没有响应 ZMODEM", timeout=20)
        assert time.monotonic() - started < 10  # the key cancelled it at once
        assert "开始导出" in screen
        # the command that gets the same file without ZMODEM (however the line wraps)
        assert ("exportprogress--week2024-04-11--unit七星村--stdout>"
                "2024-04-11_进展一览表_七星村.xlsx") in "".join(screen.split())
        program.send("\x1b")  # the TUI takes keys again: back to the ledger
        program.wait_screen("显示 8 / 8", timeout=90)
