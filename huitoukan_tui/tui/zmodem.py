"""ZMODEM over the session's own terminal: how Xshell, SecureCRT and MobaXterm users move files.

The TUI suspends itself (``App.suspend()``) and hands the terminal to lrzsz's ``sz`` (send to
the user's computer) or ``rz`` (receive from it) through a relay that watches the first bytes
coming back from the terminal:

- a ZMODEM terminal answers with a ZMODEM header (``**`` ZDLE ``B…``, or a binary header): the
  transfer runs, and is stopped when nothing moves for ``IDLE`` seconds or an upload grows
  past its limit;
- a terminal without ZMODEM answers nothing (the user sees a line of garbage) or passes on a
  key the user presses: the relay stops at the first such key or after ``START_WAIT``
  seconds, stops the program, sends the cancel sequence (CAN ×8, BS ×8) so that a terminal
  half way into a transfer resets, and throws away what the terminal sends meanwhile, so no
  stray byte reaches the TUI as a key.

The terminal is in raw mode while the relay runs and restored afterwards.
"""

from __future__ import annotations

import contextlib
import os
import select
import shutil
import signal
import subprocess
import sys
import termios
import time
import tty
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

#: seconds to wait for the terminal to answer (a dialog asking where to save may be open)
START_WAIT = 30.0
#: seconds without a byte in either direction after which a transfer is given up
IDLE = 60.0
#: seconds of silence from the terminal that end a transfer's tail
QUIET = 0.5
CANCEL = b"\x18" * 8 + b"\x08" * 8
ZDLE = 0x18
#: header types after ZDLE: A (binary, CRC16), B (hex), C (binary, CRC32)
_HEADER_KINDS = b"ABC"
_FLOW = {0x11, 0x13, 0x91, 0x93}  # XON/XOFF (also with the parity bit) some terminals send

CLIENTS = "Xshell、SecureCRT、MobaXterm 等支持 ZMODEM 的终端"
NO_ZMODEM_HEAD = (f"终端没有响应 ZMODEM，已取消传输（{CLIENTS}可以；PuTTY、Windows Terminal "
                  "不支持）。任何终端都可以改用命令：")
NO_ZMODEM = NO_ZMODEM_HEAD + "ssh huitoukan@服务器 export … --stdout > 文件名"


def no_zmodem(instead: list[str] | None = None) -> str:
    """The refusal of a download, with the command that gets the first file instead
    (services.exportview.stdout_commands; the others are listed by the export screen)."""
    if not instead:
        return NO_ZMODEM
    more = f"（另有 {len(instead) - 1} 个文件，命令见导出画面）" if len(instead) > 1 else ""
    return NO_ZMODEM_HEAD + instead[0] + more

NO_ZMODEM_UPLOAD = (f"终端没有响应 ZMODEM，已取消上传（{CLIENTS}可以；PuTTY、Windows Terminal "
                    "不支持）。任何终端都可以改用命令：ssh huitoukan@服务器 import - < 台账.xlsx")
#: what lrzsz's sz (and some terminals) send before the first header, to start a remote rz
_RZ_COMMAND = b"rz\r"


@dataclass
class Transfer:
    ok: bool
    message: str                      # Chinese, for the user
    files: list[Path] = field(default_factory=list)  # what arrived (uploads)


def available(program: str) -> str | None:
    return shutil.which(program)


def send(paths: list[Path], fd_in: int, fd_out: int, *, start_wait: float = START_WAIT,
         idle: float = IDLE, instead: list[str] | None = None) -> Transfer:
    """Send ``paths`` to the user's computer with ``sz``; ``instead``: the commands that get
    them without ZMODEM, said when the terminal does not answer."""
    program = available("sz")
    if program is None:
        return Transfer(False, "服务器上没有 sz（lrzsz），无法下载；请管理员安装 lrzsz。")
    names = "、".join(p.name for p in paths)
    code, reason = _relay([program, "-b", "-q", "-e", "--", *map(str, paths)], None, fd_in,
                          fd_out, start_wait, idle, refusal=no_zmodem(instead))
    if code == 0:
        return Transfer(True, f"已发送 {len(paths)} 个文件到本机：{names}")
    return Transfer(False, reason or f"传输没有完成（sz 退出码 {code}），文件可能不完整。")


def receive(folder: Path, fd_in: int, fd_out: int, *, limit: int,
            start_wait: float = START_WAIT, idle: float = IDLE) -> Transfer:
    """Receive files from the user's computer with ``rz`` into ``folder`` (private, empty).
    ``limit``: the most bytes the terminal may send."""
    program = available("rz")
    if program is None:
        return Transfer(False, "服务器上没有 rz（lrzsz），无法上传；请管理员安装 lrzsz。")
    code, reason = _relay([program, "-b", "-q", "-E", "-R"], folder, fd_in, fd_out,
                          start_wait, idle, limit=limit, refusal=NO_ZMODEM_UPLOAD)
    files = sorted(p for p in folder.iterdir() if p.is_file())
    if code == 0 and files:
        return Transfer(True, "已收到：" + "、".join(p.name for p in files), files)
    for p in files:  # a transfer that did not finish leaves nothing behind
        p.unlink(missing_ok=True)
    if code == 0:
        return Transfer(False, "没有收到文件（在终端的对话框中取消了？）。")
    return Transfer(False, reason or f"上传没有完成或已取消（rz 退出码 {code}），"
                                     "没有导入任何内容。")


@contextlib.contextmanager
def _raw(fd: int):
    try:
        saved = termios.tcgetattr(fd)
    except termios.error:  # not a terminal (a test's pipe): nothing to set
        yield
        return
    try:
        tty.setraw(fd)
        yield
    finally:
        termios.tcsetattr(fd, termios.TCSAFLUSH, saved)


