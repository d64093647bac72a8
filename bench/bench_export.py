"""Exports: the 100,000-row ledger against a plain openpyxl loop, and the weekly cron batch.

Each measurement runs in a fresh child process so its peak resident memory (its own VmHWM,
see ``bench.own_peak_kb``) belongs to that step alone; the data comes from bench.generate
(cached under bench/out/).

- ``export ledger``: ``export_forms(admin, "ledger")`` — the streamed ledger with the latest
  inspection of every case (one streamed query, labels, masking, date cells, title and
  header, the formula-injection guard, print setup, deterministic zip);
- the floor: the same cell values from one plain SQL query, appended to an openpyxl write-only
  sheet without any style and saved with ``wb.save``;
- ``cron export``: ``export all --per-unit`` for one week on 200 units (10,000 cases), and the
  same for the first 50 and 100 units, to show the time grows with the number of files and
  not faster.

Run alone: ``python -m bench.bench_export [ROWS]``.
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

from bench import Figure, child_result, run_child

ROOT = Path(__file__).resolve().parent.parent
WEEK_END = dt.date(2024, 4, 11)
CRON_CASES, CRON_UNITS = 10_000, 200
CRON_STEPS = (50, 100, 200)
TIME_RATIO, RSS_LIMIT = 1.5, 120.0

FLOOR_SQL = """
SELECT c.case_no, c.channel, c.received_on, u.name, c.petitioner, c.phone, c.target,
       c.location, c.category, c.content, c.original_handling, e.status, e.next_deadline,
       e.referred, i.inspected_on, i.inspectors, i.handled, i.rebound, i.satisfaction,
       i.findings
FROM petition_case c JOIN unit u ON u.id = c.unit_id
JOIN ledger_entry e ON e.case_id = c.id AND e.campaign_id = 1
LEFT JOIN inspection i ON i.id = (
    SELECT i2.id FROM inspection i2 WHERE i2.case_id = c.id AND i2.campaign_id = 1
    ORDER BY i2.inspected_on DESC, i2.id DESC LIMIT 1)
