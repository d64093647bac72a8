"""Importing a ledger at district scale: 100,000 rows against a floor measured in the same
run, and 1,000,000 rows in bounded memory, all or nothing.

The ledger files are generated once (cached under bench/out/) the way offices keep them: a
title row, a header, dates as date cells, channels as offices write them, 5 % of the rows
without a case number; the .xlsx is written as its XML directly (with inline strings, as
programs such as openpyxl write them), the .csv as UTF-8 with BOM. Each measurement runs in a
fresh child process on a fresh SQLite database, so its peak resident memory (the child's own
VmHWM, see ``bench.own_peak_kb``) belongs to that step alone:

- import of the .xlsx and of the same ledger as .csv (read, check every row, write the cases,
  the search index and one audit entry per case, in one transaction);
- the same .xlsx again into the same database, in a child of its own (idempotent: every row
  compared, nothing written);
- the floor: the same rows parsed from the .xlsx with python-calamine (the fastest reader),
  inserted with one raw sqlite3 ``executemany``, and their text put in the FTS5 index one
  character a token as the search stores it (no checks, no audit, no version lookups);
- 1,000,000 rows from .xlsx: peak memory; and the same with one bad row at its end: refused,
  nothing written (all or nothing at that size).

Verdicts on time use CPU seconds (other work on the machine inflates the wall clock of both
sides, not necessarily alike); wall seconds are reported too.

Run alone: ``python -m bench.bench_import [ROWS]``.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from bench import OUT_DIR, Figure, child_result, run_child

ROOT = Path(__file__).resolve().parent.parent
GEN_VERSION = 2
TIME_RATIO, PEAK_MB, BIG_ROWS, BIG_PEAK_MB = 3.0, 150.0, 1_000_000, 300.0
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


def ledger_rows(count: int) -> Iterator[list[object]]:
    rng = random.Random(2024)
    start = dt.date(2021, 1, 1)
    for i in range(1, count + 1):
        number = None if i % 20 == 0 else f"BK-{i:06d}"
        yield [i, number, start + dt.timedelta(days=rng.randrange(1200)),
               rng.choice(CHANNELS), rng.choice(UNITS), f"张{i % 1000}",
               f"138{rng.randrange(10**8):08d}", f"{rng.choice(TARGETS)}（{i}号）",
               f"{rng.choice(PROBLEMS)}（第{i}件）", "已责令整改，群众基本满意。"]


def ledger_files(count: int) -> tuple[Path, Path]:
    """The cached .xlsx and .csv ledgers of ``count`` rows."""
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    xlsx = OUT_DIR / f"import-{count}-g{GEN_VERSION}.xlsx"
    csv_path = xlsx.with_suffix(".csv")
    if not xlsx.exists():
        tmp = xlsx.with_suffix(".tmp")
        write_xlsx(tmp, [["里山街道生态环境领域信访事项台账"], HEADER, *ledger_rows(count),
                         ["制表人：王章兴"]])
        tmp.replace(xlsx)
    if not csv_path.exists():
        tmp = csv_path.with_suffix(".tmp")
        with tmp.open("w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(HEADER)
            for row in ledger_rows(count):
                writer.writerow(["" if v is None else v.isoformat()
                                 if isinstance(v, dt.date) else v for v in row])
        tmp.replace(csv_path)
    return xlsx, csv_path


#: a row whose date cannot be read
BAD_ROW = ["", "BK-LAST", "二〇二四年某日", "来电", UNITS[0], "张某", "13800000000", "最后一行",
           "日期写错的一行", ""]


def bad_copy(count: int) -> Path:
    """The .xlsx ledger of ``count`` rows with one more row at its end, whose date cannot be
    read (cached)."""
    bad = OUT_DIR / f"import-{count}-g{GEN_VERSION}-bad.xlsx"
    if not bad.exists():
        tmp = bad.with_suffix(".tmp")
        write_xlsx(tmp, [HEADER, *ledger_rows(count), BAD_ROW])
        tmp.replace(bad)
    return bad


_SHEET_HEAD = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet '
               'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
        'package/2006/content-types"><Default Extension="rels" ContentType="application/'
        'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
        '"application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName='
        '"/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        '</Types>'),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
        'schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        'Target="xl/workbook.xml"/></Relationships>'),
    "xl/workbook.xml": (
        '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.'
        'org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships"><sheets><sheet name="台账" sheetId="1" r:id="rId1"/>'
        '</sheets></workbook>'),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
        'schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target='
        '"worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.'
        'org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>'),
    "xl/styles.xml": (
        '<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.'
        'openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" '
        'formatCode="yyyy-mm-dd"/></numFmts><fonts count="1"><font><sz val="11"/></font>'
        '</fonts><fills count="1"><fill><patternFill/></fill></fills><borders count="1">'
        '<border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="2">'
        '<xf/><xf numFmtId="164" applyNumberFormat="1"/></cellXfs></styleSheet>'),
}


def write_xlsx(path: Path, rows) -> None:
    """A one-sheet workbook (台账) of ``rows``, written as a stream: texts as inline strings,
    dates as date-formatted serial numbers (what Excel and LibreOffice open)."""
    import zipfile
    from xml.sax.saxutils import escape

    epoch = dt.date(1899, 12, 30)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in _PARTS.items():
            archive.writestr(name, text)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as out:
            out.write(_SHEET_HEAD.encode())
            for r, row in enumerate(rows, start=1):
                cells = []
                for c, value in enumerate(row):
                    ref = f"{chr(65 + c)}{r}"
                    if value is None:
                        continue
                    if isinstance(value, dt.date):
                        cells.append(f'<c r="{ref}" s="1"><v>{(value - epoch).days}</v></c>')
                    elif isinstance(value, (int, float)):
                        cells.append(f'<c r="{ref}"><v>{value}</v></c>')
                    else:
                        cells.append(f'<c r="{ref}" t="inlineStr"><is><t>{escape(value)}</t>'
                                     '</is></c>')
                out.write(f'<row r="{r}">{"".join(cells)}</row>'.encode())
            out.write(b"</sheetData></worksheet>")


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


def child_import(ledger: str, db_path: str) -> dict:
    """One import of ``ledger`` into the database (created when new)."""
    from huitoukan_tui.io.ledger_import import import_ledger
    from huitoukan_tui.models import Case

    actor = _fresh_db(Path(db_path))
    start, cpu = time.perf_counter(), time.process_time()
    report = import_ledger(actor, ledger)
    return {"run0": time.perf_counter() - start, "cpu0": time.process_time() - cpu,
            "added0": report.added, "unchanged0": report.unchanged,
            "cases": Case.select().count()}


def child_floor(ledger: str, db_path: str) -> dict:
    """The same rows parsed (calamine), inserted with one executemany each into the cases
    and the campaign's ledger, their text put in the search index as the search stores it:
    what any import must at least cost."""
    import python_calamine

    from huitoukan_tui import week_tally
    from huitoukan_tui.models import Campaign, Case, Unit, database
    from huitoukan_tui.search_index import FTS_TABLE
    from huitoukan_tui.services import search

    _fresh_db(Path(db_path))
    # the bare inserts: without the weekly counters' triggers (the import pays for them)
    for name in week_tally.trigger_names():
        database.execute_sql(f"DROP TRIGGER IF EXISTS {name}")
    unit_ids = {u.name: u.id for u in Unit.select()}
    campaign = Campaign.select(Campaign.id).scalar()
    now = dt.datetime.now().replace(microsecond=0).isoformat(" ")
    start, cpu = time.perf_counter(), time.process_time()
    sheet = python_calamine.CalamineWorkbook.from_path(ledger).get_sheet_by_name("台账")
    rows, texts = [], []
    for n, r in enumerate(sheet.iter_rows()):
        if n < 2 or not isinstance(r[2], dt.date):
            continue  # title, header, the note below
        number = r[1] or f"IMP-{n:012d}"
        text = search.searchable_text(number, r[7], "", r[8])
        rows.append((number, "phone", r[2].isoformat(), unit_ids[r[4]], r[5], r[6], r[7], "",
                     "", r[8], r[9], text, 1, now, now, "bench"))
        texts.append(text)
    sql = ("INSERT INTO petition_case (case_no, channel, received_on, unit_id, petitioner, "
           "phone, target, location, category, content, original_handling, "
           "search_text, version, created_at, updated_at, updated_by) "
           "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
    with database.atomic():
        first = (Case.select(Case.id).order_by(Case.id.desc()).scalar() or 0) + 1
        database.cursor().executemany(sql, rows)
        database.cursor().executemany(
            "INSERT INTO ledger_entry (campaign_id, case_id, unit_id, status, referred) "
            "VALUES (?, ?, ?, 'pending', 0)",
            ((campaign, first + i, row[3]) for i, row in enumerate(rows)))
        database.cursor().executemany(
            f"INSERT INTO {FTS_TABLE}(rowid, body) VALUES (?, ?)",
            ((first + i, search._fts_body(t)) for i, t in enumerate(texts)))
    return {"run0": time.perf_counter() - start, "cpu0": time.process_time() - cpu,
            "cases": Case.select().count()}


def child_refused(ledger: str, db_path: str) -> dict:
    from huitoukan_tui.io.ledger_import import import_ledger
    from huitoukan_tui.models import Case
    from huitoukan_tui.services.errors import ServiceError

    actor = _fresh_db(Path(db_path))
    start, cpu = time.perf_counter(), time.process_time()
    try:
        import_ledger(actor, ledger)
        refused = ""
    except ServiceError as exc:
        refused = exc.lines[0] if exc.lines else str(exc)
    return {"run0": time.perf_counter() - start, "cpu0": time.process_time() - cpu,
            "refused": refused, "cases": Case.select().count()}

def _in_child(args: list[str]) -> tuple[dict, float]:
    """Run ``python -m bench.bench_import --child …``; (its result, its own peak RSS in MB)."""
    return run_child("bench.bench_import", args)


def run(rows: int = 100_000, big_rows: int = BIG_ROWS) -> list[Figure]:
    xlsx, csv_path = ledger_files(rows)
    with tempfile.TemporaryDirectory() as tmp:
        floor, floor_mb = _in_child(["floor", str(xlsx), f"{tmp}/floor.sqlite3"])
        by_xlsx, xlsx_mb = _in_child(["import", str(xlsx), f"{tmp}/xlsx.sqlite3"])
        # the same file into the same database, in a child of its own (its own peak)
        again, again_mb = _in_child(["import", str(xlsx), f"{tmp}/xlsx.sqlite3"])
        by_csv, csv_mb = _in_child(["import", str(csv_path), f"{tmp}/csv.sqlite3"])
    for result in (by_xlsx, by_csv):
        if result["cases"] != rows or result["added0"] != rows:
            raise RuntimeError(f"import lost rows: {result}")
    if again["unchanged0"] != rows or floor["cases"] != rows:
        raise RuntimeError(f"second import was not idempotent, or the floor lost rows: "
                           f"{again} {floor}")
    k = _size(rows)
    ratio = by_xlsx["cpu0"] / floor["cpu0"]
    figures = [
        Figure(f"import {k} rows from .xlsx: CPU time", by_xlsx["cpu0"], "s",
               round(floor["cpu0"], 2), f"≤ {TIME_RATIO:.0f}× floor", ratio <= TIME_RATIO,
               f"{ratio:.2f}× the floor (parse + executemany + FTS5 of the same rows)"),
        Figure(f"import {k} rows from .xlsx: wall time", by_xlsx["run0"], "s",
               round(floor["run0"], 2), "reported", None,
               f"{by_xlsx['run0'] / floor['run0']:.2f}× the floor's wall time"),
        Figure(f"import {k} rows from .csv: CPU time", by_csv["cpu0"], "s",
               round(floor["cpu0"], 2), f"≤ {TIME_RATIO:.0f}× floor",
               by_csv["cpu0"] <= TIME_RATIO * floor["cpu0"], f"wall {by_csv['run0']:.1f} s"),
        Figure(f"re-import the same {k} .xlsx (all unchanged): CPU time", again["cpu0"], "s",
               round(floor["cpu0"], 2), "reported", None,
               f"wall {again['run0']:.1f} s, peak memory {again_mb:.0f} MB"),
        Figure(f"peak memory, import {k} .xlsx", xlsx_mb, "MB", f"floor {floor_mb:.0f} MB",
               f"≤ {PEAK_MB:.0f} MB", xlsx_mb <= PEAK_MB),
        Figure(f"peak memory, import {k} .csv", csv_mb, "MB", f"floor {floor_mb:.0f} MB",
               f"≤ {PEAK_MB:.0f} MB", csv_mb <= PEAK_MB),
    ]
    if big_rows:
        figures += _big(big_rows)
    return figures


def _size(rows: int) -> str:
    return f"{rows // 1_000_000}M" if rows >= 1_000_000 else (
        f"{rows // 1000}k" if rows >= 1000 else str(rows))


def _big(rows: int) -> list[Figure]:
    """A district's million rows: bounded memory, and all or nothing. (.xlsx: the same
    ledger as .csv is 250 MB, over the import's 200 MB file limit.)"""
    xlsx, _ = ledger_files(rows)
    bad = bad_copy(rows)
    with tempfile.TemporaryDirectory() as tmp:
        by_xlsx, xlsx_mb = _in_child(["import", str(xlsx), f"{tmp}/xlsx.sqlite3"])
        refused, refused_mb = _in_child(["refused", str(bad), f"{tmp}/bad.sqlite3"])
    k = _size(rows)
    nothing = refused["cases"] == 0 and bool(refused["refused"])
    return [
        Figure(f"import {k} rows from .xlsx: peak memory", xlsx_mb, "MB", None,
               f"≤ {BIG_PEAK_MB:.0f} MB", xlsx_mb <= BIG_PEAK_MB and by_xlsx["cases"] == rows,
               f"CPU {by_xlsx['cpu0']:.0f} s, wall {by_xlsx['run0']:.0f} s; "
               f"{by_xlsx['cases']:,} cases written"),
        Figure(f"{k} rows + one bad last row (.xlsx): cases written", refused["cases"],
               "cases", 0, "0 (refused whole)", nothing,
               f"peak {refused_mb:.0f} MB, CPU {refused['cpu0']:.0f} s; "
               f"{refused['refused'][:80]}"),
    ]


def main(argv: list[str]) -> None:
    if argv and argv[0] == "--child":
        kind = argv[1]
        if kind == "floor":
            result = child_floor(argv[2], argv[3])
        elif kind == "refused":
            result = child_refused(argv[2], argv[3])
        else:
            result = child_import(argv[2], argv[3])
        child_result(result)
        return
    rows = int(argv[0]) if argv else 100_000
    for fig in run(rows, int(argv[1]) if len(argv) > 1 else BIG_ROWS):
        print(fig)


if __name__ == "__main__":
    from bench import pinned_campaign

    with pinned_campaign():
        main(sys.argv[1:])
