"""Thirty people at once on one server: 30 TUI sessions on one 100,000-case database, each in
its own pseudo-terminal (bench.ptyterm), 160x48, as SSH logins.

Method:
- start: the sessions start one after another; each counts once its ledger shows
  ``显示 N / N``. Every pty is read all the time (a terminal that is not read blocks its program).
- idle: all sit on the ledger for ``IDLE_SECONDS`` (four rounds of the 15 s change polling and
  every timer); the figure is the CPU time all sessions used (user + system, /proc) over the
  wall time, in % of one core.
- memory: each session's Rss (every page it has resident, shared library pages in full),
  Pss (shared pages divided among the processes sharing them: the sum of Pss is what the
  thirty cost the server together) and Uss (its private pages: what ending it would free),
  from /proc/PID/smaps_rollup, after the idle and after the active phase.
- active: 10 sessions type and move at 5 keys/s (SCRIPT: down, page down, up, ``/``, 噪, 声,
  enter, ``/``, ctrl+u, 扬, 尘, backspace, enter, …: every search key changes the count)
  while a station user imports a ledger of ``IMPORT_ROWS`` rows (``huitoukan-tui import``,
  the same service as the TUI's import screen) into the same database, and for
  ``AFTER_IMPORT`` s after it committed (when every session sees the change at its next 15 s
  poll and reloads its ledger and status bar: the keys of both stretches are reported
  apart too). A key's time runs
  from writing it to the last byte of the frames it causes: the output has then been quiet
  for 50 ms, no ledger row shows its loading placeholder ``…``, and for a search key the
  count ``显示 N / M`` differs from the one before the key (the search debounce of the
  ledger and the query are inside the time). The next key of a session goes out 0.2 s
  after the one before, or once that one has settled if it took longer. Beside each key's
  wall time, the session's threads' time on a CPU and waiting in the run queue for one
  (/proc/PID/task/*/schedstat) say where the time went; the machine's CPU pressure
  (/proc/pressure/cpu), its busy share and the harness's own CPU are reported with it.
  Errors: a session that exits, a screen that shows 出错 or a traceback, a key that does
  not settle within 10 s, an import that fails.
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
from bench.ptyterm import KEYS, PtyProgram
from huitoukan_tui.tui.screens.listing import SEARCH_DEBOUNCE

SESSIONS, ACTIVE = 30, 10
DEBOUNCE_MS = round(SEARCH_DEBOUNCE * 1000)
KEY_INTERVAL = 0.2  # 5 keys/s
IDLE_SECONDS = 60.0
ACTIVE_SECONDS = 30.0
IMPORT_ROWS = 20_000
#: typing goes on this long after the import has committed: every session sees the change at
#: its next 15 s poll and reloads its ledger and status bar (tui/app.py POLL_SECONDS)
AFTER_IMPORT = 16.0
QUIET = 0.05
#: a key after which nothing at all is written within this long changed nothing on screen
NO_CHANGE = 1.0
SETTLE_TIMEOUT = 10.0
CPU_LIMIT, RSS_LIMIT_MB, P95_LIMIT_MS = 5.0, 80.0, 100.0
COUNT = re.compile(r"显示 (\d+) / (\d+)")
#: a ledger row still being read shows only "…" (in its number column)
PLACEHOLDER = re.compile(r"^[\s▌▐│┃]*…[\s▌▐│┃]*$", re.M)
#: one round of a person's keys: moves and searches. ``/`` puts the focus in the search box
#: (keeping its text, the cursor at its end) and ctrl+u clears it, so that every search key
#: changes the count: 噪 and 扬 start from the whole ledger, 声 and 尘 narrow, backspace and
#: ctrl+u widen
SCRIPT = [KEYS["down"], KEYS["down"], KEYS["pagedown"], KEYS["up"], "/", "噪", "声",
          KEYS["enter"], KEYS["down"], "/", KEYS["ctrl+u"], "扬", "尘", KEYS["backspace"],
          KEYS["enter"], KEYS["up"], "/", KEYS["ctrl+u"], KEYS["enter"]]
SEARCH_KEYS = {"噪", "声", "扬", "尘", KEYS["backspace"], KEYS["ctrl+u"]}


def _count(text: str) -> str:
    match = COUNT.search(text)
    return match.group(0) if match else ""


@dataclass
class KeyTime:
    """One key: the wall time from writing it to its settled frame, and what the session's
    threads did meanwhile: time on a CPU, time waiting in the run queue for one (seconds)."""

    key: str
    wall: float
    cpu: float
    queued: float
    sent: float = 0.0  # perf_counter


@dataclass
class Typist:
    """One active session working through SCRIPT.

    A key has settled when its frames have been written and nothing more follows: the output
    has been quiet for ``QUIET`` s (the last byte before the quiet ends the key's time), no
    ledger row still shows its loading placeholder, and for a search key the count
    ``显示 N / M`` differs from the one before the key (so the search debounce and the query
    are inside the time, not a quiet gap before them)."""

    prog: PtyProgram
    step: int = 0
    next_at: float = 0.0
    key: str = ""
    sent: float = 0.0
    sent_offset: int = 0
    count_before: str = ""
    count_seen: bool = False
    checked: int = -1
    count_checked: int = -1
    sched: tuple[int, int] = (0, 0)
    count_row: int | None = None
    times: list[KeyTime] = field(default_factory=list)
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)

    def count(self) -> str:
        """The count line's text now (one line of the emulated screen once it is found: the
        harness shares the machine with what it measures, so it looks at little)."""
        prog = self.prog
        if self.count_row is not None:
            found = _count(prog.line(self.count_row))
            if found:
                return found
        lines = prog.screen_text().split("\n")
        for y, text in enumerate(lines):
            found = _count(text)
            if found:
                self.count_row = y
                return found
        return ""

    def send(self, now: float) -> None:
        self.key = SCRIPT[self.step % len(SCRIPT)]
        self.step += 1
        self.count_before = self.count() if self.key in SEARCH_KEYS else ""
        self.count_seen = self.key not in SEARCH_KEYS
        self.checked = self.count_checked = -1
        self.sent_offset = len(self.prog.buffer)
        self.sched = self.prog.sched_ns()
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
        if len(prog.buffer) == self.sent_offset:
            if now - self.sent > NO_CHANGE:  # a key that changes nothing on the screen
                self.unchanged += 1
                self.key = ""
                return True
            return False
        if not self.count_seen and self.count_checked != len(prog.buffer):
            # looked at whenever output came, not only once it is quiet: a reload of the
            # session's own (another's save seen by its poll) may show a count in between,
            # and the key's own count may then equal the one before it
            self.count_checked = len(prog.buffer)
            count = self.count()
            self.count_seen = bool(count) and count != self.count_before
        last = prog.chunks[-1][1]
        if now - last < QUIET or self.checked == len(prog.buffer) or not self.count_seen:
            return False  # still being written, looked at already as it is, or no count yet
        self.checked = len(prog.buffer)
        if PLACEHOLDER.search(prog.screen_text()):
            return False
        cpu, queued = prog.sched_ns()
        self.times.append(KeyTime(self.key, last - self.sent, (cpu - self.sched[0]) / 1e9,
                                  (queued - self.sched[1]) / 1e9, self.sent))
        self.key = ""
        return True


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

    def memory(self) -> list[dict[str, int]]:
        """Rss, Pss and Uss of every session, in KiB (PtyProgram.memory_kb)."""
        return [p.memory_kb() for p in self.progs]

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


@dataclass
class Importer:
    """The station's import, run as the CLI command. Its output goes to a file (a pipe
    nobody reads would stop it once full); it is reaped with wait4 for its CPU time."""

    proc: subprocess.Popen
    log: object
    started: float
    ended: float | None = None
    cpu: float = 0.0

    def poll(self, block: bool = False) -> int | None:
        """Its exit status once it has ended."""
        if self.proc.returncode is None:
            pid, status, usage = os.wait4(self.proc.pid, 0 if block else os.WNOHANG)
            if pid:
                self.proc.returncode = os.waitstatus_to_exitcode(status)
                self.cpu = usage.ru_utime + usage.ru_stime
                self.ended = time.perf_counter()
        return self.proc.returncode

    def finish(self) -> str:
        """Wait for it; what it wrote."""
        self.poll(block=True)
        self.log.seek(0)
        text = self.log.read().decode(errors="replace")
        self.log.close()
        return text


def start_import(db: Path, rows: int) -> Importer:
    from bench.bench_import import ledger_files

    xlsx, _ = ledger_files(rows)
    exe = Path(sys.executable).with_name("huitoukan-tui")
    argv = [str(exe)] if exe.exists() else [sys.executable, "-m", "huitoukan_tui"]
    log = tempfile.TemporaryFile()
    proc = subprocess.Popen(
        # a station imports (the generated data's "admin" reads the district and writes nothing)
        argv + ["--db", str(db), "--user", "station", "import", "--create-units", str(xlsx)],
        cwd=ROOT, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
        env={**os.environ, "HUITOUKAN_TODAY": TODAY})
    return Importer(proc, log, time.perf_counter())


def work(server: Server, typists: list[Typist], seconds: float, importer: Importer,
         after: float = AFTER_IMPORT) -> float:
    """Keys at 5/s per typist for at least ``seconds`` and until ``after`` s after the import
    ended; wall s."""
    start = time.perf_counter()
    for n, typist in enumerate(typists):
        typist.next_at = start + n * KEY_INTERVAL / len(typists)
    while True:
        now = time.perf_counter()
        going = (now - start < seconds or importer.poll() is None
                 or now - importer.ended < after)
        if not going and all(t.settled(now) for t in typists):
            return now - start
        wake = now + 0.02
        for typist in typists:
            if typist.key and not typist.settled(now):
                continue
            if going:
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


class Machine:
    """What the whole machine did over a stretch of time: its CPUs' busy share (/proc/stat:
    every process, other work on the machine included), the share of the time some task
    waited for a CPU (/proc/pressure/cpu, "some"), the load average at the end, and this
    process's own CPU (the harness: reading 30 terminals, emulating the typists' screens)."""

    def __init__(self) -> None:
        self.t0 = time.perf_counter()
        self.stat0 = self._stat()
        self.psi0 = self._psi()
        self.own0 = time.process_time()

    @staticmethod
    def _stat() -> tuple[int, int]:
        with open("/proc/stat") as fh:
            values = [int(v) for v in fh.readline().split()[1:]]
        idle = values[3] + (values[4] if len(values) > 4 else 0)
        return sum(values) - idle, sum(values)

    @staticmethod
    def _psi() -> int | None:
        try:
            with open("/proc/pressure/cpu") as fh:
                return int(fh.readline().rsplit("total=", 1)[1])
        except (OSError, IndexError, ValueError):
            return None

    def summary(self) -> str:
        wall = time.perf_counter() - self.t0
        busy1, all1 = self._stat()
        busy = (busy1 - self.stat0[0]) / max(all1 - self.stat0[1], 1) * 100
        psi1 = self._psi()
        psi = (f", a task waiting for a CPU {(psi1 - self.psi0) / 1e6 / wall * 100:.0f} % "
               "of the time") if psi1 is not None and self.psi0 is not None else ""
        own = (time.process_time() - self.own0) / wall * 100
        return (f"machine: {os.cpu_count()} CPUs {busy:.0f} % busy{psi}, load "
                f"{loadavg()}; the harness {own:.0f} % of a core")


def loadavg() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def _mb(kb: float) -> float:
    return kb / 1024


def run(big: Path | None = None, sessions: int = SESSIONS, active: int = ACTIVE,
        idle_seconds: float = IDLE_SECONDS, active_seconds: float = ACTIVE_SECONDS,
        import_rows: int = IMPORT_ROWS, log: Callable[[str], None] | None = None,
        after_import: float = AFTER_IMPORT) -> list[Figure]:
    from bench.generate import ensure_db

    big = big or ensure_db(log=log)
    with tempfile.TemporaryDirectory(prefix="bench-sessions-") as tmp:
        db = Path(tmp) / big.name
        shutil.copyfile(big, db)
        server = Server(db)
        try:
            start_s = server.start(sessions, log)
            server.run_for(3.0)
            cpu0, idle_machine = server.cpu(), Machine()
            t0 = time.perf_counter()
            server.run_for(idle_seconds)
            idle_pct = (server.cpu() - cpu0) / (time.perf_counter() - t0) * 100
            idle_load = idle_machine.summary()
            mem_idle = server.memory()
            typists = [Typist(p) for p in server.progs[:active]]
            cpu0, busy_machine = server.cpu(), Machine()
            importer = start_import(db, import_rows)
            wall = work(server, typists, active_seconds, importer, after_import)
            busy_pct = (server.cpu() - cpu0) / wall * 100
            busy_load = busy_machine.summary()
            import_out = importer.finish()
            server.run_for(1.0)
            mem = server.memory()
            errors = server.errors() + [e for t in typists for e in t.errors]
            if importer.proc.returncode != 0:
                errors.append(f"import failed: {import_out.strip()[-300:]}")
        finally:
            server.close()
    keys = [k for t in typists for k in t.times]
    times = [k.wall * 1000 for k in keys]
    moves = [k.wall * 1000 for k in keys if k.key not in SEARCH_KEYS]
    searches = [k.wall * 1000 for k in keys if k.key in SEARCH_KEYS]
    p95 = _p(times, 0.95)
    ended = importer.ended or float("inf")
    during = [k.wall * 1000 for k in keys if k.sent + k.wall <= ended]
    after = [k.wall * 1000 for k in keys if k.sent + k.wall > ended]
    move_cpu = [k.cpu * 1000 for k in keys if k.key not in SEARCH_KEYS]
    search_cpu = [k.cpu * 1000 for k in keys if k.key in SEARCH_KEYS]
    slow = [k for k in keys if k.wall * 1000 >= p95] or keys
    unchanged = sum(t.unchanged for t in typists)
    rss, pss, uss = ([m[name] for m in mem] for name in ("Rss", "Pss", "Uss"))
    rss_idle, pss_idle, uss_idle = ([m[name] for m in mem_idle]
                                    for name in ("Rss", "Pss", "Uss"))
    peak = _mb(max(max(rss), max(rss_idle)))
    n = f"{sessions} sessions"
    import_s = (importer.ended or time.perf_counter()) - importer.started

    def ms(values: list[float]) -> str:
        return f"median {_p(values, 0.5):.0f}, p95 {_p(values, 0.95):.0f} ms"

    return [
        Figure(f"{n}: time to start all, one after another", start_s, "s", None, "reported",
               None, f"{start_s / sessions:.1f} s each"),
        Figure(f"{n} idle on the ledger: CPU of all together", idle_pct, "% of a core",
               f"{idle_pct / sessions:.2f} % each", f"≤ {CPU_LIMIT:.0f} %",
               idle_pct <= CPU_LIMIT,
               f"over {idle_seconds:.0f} s incl. the 15 s polling; {idle_load}"),
        Figure(f"{n}: largest resident memory (Rss) of one session", peak, "MB",
               f"median {_mb(statistics.median(rss)):.0f} MB", f"≤ {RSS_LIMIT_MB:.0f} MB",
               peak <= RSS_LIMIT_MB,
               f"{spread(rss, 'MB', 1 / 1024)} after the active phase (idle: "
               f"{spread(rss_idle, 'MB', 1 / 1024)})"),
        Figure(f"{n}: memory of one session, Pss (median)", _mb(statistics.median(pss)), "MB",
               None, "reported", None,
               f"Uss median {_mb(statistics.median(uss)):.1f} MB, "
               f"{spread(uss, 'MB', 1 / 1024)}; idle: Pss "
               f"{_mb(statistics.median(pss_idle)):.1f}, Uss "
               f"{_mb(statistics.median(uss_idle)):.1f} MB"),
        Figure(f"{n}: memory of all together (sum of Pss)", _mb(sum(pss)), "MB",
               f"sum of Rss {_mb(sum(rss)):.0f} MB", "reported", None,
               f"sum of Uss {_mb(sum(uss)):.0f} MB; idle: sum of Pss "
               f"{_mb(sum(pss_idle)):.0f} MB, of Uss {_mb(sum(uss_idle)):.0f} MB"),
        Figure(f"{active} of {n} typing and moving at 5 keys/s during an import of "
               f"{import_rows:,} rows: key → settled frame, p95", p95, "ms",
               f"median {_p(times, 0.5):.0f} ms", f"≤ {P95_LIMIT_MS:.0f} ms",
               p95 <= P95_LIMIT_MS,
               f"{len(times)} keys, {spread(times, scale=1)}; moves p95 {_p(moves, 0.95):.0f} ms, "
               f"search keys p95 {_p(searches, 0.95):.0f} ms (incl. the {DEBOUNCE_MS} ms "
               "debounce); "
               f"while the import ran p95 {_p(during, 0.95):.0f} ms ({len(during)} keys), "
               f"in the {after_import:.0f} s after it committed (every session reloads at "
               f"its next poll) p95 {_p(after, 0.95):.0f} ms ({len(after)} keys); "
               f"{unchanged} keys changed nothing; load {loadavg()}"),
        Figure(f"{active} of {n}: the slowest 5 % of keys, time the session waited for a CPU",
               _p([k.queued * 1000 for k in slow], 0.5), "ms", None, "reported", None,
               "the time its threads spent in the run queue during the key (summed over "
               "the threads, which may wait at once): "
               f"{ms([k.queued * 1000 for k in slow])} (all keys: "
               f"{ms([k.queued * 1000 for k in keys])}); their time on a CPU: "
               f"{ms([k.cpu * 1000 for k in slow])} (all keys: "
               f"{ms([k.cpu * 1000 for k in keys])}; moves {ms(move_cpu)}, search keys "
               f"{ms(search_cpu)}); "
               f"wall time of these keys {ms([k.wall * 1000 for k in slow])}"),
        Figure(f"{n}: CPU of all together while {active} type and one imports", busy_pct,
               "% of a core", None, "reported", None,
               f"over {wall:.0f} s; the import {import_s:.0f} s, CPU {importer.cpu:.1f} s; "
               f"{busy_load}"),
        Figure(f"{n}: session errors", len(errors), "errors", 0, "0", not errors,
               "; ".join(errors)[:300]),
    ]


if __name__ == "__main__":
    for figure in run(log=print):
        print(figure)
