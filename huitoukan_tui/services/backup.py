"""Backups of the SQLite database while others keep working.

SQLite's online backup API copies the database as one consistent snapshot (in WAL mode,
writers go on meanwhile). The copy is turned into a self-contained single file (journal mode
DELETE), checked with ``PRAGMA integrity_check`` and only then given its final name; older
backups beyond ``keep`` are removed, and so is a ``.partial`` a killed backup left behind.
Files are 0640 (0660, and the folder 2770, inside a setgid group folder). PostgreSQL is
backed up with ``pg_dump`` instead.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from huitoukan_tui.config import DatabaseTarget
from huitoukan_tui.services import clock, sharedfiles
from huitoukan_tui.services.errors import ServiceError, ValidationError
from huitoukan_tui.services.locks import exclusive_lock

PREFIX = "huitoukan-"
SUFFIX = ".sqlite3"
_NAME = re.compile(r"^huitoukan-(\d{8}-\d{6})(?:-(\d+))?\.sqlite3$")

PG_MESSAGE = ("PostgreSQL 数据库请用 pg_dump 备份（例如 pg_dump -Fc -f huitoukan.dump 数据库名），"
              "见 README 的“备份与恢复”。")


@dataclass
class BackupResult:
    path: Path
    size: int
    integrity: str
    tables: dict[str, int]
    removed: list[Path] = field(default_factory=list)


def default_backup_dir(target: DatabaseTarget) -> Path:
    """``backups/`` beside the database file (inside the group's setgid db/ folder)."""
    assert target.path is not None
    return target.path.parent / "backups"


def backup_name(at: dt.datetime) -> str:
    return f"{PREFIX}{at:%Y%m%d-%H%M%S}{SUFFIX}"


def free_path(out_dir: Path, at: dt.datetime) -> Path:
    path = out_dir / backup_name(at)
    n = 2
    while path.exists():
        path = out_dir / f"{PREFIX}{at:%Y%m%d-%H%M%S}-{n}{SUFFIX}"
        n += 1
    return path


def table_counts(conn: sqlite3.Connection) -> dict[str, int]:
    names = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name")]
    return {n: conn.execute(f'SELECT COUNT(*) FROM "{n}"').fetchone()[0] for n in names}


def integrity(path: Path) -> str:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = conn.execute("PRAGMA integrity_check").fetchall()
    finally:
        conn.close()
    return "; ".join(str(r[0]) for r in rows)


def backup_sqlite(target: DatabaseTarget, out_dir: Path | None = None, keep: int | None = None,
                  at: dt.datetime | None = None) -> BackupResult:
    """Copy the database to ``out_dir/huitoukan-YYYYmmdd-HHMMSS.sqlite3``, verify the copy,
    then keep only the newest ``keep`` backups of that folder."""
    if target.path is None:
        raise ServiceError(PG_MESSAGE)
    if keep is not None and keep < 1:
        raise ValidationError.of("--keep", "至少保留 1 份")
    source = target.path
    if not source.exists():
        raise ServiceError(f"数据库不存在：{source}")
    out_dir = sharedfiles.ensure_folder(out_dir or default_backup_dir(target))
    # one backup at a time per folder: whatever .partial is there now was left by a killed one
    with exclusive_lock("backup", out_dir):
        for stale in out_dir.glob(f".{PREFIX}*{SUFFIX}.partial"):
            stale.unlink(missing_ok=True)
        final = free_path(out_dir, at or clock.now())
        partial = final.with_name("." + final.name + ".partial")
        try:
            os.close(sharedfiles.create_file(partial))  # 0640, 0660 in a setgid group folder
            _copy(source, partial)
            check = integrity(partial)
            if check != "ok":
                raise ServiceError(
                    f"备份校验失败（PRAGMA integrity_check：{check}），未保留此备份。")
            conn = sqlite3.connect(f"file:{partial}?mode=ro", uri=True)
            try:
                counts = table_counts(conn)
            finally:
                conn.close()
            os.replace(partial, final)
        finally:
            with contextlib.suppress(FileNotFoundError):
                partial.unlink()
        removed = prune(out_dir, keep) if keep else []
    return BackupResult(final, final.stat().st_size, check, counts, removed)


def _copy(source: Path, dest: Path) -> None:
    src = sqlite3.connect(source, timeout=30)
    dst = sqlite3.connect(dest)
    try:
        with dst:
            src.backup(dst)  # all pages in one step: one consistent snapshot
        dst.execute("PRAGMA journal_mode=DELETE")  # a single self-contained file
        dst.commit()
    finally:
        dst.close()
        src.close()


def list_backups(out_dir: Path) -> list[Path]:
    """Our backups in ``out_dir``, oldest first (the names sort by time)."""
    if not out_dir.is_dir():
        return []
    found = []
    for path in out_dir.iterdir():
        match = _NAME.match(path.name)
        if match and path.is_file():
            found.append(((match.group(1), int(match.group(2) or 1)), path))
    return [path for _, path in sorted(found)]


def prune(out_dir: Path, keep: int) -> list[Path]:
    """Remove all but the newest ``keep`` backups; other files in the folder are left alone."""
    backups = list_backups(out_dir)
    doomed = backups[:-keep] if keep < len(backups) else []
    for path in doomed:
        path.unlink()
    return doomed
