"""Running the program as another OS account, for the tests of who acts and of shared files.

Needs root (``setpriv`` to become ``nobody``; ``useradd`` for a throwaway account). When the
test Python lives in a folder other accounts cannot enter (pyenv under /root, as on the CI
machine), :func:`other_account_program` builds a runtime they can use once per process: a venv
of the system Python of the same version that reads this venv's packages and this source
(copied when those folders are private too). Tests skip with the reason only when there is
no such Python.
"""

from __future__ import annotations

import atexit
import functools
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

import huitoukan_tui

NOBODY = 65534
OWN_PROGRAM = Path(sys.executable).parent / "huitoukan-tui"
SOURCE_ROOT = Path(huitoukan_tui.__file__).resolve().parents[1]


def _nobody_runs(*args: str) -> bool:
    # runuser, not setpriv: on some machines setpriv's exec of a venv interpreter behind a
    # private folder still starts a Python, which a login account's would not
    probe = subprocess.run(["runuser", "-u", "nobody", "--", *args], capture_output=True,
                           timeout=120, cwd="/")
    return probe.returncode == 0


def _public_copy(folder: Path, into: Path) -> Path:
    """``folder`` itself when nobody can read it, else a world-readable copy under ``into``."""
    if _nobody_runs("test", "-r", str(folder), "-a", "-x", str(folder)):
        return folder
    copy = into / folder.name
    shutil.copytree(folder, copy, symlinks=True,
                    ignore=shutil.ignore_patterns("__pycache__", "__editable__*", ".git", ".venv",
                                                  "db", "exports"))
    for path in [copy, *copy.rglob("*")]:
        if not path.is_symlink():
            path.chmod(0o755 if path.is_dir() else 0o644)
    return copy


def _build_public_runtime() -> Path:
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    system = next((p for p in (f"/usr/bin/{version}", f"/usr/local/bin/{version}")
                   if Path(p).exists() and _nobody_runs(p, "-c", "pass")), None)
    if system is None:
        raise LookupError(f"another OS account cannot run this Python ({sys.executable}: "
                          f"it lives in a private folder) and there is no system {version}")
    root = Path(tempfile.mkdtemp(prefix="huitoukan-runtime-"))
    root.chmod(0o755)
    atexit.register(shutil.rmtree, root, True)
    venv = root / "venv"
    subprocess.run([system, "-m", "venv", "--without-pip", str(venv)], check=True,
                   capture_output=True, timeout=120)
    packages = _public_copy(Path(sysconfig.get_paths()["purelib"]), root)
    source = _public_copy(SOURCE_ROOT / "huitoukan_tui", root).parent
    own_site = venv / "lib" / version / "site-packages"
    # the source first (the editable install's own .pth may name a private folder)
    (own_site / "huitoukan-runtime.pth").write_text(
        f"{source}\nimport site; site.addsitedir({str(packages)!r})\n")
    program = venv / "bin" / "huitoukan-tui"
    program.write_text(f"#!{venv / 'bin' / 'python'}\n"
                       "import sys\nfrom huitoukan_tui.cli import main\n"
                       "sys.exit(main())\n")
    program.chmod(0o755)
    return program


@functools.cache
def _program_or_reason() -> tuple[Path | None, str | None]:
    if os.geteuid() != 0:
        return None, "running the program as another OS account needs root"
    if shutil.which("setpriv") is None or shutil.which("runuser") is None:
        return None, "setpriv and runuser (util-linux) are not installed"
    if _nobody_runs(str(OWN_PROGRAM), "--help"):
        return OWN_PROGRAM, None
    try:
        program = _build_public_runtime()
    except (LookupError, OSError, subprocess.SubprocessError) as exc:
        return None, str(exc)
    if not _nobody_runs(str(program), "--help"):
        return None, f"the runtime built for other accounts does not start ({program})"
    return program, None


def other_account_program() -> Path:
    """The ``huitoukan-tui`` another OS account can run (skips the test when there is none)."""
    program, reason = _program_or_reason()
    if program is None:
        pytest.skip(reason)
    return program


def require_other_accounts() -> None:
    other_account_program()


def as_nobody(args: list[str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}",
                           "--clear-groups", *args], capture_output=True, text=True,
                          timeout=120, cwd="/", **kwargs)


@contextmanager
def throwaway_account(name: str, group: str) -> Iterator[str]:
    """A login account ``name`` (shell /bin/sh, no home, no password) in a new ``group``;
    removed afterwards."""
    if shutil.which("useradd") is None:
        pytest.skip("useradd is not installed")
    subprocess.run(["groupadd", group], check=True, capture_output=True)
    try:
        subprocess.run(["useradd", "-M", "-N", "-g", group, "-s", "/bin/sh", "-d", "/",
                        name], check=True, capture_output=True)
        try:
            # '*': no password, yet not "locked" ('!'), which sshd without PAM refuses
            subprocess.run(["usermod", "-p", "*", name], check=True, capture_output=True)
            program = other_account_program()
            probe = subprocess.run(["runuser", "-u", name, "--", str(program), "--help"],
                                   capture_output=True, timeout=120, cwd="/")
            assert probe.returncode == 0, probe.stderr
            yield name
        finally:
            subprocess.run(["userdel", "-f", name], capture_output=True)  # even if in use
    finally:
        subprocess.run(["groupdel", group], capture_output=True)
