"""Bytes on the wire: what a user's link must carry for the first screen, each screen switch
and each search keystroke, through the pty harness (bench.ptyterm) as an SSH login sees it
(``TERM=xterm-256color``, no ``COLORTERM``), at 160x48 and 80x24, on the 100,000-case database.

Method: one session per size walks ledger → four lists → back → weekly → back → open a case
→ back → inspection form → back, then ``/`` and the search keystrokes “噪”, “声”, backspace,
backspace. Each step is a key; it ends when the emulated screen (pyte) shows the step's
destination loaded (its title at the top left, no 载入中, the expected count) and the program
has then been quiet for 0.3 s. The figure is every byte the program wrote from the key to
that point. Byte counts do not depend on the machine's speed. The reference is the same walk
with ``HUITOUKAN_SCREEN_DIFF=0``: every frame as Textual writes it.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bench import Figure
from bench.bench_tui import ROOT, TODAY, ledger_facts, tui_argv
from bench.ptyterm import KEYS, PtyProgram

SIZES = [(160, 48), (80, 24)]
FIRST_KB, SWITCH_KB, KEY_KB = 40.0, 30.0, 8.0
#: the link of the issue: 32 KB/s
LINK_KB_S = 32.0
#: the walk opens the inspection form, so it signs in as a station: the generated data's
#: first street (its district reader "admin" may not write)
LOGIN = "station"
QUIET = 0.3


def loaded(title: str) -> Callable[[str], bool]:
    """The screen titled ``title`` is shown with its data."""
    return lambda text: text.startswith(f" {title}") and "载入中" not in text


@dataclass
class Walk:
    first: int
    steps: list[tuple[str, int, float]]  # (step, bytes, seconds from key to shown)


def walk(db: Path, cols: int, rows: int, diff: bool, timeout: float = 120) -> Walk:
    total, first_no, found = ledger_facts(db, LOGIN)
    narrower = _count(db, "噪")
    ledger = loaded("台账")
    steps = [
        ("ledger → four lists", "p", loaded("四项清单")),
        ("four lists → ledger", KEYS["escape"], ledger),
        ("ledger → weekly table", "w", loaded("进展一览表")),
        ("weekly table → ledger", KEYS["escape"], ledger),
        ("ledger → open a case", KEYS["enter"], loaded("信访件详情")),
        ("case → ledger", KEYS["escape"], ledger),
        ("ledger → inspection form", "i", loaded("现场核查")),
        ("inspection form → ledger", KEYS["escape"], ledger),
        ("search: “/”", "/", lambda text: True),
        ("search key “噪”", "噪", lambda text: f"显示 {narrower} / {total}" in text),
        ("search key “声”", "声", lambda text: f"显示 {found} / {total}" in text),
        ("search key backspace", KEYS["backspace"], lambda t: f"显示 {narrower} / {total}" in t),
        ("search key backspace (empty)", KEYS["backspace"],
         lambda text: f"显示 {total} / {total}" in text),
    ]
    env = {"HUITOUKAN_TODAY": TODAY, "PYTHONPATH": str(ROOT),
           "HUITOUKAN_SCREEN_DIFF": "1" if diff else "0"}
    with PtyProgram(tui_argv(db, LOGIN), cols=cols, rows=rows, cwd=str(ROOT), env=env) as prog:
        prog.wait_screen(lambda text: f"显示 {total} / {total}" in text and first_no in text,
                         timeout=timeout)
        prog.settle(QUIET)
        result = Walk(len(prog.buffer), [])
        for name, key, shown in steps:
            start = len(prog.buffer)
            sent = prog.send(key)
            end = prog.wait_screen(shown, since=start, timeout=timeout)
            seconds = prog.time_of(end - 1) - sent
            prog.settle(QUIET)
            result.steps.append((name, len(prog.buffer) - start, seconds))
        return result


def _count(db: Path, word: str) -> int:
    from bench import CAMPAIGN_2024, bound
    from huitoukan_tui.models import User
    from huitoukan_tui.services import cases

    with bound(db):
        actor = User.get(User.login == LOGIN)
        return cases.count_cases(actor, cases.CaseFilter(search=word, campaign=CAMPAIGN_2024))


def _kb(n: int) -> float:
    return n / 1024


def figures_for(cols: int, rows: int, thin: Walk, raw: Walk) -> list[Figure]:
    judged = (cols, rows) == SIZES[0]
    size = f"{cols}x{rows}"

    def fig(name: str, value: int, reference: int, limit: float, seconds: float | None):
        kb = _kb(value)
        note = f"≈ {kb / LINK_KB_S:.1f} s at {LINK_KB_S:.0f} KB/s"
        if seconds is not None:
            note += f"; shown {seconds * 1000:.0f} ms after the key here"
        return Figure(f"bytes, {name}, {size}", kb, "KB",
                      f"Textual as is {_kb(reference):.1f} KB",
                      f"≤ {limit:.0f} KB" if judged else "reported",
                      (kb <= limit) if judged else None, note)

    out = [fig("start → ledger shown", thin.first, raw.first, FIRST_KB, None)]
    for (name, value, seconds), (_, reference, _) in zip(thin.steps, raw.steps, strict=True):
        limit = KEY_KB if name.startswith("search") else SWITCH_KB
        out.append(fig(name, value, reference, limit, seconds))
    return out


def run(big: Path | None = None, sizes: list[tuple[int, int]] = SIZES,
        log: Callable[[str], None] | None = None) -> list[Figure]:
    from bench.generate import ensure_db

    big = big or ensure_db(log=log)
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory(prefix="bench-wire-") as tmp:
        db = Path(tmp) / big.name
        shutil.copyfile(big, db)
        for cols, rows in sizes:
            thin, raw = walk(db, cols, rows, True), walk(db, cols, rows, False)
            figures += figures_for(cols, rows, thin, raw)
    return figures


if __name__ == "__main__":
    for figure in run(log=print):
        print(figure)
