"""The district on PostgreSQL: the service figures at 100,000 cases on PostgreSQL against the
same calls on SQLite in the same run, and 8 processes × 200 edits on PostgreSQL.

The generated 100,000-case database is copied into a new PostgreSQL database with
``db copy`` (services.dbcopy, the command a district uses to move), then each service call
of bench_services (search of 1, 2 and 3 characters: ids + first page and count only; the
weekly table; a ledger page; a save of the case form) is timed on both engines, each call in
a fresh connection, median of several calls after one warm-up. The saves run on copies.

The server is the one of the tests (tests/pg.py: a throwaway local server, or
``HUITOUKAN_TEST_PG_URL``), started here with fsync and full-page writes on and
``synchronous_commit=off``: the durability of SQLite's WAL with ``synchronous=NORMAL`` (a
crash may lose the last transactions, never corrupt), and 128 MB of shared buffers.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench import ROOT, Figure, Timing, bound
from bench import bench_services as svc

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

RATIO = 2.0
SERVER = {"fsync": "on", "full_page_writes": "on", "synchronous_commit": "off",
          "shared_buffers": "128MB"}


def _start_pg():
    from tests import pg

    pg.SERVER_SETTINGS.update(SERVER)
    return pg


def copy_to_postgres(source: Path, url: str) -> float:
    """``db copy`` of ``source`` into the (empty) database at ``url``; seconds."""
    from huitoukan_tui.config import DatabaseTarget
    from huitoukan_tui.services.dbcopy import copy_database

    with bound(source):
        station = svc.first_station()  # ``db copy`` is the station's
        started = time.perf_counter()
        copy_database(station, DatabaseTarget(url=url))
        return time.perf_counter() - started


def _pair(name: str, lite: Timing, post: Timing) -> Figure:
    return Figure(f"{name}, PostgreSQL", svc.ms(post.wall), "ms",
                  f"SQLite {svc.ms(lite.wall):.1f} ms", f"≤ {RATIO:.0f}× SQLite",
                  post.wall <= RATIO * lite.wall,
                  f"{post.wall / lite.wall:.2f}×; " + svc.cpu_note(post, lite).replace(
                      "floor cpu", "SQLite cpu"))


def run(big: Path | None = None, repeat: int = 7, workers: int = 8, edits: int = 200,
        log: Callable[[str], None] | None = None) -> list[Figure]:
    from bench import bench_concurrency
    from bench.generate import counts, ensure_db
    from huitoukan_tui.config import DatabaseTarget
    from huitoukan_tui.models import database

    pg = _start_pg()
    big = big or ensure_db(log=log)
    at = f"{counts(big)['cases']:,} cases"
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory(prefix="bench-pg-") as tmp:
        lite = Path(tmp) / big.name
        shutil.copyfile(big, lite)
        url = pg.fresh_database_url(empty=True)
        try:
            seconds = copy_to_postgres(lite, url)
            post = DatabaseTarget(url=url)
            figures.append(Figure(f"db copy of the {at} database to PostgreSQL", seconds, "s",
                                  None, "reported"))
            lite_search, post_search = svc.search_times(lite, repeat), svc.search_times(
                post, repeat)
            for query, what in svc.QUERIES[1:]:
                (l_ids, l_count, found), (p_ids, p_count, p_found) = (lite_search[query],
                                                                     post_search[query])
                if found != p_found:
                    raise RuntimeError(f"“{query}”: SQLite finds {found}, PostgreSQL {p_found}")
                figures.append(_pair(f"search {what} “{query}” → ids + first page, {at} "
                                     f"({found:,} found)", l_ids, p_ids))
                figures.append(_pair(f"search {what} “{query}” → count only, {at}", l_count,
                                     p_count))
            figures.append(_pair(f"weekly progress table, {at}", svc.weekly_time(lite, repeat),
                                 svc.weekly_time(post, repeat)))
            figures.append(_pair(f"ledger page of {svc.PAGE} rows, {at}",
                                 svc.page_time(lite, repeat), svc.page_time(post, repeat)))
            figures.append(_pair(f"a save of the case form, {at}", svc.save_time(lite, repeat),
                                 svc.save_time(post, repeat)))
        finally:
            if not database.is_closed():
                database.close()
            pg.drop_database_url(url)
    url = pg.fresh_database_url()
    try:
        figures += bench_concurrency.run(DatabaseTarget(url=url), workers, edits)
    finally:
        pg.drop_database_url(url)
    return figures


if __name__ == "__main__":
    for figure in run(log=print):
        print(figure)
