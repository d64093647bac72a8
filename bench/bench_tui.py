"""The TUI as a user over SSH feels it: through a real pseudo-terminal (bench.ptyterm), 160x48,
TERM=xterm-256color, answering Textual's synchronized-output query like a modern terminal.

Method (all times wall clock, from this process, which only waits on the pty):
- start to visible: from spawning the program to the end of the first frame that shows both
  the count text ``显示 N / N`` and the first case number (rows drawn, not placeholders);
  the floor app: to the end of the frame showing its first row. Median of several starts.
- a key (cursor down, page down): the key's bytes are written to the pty, then output is read
  until it has been quiet for 0.1 s; the figure is the time from the write to the end of the
  last frame of that burst (so rows fetched by a worker after the first frame count too).
  Bytes per key: everything written in that burst. Medians over many presses.
- search: ``/`` then the 2-character word written at once (what an IME commits), until the
  frame showing the new count ends; includes the ledger's typing debounce, so the
  figure that matters is the difference between 100,000 and 34 cases. The same through
  tmux: the TUI in a tmux session, this process the terminal of a client attached to it.
- memory: VmRSS (and peak VmHWM) from /proc/PID/status once the ledger is visible, and after
  paging, jumping to the end and searching.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bench import CAMPAIGN_2024, Figure, bound, median, spread
from bench.ptyterm import KEYS, PtyProgram
from huitoukan_tui.tui.screens.listing import SEARCH_DEBOUNCE

ROOT = Path(__file__).resolve().parent.parent
DEBOUNCE_MS = round(SEARCH_DEBOUNCE * 1000)
COLS, ROWS = 160, 48
TODAY = "2024-04-15"
SEARCH_WORD = "噪声"


def tui_argv(db: Path, login: str = "admin") -> list[str]:
    exe = Path(sys.executable).with_name("huitoukan-tui")
    if exe.exists():
        return [str(exe), "--db", str(db), "--user", login]
    return [sys.executable, "-m", "huitoukan_tui", "--db", str(db), "--user", login]


def floor_argv(rows: int = 200) -> list[str]:
    return [sys.executable, "-m", "bench.floor_app", str(rows)]


def _program(argv: list[str]) -> PtyProgram:
    return PtyProgram(argv, cols=COLS, rows=ROWS, cwd=str(ROOT),
                      env={"HUITOUKAN_TODAY": TODAY, "PYTHONPATH": str(ROOT)})


@dataclass
class Session:
    """What one run of a program showed."""

    visible: float  # seconds from start
    first_frame_bytes: int
    rss_visible_kb: int = 0
    rss_after_kb: int = 0
    hwm_kb: int = 0
    down: list[float] = field(default_factory=list)
    down_bytes: list[int] = field(default_factory=list)
    page: list[float] = field(default_factory=list)
    page_bytes: list[int] = field(default_factory=list)
    search: list[float] = field(default_factory=list)
    #: CPU seconds the program used per key, per page and per search (all threads)
    cpu_down: float = 0.0
    cpu_page: float = 0.0
    cpu_search: float = 0.0


def ledger_facts(db: Path, login: str = "admin") -> tuple[int, str, int]:
    """(cases, first case number in the ledger's order, matches of SEARCH_WORD)."""
    from huitoukan_tui.models import Case, User
    from huitoukan_tui.services import cases

    with bound(db):
        admin = User.get(User.login == login)
        # the program runs on TODAY, inside the 2024 campaign: that campaign's ledger
        ids = cases.case_ids(admin, cases.CaseFilter(campaign=CAMPAIGN_2024))
        first = Case.get_by_id(ids[0]).case_no
        found = cases.count_cases(admin, cases.CaseFilter(search=SEARCH_WORD,
                                                          campaign=CAMPAIGN_2024))
        return len(ids), first, found


def _visible(prog: PtyProgram, markers: list[str], timeout: float) -> Session:
    """The first frame after which the screen shows every marker ends 'visible'."""
    end = prog.wait_screen(lambda text: all(m in text for m in markers), timeout=timeout)
    return Session(visible=prog.time_of(end - 1) - prog.started_at, first_frame_bytes=end)


def _keys(prog: PtyProgram, session: Session, downs: int, pages: int) -> None:
    cpu = prog.cpu_seconds()
    for _ in range(downs):
        burst = prog.press(KEYS["down"])
        if burst.last_byte is not None:
            session.down.append(burst.last_byte)
            session.down_bytes.append(burst.nbytes)
    session.cpu_down = (prog.cpu_seconds() - cpu) / max(downs, 1)
    cpu = prog.cpu_seconds()
    for _ in range(pages):
        burst = prog.press(KEYS["pagedown"])
        if burst.last_byte is not None:
            session.page.append(burst.last_byte)
            session.page_bytes.append(burst.nbytes)
    session.cpu_page = (prog.cpu_seconds() - cpu) / max(pages, 1)


def run_floor(downs: int = 0, pages: int = 0, timeout: float = 60) -> Session:
    from bench.floor_app import first_case_no

    with _program(floor_argv()) as prog:
        session = _visible(prog, [first_case_no()], timeout)
        prog.settle(0.3)
        session.rss_visible_kb = prog.rss_kb()["VmRSS"]
        _keys(prog, session, downs, pages)
        rss = prog.rss_kb()
        session.rss_after_kb, session.hwm_kb = rss["VmRSS"], rss["VmHWM"]
        return session


def run_tui(db: Path, facts: tuple[int, str, int], downs: int = 0, pages: int = 0,
            searches: int = 0, timeout: float = 60) -> Session:
    total, first, found = facts
    count_marker = f"显示 {total} / {total}"
    with _program(tui_argv(db)) as prog:
        session = _visible(prog, [count_marker, first], timeout)
        prog.settle(0.3)
        session.rss_visible_kb = prog.rss_kb()["VmRSS"]
        _keys(prog, session, downs, pages)
        if downs or pages:
            prog.press(KEYS["end"], quiet=0.3)
            prog.press(KEYS["home"], quiet=0.3)
        if searches:
            prog.press("/", quiet=0.2)
            want = f"显示 {found} / {total}"
            for _ in range(searches):
                start = len(prog.buffer)
                cpu = prog.cpu_seconds()
                sent = prog.send(SEARCH_WORD)
                end = prog.wait_screen(want, since=start, timeout=timeout)
                session.search.append(prog.time_of(end - 1) - sent)
                prog.settle(0.2)
                session.cpu_search += (prog.cpu_seconds() - cpu) / searches
                start = len(prog.buffer)
                prog.send(KEYS["backspace"] * len(SEARCH_WORD))
                prog.wait_screen(count_marker, since=start, timeout=timeout)
                prog.settle(0.2)
        rss = prog.rss_kb()
        session.rss_after_kb, session.hwm_kb = rss["VmRSS"], rss["VmHWM"]
        return session


def search_through_tmux(db: Path, facts: tuple[int, str, int], searches: int,
                        timeout: float = 60) -> list[float]:
    """The search as a user inside tmux feels it: the TUI runs in a tmux session, this
    process is the terminal of a tmux client attached to it. Seconds from writing the word
    to the client until its screen shows the new count, one per search."""
    total, first, found = facts
    count_marker, want = f"显示 {total} / {total}", f"显示 {found} / {total}"
    with tempfile.TemporaryDirectory(prefix="bench-tmux-") as tmp:
        tmux = ["tmux", "-u", "-S", f"{tmp}/tmux.sock", "-f", "/dev/null"]
        env = " ".join(f"{k}={v}" for k, v in (("HUITOUKAN_TODAY", TODAY),
                                              ("PYTHONPATH", str(ROOT))))
        command = " ".join(tui_argv(db))
        subprocess.run([*tmux, "new-session", "-d", "-x", str(COLS), "-y", str(ROWS),
                        f"env {env} {command}"], check=True, cwd=str(ROOT))
        times = []
        try:
            with PtyProgram([*tmux, "attach"], cols=COLS, rows=ROWS, cwd=str(ROOT)) as client:
                client.wait_screen(lambda t: count_marker in t and first in t, timeout=timeout)
                client.settle(0.3)
                client.send("/")
                client.settle(0.3)
                for _ in range(searches):
                    start = len(client.buffer)
                    sent = client.send(SEARCH_WORD)
                    end = client.wait_screen(want, since=start, timeout=timeout)
                    times.append(client.time_of(end - 1) - sent)
                    client.settle(0.2)
                    start = len(client.buffer)
                    client.send(KEYS["backspace"] * len(SEARCH_WORD))
                    client.wait_screen(count_marker, since=start, timeout=timeout)
                    client.settle(0.2)
        finally:
            subprocess.run([*tmux, "kill-server"], capture_output=True)
    return times


def import_time(module: str, repeat: int) -> float:
    """Wall time of ``python -c 'import MODULE'`` (median)."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", f"import {module}"], check=True, cwd=str(ROOT))
        times.append(time.perf_counter() - start)
    return median(times)


def _copy(db: Path, into: Path) -> Path:
    """The TUI gets a copy: the cached database stays exactly as generated."""
    target = into / db.name
    shutil.copyfile(db, target)
    return target


def _ms(values: list[float]) -> float:
    return median(values) * 1000


def run(big: Path | None = None, small: Path | None = None, starts: int = 5, downs: int = 20,
        pages: int = 10, searches: int = 5, log: Callable[[str], None] | None = None
        ) -> list[Figure]:
    from bench.generate import ensure_db, ensure_demo_db

    big = big or ensure_db(log=log)
    small = small or ensure_demo_db()
    with tempfile.TemporaryDirectory(prefix="bench-tui-") as tmp:
        big_copy, small_copy = _copy(big, Path(tmp)), _copy(small, Path(tmp))
        big_facts, small_facts = ledger_facts(big_copy), ledger_facts(small_copy)
        at_big = f"{big_facts[0]:,} cases"
        floor = [run_floor(downs if n == 0 else 0, pages if n == 0 else 0)
                 for n in range(starts)]
        small_runs = [run_tui(small_copy, small_facts, searches=searches if n == 0 else 0)
                      for n in range(starts)]
        big_runs = [run_tui(big_copy, big_facts, downs if n == 0 else 0,
                            pages if n == 0 else 0, searches if n == 0 else 0)
                    for n in range(starts)]
        tmux_small = search_through_tmux(small_copy, small_facts, searches)
        tmux_big = search_through_tmux(big_copy, big_facts, searches)
    textual_import = import_time("textual.app", 3 if starts >= 3 else 1)
    floor_t = _ms([s.visible for s in floor])
    small_t = _ms([s.visible for s in small_runs])
    big_t = _ms([s.visible for s in big_runs])
    keys, fkeys = big_runs[0], floor[0]
    rss_big = max(keys.rss_visible_kb, keys.rss_after_kb) / 1024
    search_small, search_big = _ms(small_runs[0].search), _ms(keys.search)
    figures = [
        Figure("reference: python -c 'import textual.app'", textual_import * 1000, "ms",
               "issue: ~300 ms", "reported"),
        Figure("floor: start → 200-row DataTable visible (bench/floor_app.py)", floor_t, "ms",
               "issue: ~600 ms", "reported", None, spread([s.visible for s in floor])),
        Figure(f"start → ledger visible, {small_facts[0]} cases", small_t, "ms",
               f"floor {floor_t:.0f} ms", "≤ 1.3× floor", small_t <= 1.3 * floor_t,
               spread([s.visible for s in small_runs])),
        Figure(f"start → ledger visible, {at_big}", big_t, "ms",
               f"{small_facts[0]} cases: {small_t:.0f} ms", "≤ 1.5× the 34-case figure",
               big_t <= 1.5 * small_t, spread([s.visible for s in big_runs])),
        Figure(f"cursor down → screen updated, {at_big}", _ms(keys.down), "ms",
               f"DataTable {_ms(fkeys.down):.1f} ms", "≤ 20 ms", _ms(keys.down) <= 20,
               f"{spread(keys.down)}; TUI cpu {keys.cpu_down * 1000:.0f} ms/key (DataTable "
               f"{fkeys.cpu_down * 1000:.0f})"),
        Figure(f"page down → screen updated, {at_big}", _ms(keys.page), "ms",
               f"DataTable {_ms(fkeys.page):.1f} ms", "≤ 60 ms", _ms(keys.page) <= 60,
               f"{spread(keys.page)}; TUI cpu {keys.cpu_page * 1000:.0f} ms/key (DataTable "
               f"{fkeys.cpu_page * 1000:.0f})"),
        Figure(f"bytes written per cursor move, {COLS}x{ROWS}", median(keys.down_bytes) / 1024,
               "KB", f"DataTable {median(fkeys.down_bytes) / 1024:.1f} KB", "≤ 4 KB",
               median(keys.down_bytes) / 1024 <= 4),
        Figure(f"bytes written per page down, {COLS}x{ROWS}", median(keys.page_bytes) / 1024,
               "KB", f"DataTable {median(fkeys.page_bytes) / 1024:.1f} KB", "reported"),
        Figure(f"first frame (start → ledger visible), {COLS}x{ROWS}",
               keys.first_frame_bytes / 1024, "KB",
               f"floor {floor[0].first_frame_bytes / 1024:.1f} KB", "reported"),
        Figure(f"resident memory of one TUI session, {at_big}", rss_big, "MB",
               f"floor app {fkeys.rss_after_kb / 1024:.0f} MB; 34 cases "
               f"{small_runs[0].rss_after_kb / 1024:.0f} MB", "≤ 80 MB", rss_big <= 80),
        Figure(f"TUI search “{SEARCH_WORD}” → count shown, {at_big} (incl. {DEBOUNCE_MS} ms "
               "debounce)",
               search_big, "ms", f"34 cases {search_small:.0f} ms", "≤ floor + 50 ms",
               search_big <= search_small + 50,
               f"{spread(keys.search)}; TUI cpu {keys.cpu_search * 1000:.0f} ms/search (34 cases "
               f"{small_runs[0].cpu_search * 1000:.0f})"),
        Figure(f"TUI search “{SEARCH_WORD}” through tmux → count shown, {at_big} (incl. "
               f"{DEBOUNCE_MS} ms debounce)", _ms(tmux_big), "ms",
               f"34 cases {_ms(tmux_small):.0f} ms",
               "≤ floor + 50 ms", _ms(tmux_big) <= _ms(tmux_small) + 50,
               f"runs {', '.join(f'{t * 1000:.0f}' for t in tmux_big)} ms (34 cases: "
               f"{', '.join(f'{t * 1000:.0f}' for t in tmux_small)})"),
    ]
    return figures


if __name__ == "__main__":
    from bench import pinned_campaign

    with pinned_campaign():
        for fig in run(log=print):
            print(fig)
