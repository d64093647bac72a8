"""``make bench``: every figure of the performance targets, one line each, and
bench/out/latest.md with the same table in Markdown (for README's "Performance" section).

    python -m bench                     # everything (under 10 minutes on 2 cores)
    python -m bench --only services,tui
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import math
import os
import platform
import sys
import time
import traceback
from pathlib import Path

from bench import OUT_DIR, Figure, pinned_campaign

#: (short name, module) in the order they run
MODULES = [
    ("services", "bench.bench_services"),
    ("tui", "bench.bench_tui"),
    ("wire", "bench.bench_wire"),
    ("sessions", "bench.bench_sessions"),
    ("import", "bench.bench_import"),
    ("export", "bench.bench_export"),
    ("concurrency", "bench.bench_concurrency"),
    ("postgres", "bench.bench_postgres"),
]


def as_figure(item) -> Figure:
    """Accept a Figure or a plain (name, value, unit, floor) tuple."""
    if isinstance(item, Figure):
        return item
    return Figure(*item)


def fmt_number(value) -> str:
    if isinstance(value, bool) or value is None:
        return str(value)
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        if math.isnan(value):
            return "n/a"
        if value.is_integer() and abs(value) >= 100:
            return f"{int(value):,}"
        if abs(value) >= 100:
            return f"{value:,.0f}"
        if abs(value) >= 10:
            return f"{value:.1f}"
        return f"{value:.2f}"
    return str(value)


def verdict(fig: Figure) -> str:
    if fig.met is None:
        return "reported"
    return "MET" if fig.met else "MISSED"


def line(fig: Figure) -> str:
    value = f"{fmt_number(fig.value)} {fig.unit}"
    floor = fmt_number(fig.floor) if fig.floor not in (None, "") else "—"
    target = fig.target or "—"
    text = f"{fig.name} | {value} | floor/ref: {floor} | target: {target} | {verdict(fig)}"
    return text + (f" | {fig.note}" if getattr(fig, "note", "") else "")


def machine() -> dict[str, str]:
    import sqlite3

    cpu = platform.processor() or "?"
    try:
        for text in Path("/proc/cpuinfo").read_text().splitlines():
            if text.startswith("model name"):
                cpu = text.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        mem_kb = next(int(t.split()[1]) for t in Path("/proc/meminfo").read_text().splitlines()
                      if t.startswith("MemTotal:"))
        memory = f"{mem_kb / 1024 / 1024:.0f} GiB"
    except (OSError, StopIteration):
        memory = "?"
    versions = []
    for name in ("textual", "peewee", "openpyxl"):
        try:
            versions.append(f"{name} {importlib.import_module(name).__version__}")
        except Exception:  # noqa: BLE001 - a missing package only leaves the name out
            pass
    return {
        "cpus": str(os.cpu_count()),
        "cpu": cpu,
        "memory": memory,
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "libraries": ", ".join(versions),
        "system": f"{platform.system()} {platform.release()}",
    }


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"{one:.1f}/{five:.1f}"


def markdown(results: list[tuple[str, list[Figure], float, str]], info: dict[str, str],
             total: float, errors: list[str]) -> str:
    when = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    out = [
        f"Measured {when} by `make bench` in {total / 60:.1f} min on {info['cpus']} × "
        f"{info['cpu']}, {info['memory']} RAM, {info['system']}; Python {info['python']}, "
        f"SQLite {info['sqlite']}, {info['libraries']}. Times are wall-clock medians of "
        "several runs (the note gives their min–max); a floor is measured in the same run. "
        "Load average (1/5 min) during "
        "each part is given: other work on the machine inflates the times.",
        "",
        "| Figure | Value | Floor / reference | Target | Result | Note |",
        "|---|---|---|---|---|---|",
    ]
    for name, figures, seconds, during in results:
        out.append(f"| **{name}** ({seconds:.0f} s, load {during}) | | | | | |")
        for fig in figures:
            floor = fmt_number(fig.floor) if fig.floor not in (None, "") else "—"
            cells = [fig.name, f"{fmt_number(fig.value)} {fig.unit}", str(floor),
                     fig.target or "—", verdict(fig), getattr(fig, "note", "")]
            out.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    for error in errors:
        out.append(f"\n**Failed:** {error}")
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--only", default="", help="comma-separated parts: "
                        + ",".join(n for n, _ in MODULES))
    parser.add_argument("--skip", default="", help="comma-separated parts to leave out")
    parser.add_argument("--out", default=str(OUT_DIR / "latest.md"))
    args = parser.parse_args(argv)
    only = {s for s in args.only.split(",") if s}
    skip = {s for s in args.skip.split(",") if s}
    with pinned_campaign():
        return _run(args, only, skip)


def _run(args, only: set[str], skip: set[str]) -> int:
    started = time.perf_counter()
    info = machine()
    print(f"# bench: {info['cpus']} × {info['cpu']}, Python {info['python']}, "
          f"SQLite {info['sqlite']}, load {load()}", flush=True)

    from bench.generate import ensure_db, ensure_demo_db

    t0 = time.perf_counter()
    ensure_db(log=lambda s: print(f"# {s}", flush=True))
    ensure_demo_db()
    print(f"# data ready in {time.perf_counter() - t0:.1f} s", flush=True)

    results: list[tuple[str, list[Figure], float, str]] = []
    errors: list[str] = []
    for name, module_name in MODULES:
        if (only and name not in only) or name in skip:
            continue
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name == module_name:
                print(f"# {name}: not present, skipped", flush=True)
                continue
            raise
        print(f"# {name} …", flush=True)
        before = load()
        t0 = time.perf_counter()
        try:
            figures = [as_figure(f) for f in module.run()]
        except Exception as exc:  # noqa: BLE001 - the other parts still run
            traceback.print_exc()
            errors.append(f"{name}: {type(exc).__name__}: {exc}")
            print(f"{name} | FAILED: {type(exc).__name__}: {exc}", flush=True)
            continue
        seconds = time.perf_counter() - t0
        for fig in figures:
            print(line(fig), flush=True)
        results.append((name, figures, seconds, f"{before}→{load()}"))
        print(f"# {name}: {seconds:.0f} s", flush=True)

    total = time.perf_counter() - started
    all_figs = [f for _, figs, _, _ in results for f in figs]
    missed = [f.name for f in all_figs if f.met is False]
    met = sum(1 for f in all_figs if f.met)
    print(f"# {met} of {met + len(missed)} targets met in {total / 60:.1f} min"
          + (f"; MISSED: {'; '.join(missed)}" if missed else ""), flush=True)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(markdown(results, info, total, errors), encoding="utf-8")
    print(f"# table written to {out}", flush=True)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
