"""The service calls behind the screens, at district scale against the 34-case sample.

Each call runs in a fresh connection, as the TUI's workers do (``connection_context()`` per
job), and is timed by the wall clock; a figure is the median of several calls after one
warm-up call. The CPU time of the same calls is given as a note: other work on this 2-core
machine inflates the wall clock far more than the CPU time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from bench import CAMPAIGN_2024, Figure, Timing, bound, measure, spread

#: (query, what it is) — two-character words are the common Chinese query
QUERIES = [("", "empty query"), ("噪", "1-char query"), ("噪声", "2-char query"),
           ("噪声扰", "3-char query"), ("zs", "2-letter pinyin-initials query (噪声…)")]
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


def first_station():
    """The first street's station: it may write and ``db copy``. (The generated data's
    ``admin`` reads the district and may not write; the sample ledger's ``admin`` is its
    station.)"""
    from huitoukan_tui.enums import Role
    from huitoukan_tui.models import User

    return (User.select().where(User.role == Role.STATION.value, User.street.is_null(False))
            .order_by(User.id).get())


def search_times(path: Path, repeat: int) -> dict[str, tuple[Timing, Timing, int]]:
    """query → (ids + first page, count only, matches) at ``path``."""
    from huitoukan_tui.services import cases

    out = {}
    with bound(path):
        actor = _admin()
        for query, _ in QUERIES:
            flt = cases.CaseFilter(search=query, campaign=CAMPAIGN_2024)

            def keystroke(flt=flt):
                ids = cases.case_ids(actor, flt)
                cases.rows_by_ids(actor, ids[:PAGE])
                return len(ids)

            ids_t = measure(_fresh(keystroke), repeat)
            count_t = measure(_fresh(lambda flt=flt: cases.count_cases(actor, flt)), repeat)
            out[query] = (ids_t, count_t, cases.count_cases(actor, flt))
    return out


def like_scan_time(path: Path, term: str, repeat: int) -> Timing:
    """The reference: a plain LIKE over the case texts (what the index replaces)."""
    from huitoukan_tui.models import Case

    with bound(path):
        return measure(_fresh(
            lambda: Case.select().where(Case.search_text.contains(term)).count()), repeat)


def weekly_time(path: Path, repeat: int, login: str = "admin") -> Timing:
    """Attachment 2 of the week as ``login`` sees it: the district's table (one row per
    street) for ``admin``, a street's table for ``station``."""
    from huitoukan_tui.models import User
    from huitoukan_tui.services import progress
    from huitoukan_tui.services.campaign import Week

    week = Week(WEEK_END - dt.timedelta(days=6), WEEK_END)
    with bound(path):
        actor = User.get(User.login == login)
        return measure(_fresh(lambda: progress.weekly_progress(actor, week,
                                                               campaign=CAMPAIGN_2024)),
                       repeat)


def straightforward_weekly_time(path: Path, repeat: int) -> Timing:
    """The reference: per-unit sums of CASE expressions over the case and item tables, the
    obvious SQL for attachment 2 (it reads every case row)."""
    from huitoukan_tui.models import database

    start, end = (WEEK_END - dt.timedelta(days=6)).isoformat(), WEEK_END.isoformat()
    sql = [
        "SELECT unit_id, COUNT(id), SUM(CASE WHEN first_verified_on BETWEEN ? AND ? THEN 1"
        " ELSE 0 END), SUM(CASE WHEN first_verified_on <= ? THEN 1 ELSE 0 END)"
        " FROM ledger_entry WHERE campaign_id = 1 GROUP BY unit_id",
        "SELECT c.unit_id, SUM(CASE WHEN r.opened_on BETWEEN ? AND ? THEN 1 ELSE 0 END),"
        " SUM(CASE WHEN r.opened_on <= ? THEN 1 ELSE 0 END) FROM rectification r"
        " JOIN petition_case c ON c.id = r.case_id WHERE r.kind = 'new' AND r.campaign_id = 1"
        " GROUP BY c.unit_id",
    ]

    def both():
        for text in sql:
            database.execute_sql(text, (start, end, end)).fetchall()

    with bound(path):
        return measure(_fresh(both), repeat)


