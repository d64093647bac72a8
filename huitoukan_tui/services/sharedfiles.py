"""Files several OS accounts share: locks, exports, backups, the error log.

In the one-OS-account-per-person deployment the database and export folders are setgid group
folders (2770, README). A setgid folder is therefore the sign that a file in it must be
writable by the group, whatever the umask of the person who happened to create it first; in
any other folder (the one-service-account deployment, a developer's clone) files are
written for their owner and readable by the group. One rule, used by everything that creates
a shared file or folder.
"""

from __future__ import annotations

import fcntl
import os
import stat
import time
from pathlib import Path


def group_shared(folder: Path | str) -> bool:
    """Whether ``folder`` is a setgid group folder (several accounts write in it)."""
    try:
        return bool(os.stat(folder).st_mode & stat.S_ISGID)
    except OSError:
        return False


def file_mode(folder: Path | str, base: int = 0o640) -> int:
    """The mode of a new shared file in ``folder``: ``base``, group-writable in a setgid
    folder."""
    return base | 0o060 if group_shared(folder) else base


def ensure_folder(path: Path | str) -> Path:
    """Create ``path`` (and its parents) if missing; inside a setgid group folder the new
    folder is 2770 like its parent, so every member can add files to it."""
    path = Path(path)
    if path.is_dir():
        return path
    missing = []
    probe = path
    while not probe.exists():
        missing.append(probe)
        probe = probe.parent
    path.mkdir(parents=True, exist_ok=True)
    for folder in reversed(missing):
        if group_shared(folder.parent):
            os.chmod(folder, 0o2770)
    return path


def create_file(path: Path | str, base: int = 0o640) -> int:
    """Open ``path`` for appending, creating it with the shared mode of its folder (the
    umask does not take the group's write bit away). Returns the file descriptor."""
    path = Path(path)
    mode = file_mode(path.parent, base)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_EXCL, mode)
    except FileExistsError:
        return os.open(path, os.O_WRONLY | os.O_APPEND)
    try:
        os.fchmod(fd, mode)
    except OSError:
        pass
    return fd


def open_lock_file(path: Path | str) -> tuple[int, bool]:
    """A descriptor to ``flock`` on, and whether it is writable. The lock file is created
    with the shared mode of its folder; one created by someone else and not writable for
    us is opened read-only, which is all ``flock`` needs."""
    path = Path(path)
    mode = file_mode(path.parent, 0o644)
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, mode)
        try:
            os.fchmod(fd, mode)
        except OSError:
            pass
        return fd, True
    except FileExistsError:
        pass
    try:
        return os.open(path, os.O_RDWR), True
    except PermissionError:
        return os.open(path, os.O_RDONLY), False


def wait_for_lock(fd: int, *, exclusive: bool, timeout: float, poll: float = 0.1) -> bool:
    """``flock`` ``fd`` (shared or exclusive), waiting up to ``timeout`` seconds while
    someone else holds it. Returns whether the lock was taken."""
    mode = (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB
    deadline = time.monotonic() + timeout
    while True:
        try:
            fcntl.flock(fd, mode)
            return True
        except BlockingIOError:
            if time.monotonic() >= deadline:
                return False
            time.sleep(poll)
