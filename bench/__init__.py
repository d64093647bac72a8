"""Benchmarks with generated district-scale data (``make bench``; not part of ``make test``).

Every benchmark module exposes ``run() -> list[Figure | tuple]``: one entry per figure, as
``(name, value, unit, floor)`` or a :class:`Figure` that also carries its target and verdict.
"""

from __future__ import annotations

import contextlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NamedTuple

OUT_DIR = Path(__file__).resolve().parent / "out"
ROOT = OUT_DIR.parent.parent


#: the seed's 2024 campaign is the first of the generated data (and of the sample ledger)
CAMPAIGN_2024 = 1


@contextlib.contextmanager
def pinned_campaign() -> Iterator[None]:
    """The figures are of the seed's 2024 campaign (the generated data also has a later one,
    which would be the default): inside, this process and its children work on it."""
    from huitoukan_tui.campaigns import SEED_FILE

    name = tomllib.loads(SEED_FILE.read_text(encoding="utf-8"))["name"]
    before = os.environ.get("HUITOUKAN_CAMPAIGN")
    os.environ.setdefault("HUITOUKAN_CAMPAIGN", name)
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("HUITOUKAN_CAMPAIGN", None)


class Figure(NamedTuple):
    """One measured figure. ``floor`` is the reference it is compared with (a number measured
    in the same run, or a text); ``target`` says what is wanted; ``met`` is None when the
    figure is only reported."""

    name: str
    value: float
    unit: str
    floor: float | str | None = None
    target: str = ""
    met: bool | None = None
    note: str = ""


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def spread(values: list[float], unit: str = "ms", scale: float = 1000.0) -> str:
    """"min–max A–B ms" of several measurements (a figure is their median), ``scale``
    from seconds."""
    if not values:
        return ""
    low, high = min(values) * scale, max(values) * scale
    digits = 1 if high < 100 else 0
    return f"min–max {low:.{digits}f}–{high:.{digits}f} {unit}"


def time_calls(fn: Callable[[], object], repeat: int, warmup: int = 1) -> list[float]:
    """Wall-clock seconds of ``repeat`` calls of ``fn`` after ``warmup`` unmeasured ones."""
    for _ in range(warmup):
        fn()
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


class Timing(NamedTuple):
    """Medians of several calls: wall clock, and CPU time of this process (which other work
    on the machine inflates much less than the wall clock); ``walls``: every call's wall
    clock."""

    wall: float
    cpu: float
    walls: tuple[float, ...] = ()


def measure(fn: Callable[[], object], repeat: int, warmup: int = 1) -> Timing:
    for _ in range(warmup):
        fn()
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        fn()
        cpus.append(time.process_time() - cpu)
        walls.append(time.perf_counter() - wall)
    return Timing(median(walls), median(cpus), tuple(walls))


@contextlib.contextmanager
def bound(where) -> Iterator[None]:
    """Bind the models to ``where`` (a SQLite file's path, or a DatabaseTarget) for the
    duration of the block; PostgreSQL connections are kept between jobs, as the TUI does."""
    from huitoukan_tui import db as dbmod
    from huitoukan_tui.config import DatabaseTarget
    from huitoukan_tui.models import database

    if database.obj is not None and not database.is_closed():
        database.close()
    target = where if isinstance(where, DatabaseTarget) else DatabaseTarget(path=Path(where))
    dbmod.bind(target, pooled=True)
    try:
        yield
    finally:
        if not database.is_closed():
            database.close()
        close_all = getattr(database.obj, "close_all", None)
        if close_all is not None:
            close_all()


# ---------------------------------------------------------------- child processes

def own_peak_kb() -> int:
    """This process's own peak resident memory (VmHWM), in KiB.

    Not ``ru_maxrss`` as a parent sees it (``wait4``, ``RUSAGE_CHILDREN``): a child's figure
    there includes the parent's peak, which the child carried between fork and exec, and
    ``RUSAGE_CHILDREN`` keeps the largest child so far."""
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    raise RuntimeError("no VmHWM in /proc/self/status")


def child_result(result: dict) -> None:
    """The last line a child writes: its result and its own peak memory."""
    print(json.dumps({**result, "peak_kb": own_peak_kb()}), flush=True)


def run_child(module: str, args: list[str]) -> tuple[dict, float]:
    """Run ``python -m MODULE --child ARGS`` (which ends with :func:`child_result`);
    (its result, its own peak resident memory in MB)."""
    with tempfile.TemporaryFile() as err:
        proc = subprocess.run([sys.executable, "-m", module, "--child", *args], cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=err, stdin=subprocess.DEVNULL)
        if proc.returncode != 0:
            err.seek(0)
            raise RuntimeError(f"bench child failed: "
                               f"{err.read().decode(errors='replace')[-2000:]}")
    result = json.loads(proc.stdout.decode().splitlines()[-1])
    return result, result.pop("peak_kb") / 1024
