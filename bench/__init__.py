"""Benchmarks with generated district-scale data (``make bench``; not part of ``make test``).

Every benchmark module exposes ``run() -> list[Figure | tuple]``: one entry per figure, as
``(name, value, unit, floor)`` or a :class:`Figure` that also carries its target and verdict.
"""

from __future__ import annotations

import contextlib
import statistics
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NamedTuple

OUT_DIR = Path(__file__).resolve().parent / "out"


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
    on the machine inflates much less than the wall clock)."""

    wall: float
    cpu: float


def measure(fn: Callable[[], object], repeat: int, warmup: int = 1) -> Timing:
    for _ in range(warmup):
        fn()
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        fn()
        cpus.append(time.process_time() - cpu)
        walls.append(time.perf_counter() - wall)
    return Timing(median(walls), median(cpus))


@contextlib.contextmanager
def bound(path: Path) -> Iterator[None]:
    """Bind the models to the SQLite file ``path`` for the duration of the block."""
    from huitoukan_tui import db as dbmod
    from huitoukan_tui.config import DatabaseTarget
    from huitoukan_tui.models import database

    if database.obj is not None and not database.is_closed():
        database.close()
    dbmod.bind(DatabaseTarget(path=Path(path)))
    try:
        yield
    finally:
        if not database.is_closed():
            database.close()
