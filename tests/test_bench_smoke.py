"""The benchmark suite at toy size: the generator writes what the services would, and every
bench module runs end to end and returns sane figures. No timing is asserted here."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import pytest

from bench import Figure, bound
from bench import generate as gen
from huitoukan_tui.models import (
    Campaign,
    Case,
    Inspection,
    LedgerEntry,
    Measure,
    Rectification,
    User,
)
from huitoukan_tui.services import cases as case_service
from huitoukan_tui.services import casestate, search
from tests.ledger import entry

SMALL = gen.Params.scaled(2000)


@pytest.fixture(scope="module")
def data(tmp_path_factory) -> tuple[Path, Path]:
    """(2,000 generated cases, the 34-case sample ledger), both built for this module."""
    out = tmp_path_factory.mktemp("bench")
    return gen.ensure_db(SMALL, out_dir=out), gen.ensure_demo_db(out_dir=out)


def sane(figures: list) -> list[Figure]:
    assert figures, "a bench module returned no figures"
    out = []
    for item in figures:
        fig = item if isinstance(item, Figure) else Figure(*item)
        assert fig.name and isinstance(fig.name, str)
        assert isinstance(fig.value, (int, float)) and math.isfinite(fig.value), fig
        assert fig.value >= 0, fig
        assert isinstance(fig.unit, str) and fig.unit, fig
        assert fig.met in (True, False, None), fig
        out.append(fig)
    return out


def test_generated_data_has_the_asked_sizes_and_service_rules(data):
    path, _ = data
    with bound(path):
        first, later = Campaign.select().order_by(Campaign.start_on)
        assert Case.select().count() == SMALL.cases
        assert Inspection.select().where(Inspection.campaign == first).count() \
            == SMALL.inspections
        assert Rectification.select().where(Rectification.campaign == first).count() \
            == SMALL.items
        # the later campaign: four cases in five, first inspections of 30% of them
        ledger = LedgerEntry.select().where(LedgerEntry.campaign == later)
        assert ledger.count() == SMALL.cases - SMALL.cases // 5
        assert Inspection.select().where(Inspection.campaign == later).count() \
            == int(ledger.count() * gen.LATER_INSPECTED)
        assert LedgerEntry.select().where(LedgerEntry.campaign == first).count() == SMALL.cases
        assert Measure.select().count() > 0
        # every item was opened by an inspection answer, on that inspection's day
        for item in Rectification.select(Rectification, Inspection).join(Inspection):
            inspection = item.inspection
            assert item.opened_on == inspection.inspected_on
            assert item.case_id == inspection.case_id
            assert {"not_rectified": not inspection.handled, "rebound": inspection.rebound,
                    "new": bool(item.new_problem)}[item.kind]
        # derived fields are what casestate.refresh computes
        gen.verify_sample(SMALL.cases)
        # texts of 20–300 characters, searchable through the index like a plain scan
        lengths = [len(c) for (c,) in Case.select(Case.content).tuples()]
        assert min(lengths) >= 20 and max(lengths) <= 300
        admin = User.get(User.login == "admin")
        for word in ("噪", "扬尘", "油烟味"):
            expected = Case.select().where(Case.search_text.contains(word)).count()
            assert expected > 0
            assert case_service.count_cases(admin, case_service.CaseFilter(
                search=word, campaign=first.id)) == expected
        case = Case.get_by_id(1)
        assert case.search_text == search.searchable_text(case.case_no, case.target,
                                                          case.location, case.content)
        assert casestate.derive_status(entry(case, first).first_verified_on is not None, [
            r.status for r in case.rectifications if r.campaign_id == first.id]).value \
            == entry(case, first).status


def test_generated_data_is_cached_by_parameters(data, tmp_path):
    path, _ = data
    assert gen.ensure_db(SMALL, out_dir=path.parent) == path
    assert SMALL.key() != gen.Params.scaled(2001).key()
    assert gen.Params().key().startswith("gen-c100000-u200-i150000-r30000-")


def test_bench_services_figures(data):
    from bench import bench_services

    big, small = data
    figures = sane(bench_services.run(big=big, small=small, repeat=1))
    names = [f.name for f in figures]
    assert any("district weekly table" in n for n in names)
    # the found counts in the names are what the services count
    with bound(big):
        admin = User.get(User.login == "admin")
        found = case_service.count_cases(admin, case_service.CaseFilter(search="噪声",
                                                                        campaign=1))
    assert any(f"({found:,} found)" in n and "2-char" in n for n in names)
    assert all(f.met is not None for f in figures if "reference" not in f.name)


def test_bench_tui_through_a_pty(data):
    from bench import bench_tui

    big, small = data
    figures = sane(bench_tui.run(big=big, small=small, starts=1, downs=2, pages=1,
                                 searches=1))
    by_unit = {f.unit for f in figures}
    assert {"ms", "KB", "MB"} <= by_unit
    rss = next(f for f in figures if "resident memory" in f.name)
    assert 10 < rss.value < 2000
    moved = next(f for f in figures if "per cursor move" in f.name)
    assert moved.value > 0


def test_bench_wire_walks_every_screen(data):
    from bench import bench_wire

    big, _ = data
    figures = sane(bench_wire.run(big=big, sizes=[(160, 48)]))
    names = [f.name for f in figures]
    assert len(figures) == 1 + 13 and all(f.unit == "KB" and f.value > 0 for f in figures)
    assert "bytes, ledger → inspection form, 160x48" in names
    # the same walk as Textual writes it is the reference of each figure
    assert all(f.floor.startswith("Textual as is ") for f in figures)
    assert all(f.met is not None for f in figures)


def test_bench_sessions_at_toy_size(data, monkeypatch):
    from bench import bench_sessions

    # the smoke test checks the harness, not the figure: on a machine shared with other
    # suites a key may take longer than the bench's 10 s to settle
    monkeypatch.setattr(bench_sessions, "SETTLE_TIMEOUT", 60.0)
    big, _ = data
    figures = sane(bench_sessions.run(big=big, sessions=2, active=1, idle_seconds=1,
                                      active_seconds=3, import_rows=300, after_import=2))
    by_name = {f.name.split(": ", 1)[-1]: f for f in figures}
    # every key settled, search keys included (each one changes the count: SCRIPT clears
    # the search box before a new word)
    assert by_name["session errors"].value == 0, by_name["session errors"].note
    keys = next(f for f in figures if "key → settled frame" in f.name)
    assert int(keys.note.split(" keys")[0]) >= 5  # the typist's keys were answered
    assert "search keys p95 nan" not in keys.note and "moves p95 nan" not in keys.note
    rss = by_name["largest resident memory (Rss) of one session"].value
    pss = by_name["memory of one session, Pss (median)"].value
    assert 10 < pss <= rss < 2000
    waited = next(f for f in figures if "waited for a CPU" in f.name)
    assert "on a CPU: median" in waited.note
    busy = next(f for f in figures if "while 1 type and one imports" in f.name)
    assert "the import" in busy.note and "% busy" in busy.note


def test_the_pty_harness_reads_a_programs_memory_and_scheduling(tmp_path):
    """Rss counts shared pages in full, Pss a share of them, Uss only the private ones; the
    threads' CPU time and run-queue wait come from schedstat."""
    import sys

    from bench.ptyterm import PtyProgram

    code = "import time; x = bytearray(20 << 20); x[::4096] = b'1' * len(x[::4096]); " \
           "print('ready', flush=True); time.sleep(30)"
    with PtyProgram([sys.executable, "-c", code], cols=80, rows=24) as program:
        program.wait_screen("ready", timeout=30)
        memory = program.memory_kb()
        cpu, queued = program.sched_ns()
    assert memory["Uss"] <= memory["Pss"] <= memory["Rss"]
    assert memory["Uss"] > 20 * 1024  # the 20 MB it wrote are its own
    assert cpu > 0 and queued >= 0