def page_time(path: Path, repeat: int) -> Timing:
    """One screen of ledger rows from the middle of the list."""
    from huitoukan_tui.services import cases

    with bound(path):
        actor = _admin()
        ids = cases.case_ids(actor, cases.CaseFilter(campaign=CAMPAIGN_2024))
        middle = max(0, len(ids) // 2 - PAGE // 2)
        page = ids[middle:middle + PAGE]
        return measure(_fresh(lambda: cases.rows_by_ids(actor, page, CAMPAIGN_2024)), repeat)


#: the ledger's sorts by a name (pinyin sort keys, schema version 7), beside 编号 (its default)
SORTS = [("case_no", "编号"), ("target", "被反映对象 (pinyin)"), ("unit", "核查单位 (pinyin)")]
#: a sort by a name may cost this much more than the sort by 编号 (the same query, the
#: ordering column aside)
SORT_MARGIN_MS = 30.0


def sort_times(path: Path, repeat: int) -> dict[str, Timing]:
    """The ledger's ordered ids for each sort of SORTS, uncached (the ids a sort click asks
    for the first time: the ledger keeps them per process until the database changes)."""
    from huitoukan_tui.services import cases, listcache

    out = {}
    with bound(path):
        actor = _admin()
        for key, _ in SORTS:
            flt = cases.CaseFilter(sort=key, campaign=CAMPAIGN_2024)

            def ordered(flt=flt):
                listcache.clear()
                return len(cases.case_ids(actor, flt))

            out[key] = measure(_fresh(ordered), repeat)
    return out


def save_time(where, repeat: int) -> Timing:
    """One save of the case form by the first station: read one of its cases, change its
    地点, save it with the version read (version check, audit entry and search index in one
    transaction). It writes: call it on a copy."""
    from huitoukan_tui.models import Case
    from huitoukan_tui.services import cases

    with bound(where):
        actor = first_station()
        ids = cases.case_ids(actor)
        case_no = Case.get_by_id(ids[len(ids) // 2]).case_no
        saves = iter(range(10**9))

        def save():
            case = cases.get_case(actor, case_no)
            cases.update_case(actor, case_no, {"location": f"基准测试地点{next(saves)}"},
                              expected_version=case.version)

        return measure(_fresh(save), repeat)


def ms(seconds: float) -> float:
    return seconds * 1000


def cpu_note(timing: Timing, floor: Timing | None = None) -> str:
    text = f"{spread(timing.walls)} of {len(timing.walls)}; cpu {ms(timing.cpu):.1f} ms"
    return text + (f" (floor cpu {ms(floor.cpu):.1f} ms)" if floor else "")


def run(big: Path | None = None, small: Path | None = None, repeat: int = 7,
        log: Callable[[str], None] | None = None) -> list[Figure]:
    from bench.generate import counts, ensure_db, ensure_demo_db

    big = big or ensure_db(log=log)
    small = small or ensure_demo_db()
    n_big, n_small = counts(big)["cases"], counts(small)["cases"]
    at_big = f"{n_big:,} cases"
    figures: list[Figure] = []
    big_t, small_t = search_times(big, repeat), search_times(small, repeat)
    budget = SEARCH_BUDGET_MS
    for query, what in QUERIES:
        shown = f"“{query}”" if query else "(none)"
        ids_b, count_b, matches = big_t[query]
        ids_s, count_s, _ = small_t[query]
        for label, b, sm in (("ids + first page", ids_b, ids_s), ("count only", count_b,
                                                                  count_s)):
            found = f" ({matches:,} found)" if label != "count only" else ""
            figures.append(Figure(
                f"search {what} {shown} → {label}, {at_big}{found}", ms(b.wall), "ms",
                f"{n_small} cases {ms(sm.wall):.1f} ms", f"≤ floor + {budget:.0f} ms",
                ms(b.wall) <= ms(sm.wall) + budget, cpu_note(b, sm)))
    like = like_scan_time(big, "噪声", max(3, repeat // 2))
    figures.append(Figure(f"reference: LIKE '%噪声%' scan, {at_big}", ms(like.wall), "ms",
                          "issue: ~150–280 ms", "reported", None, cpu_note(like)))
    weekly = weekly_time(big, repeat)
    plain = straightforward_weekly_time(big, max(3, repeat // 2))
    district = counts(big)
    figures.append(Figure(
        f"district weekly table ({district['streets']} streets × "
        f"{district['units'] // max(1, district['streets'])} units, {district['campaigns']} "
        f"campaigns), {at_big}", ms(weekly.wall), "ms",
        f"plain GROUP BYs {ms(plain.wall):.0f} ms", f"≤ {WEEKLY_TARGET_MS:.0f} ms",
        ms(weekly.wall) <= WEEKLY_TARGET_MS, cpu_note(weekly, plain)))
    street = weekly_time(big, repeat, "station")
    figures.append(Figure(f"one street's weekly table (its station), {at_big}",
                          ms(street.wall), "ms", None, f"≤ {WEEKLY_TARGET_MS:.0f} ms",
                          ms(street.wall) <= WEEKLY_TARGET_MS, cpu_note(street)))
    sorted_b = sort_times(big, repeat)
    by_number = sorted_b["case_no"]
    for key, what in SORTS:
        t = sorted_b[key]
        if key == "case_no":
            figures.append(Figure(
                f"reference: ledger sorted by {what} (ordered ids, uncached), {at_big}",
                ms(t.wall), "ms", None, "reported", None, cpu_note(t)))
            continue
        figures.append(Figure(
            f"ledger sorted by {what} (ordered ids, uncached), {at_big}", ms(t.wall), "ms",
            f"by 编号 {ms(by_number.wall):.0f} ms", f"≤ by 编号 + {SORT_MARGIN_MS:.0f} ms",
            ms(t.wall) <= ms(by_number.wall) + SORT_MARGIN_MS, cpu_note(t)))
    page_b, page_s = page_time(big, repeat), page_time(small, repeat)
    figures.append(Figure(f"ledger page of {PAGE} rows, {at_big}", ms(page_b.wall), "ms",
                          f"{n_small} cases {ms(page_s.wall):.1f} ms", f"≤ {PAGE_TARGET_MS:.0f} ms",
                          ms(page_b.wall) <= PAGE_TARGET_MS, cpu_note(page_b, page_s)))
    return figures


if __name__ == "__main__":
    for fig in run(log=print):
        print(fig)
