"""Importing a 100,000-row ledger: time and peak memory, against raw ``executemany``.

The ledger file is generated once (cached under bench/out/) the way offices keep it: a title
row, a header, dates as date cells, channels as offices write them, 5 % of the rows without a
case number. Each measurement runs in a fresh child process on a fresh SQLite database so the
peak resident memory (its own VmHWM, see ``bench.own_peak_kb``) belongs to that step alone:

- import of the .xlsx and of the same ledger as .csv (read, check every row, bulk write the
  cases, the search index and one audit entry per case, in one transaction);
- the same file again (idempotent: every row compared, nothing written);
- the floor: the same rows, already in memory, written with one raw sqlite3 ``executemany``
  into the case table (no reading, no checks, no search index, no audit).

Run alone: ``python -m bench.bench_import [ROWS]``.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
import tempfile
import time
from pathlib import Path

from bench import OUT_DIR, Figure, child_result, run_child

ROOT = Path(__file__).resolve().parent.parent
GEN_VERSION = 1
UNITS = [f"{name}{kind}" for name in ("七星", "桃坡", "杨山", "里山", "新河", "白洋", "梅街",
                                      "牛头", "棠溪", "涓桥") for kind in ("村", "社区")]
CHANNELS = ["来电", "电话", "12345", "12345政务服务热线", "舆情", "网络舆情", "来访",
            "人民网留言板", "信访", "区网信办转办", "便民服务热线", "便民热线"]
TARGETS = ["池州市恒达石材加工厂", "里山镇永兴砂石堆场", "桃坡村张某某生猪养殖场",
           "新河路“好再来”烧烤店", "里山社区农贸市场", "池州市鑫源混凝土有限公司"]
PROBLEMS = ["石材切割机夜间作业，噪声扰民，影响附近居民休息。",
            "砂石堆场未覆盖，大风天气扬尘严重，附近农户晾晒衣物落满灰尘。",
            "养殖废水未经处理直排水塘，水体发黑发臭。",
            "烧烤店油烟未经净化直排，油烟味呛人，楼上住户无法开窗。",
            "市场垃圾清运不及时，夏季异味大，污水横流。"]
HEADER = ["序号", "信访编号", "受理时间", "来源渠道", "所属村（社区）", "信访人", "联系电话",
          "被反映对象", "反映内容", "办理情况"]


def ledger_rows(count: int) -> list[list[object]]:
    rng = random.Random(2024)
    start = dt.date(2021, 1, 1)
    rows = []
    for i in range(1, count + 1):
        number = None if i % 20 == 0 else f"BK-{i:06d}"
        rows.append([i, number, start + dt.timedelta(days=rng.randrange(1200)),
                     rng.choice(CHANNELS), rng.choice(UNITS), f"张{i % 1000}",
                     f"138{rng.randrange(10**8):08d}", f"{rng.choice(TARGETS)}（{i}号）",
                     f"{rng.choice(PROBLEMS)}（第{i}件）", "已责令整改，群众基本满意。"])
    return rows


def ledger_files(count: int) -> tuple[Path, Path]:
    """The cached .xlsx and .csv ledgers of ``count`` rows."""
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    xlsx = OUT_DIR / f"import-{count}-g{GEN_VERSION}.xlsx"
    csv_path = xlsx.with_suffix(".csv")
    if xlsx.exists() and csv_path.exists():
        return xlsx, csv_path
    import csv

    import openpyxl

    rows = ledger_rows(count)
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("台账")
    ws.append(["里山街道生态环境领域信访事项台账"])
    ws.append(HEADER)
    for row in rows:
        ws.append(row)
    ws.append(["制表人：王章兴"])
    tmp = xlsx.with_suffix(".tmp")
    wb.save(tmp)
    tmp.replace(xlsx)
    with csv_path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        for row in rows:
            writer.writerow(["" if v is None else v.isoformat() if isinstance(v, dt.date)
                             else v for v in row])
    return xlsx, csv_path


# ---------------------------------------------------------------- child processes

def _fresh_db(path: Path):
    from huitoukan_tui import db as dbmod
    from huitoukan_tui.config import DatabaseTarget
    from huitoukan_tui.enums import Role, UnitKind
    from huitoukan_tui.models import Street, User
    from huitoukan_tui.services.campaign import add_seed_campaign
    from huitoukan_tui.services.organisation import add_unit

    dbmod.bind(DatabaseTarget(path=path), create=True)
    if User.select().count() == 0:
        add_seed_campaign(with_units=False)
        for name in UNITS:
            add_unit(name, UnitKind.VILLAGE if name.endswith("村") else UnitKind.COMMUNITY)
        User.create(login="bench", display_name="基准", role=Role.STATION.value,
        street=Street.select().first(), is_admin=True)
    return User.get(User.login == "bench")


def child_import(ledger: str, db_path: str, times: int) -> dict:
    from huitoukan_tui.io.ledger_import import import_ledger
    from huitoukan_tui.models import Case

    actor = _fresh_db(Path(db_path))
    out = {}
    for n in range(times):
        start, cpu = time.perf_counter(), time.process_time()
        report = import_ledger(actor, ledger)
        out[f"run{n}"] = time.perf_counter() - start
        out[f"cpu{n}"] = time.process_time() - cpu
        out[f"added{n}"], out[f"unchanged{n}"] = report.added, report.unchanged
    out["cases"] = Case.select().count()
    return out


def child_floor(count: int, db_path: str) -> dict:
    """The same rows, already clean, in one executemany: what any import must at least cost."""
    from huitoukan_tui.models import Case, Unit, database

    _fresh_db(Path(db_path))
    unit_ids = {u.name: u.id for u in Unit.select()}
    now = dt.datetime.now().replace(microsecond=0).isoformat(" ")
    rows = [(r[1] or f"IMP-{r[0]:012d}", "phone", r[2].isoformat(), unit_ids[r[4]], r[5], r[6],
             r[7], "", "", r[8], r[9], "", 1, now, now, "bench")
            for r in ledger_rows(count)]
    sql = ("INSERT INTO petition_case (case_no, channel, received_on, unit_id, petitioner, "
           "phone, target, location, category, content, original_handling, "
           "search_text, version, created_at, updated_at, updated_by) "
           "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
    start, cpu = time.perf_counter(), time.process_time()
    with database.atomic():
        database.cursor().executemany(sql, rows)
    elapsed = time.perf_counter() - start
    return {"run0": elapsed, "cpu0": time.process_time() - cpu,
            "cases": Case.select().count()}


def _in_child(args: list[str]) -> tuple[dict, float]:
    """Run ``python -m bench.bench_import --child …``; (its result, its own peak RSS in MB)."""
    return run_child("bench.bench_import", args)


def run(rows: int = 100_000) -> list[Figure]:
    xlsx, csv_path = ledger_files(rows)
    with tempfile.TemporaryDirectory() as tmp:
        floor, floor_rss = _in_child(["floor", str(rows), f"{tmp}/floor.sqlite3"])
        by_xlsx, xlsx_rss = _in_child(["import", str(xlsx), f"{tmp}/xlsx.sqlite3", "2"])
        by_csv, csv_rss = _in_child(["import", str(csv_path), f"{tmp}/csv.sqlite3", "1"])
    for result in (by_xlsx, by_csv):
        if result["cases"] != rows or result["added0"] != rows:
            raise RuntimeError(f"import lost rows: {result}")
    if by_xlsx["unchanged1"] != rows:
        raise RuntimeError(f"second import was not idempotent: {by_xlsx}")
    k = f"{rows // 1000}k"
    floor_s = round(floor["run0"], 2)
    return [
        Figure(f"import {k} rows from .xlsx", by_xlsx["run0"], "s", floor_s),
        Figure(f"import {k} rows from .csv", by_csv["run0"], "s", floor_s),
        Figure(f"re-import the same {k} .xlsx (all unchanged)", by_xlsx["run1"], "s", floor_s),
        # CPU seconds do not grow when other work shares the machine; wall seconds do
        Figure(f"CPU time, import {k} .xlsx", by_xlsx["cpu0"], "s", round(floor["cpu0"], 2),
               "under 30 s", by_xlsx["cpu0"] < 30),
        Figure(f"peak memory, import {k} .xlsx", xlsx_rss, "MB", round(floor_rss, 1)),
        Figure(f"peak memory, import {k} .csv", csv_rss, "MB", round(floor_rss, 1)),
    ]


def main(argv: list[str]) -> None:
    if argv and argv[0] == "--child":
        kind = argv[1]
        if kind == "floor":
            result = child_floor(int(argv[2]), argv[3])
        else:
            result = child_import(argv[2], argv[3], int(argv[4]))
        child_result(result)
        return
    rows = int(argv[0]) if argv else 100_000
    for fig in run(rows):
        print(f"{fig.name:45} {fig.value:10.2f} {fig.unit:3}  floor {fig.floor}")


if __name__ == "__main__":
    from bench import pinned_campaign

    with pinned_campaign():
        main(sys.argv[1:])