def test_floor_app_rows_look_like_the_ledger():
    from bench import floor_app

    rows = floor_app.rows(200)
    assert len(rows) == 200 and rows[0][0] == floor_app.first_case_no()
    assert all(len(r) == len(floor_app.COLUMNS) for r in rows)
    dt.date.fromisoformat(rows[0][2])


def test_the_pty_harness_reads_a_wide_character_half_overwritten():
    """tmux redraws a line by writing over the left half of a wide character; pyte then keeps
    an empty right half, which its own screen text fails on (IndexError): the harness shows
    a blank there, as a terminal does."""
    import pyte

    from bench.ptyterm import PtyProgram

    program = PtyProgram.__new__(PtyProgram)
    program._screen = pyte.Screen(10, 2)
    stream = pyte.Stream(program._screen)
    stream.feed("噪声扰民ab\r\n第二行")
    stream.feed("\x1b[1;1Hx")
    assert program._text() == "x 声扰民ab\n第二行"


def test_a_childs_peak_memory_is_its_own_not_the_parents(tmp_path):
    """wait4/RUSAGE_CHILDREN count the parent's peak in every child (carried until exec)."""
    from bench import bench_import, own_peak_kb

    ballast = bytearray(300 * 1024 * 1024)
    for offset in range(0, len(ballast), 4096):
        ballast[offset] = 1
    assert own_peak_kb() > 300 * 1024
    ledger, _ = bench_import.ledger_files(300)
    result, peak_mb = bench_import._in_child(["floor", str(ledger), str(tmp_path / "f.sqlite3")])
    del ballast
    assert result["cases"] == 300
    assert 10 < peak_mb < 200


