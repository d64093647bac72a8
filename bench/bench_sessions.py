"""Thirty people at once on one server: 30 TUI sessions on one 100,000-case database, each in
its own pseudo-terminal (bench.ptyterm), 160x48, as SSH logins.

Method:
- start: the sessions start one after another; each counts once its ledger shows
  ``显示 N / N``. Every pty is read all the time (a terminal that is not read blocks its program).
- idle: all sit on the ledger for ``IDLE_SECONDS`` (four rounds of the 15 s change polling and
  every timer); the figure is the CPU time all sessions used (user + system, /proc) over the
  wall time, in % of one core.
- memory: each session's resident memory (VmRSS) and its proportional share (Pss, shared
  pages divided among the processes that share them, from /proc/PID/smaps_rollup): the sum
  of Pss is what the thirty cost the server together.
- active: 10 sessions type and move at 5 keys/s (down, page down, up, ``/``, 噪, 声, enter,
  ``/``, 扬, 尘, backspace, enter, …) while a station user imports a ledger of
  ``IMPORT_ROWS`` rows (``huitoukan-tui import``, the same service as the TUI's import screen)
  into the same database. A key's time runs from writing it to the end of the frame that
  settles it: for a search key the frame whose 显示 count differs from the one before the key
  (the search debounce of the ledger included), for a move the last frame before the output
  has been quiet for 50 ms. The next key of a session goes out 0.2 s after the one before, or
  once that one has settled if it took longer. Errors: a session that exits, a screen that
  shows 出错 or a traceback, a key that does not settle within 10 s, an import that fails.
"""

from __future__ import annotations

import os
import re
import select
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bench import Figure, spread
from bench.bench_tui import ROOT, TODAY, tui_argv
from bench.ptyterm import KEYS, SYNC_END, PtyProgram

SESSIONS, ACTIVE = 30, 10
KEY_INTERVAL = 0.2  # 5 keys/s
IDLE_SECONDS = 60.0
ACTIVE_SECONDS = 30.0
IMPORT_ROWS = 20_000
QUIET = 0.05
SETTLE_TIMEOUT = 10.0
CPU_LIMIT, RSS_LIMIT_MB, P95_LIMIT_MS = 5.0, 80.0, 100.0
COUNT = re.compile(r"显示 (\d+) / (\d+)")
#: one round of a person's keys: moves and searches (``/`` selects the search text, so the
#: next character replaces it); every search key changes the count
SCRIPT = [KEYS["down"], KEYS["down"], KEYS["pagedown"], KEYS["up"], "/", "噪", "声",
          KEYS["enter"], KEYS["down"], "/", "扬", "尘", KEYS["backspace"], KEYS["enter"],
          KEYS["up"]]
SEARCH_KEYS = {"噪", "声", "扬", "尘", KEYS["backspace"]}


def _pss_kb(pid: int) -> int:
    with open(f"/proc/{pid}/smaps_rollup") as fh:
        for line in fh:
            if line.startswith("Pss:"):
                return int(line.split()[1])
    return 0


def _count(text: str) -> str:
    match = COUNT.search(text)
    return match.group(0) if match else ""


