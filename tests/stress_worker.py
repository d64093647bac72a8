"""Concurrent writers for the concurrency test, the backup test and bench_concurrency.

Run as a script, one process per simulated person::

    python tests/stress_worker.py increment --db PATH|--url URL --user LOGIN --case NO \
        --edits N --go FILE
    python tests/stress_worker.py create-cases --db PATH|--url URL --user LOGIN --stop FILE

``increment`` does N read-modify-write edits through the service layer, the way a person
does: read the case, add one to the number in its 地点 (location) field, save with the
version that was read. A ConflictError (someone saved in between) is what the user would see
as "changed by someone else": it re-reads and re-applies, and is counted. Anything else is an
error. It prints one JSON line: {"edits", "conflicts", "errors", "seconds"}.

``create-cases`` creates cases one transaction at a time until FILE exists, then prints
{"created": N}.

In-process helpers (``prepare``, ``run_stress``) set a database up and run the workers.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

WORKER = Path(__file__).resolve()


def _bind(args) -> None:
    from huitoukan_tui import db as dbmod
    from huitoukan_tui.config import DatabaseTarget

    target = DatabaseTarget(url=args.url) if args.url else DatabaseTarget(path=Path(args.db))
    dbmod.bind(target)


def _wait_for(path: str | None, timeout: float = 120.0) -> None:
    if not path:
        return
    deadline = time.monotonic() + timeout
    while not os.path.exists(path):
        if time.monotonic() > deadline:
            raise SystemExit(f"start signal {path} never came")
        time.sleep(0.005)


def increment(args) -> dict:
    from huitoukan_tui.services import cases
    from huitoukan_tui.services.errors import ConflictError
    from huitoukan_tui.services.users import resolve_actor

    _bind(args)
    actor = resolve_actor(args.user)
    cases.get_case(actor, args.case)  # connected and warm
    if args.go:
        Path(f"{args.go}.ready.{args.user}").touch()
    _wait_for(args.go)
    started = time.monotonic()
    done = conflicts = 0
    errors: list[str] = []
    while done < args.edits:
        try:
            case = cases.get_case(actor, args.case)
            number = int(case.location or "0")
            cases.update_case(actor, args.case, {"location": str(number + 1)},
                              expected_version=case.version)
            done += 1
        except ConflictError:
            conflicts += 1
        except Exception as exc:  # noqa: BLE001 - counted and reported, never hidden
            errors.append(f"{type(exc).__name__}: {exc}")
            if len(errors) > 50:
                break
    return {"edits": done, "conflicts": conflicts, "errors": errors,
            "seconds": time.monotonic() - started}


def create_cases(args) -> dict:
    import datetime as dt

    from huitoukan_tui.services import cases
    from huitoukan_tui.services.users import resolve_actor

    _bind(args)
    actor = resolve_actor(args.user)
    created = 0
    while not os.path.exists(args.stop):
        created += 1
        cases.create_case(actor, {
            "case_no": f"W-{os.getpid()}-{created:05d}", "channel": "来电",
            "received_on": dt.date(2024, 3, 1), "unit": args.unit,
            "target": f"并发写入测试对象{created}", "content": "备份期间写入的信访件",
            "phone": "13800000000", "petitioner": "测试"})
    return {"created": created}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["increment", "create-cases"])
    parser.add_argument("--db")
    parser.add_argument("--url")
    parser.add_argument("--user", required=True)
    parser.add_argument("--case")
    parser.add_argument("--unit", default="七星村")
    parser.add_argument("--edits", type=int, default=200)
    parser.add_argument("--go")
    parser.add_argument("--stop")
    args = parser.parse_args(argv)
    result = increment(args) if args.mode == "increment" else create_cases(args)
    print(json.dumps(result, ensure_ascii=False), flush=True)


# ---------------------------------------------------------------- in-process helpers

def target_args(target) -> list[str]:
    return ["--url", target.url] if target.path is None else ["--db", str(target.path)]


def prepare(target, workers: int, unit: str = "七星村", cases_count: int = 1
            ) -> tuple[list[str], list[str]]:
    """Create (or reuse) the schema and add ``workers`` unit users and ``cases_count`` cases
    of ``unit``, whose 地点 holds the counter ``0``. Returns (logins, case numbers)."""
    import datetime as dt

    from huitoukan_tui import db as dbmod
    from huitoukan_tui.enums import Role, UnitKind
    from huitoukan_tui.models import Campaign, Street, Unit, User
    from huitoukan_tui.services import cases
    from huitoukan_tui.services.campaign import add_seed_campaign
    from huitoukan_tui.services.organisation import add_unit

    dbmod.bind(target, create=True)
    if not Campaign.select().exists():
        add_seed_campaign(with_units=False)
    unit_row = Unit.get_or_none(Unit.name == unit) or add_unit(unit, UnitKind.VILLAGE)
    admin = User.get_or_none(User.role == Role.STATION.value) or User.create(
        login="admin", display_name="站管理员", role=Role.STATION.value,
        street=Street.select().first(), is_admin=True)
    logins = []
    for n in range(1, workers + 1):
        login = f"stress{n}"
        if not User.select().where(User.login == login).exists():
            User.create(login=login, display_name=f"并发用户{n}", unit=unit_row,
                        role=Role.UNIT.value)
        logins.append(login)
    case_nos = [f"STRESS-{uuid.uuid4().hex[:10]}" for _ in range(cases_count)]
    for case_no in case_nos:
        cases.create_case(admin, {
            "case_no": case_no, "channel": "来电", "received_on": dt.date(2024, 3, 1),
            "unit": unit_row, "target": "并发测试对象", "content": "并发修改计数",
            "location": "0"})
    return logins, case_nos


@dataclass
class StressResult:
    workers: int
    edits_each: int
    edits: int  # successful saves reported by the workers
    conflicts: int  # re-reads after "changed by someone else"
    errors: list[str] = field(default_factory=list)
    counter: int = 0  # the numbers in the field at the end, added up
    version_moves: int = 0  # how far the versions moved, added up
    audit_updates: int = 0
    seconds: float = 0.0

    @property
    def lost_updates(self) -> int:
        return self.edits - self.counter

    @property
    def edits_per_second(self) -> float:
        return self.edits / self.seconds if self.seconds else 0.0


def run_stress(target, workers: int = 8, edits: int = 200, timeout: float = 600.0,
               distinct: bool = False) -> StressResult:
    """``workers`` processes × ``edits`` increments of one case (``distinct``: each worker
    its own case); then count what landed."""
    from huitoukan_tui.models import AuditEntry, Case, database

    logins, case_nos = prepare(target, workers, cases_count=workers if distinct else 1)
    with tempfile.TemporaryDirectory() as tmp:
        go = os.path.join(tmp, "go")
        procs = [subprocess.Popen(
            [sys.executable, str(WORKER), "increment", *target_args(target), "--user", login,
             "--case", case_nos[n % len(case_nos)], "--edits", str(edits), "--go", go],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for n, login in enumerate(logins)]
        ready = [Path(f"{go}.ready.{login}") for login in logins]
        deadline = time.monotonic() + timeout
        while not all(r.exists() for r in ready) and time.monotonic() < deadline:
            if any(p.poll() is not None for p in procs):
                break  # one died before starting: its error is reported below
            time.sleep(0.01)
        started = time.monotonic()
        Path(go).touch()
        outputs = [p.communicate(timeout=timeout) for p in procs]
        seconds = time.monotonic() - started
    result = StressResult(workers, edits, 0, 0, seconds=seconds)
    for proc, (out, err) in zip(procs, outputs, strict=True):
        if proc.returncode != 0 or not out.strip():
            result.errors.append(f"worker exit {proc.returncode}: {err.strip()[-500:]}")
            continue
        data = json.loads(out.strip().splitlines()[-1])
        result.edits += data["edits"]
        result.conflicts += data["conflicts"]
        result.errors += data["errors"]
    database.connect(reuse_if_open=True)
    for case in Case.select().where(Case.case_no.in_(case_nos)):
        result.counter += int(case.location)
        result.version_moves += case.version - 1
        result.audit_updates += AuditEntry.select().where(
            (AuditEntry.entity == "case") & (AuditEntry.entity_id == case.id)
            & (AuditEntry.action == "update")).count()
    return result


if __name__ == "__main__":
    main()
