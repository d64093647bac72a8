"""A program in a real pseudo-terminal, timed the way a user over SSH feels it.

The benchmark is the terminal: it opens a pty of a given size, starts the program on it as
its controlling terminal, sends keys as the bytes a terminal sends, and timestamps every chunk
the program writes. Like most modern terminals (kitty, WezTerm, iTerm2, Windows Terminal,
foot) it answers Textual's query for synchronized output (DEC mode 2026), so Textual wraps
each frame in ``ESC[?2026h`` … ``ESC[?2026l``: a frame is complete exactly when its end
marker arrives, with no guessing from pauses. Without that answer the end of a burst of
output (a quiet gap) is used instead.
"""

from __future__ import annotations

import fcntl
import os
import select
import signal
import struct
import subprocess
import termios
import time
from collections.abc import Callable
from dataclasses import dataclass

SYNC_QUERY = b"\x1b[?2026$p"
SYNC_REPLY = b"\x1b[?2026;2$y"  # "supported, currently reset"
SYNC_END = b"\x1b[?2026l"

KEYS = {
    "down": b"\x1b[B",
    "up": b"\x1b[A",
    "pagedown": b"\x1b[6~",
    "pageup": b"\x1b[5~",
    "home": b"\x1b[H",
    "end": b"\x1b[F",
    "enter": b"\r",
    "escape": b"\x1b",
    "tab": b"\t",
    "ctrl+q": b"\x11",
    "backspace": b"\x7f",
    "ctrl+u": b"\x15",
}


class Timeout(Exception):
    pass


@dataclass
class Burst:
    """What the program wrote after one input: from the input to the output going quiet."""

    sent_at: float
    first_frame_end: float | None  # seconds after sent_at
    last_byte: float | None  # seconds after sent_at
    nbytes: int
    frames: int
    data: bytes


def _controlling_tty() -> None:  # runs in the child between fork and exec
    os.setsid()
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


