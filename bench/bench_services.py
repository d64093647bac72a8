"""The service calls behind the screens, at district scale against the 34-case sample.

Each call runs in a fresh connection, as the TUI's workers do (``connection_context()`` per
job), and is timed by the wall clock; a figure is the median of several calls after one
warm-up call.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from bench import Figure, bound, median, time_calls

#: (query, what it is) — two-character words are the common Chinese query
QUERIES = [("", "empty query"), ("噪", "1-char query"), ("噪声", "2-char query"),
           ("噪声扰", "3-char query")]
#: a week of the 2024 campaign (report day Thursday)
WEEK_END = dt.date(2024, 4, 4)
#: rows of one ledger screen at 160x48
PAGE = 44
SEARCH_BUDGET_MS = 50.0
WEEKLY_TARGET_MS = 50.0
PAGE_TARGET_MS = 20.0


def _fresh(fn: Callable[[], object]) -> Callable[[], object]:
    """``fn`` in a new connection, like a TUI worker."""
    from huitoukan_tui.models import database

    def call():
        if not database.is_closed():
            database.close()
        with database.connection_context():
            return fn()

    return call


def _admin():
    from huitoukan_tui.models import User

    return User.get(User.login == "admin")


def search_times(path: Path, repeat: int) -> dict[str, tuple[float, float, int]]:
    """query → (ids + first page in s, count only in s, matches) at ``path``."""
    from huitoukan_tui.services import cases

    out = {}
    with bound(path):
        actor = _admin()
        for query, _ in QUERIES:
            flt = cases.CaseFilter(search=query)

            def keystroke(flt=flt):
                ids = cases.case_ids(actor, flt)
                cases.rows_by_ids(actor, ids[:PAGE])
                return len(ids)

            ids_t = median(time_calls(_fresh(keystroke), repeat))
            count_t = median(time_calls(_fresh(lambda flt=flt: cases.count_cases(actor, flt)),
                                        repeat))
            out[query] = (ids_t, count_t, cases.count_cases(actor, flt))
    return out


def like_scan_time(path: Path, term: str, repeat: int) -> float:
    """The reference: a plain LIKE over the case texts (what the index replaces)."""
    from huitoukan_tui.models import Case

    with bound(path):
        return median(time_calls(_fresh(
            lambda: Case.select().where(Case.search_text.contains(term)).count()), repeat))


def weekly_time(path: Path, repeat: int) -> float:
    from huitoukan_tui.services import progress
    from huitoukan_tui.services.campaign import Week

    week = Week(WEEK_END - dt.timedelta(days=6), WEEK_END)
    with bound(path):
        actor = _admin()
        return median(time_calls(_fresh(lambda: progress.weekly_progress(actor, week)),
                                 repeat))


def straightforward_weekly_time(path: Path, repeat: int) -> float:
    """The reference: per-unit sums of CASE expressions over the case and item tables, the
    obvious SQL for attachment 2 (it reads every case row)."""
    from huitoukan_tui.models import database

    start, end = (WEEK_END - dt.timedelta(days=6)).isoformat(), WEEK_END.isoformat()
    sql = [
        "SELECT unit_id, COUNT(id), SUM(CASE WHEN first_verified_on BETWEEN ? AND ? THEN 1"
        " ELSE 0 END), SUM(CASE WHEN first_verified_on <= ? THEN 1 ELSE 0 END)"
        " FROM petition_case GROUP BY unit_id",
        "SELECT c.unit_id, SUM(CASE WHEN r.opened_on BETWEEN ? AND ? THEN 1 ELSE 0 END),"
        " SUM(CASE WHEN r.opened_on <= ? THEN 1 ELSE 0 END) FROM rectification r"
        " JOIN petition_case c ON c.id = r.case_id WHERE r.kind = 'new' GROUP BY c.unit_id",
    ]

    def both():
        for text in sql:
            database.execute_sql(text, (start, end, end)).fetchall()

    with bound(path):
        return median(time_calls(_fresh(both), repeat))


def page_time(path: Path, repeat: int) -> float:
    """One screen of ledger rows from the middle of the list."""
    from huitoukan_tui.services import cases

    with bound(path):
        actor = _admin()
        ids = cases.case_ids(actor)
        middle = max(0, len(ids) // 2 - PAGE // 2)
        page = ids[middle:middle + PAGE]
        return median(time_calls(_fresh(lambda: cases.rows_by_ids(actor, page)), repeat))


def run(big: Path | None = None, small: Path | None = None, repeat: int = 7,
        log: Callable[[str], None] | None = None) -> list[Figure]:
    from bench.generate import counts, ensure_db, ensure_demo_db

    big = big or ensure_db(log=log)
    small = small or ensure_demo_db()
    n_big, n_small = counts(big)["cases"], counts(small)["cases"]
    at_big, at_small = f"{n_big:,} cases", f"{n_small} cases"
    figures: list[Figure] = []
    big_t, small_t = search_times(big, repeat), search_times(small, repeat)
    for query, what in QUERIES:
        shown = f"“{query}”" if query else "(none)"
        ids_b, count_b, matches = big_t[query]
        ids_s, count_s, _ = small_t[query]
        figures.append(Figure(
            f"search {what} {shown} → ids + first page, {at_big} ({matches:,} found)",
            ids_b * 1000, "ms", round(ids_s * 1000, 1), f"≤ floor + {SEARCH_BUDGET_MS:.0f} ms",
            ids_b * 1000 <= ids_s * 1000 + SEARCH_BUDGET_MS))
        figures.append(Figure(
            f"search {what} {shown} → count only, {at_big}", count_b * 1000, "ms",
            round(count_s * 1000, 1), f"≤ floor + {SEARCH_BUDGET_MS:.0f} ms",
            count_b * 1000 <= count_s * 1000 + SEARCH_BUDGET_MS))
    like = like_scan_time(big, "噪声", max(3, repeat // 2))
    figures.append(Figure(f"reference: LIKE '%噪声%' scan, {at_big}", like * 1000, "ms",
                          "issue: ~150–280 ms", "reported"))
    weekly = weekly_time(big, repeat)
    plain = straightforward_weekly_time(big, max(3, repeat // 2))
    figures.append(Figure(f"weekly progress table, {at_big}", weekly * 1000, "ms",
                          f"plain GROUP BYs {plain * 1000:.0f} ms",
                          f"≤ {WEEKLY_TARGET_MS:.0f} ms", weekly * 1000 <= WEEKLY_TARGET_MS))
    page_b, page_s = page_time(big, repeat), page_time(small, repeat)
    figures.append(Figure(f"ledger page of {PAGE} rows, {at_big}", page_b * 1000, "ms",
                          round(page_s * 1000, 1), f"≤ {PAGE_TARGET_MS:.0f} ms",
                          page_b * 1000 <= PAGE_TARGET_MS))
    return figures


if __name__ == "__main__":
    for fig in run(log=print):
        print(fig)
