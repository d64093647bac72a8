"""Issue 12, items 4, 5 and 15: whose exports go where, files several accounts share, and the
temporaries a killed export or backup leaves behind.

- item 4: the official ``exports/`` folder is the station's; a viewer's (masked) or a unit's
  export goes into a folder of its own and never replaces an official file;
- item 5: in a setgid group folder every shared file (export lock, exports, backups, the
  error log) is group-writable; a lock file someone else created still works; an export
  folder that cannot be written is one Chinese line;
- item 15: stale export temporaries (openpyxl's included, which are kept in the export
  folder, never in /tmp) and backup ``.partial`` files are removed by the next run.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from huitoukan_tui.config import ERROR_LOG_FILENAME
from huitoukan_tui.io import exporting, forms
from huitoukan_tui.io.exporting import export_forms, sha256_of
from huitoukan_tui.models import User, database
from huitoukan_tui.services import backup, errorlog, faults
from huitoukan_tui.services.errors import PermissionDenied, ServiceError
from tests.osaccounts import as_nobody, other_account_program, require_other_accounts

PROGRAM = Path(sys.executable).parent / "huitoukan-tui"
THURSDAY = dt.date(2024, 4, 11)


def user(login: str) -> User:
    return User.get(User.login == login)


@pytest.fixture
def exports(tmp_path, monkeypatch):
    folder = tmp_path / "exports"
    monkeypatch.setenv("HUITOUKAN_EXPORTS", str(folder))
    return folder


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# ---------------------------------------------------------------- item 4

def test_a_viewers_export_never_replaces_the_official_file(demo_db, exports):
    [official] = export_forms(user("admin"), "ledger", week=THURSDAY)
    assert official.path.parent == exports.resolve()
    digest = sha256_of(official.path)
    [masked] = export_forms(user("quhuanweiban"), "ledger", week=THURSDAY)
    assert masked.path == exports.resolve() / "users" / "quhuanweiban" / official.path.name
    assert sha256_of(official.path) == digest  # the station's file is untouched
    assert sha256_of(masked.path) != digest  # (the viewer's is masked)
    with pytest.raises(PermissionDenied, match="只有街道生态环境站可以写入正式导出目录"):
        export_forms(user("quhuanweiban"), "ledger", week=THURSDAY, out_dir=exports)
    with pytest.raises(PermissionDenied, match="正式导出目录"):
        export_forms(user("qixing"), "progress", week=THURSDAY,
                     out_dir=exports / "users" / ".." / ".")
    assert sha256_of(official.path) == digest


def test_a_units_export_goes_to_its_own_folder(demo_db, exports, run_cli):
    result = run_cli(["export", "progress", "--week", "2024-04-11"], user="qixing")
    assert result.exit_code == 0, result.output
    own = exports.resolve() / "users" / "qixing"
    assert result.output.startswith(str(own / "2024-04-11_进展一览表_七星村.xlsx"))
    assert not list(exports.glob("*.xlsx"))


# ---------------------------------------------------------------- item 5

@pytest.mark.sqlite_only  # the backup is of the SQLite file; the rest is engine-neutral
def test_shared_files_in_a_setgid_folder_are_group_writable(demo_db, tmp_path, monkeypatch):
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o2770)
    monkeypatch.setattr(os, "umask", os.umask)  # (restored however the test ends)
    old = os.umask(0o022)  # the umask of whoever happens to run first
    try:
        [result] = export_forms(user("admin"), "progress", week=THURSDAY, out_dir=shared)
        copy = backup.backup_sqlite(demo_db, shared / "backups")
        errorlog.install(shared / ERROR_LOG_FILENAME, login="admin")
        faults.report(RuntimeError("x"))
    finally:
        os.umask(old)
    assert mode(shared / ".export.lock") == 0o664
    assert mode(result.path) == 0o664
    assert mode(shared / "backups") == 0o2770
    assert mode(copy.path) == 0o660
    assert mode(shared / ERROR_LOG_FILENAME) == 0o660
    plain = tmp_path / "plain"
    [outside] = export_forms(user("admin"), "progress", week=THURSDAY, out_dir=plain)
    assert mode(outside.path) & 0o020 == 0  # only in a shared folder


@pytest.mark.sqlite_only  # another OS account exporting into a folder made by the first
def test_another_account_exports_after_the_first(demo_db, tmp_path):
    require_other_accounts()
    database.close()
    folder = Path(tempfile.mkdtemp(prefix="huitoukan-shared-"))
    try:
        folder.chmod(0o777)
        db = folder / "huitoukan.sqlite3"
        shutil.copy(demo_db.path, db)
        db.chmod(0o666)
        out = folder / "exports"
        out.mkdir()
        out.chmod(0o777)
        first = subprocess.run([str(PROGRAM), "--db", str(db), "--user", "admin", "export",
                                "progress", "--week", "2024-03-21", "--out", str(out)],
                               capture_output=True, text=True, timeout=120)
        assert first.returncode == 0, first.stderr
        assert mode(out / ".export.lock") == 0o644  # root's umask: nobody else may write it
        subprocess.run([str(PROGRAM), "--db", str(db), "--user", "admin", "user", "add",
                        "nobody", "--name", "值班员", "--role", "station"], check=True,
                       capture_output=True, timeout=120)
        second = as_nobody([str(other_account_program()), "--db", str(db), "export",
                            "ledger", "--week", "2024-03-21", "--out", str(out)])
        assert second.returncode == 0, second.stderr
        assert "Traceback" not in second.stderr
        assert (out / "2024-03-21_信访台账_合计.xlsx").stat().st_uid == 65534
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_an_unwritable_export_folder_is_one_line(demo_db, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(ServiceError, match=f"无法写入导出目录 {blocker / 'x'}：不是文件夹"):
        export_forms(user("admin"), "progress", week=THURSDAY, out_dir=blocker / "x")


# ---------------------------------------------------------------- item 15

def test_stale_export_temporaries_are_removed(demo_db, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    left = [out / ".2024-04-11_进展一览表_合计.xlsx.k3j2h1.tmp", out / ".x.csv.abc.tmp",
            out / f"{forms.SCRATCH_PREFIX}q1w2e3.xml.tmp"]
    for path in left:  # what a killed export leaves
        path.write_bytes(b"personal data" * 100)
    mine = out / "notes.tmp"
    mine.write_text("someone else's")
    export_forms(user("admin"), "progress", week=THURSDAY, out_dir=out)
    assert not any(p.exists() for p in left)
    assert mine.exists()


def test_openpyxl_temporaries_stay_inside_the_export_folder(demo_db, tmp_path, monkeypatch):
    """While a ledger is written, openpyxl's scratch file (the whole sheet, personal data
    included) is in the export folder, private; the system's /tmp gets nothing."""
    system_tmp = tmp_path / "tmp"
    system_tmp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(system_tmp))
    out = tmp_path / "out"
    seen: list[tuple[str, int]] = []
    real_rows = exporting._Job._ledger_rows

    def watched(self, scope):
        for n, values in enumerate(real_rows(self, scope)):
            if n == 3:
                seen.extend((p.name, mode(p)) for p in out.glob(f"{forms.SCRATCH_PREFIX}*"))
                seen.extend((p.name, -1) for p in system_tmp.iterdir())
            yield values

    monkeypatch.setattr(exporting._Job, "_ledger_rows", watched)
    export_forms(user("admin"), "ledger", week=THURSDAY, out_dir=out)
    assert len(seen) == 1 and seen[0][1] == 0o600, seen
    assert not list(out.glob(f"{forms.SCRATCH_PREFIX}*")) and not list(system_tmp.iterdir())


@pytest.mark.sqlite_only  # backups are of the SQLite file
def test_a_killed_backups_partial_is_pruned(db, tmp_path):
    folder = tmp_path / "b"
    folder.mkdir()
    stale = folder / ".huitoukan-20240301-020000.sqlite3.partial"
    stale.write_bytes(b"\0" * 4096)
    result = backup.backup_sqlite(db, folder, keep=1)
    assert not stale.exists()
    assert sorted(p.name for p in folder.iterdir() if not p.name.startswith(".")) == [
        result.path.name]
