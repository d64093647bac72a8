"""8 processes × 200 read-modify-write edits through the service layer, of one record (the hot
row) and of a record each (distinct rows).

Each process behaves like a person saving a form: read the case, add one to the number kept
in its 地点 field, save with the version read; when told "changed by someone else"
(ConflictError) it re-reads and re-applies. At the end the number must equal the saves that
succeeded (no lost update), the version must have moved once per save, the audit log must
hold one row per save, and no save may fail with anything but a conflict.

``run(target)`` accepts any DatabaseTarget (a PostgreSQL URL too); by default a new SQLite
file in a temporary folder.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from bench import Figure
from huitoukan_tui.config import DatabaseTarget

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.stress_worker import run_stress  # noqa: E402

WORKERS = 8
EDITS = 200


def run(target: DatabaseTarget | None = None, workers: int = WORKERS, edits: int = EDITS,
        rows: tuple[str, ...] = ("hot", "distinct")) -> list[Figure]:
    """The figures for one hot row (every process edits the same case) and for distinct
    rows (each process its own case), as ``rows`` asks."""
    figures: list[Figure] = []
    for kind in rows:
        figures += _figures(target, workers, edits, distinct=kind == "distinct")
    return figures


def _figures(target: DatabaseTarget | None, workers: int, edits: int, distinct: bool
             ) -> list[Figure]:
    from huitoukan_tui.models import database

    with tempfile.TemporaryDirectory() as tmp:
        target = target or DatabaseTarget(path=Path(tmp) / "concurrency.sqlite3")
        engine = "SQLite" if target.path is not None else "PostgreSQL"
        single = run_stress(target, workers=1, edits=max(edits // 4, 20))
        result = run_stress(target, workers=workers, edits=edits, distinct=distinct)
        if not database.is_closed():
            database.close()
    rows = f"{workers} distinct cases" if distinct else "one case"
    label = f"{workers} processes × {edits} edits of {rows}, {engine}"
    ok = not result.errors and result.lost_updates == 0
    return [
        Figure(f"{label}: saves", result.edits_per_second, "edits/s",
               round(single.edits_per_second, 1),
               "floor: one process alone on the same database", None),
        Figure(f"{label}: lost updates", result.lost_updates, "updates", 0, "0", ok),
        Figure(f"{label}: errors other than conflicts", len(result.errors), "errors", 0, "0",
               not result.errors, "; ".join(result.errors)[:300]),
        Figure(f"{label}: version moves = saves", result.version_moves,
               "versions", result.edits, "= saves", result.version_moves == result.edits),
        Figure(f"{label}: audit rows = saves", result.audit_updates, "rows", result.edits,
               "= saves", result.audit_updates == result.edits),
        Figure(f"{label}: conflicts re-applied", result.conflicts, "conflicts", None,
               "reported only", None),
    ]


if __name__ == "__main__":
    from bench import pinned_campaign

    with pinned_campaign():
        for figure in run():
            print(figure)
