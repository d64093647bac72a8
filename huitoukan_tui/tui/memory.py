"""Freed memory given back to the system, so that a session's resident memory follows what it
holds rather than its largest moment.

Thirty sessions share one server. A ledger query at 100,000 cases briefly needs several MB
(the ids as text, then as numbers; a search's matches as a set; SQLite's page cache of the
job's connection), and glibc keeps what was freed: in one heap per thread that allocated
(the database jobs run in a pool of worker threads), fragmented, never returned. A session
that had typed a few searches sat ~15 MB above one that had not. Two measures, both of the
C library (glibc; elsewhere nothing is done):

- at most ``ARENAS`` malloc heaps (``mallopt(M_ARENA_MAX)``), set before any thread starts;
- ``malloc_trim(0)`` once the database work has been quiet for ``TRIM_DELAY`` s (a thread
  that sleeps until poked: nothing runs while the session is idle), which returns every
  free page of every heap.
"""

from __future__ import annotations

import threading
import time

#: glibc's mallopt parameter number of M_ARENA_MAX
M_ARENA_MAX = -8
ARENAS = 2
TRIM_DELAY = 1.0

_lib: object = None  # None: not looked up yet; False: no glibc here


def _libc():
    global _lib
    if _lib is None:
        try:
            import ctypes

            lib = ctypes.CDLL(None)  # the C library the process already uses
            lib.malloc_trim, lib.mallopt  # noqa: B018 - AttributeError: not glibc
            _lib = lib
        except (OSError, AttributeError):
            _lib = False
    return _lib or None


def limit_arenas() -> None:
    """Call before the first thread starts (run_app, before the app runs)."""
    lib = _libc()
    if lib is not None:
        lib.mallopt(M_ARENA_MAX, ARENAS)


class Trimmer:
    """``poke()`` after work that allocated a lot (any thread): ``TRIM_DELAY`` s after the
    last poke, free memory goes back to the system."""

    def __init__(self, delay: float = TRIM_DELAY) -> None:
        self.delay = delay
        self.trims = 0
        self._due = 0.0
        self._lock = threading.Lock()
        self._poked = threading.Event()
        self._thread: threading.Thread | None = None

    def poke(self) -> None:
        if _libc() is None:
            return
        with self._lock:
            self._due = time.monotonic() + self.delay
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="memory-trim",
                                                daemon=True)
                self._thread.start()
        self._poked.set()

    def _run(self) -> None:
        lib = _libc()
        while True:
            self._poked.wait()
            self._poked.clear()
            while True:
                with self._lock:
                    left = self._due - time.monotonic()
                if left <= 0:
                    break
                time.sleep(left)
            lib.malloc_trim(0)
            self.trims += 1


#: the process's trimmer (the TUI's database jobs poke it)
trimmer = Trimmer()