@dataclass
class Typist:
    """One active session working through SCRIPT."""

    prog: PtyProgram
    step: int = 0
    next_at: float = 0.0
    key: str = ""
    sent: float = 0.0
    sent_offset: int = 0
    count_before: str = ""
    times: list[tuple[str, float]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def send(self, now: float) -> None:
        self.key = SCRIPT[self.step % len(SCRIPT)]
        self.step += 1
        self.count_before = _count(self.prog.screen_text()) if self.key in SEARCH_KEYS else ""
        self.sent_offset = len(self.prog.buffer)
        self.sent = self.prog.send(self.key)

    def settled(self, now: float) -> bool:
        """Whether the pending key has settled; records its time when it has."""
        prog = self.prog
        if not self.key:
            return True
        if now - self.sent > SETTLE_TIMEOUT:
            self.errors.append(f"key {self.key!r} did not settle in {SETTLE_TIMEOUT:.0f} s")
            self.key = ""
            return True
        if self.key in SEARCH_KEYS:
            text = prog.screen_text()
            count = _count(text)
            if count and count != self.count_before:
                end = prog.buffer.rfind(SYNC_END)
                self._done(prog.time_of(max(end, self.sent_offset)) - self.sent)
                return True
            return False
        if len(prog.buffer) == self.sent_offset:
            if now - self.sent > 1.0:  # a key that changes nothing on the screen
                self.key = ""
                return True
            return False
        last = prog.chunks[-1][1]
        if now - last < QUIET:
            return False
        self._done(last - self.sent)
        return True

    def _done(self, seconds: float) -> None:
        self.times.append((self.key, seconds))
        self.key = ""


class Server:
    """The sessions on one database, all read by one loop."""

    def __init__(self, db: Path) -> None:
        self.db = db
        self.progs: list[PtyProgram] = []

    def start(self, count: int, log: Callable[[str], None] | None) -> float:
        env = {"HUITOUKAN_TODAY": TODAY, "PYTHONPATH": str(ROOT)}
        started = time.perf_counter()
        for n in range(count):
            prog = PtyProgram(tui_argv(self.db), cols=160, rows=48, cwd=str(ROOT), env=env)
            self.progs.append(prog.start())
            deadline = time.perf_counter() + 120
            while not re.search(r"显示 (\d+) / \1", prog.screen_text()):
                if time.perf_counter() > deadline or prog.proc.poll() is not None:
                    raise RuntimeError(f"session {n + 1} did not show its ledger:\n"
                                       f"{prog.screen_text()}")
                self.pump(0.05)
            if log and (n + 1) % 10 == 0:
                log(f"{n + 1} sessions running")
        return time.perf_counter() - started

    def pump(self, timeout: float) -> None:
        """Read every session that has written something (waiting up to ``timeout``)."""
        masters = {p.master: p for p in self.progs if p.master >= 0}
        ready, _, _ = select.select(list(masters), [], [], max(timeout, 0))
        for fd in ready:
            masters[fd].pump(0)

    def run_for(self, seconds: float) -> None:
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            self.pump(min(0.2, max(end - time.perf_counter(), 0)))

    def cpu(self) -> float:
        return sum(p.cpu_seconds() for p in self.progs)

    def memory(self) -> tuple[list[int], list[int]]:
        """(VmRSS, Pss) of every session, in KiB."""
        return ([p.rss_kb()["VmRSS"] for p in self.progs],
                [_pss_kb(p.pid) for p in self.progs])

    def errors(self) -> list[str]:
        out = []
        for n, prog in enumerate(self.progs, 1):
            if prog.proc.poll() is not None:
                out.append(f"session {n} exited with {prog.proc.returncode}")
                continue
            text = prog.screen_text()
            if "出错" in text or "Traceback" in text:
                out.append(f"session {n} shows an error: {text[:300]}")
        return out

    def close(self) -> None:
        for prog in self.progs:
            prog.close(timeout=2)


def start_import(db: Path, rows: int) -> subprocess.Popen:
    from bench.bench_import import ledger_files

    xlsx, _ = ledger_files(rows)
    exe = Path(sys.executable).with_name("huitoukan-tui")
    argv = [str(exe)] if exe.exists() else [sys.executable, "-m", "huitoukan_tui"]
    return subprocess.Popen(
        # a station imports (the generated data's "admin" reads the district and writes nothing)
        argv + ["--db", str(db), "--user", "station", "import", "--create-units", str(xlsx)],
        cwd=ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        env={**os.environ, "HUITOUKAN_TODAY": TODAY}, text=True)


def work(server: Server, typists: list[Typist], seconds: float, importer: subprocess.Popen
         ) -> float:
    """Keys at 5/s per typist for at least ``seconds`` and until the import ended; wall s."""
    start = time.perf_counter()
    for n, typist in enumerate(typists):
        typist.next_at = start + n * KEY_INTERVAL / len(typists)
    while True:
        now = time.perf_counter()
        if now - start >= seconds and importer.poll() is not None:
            if all(t.settled(now) for t in typists):
                return now - start
        wake = now + 0.02
        for typist in typists:
            if typist.key and not typist.settled(now):
                continue
            if now - start < seconds or importer.poll() is None:
                if now >= typist.next_at:
                    typist.send(now)
                    typist.next_at = max(typist.sent + KEY_INTERVAL, now)
                wake = min(wake, typist.next_at)
        server.pump(max(0.0, min(wake - time.perf_counter(), 0.02)))


def _p(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def run(big: Path | None = None, sessions: int = SESSIONS, active: int = ACTIVE,
        idle_seconds: float = IDLE_SECONDS, active_seconds: float = ACTIVE_SECONDS,
        import_rows: int = IMPORT_ROWS, log: Callable[[str], None] | None = None
        ) -> list[Figure]:
    from bench.generate import ensure_db

    big = big or ensure_db(log=log)
    with tempfile.TemporaryDirectory(prefix="bench-sessions-") as tmp:
        db = Path(tmp) / big.name
        shutil.copyfile(big, db)
        server = Server(db)
        try:
            start_s = server.start(sessions, log)
            server.run_for(3.0)
            cpu0, t0 = server.cpu(), time.perf_counter()
            server.run_for(idle_seconds)
            idle_pct = (server.cpu() - cpu0) / (time.perf_counter() - t0) * 100
            rss_idle, pss_idle = server.memory()
            typists = [Typist(p) for p in server.progs[:active]]
            importer = start_import(db, import_rows)
            cpu0 = server.cpu()
            wall = work(server, typists, active_seconds, importer)
            busy_pct = (server.cpu() - cpu0) / wall * 100
            out, err = importer.communicate()
            server.run_for(1.0)
            rss, pss = server.memory()
            errors = server.errors() + [e for t in typists for e in t.errors]
            if importer.returncode != 0:
                errors.append(f"import failed: {(err or out).strip()[-300:]}")
        finally:
            server.close()
    times = [s * 1000 for t in typists for _, s in t.times]
    moves = [s * 1000 for t in typists for k, s in t.times if k not in SEARCH_KEYS]
    searches = [s * 1000 for t in typists for k, s in t.times if k in SEARCH_KEYS]
    p95 = _p(times, 0.95)
    peak = max(max(rss), max(rss_idle)) / 1024
    n = f"{sessions} sessions"
    load = "/".join(f"{x:.1f}" for x in os.getloadavg()[:2])
    return [
        Figure(f"{n}: time to start all, one after another", start_s, "s", None, "reported",
               None, f"{start_s / sessions:.1f} s each"),
        Figure(f"{n} idle on the ledger: CPU of all together", idle_pct, "% of a core",
               f"{idle_pct / sessions:.2f} % each", f"≤ {CPU_LIMIT:.0f} %",
               idle_pct <= CPU_LIMIT, f"over {idle_seconds:.0f} s incl. the 15 s polling"),
        Figure(f"{n}: largest resident memory of one session", peak, "MB",
               f"median {statistics.median(rss) / 1024:.0f} MB", f"≤ {RSS_LIMIT_MB:.0f} MB",
               peak <= RSS_LIMIT_MB, f"{spread(rss, 'MB', 1 / 1024)} after the active phase (idle: "
               f"{max(rss_idle) / 1024:.0f} MB)"),
        Figure(f"{n}: memory of all together (sum of Pss)", sum(pss) / 1024, "MB",
               f"sum of RSS {sum(rss) / 1024:.0f} MB", "reported", None,
               f"{sum(pss) / 1024 / sessions:.0f} MB a session (idle: "
               f"{sum(pss_idle) / 1024 / sessions:.0f} MB)"),
        Figure(f"{active} of {n} typing and moving at 5 keys/s during an import of "
               f"{import_rows:,} rows: key → settled frame, p95", p95, "ms",
               f"median {_p(times, 0.5):.0f} ms", f"≤ {P95_LIMIT_MS:.0f} ms",
               p95 <= P95_LIMIT_MS,
               f"{len(times)} keys, {spread(times, scale=1)}; moves p95 {_p(moves, 0.95):.0f} ms, "
               f"search keys p95 "
               f"{_p(searches, 0.95):.0f} ms (incl. the 120 ms debounce); load {load}"),
        Figure(f"{n}: CPU of all together while {active} type and one imports", busy_pct,
               "% of a core", None, "reported", None, f"over {wall:.0f} s"),
        Figure(f"{n}: session errors", len(errors), "errors", 0, "0", not errors,
               "; ".join(errors)[:300]),
    ]


if __name__ == "__main__":
    for figure in run(log=print):
        print(figure)