def test_bench_import_tiny():
    bench_import = pytest.importorskip("bench.bench_import")
    figures = sane(bench_import.run(rows=300, big_rows=600))
    refused = next(f for f in figures if "bad last row" in f.name)
    assert refused.value == 0 and refused.met, refused


def test_bench_export_tiny(monkeypatch):
    bench_export = pytest.importorskip("bench.bench_export")
    # the cron part writes one file per unit: a few units are enough here
    monkeypatch.setattr(bench_export, "CRON_UNITS", 8)
    monkeypatch.setattr(bench_export, "CRON_STEPS", (2, 4, 8))
    sane(bench_export.run(rows=300, cron_cases=300))


@pytest.mark.postgres
def test_bench_postgres_tiny(data):
    from bench import bench_postgres
    from tests import pg

    try:
        pg.cluster()
    except pg.Unavailable as exc:
        pg.unavailable(str(exc))
    figures = sane(bench_postgres.run(big=data[1], repeat=1, workers=2, edits=5))
    names = [f.name for f in figures]
    assert any(n.startswith("a save of the case form") for n in names)
    assert any("distinct cases, PostgreSQL: lost updates" in n for n in names)
    lost = [f for f in figures if "lost updates" in f.name or "errors other" in f.name]
    assert lost and all(f.value == 0 for f in lost)


def test_bench_concurrency_tiny():
    bench_concurrency = pytest.importorskip("bench.bench_concurrency")
    sane(bench_concurrency.run(workers=2, edits=10))


def test_bench_main_prints_every_figure_and_writes_the_table(tmp_path, monkeypatch, capsys):
    import bench.__main__ as main

    def fake_run():
        return [Figure("a met figure", 12.5, "ms", 10.0, "≤ 20 ms", True),
                Figure("a missed figure", 99.0, "ms", "floor 1 ms", "≤ 20 ms", False),
                ("a plain tuple", 3, "files", None)]

    monkeypatch.setattr(main, "MODULES", [("fake", "bench.fake_module")])
    monkeypatch.setitem(__import__("sys").modules, "bench.fake_module",
                        type("M", (), {"run": staticmethod(fake_run)}))
    monkeypatch.setattr(gen, "ensure_db", lambda *a, **k: None)
    monkeypatch.setattr(gen, "ensure_demo_db", lambda *a, **k: None)
    out = tmp_path / "latest.md"
    assert main.main(["--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "a met figure | 12.5 ms | floor/ref: 10.0 | target: ≤ 20 ms | MET" in printed
    assert "a missed figure | 99.0 ms | floor/ref: floor 1 ms | target: ≤ 20 ms | MISSED" \
        in printed
    assert "a plain tuple | 3 files | floor/ref: — | target: — | reported" in printed
    assert "1 of 2 targets met" in printed
    table = out.read_text(encoding="utf-8")
    assert "| a missed figure | 99.0 ms | floor 1 ms | ≤ 20 ms | MISSED |  |" in table
    assert "SQLite" in table and "Python" in table