ORDER BY u.position, u.name, c.case_no
"""


def _params(rows: int):
    from bench.generate import Params

    return Params() if rows == Params.cases else Params.scaled(rows)


def _cron_params():
    from bench.generate import Params

    return Params(cases=CRON_CASES, units=CRON_UNITS, inspections=CRON_CASES * 3 // 2,
                  items=CRON_CASES * 3 // 10)


# ---------------------------------------------------------------- child processes

def _bind(db_path: str):
    from huitoukan_tui import db as dbmod
    from huitoukan_tui.config import DatabaseTarget
    from huitoukan_tui.models import User

    dbmod.bind(DatabaseTarget(path=Path(db_path)))
    return User.get(User.login == "admin")


def child_ledger(db_path: str, out_dir: str) -> dict:
    from huitoukan_tui.io.exporting import export_forms

    actor = _bind(db_path)
    start, cpu = time.perf_counter(), time.process_time()
    [result] = export_forms(actor, "ledger", week=WEEK_END, out_dir=out_dir)
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    if not result.ok:
        raise RuntimeError(result.error)
    return {"time": elapsed, "cpu": cpu, "rows": result.rows,
            "bytes": result.path.stat().st_size}


def child_floor(db_path: str, out_dir: str) -> dict:
    """The same values, one plain query, no styles, no layout: what any xlsx writer costs."""
    from huitoukan_tui.enums import CaseStatus, Channel, Satisfaction
    from huitoukan_tui.models import database

    _bind(db_path)
    channels = {c.value: c.label for c in Channel}
    statuses = {c.value: c.label for c in CaseStatus}
    answers = {c.value: c.label for c in Satisfaction}

    def day(text):
        return dt.date.fromisoformat(text) if text else None

    start, cpu = time.perf_counter(), time.process_time()
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("floor")
    rows = 0
    for r in database.execute_sql(FLOOR_SQL):
        rows += 1
        ws.append([rows, r[0], channels[r[1]], day(r[2]), r[3], r[4], r[5], r[6], r[7], r[8],
                   r[9], r[10], statuses[r[11]], day(r[12]), "是" if r[13] else "",
                   day(r[14]), r[15] or "",
                   "" if r[16] is None else "是" if r[16] else "否",
                   "" if r[17] is None else "有" if r[17] else "无",
                   answers.get(r[18], ""), r[19] or ""])
    path = Path(out_dir) / "floor.xlsx"
    wb.save(path)
    return {"time": time.perf_counter() - start, "cpu": time.process_time() - cpu,
            "rows": rows, "bytes": path.stat().st_size}


def child_cron(db_path: str, out_dir: str, units: int) -> dict:
    from huitoukan_tui.io.exporting import export_forms
    from huitoukan_tui.services.organisation import units as active_units

    actor = _bind(db_path)
    names = [u.name for u in active_units()]
    chosen = names[:units] if units < len(names) else []
    start, cpu = time.perf_counter(), time.process_time()
    results = export_forms(actor, "all", week=WEEK_END, units=chosen, per_unit=True,
                           out_dir=out_dir)
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    failed = [r.error for r in results if not r.ok]
    if failed:
        raise RuntimeError(failed[0])
    return {"time": elapsed, "cpu": cpu, "files": len(results),
            "rows": sum(r.rows for r in results)}


def _in_child(args: list[str]) -> tuple[dict, float]:
    """Run ``python -m bench.bench_export --child …``; (its result, its own peak RSS in MB)."""
    return run_child("bench.bench_export", args)


# ---------------------------------------------------------------- figures

def run(rows: int = 100_000, cron_cases: int = CRON_CASES) -> list[Figure]:
    from bench.generate import ensure_db

    ledger_db = ensure_db(_params(rows))
    k = f"{rows // 1000}k" if rows >= 1000 else str(rows)
    with tempfile.TemporaryDirectory() as tmp:
        floor, floor_rss = _in_child(["floor", str(ledger_db), tmp])
        ledger, ledger_rss = _in_child(["ledger", str(ledger_db), tmp])
        if ledger["rows"] != floor["rows"]:
            raise RuntimeError(f"ledger export wrote {ledger['rows']} rows, floor {floor}")
    ratio = ledger["time"] / floor["time"]
    # CPU seconds of the two children: the verdict, as other work on the machine inflates
    # wall-clock time of both (not necessarily alike)
    cpu_ratio = ledger["cpu"] / floor["cpu"]
    figures = [
        Figure(f"export ledger {k} rows (xlsx, streamed)", ledger["time"], "s",
               round(floor["time"], 2), "report (wall clock)"),
        Figure(f"export ledger {k} rows: CPU time", ledger["cpu"], "s", round(floor["cpu"], 2),
               f"≤ {TIME_RATIO}× plain write-only loop", cpu_ratio <= TIME_RATIO),
        Figure(f"export ledger {k} rows: CPU time / floor", cpu_ratio, "×", 1.0,
               f"≤ {TIME_RATIO}", cpu_ratio <= TIME_RATIO),
        Figure(f"export ledger {k} rows: wall time / floor", ratio, "×", 1.0, "report"),
        Figure(f"export ledger {k} rows: peak RSS", ledger_rss, "MB", round(floor_rss, 1),
               f"≤ {RSS_LIMIT:.0f} MB", ledger_rss <= RSS_LIMIT),
    ]
    figures += _cron_figures(cron_cases)
    return figures


def _cron_figures(cases: int) -> list[Figure]:
    from bench.generate import Params, ensure_db

    params = _cron_params() if cases == CRON_CASES else Params(
        cases=cases, units=CRON_UNITS, inspections=cases * 3 // 2, items=cases * 3 // 10)
    db = ensure_db(params)
    steps = []
    for units in CRON_STEPS:
        with tempfile.TemporaryDirectory() as tmp:
            result, rss = _in_child(["cron", str(db), tmp, str(units)])
        steps.append((units, result, rss))
    per_file = {u: r["cpu"] / r["files"] for u, r, _ in steps}
    small, big = steps[0], steps[-1]
    growth = (big[1]["cpu"] / small[1]["cpu"]) / (big[1]["files"] / small[1]["files"])
    kc = f"{cases // 1000}k" if cases >= 1000 else str(cases)
    figures = [
        Figure(f"cron export all --per-unit, {big[0]} units, {kc} cases", big[1]["time"], "s",
               None, "report"),
        Figure(f"cron export all --per-unit, {big[0]} units: CPU time", big[1]["cpu"], "s",
               None, "report"),
        Figure(f"cron export: files written ({big[0]} units)", big[1]["files"], "files"),
        Figure(f"cron export: peak RSS ({big[0]} units)", big[2], "MB"),
    ]
    figures += [Figure(f"cron export: CPU time per file, {u} units ({r['files']} files)",
                       per_file[u] * 1000, "ms") for u, r, _ in steps]
    figures.append(Figure(
        f"cron export: CPU time growth / file growth ({small[0]}→{big[0]} units)", growth, "×",
        1.0, "≈ 1, ≤ 1.1 (not faster than the number of files)", growth <= 1.1))
    return figures


def main(argv: list[str]) -> None:
    if argv and argv[0] == "--child":
        kind, args = argv[1], argv[2:]
        if kind == "floor":
            result = child_floor(*args)
        elif kind == "ledger":
            result = child_ledger(*args)
        else:
            result = child_cron(args[0], args[1], int(args[2]))
        child_result(result)
        return
    rows = int(argv[0]) if argv else 100_000
    cron_cases = int(argv[1]) if len(argv) > 1 else CRON_CASES
    for fig in run(rows, cron_cases):
        verdict = "" if fig.met is None else ("  ok" if fig.met else "  MISSED")
        print(f"{fig.name:62} {fig.value:10.2f} {fig.unit:5}  floor {fig.floor}  "
              f"{fig.target}{verdict}")


if __name__ == "__main__":
    from bench import pinned_campaign

    with pinned_campaign():
        main(sys.argv[1:])
