"""Running the program as another OS account, for the tests of who acts and of shared files.

Needs root (``setpriv`` to become ``nobody``; ``useradd`` for a throwaway account) and a Python
the other account may run; tests skip with the reason otherwise.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

NOBODY = 65534


def _reason() -> str | None:
    if os.geteuid() != 0:
        return "running the program as another OS account needs root"
    if shutil.which("setpriv") is None:
        return "setpriv (util-linux) is not installed"
    probe = subprocess.run(["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}",
                            "--clear-groups", sys.executable, "-c", "import huitoukan_tui"],
                           capture_output=True, timeout=60, cwd="/")
    if probe.returncode != 0:
        return "another OS account cannot run this Python (its folder is private)"
    return None


def require_other_accounts() -> None:
    reason = _reason()
    if reason:
        pytest.skip(reason)


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
            probe = subprocess.run(["runuser", "-u", name, "--", sys.executable, "-c",
                                    "import huitoukan_tui"], capture_output=True, timeout=60,
                                   cwd="/")
            if probe.returncode != 0:
                pytest.skip(f"a login account cannot run this Python ({sys.executable}: "
                            "it lives in a private folder)")
            yield name
        finally:
            subprocess.run(["userdel", "-f", name], capture_output=True)  # even if in use
    finally:
        subprocess.run(["groupdel", group], capture_output=True)