class PtyProgram:
    """``argv`` running in a ``cols`` x ``rows`` pseudo-terminal."""

    def __init__(self, argv: list[str], cols: int = 160, rows: int = 48,
                 env: dict[str, str] | None = None, cwd: str | None = None,
                 answer_sync: bool = True) -> None:
        self.argv = argv
        self.cols, self.rows = cols, rows
        self.env = terminal_env(env)
        self.cwd = cwd
        self.answer_sync = answer_sync
        self.proc: subprocess.Popen | None = None
        self.master = -1
        self.started_at = 0.0
        self.buffer = bytearray()
        #: (offset in buffer where the chunk starts, monotonic time it was read)
        self.chunks: list[tuple[int, float]] = []
        self._answered = 0
        self._screen = None
        self._stream = None
        #: how much of the buffer the emulated screen has taken
        self._fed = 0

    # ------------------------------------------------------------ life cycle

    def start(self) -> PtyProgram:
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", self.rows, self.cols, 0, 0))
        self.started_at = time.perf_counter()
        self.proc = subprocess.Popen(
            self.argv, stdin=slave, stdout=slave, stderr=slave, env=self.env, cwd=self.cwd,
            preexec_fn=_controlling_tty, close_fds=True)
        os.close(slave)
        self.master = master
        return self

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def close(self, timeout: float = 5.0) -> int | None:
        """Quit with ctrl+q; terminate (then kill) the program if it does not exit."""
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            try:
                self.send(KEYS["ctrl+q"])
            except OSError:
                pass
            deadline = time.perf_counter() + timeout
            while self.proc.poll() is None and time.perf_counter() < deadline:
                self.pump(0.05)
            if self.proc.poll() is None:
                self.proc.send_signal(signal.SIGTERM)
                try:
                    self.proc.wait(2)
                except subprocess.TimeoutExpired:
                    self.proc.kill()
                    self.proc.wait(2)
        if self.master >= 0:
            os.close(self.master)
            self.master = -1
        return self.proc.returncode

    def __enter__(self) -> PtyProgram:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.close()

    # ------------------------------------------------------------ reading

    def pump(self, timeout: float) -> bool:
        """Read what is there (waiting up to ``timeout`` s for it). False: nothing came."""
        ready, _, _ = select.select([self.master], [], [], max(timeout, 0))
        if not ready:
            return False
        try:
            data = os.read(self.master, 1 << 16)
        except OSError:  # EIO: the program closed the terminal
            if self.proc is not None and self.proc.poll() is None:
                self.proc.wait(1)
            return False
        now = time.perf_counter()
        if not data:
            return False
        self.chunks.append((len(self.buffer), now))
        self.buffer += data
        if self.answer_sync:
            while True:
                found = self.buffer.find(SYNC_QUERY, self._answered)
                if found < 0:
                    break
                self._answered = found + len(SYNC_QUERY)
                self.send(SYNC_REPLY)
        return True

    def time_of(self, offset: int) -> float:
        """When the byte at ``offset`` of the output arrived."""
        best = self.chunks[0][1]
        for start, at in self.chunks:
            if start > offset:
                break
            best = at
        return best

    def settle(self, quiet: float = 0.2, timeout: float = 10.0) -> None:
        """Pump until nothing has come for ``quiet`` s."""
        deadline = time.perf_counter() + timeout
        while self.pump(quiet) and time.perf_counter() < deadline:
            pass

    @property
    def synchronized(self) -> bool:
        return SYNC_END in self.buffer

    # ------------------------------------------------------------ the screen

    @property
    def screen(self):
        """The emulated terminal (pyte), fed with everything read so far."""
        self._feed(len(self.buffer))
        return self._screen

    def _feed(self, upto: int) -> None:
        if self._stream is None:
            import pyte

            self._screen = pyte.Screen(self.cols, self.rows)
            self._stream = pyte.ByteStream(self._screen)
        if upto > self._fed:
            self._stream.feed(bytes(self.buffer[self._fed:upto]))
            self._fed = upto

    def screen_text(self) -> str:
        """The screen's lines (trailing blanks dropped), after everything read so far."""
        self._feed(len(self.buffer))
        return self._text()

    def _text(self) -> str:
        screen = self._screen
        return "\n".join(_line_text(screen.buffer[y], screen.columns).rstrip()
                         for y in range(screen.lines))

    def line(self, y: int) -> str:
        """Line ``y`` of the screen (trailing blanks dropped), after everything read so far:
        cheaper than the whole screen's text when only one line is looked at."""
        self._feed(len(self.buffer))
        return _line_text(self._screen.buffer[y], self._screen.columns).rstrip()

    def wait_screen(self, check: str | Callable[[str], bool], since: int = 0,
                    timeout: float = 30.0) -> int:
        """Pump until a frame written after offset ``since`` leaves the screen showing
        ``check`` (a text, or a test of the screen's text); the offset just past that frame.
        Frames are taken one at a time (up to each synchronized-output end marker)."""
        test = (lambda text: check in text) if isinstance(check, str) else check
        deadline = time.perf_counter() + timeout
        self._feed(min(since, len(self.buffer)))
        while True:
            while self.pump(0):  # read what is there before the slow emulation
                pass
            while self._fed < len(self.buffer):
                end = self.buffer.find(SYNC_END, self._fed)
                upto = end + len(SYNC_END) if end >= 0 else len(self.buffer)
                if end < 0 and self.synchronized:
                    break  # a frame still being written
                self._feed(upto)
                if upto > since and test(self._text()):
                    return upto
            if self.proc is not None and self.proc.poll() is not None:
                raise Timeout(f"program exited ({self.proc.returncode}) before {check!r}:\n"
                              f"{self._text()}")
            left = deadline - time.perf_counter()
            if left <= 0:
                raise Timeout(f"no {check!r} within {timeout} s:\n{self._text()}")
            self.pump(min(left, 0.05))

    # ------------------------------------------------------------ writing

    def send(self, data: bytes | str) -> float:
        """Write input bytes to the program; returns the time they were written."""
        if isinstance(data, str):
            data = data.encode()
        now = time.perf_counter()
        os.write(self.master, data)
        return now

    def press(self, data: bytes | str, quiet: float = 0.1, timeout: float = 10.0) -> Burst:
        """Send ``data`` and collect the output it causes, until ``quiet`` s of silence."""
        self.settle(0.02)
        start = len(self.buffer)
        sent = self.send(data)
        deadline = sent + timeout
        while time.perf_counter() < deadline:
            if not self.pump(quiet) and len(self.buffer) > start:
                break
        out = bytes(self.buffer[start:])
        first_end = out.find(SYNC_END)
        first = (self.time_of(start + first_end) - sent) if first_end >= 0 else None
        last = (self.chunks[-1][1] - sent) if len(self.buffer) > start else None
        if first is None and last is not None:
            first = last
        return Burst(sent, first, last, len(out), out.count(SYNC_END), out)

    # ------------------------------------------------------------ inspecting

    def text(self, since: int = 0) -> str:
        return self.buffer[since:].decode("utf-8", "replace")

    def cpu_seconds(self) -> float:
        """CPU time (user + system, all threads) the program has used so far."""
        with open(f"/proc/{self.pid}/stat") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def sched_ns(self) -> tuple[int, int]:
        """(time on a CPU, time waiting for one in the run queue) of all the program's live
        threads so far, in ns (/proc/PID/task/*/schedstat)."""
        cpu = wait = 0
        try:
            tasks = os.listdir(f"/proc/{self.pid}/task")
        except OSError:
            return 0, 0
        for task in tasks:
            try:
                with open(f"/proc/{self.pid}/task/{task}/schedstat") as fh:
                    fields = fh.read().split()
            except OSError:  # the thread ended meanwhile
                continue
            cpu += int(fields[0])
            wait += int(fields[1])
        return cpu, wait

    def memory_kb(self) -> dict[str, int]:
        """Rss, Pss and Uss (private pages: Private_Clean + Private_Dirty) of the program, in
        KiB (/proc/PID/smaps_rollup). Rss counts every shared library page the program has
        touched in full; Pss divides shared pages among the processes sharing them (the sum
        of Pss is what all cost together); Uss is what ending this one program would free."""
        out = {}
        with open(f"/proc/{self.pid}/smaps_rollup") as fh:
            for text in fh:
                parts = text.split()
                if len(parts) == 3 and parts[2] == "kB":
                    out[parts[0].rstrip(":")] = int(parts[1])
        return {"Rss": out.get("Rss", 0), "Pss": out.get("Pss", 0),
                "Uss": out.get("Private_Clean", 0) + out.get("Private_Dirty", 0)}

    def rss_kb(self) -> dict[str, int]:
        """VmRSS and VmHWM (peak) of the program, in KiB."""
        out = {}
        with open(f"/proc/{self.pid}/status") as fh:
            for line in fh:
                if line.startswith(("VmRSS:", "VmHWM:")):
                    key, value = line.split(":", 1)
                    out[key] = int(value.split()[0])
        return out


def terminal_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of an SSH login: TERM and a UTF-8 locale, no COLORTERM (ssh does not
    forward it), nothing from an outer Textual or terminal multiplexer."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("TEXTUAL", "TMUX", "COLORTERM", "TERM_PROGRAM", "COLUMNS",
                                "LINES", "PYTEST", "NO_COLOR", "FORCE_COLOR"))}
    env.update({"TERM": "xterm-256color", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"})
    env.update(extra or {})
    return env


def _line_text(line, columns: int) -> str:
    """A line of pyte's screen as text (pyte's own ``display`` fails on it at times): when
    the left half of a wide character is overwritten, pyte keeps its right half as an empty
    cell, where a terminal shows a blank; shown as one here."""
    from wcwidth import wcwidth

    out, stub = [], False
    for x in range(columns):
        if stub:  # the right half of the wide character before
            stub = False
            continue
        data = line[x].data or " "
        stub = wcwidth(data[0]) == 2
        out.append(data)
    return "".join(out)