def _zmodem_started(head: bytes) -> bool | None:
    """True once ``head`` (the first bytes from the terminal) holds a ZMODEM header, False as
    soon as it holds a byte no header starts with (a key), None while it cannot tell."""
    if _RZ_COMMAND.startswith(head[:len(_RZ_COMMAND)]):
        if len(head) <= len(_RZ_COMMAND):
            return None
        head = head[len(_RZ_COMMAND):]
    for i, byte in enumerate(head):
        if byte == ZDLE:
            if i + 1 < len(head):
                return head[i + 1] in _HEADER_KINDS or head[i + 1] == ZDLE or None
            return None
        if byte == ord("*") or byte in _FLOW:
            continue
        return False
    return None


def _relay(argv: list[str], cwd: Path | None, fd_in: int, fd_out: int, start_wait: float,
           idle: float, *, refusal: str, limit: int | None = None) -> tuple[int, str]:
    """Run ``argv`` with the terminal relayed to it; (exit status, reason when stopped)."""
    with _raw(fd_in):
        proc = subprocess.Popen(argv, cwd=cwd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.DEVNULL, start_new_session=True)
        assert proc.stdin is not None and proc.stdout is not None
        child_out, child_in = proc.stdout.fileno(), proc.stdin.fileno()
        head = b""
        started = False
        received = 0
        begun = last = time.monotonic()
        reason = ""
        try:
            while True:
                now = time.monotonic()
                if not started and now - begun > start_wait:
                    reason = refusal
                    break
                if started and now - last > idle:
                    reason = f"传输中断：{idle:.0f} 秒没有数据，已取消。"
                    break
                ready, _, _ = select.select([fd_in, child_out], [], [], 0.2)
                if child_out in ready:
                    data = os.read(child_out, 65536)
                    if not data:
                        break  # the program is done (or died): its status says which
                    _write_all(fd_out, data)
                    last = time.monotonic()
                if fd_in in ready:
                    data = _read(fd_in)
                    if data is None:
                        reason = "终端连接已断开。"
                        break
                    last = time.monotonic()
                    received += len(data)
                    if not started:
                        head += data
                        verdict = _zmodem_started(head)
                        if verdict is False:
                            reason = refusal
                            break
                        if verdict is None:
                            continue
                        started, data = True, head
                    if limit is not None and received > limit + (1 << 20) + limit // 8:
                        reason = f"文件超过 {limit // (1 << 20)} MB，已取消上传。"
                        break
                    try:
                        _write_all(child_in, data)
                    except BrokenPipeError:
                        pass
        finally:
            code = _finish(proc, stopped=bool(reason))
        if reason:
            _cancel(fd_in, fd_out)
        else:
            _drain(fd_in)
        return code, reason


def _read(fd: int) -> bytes | None:
    try:
        data = os.read(fd, 65536)
    except OSError:
        return None
    return data or None


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        try:
            n = os.write(fd, view)
        except BlockingIOError:
            select.select([], [fd], [], 1.0)
            continue
        view = view[n:]


def _finish(proc: subprocess.Popen, *, stopped: bool) -> int:
    if stopped and proc.poll() is None:
        with contextlib.suppress(OSError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=3)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(OSError):
                os.killpg(proc.pid, signal.SIGKILL)
    for pipe in (proc.stdin, proc.stdout):
        with contextlib.suppress(OSError):
            pipe.close()
    return proc.wait()


def _cancel(fd_in: int, fd_out: int) -> None:
    """Tell a half-started ZMODEM terminal to stop, then drop what it still sends."""
    with contextlib.suppress(OSError):
        _write_all(fd_out, CANCEL)
    _drain(fd_in)


def _drain(fd_in: int, quiet: float = QUIET, most: float = 3.0) -> None:
    """Drop what the terminal still sends after a transfer, until it has been ``quiet`` for
    a moment (at most ``most`` seconds): the last ZMODEM headers (a hex header ends in 0x8A,
    which is not UTF-8) may arrive after the program ended, and the resumed TUI would take
    them for keys (Textual's input thread dies on bytes that are not UTF-8)."""
    deadline = time.monotonic() + most
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd_in], [], [], quiet)
        if not ready or _read(fd_in) is None:
            break
    with contextlib.suppress(termios.error, OSError):
        termios.tcflush(fd_in, termios.TCIFLUSH)


def intro(first: str) -> str:
    """What the plain terminal shows while the TUI waits for the transfer (short lines: the
    terminal may be 80 columns wide)."""
    return "\n".join((first, "Xshell、SecureCRT、MobaXterm 会自动开始传输。",
                      f"终端不支持 ZMODEM 时按任意键取消（最多等待 {START_WAIT:.0f} 秒）。"))


def in_terminal(app, intro: str, work: Callable[[int, int], Transfer]) -> Transfer:
    """Suspend the Textual ``app``, say ``intro`` on the plain terminal, run ``work`` with the
    terminal's input and output descriptors, and resume the app (which repaints)."""
    from textual.app import SuspendNotSupported

    streams = (sys.__stdin__, sys.__stdout__)
    if any(s is None or not s.isatty() for s in streams):
        return Transfer(False, "没有可用的终端，无法进行 ZMODEM 传输。")
    fd_in, fd_out = (s.fileno() for s in streams)
    try:
        with app.suspend():
            with contextlib.suppress(OSError):
                _write_all(fd_out, ("\r\n" + intro.replace("\n", "\r\n") + "\r\n").encode())
            return work(fd_in, fd_out)
    except SuspendNotSupported:
        return Transfer(False, "当前界面不能暂停，无法进行 ZMODEM 传输。")
