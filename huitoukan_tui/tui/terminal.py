"""The terminal around the TUI: UTF-8 before Textual starts, and noticing when the terminal
goes away.

A Textual app whose terminal disappears without a SIGHUP (a killed tmux, a dead SSH link behind
a wrapper) keeps running and spins a core: its input thread reads EOF over and over. On a
shared server that is a dead session eating CPU. ``TerminalWatch`` notices both ways:

- SIGHUP, through the event loop's signal handler;
- a hung-up terminal, through ``poll()`` reporting POLLHUP/POLLERR/POLLNVAL on stdin/stdout
  (asked for no events, so the poll blocks without waking on ordinary input).

Either way it calls the app's hangup handler once, and, should the orderly exit itself hang
on the dead terminal, ends the process after a grace period.
"""

from __future__ import annotations

import asyncio
import codecs
import locale
import os
import select
import signal
import sys
import threading
from collections.abc import Callable

#: seconds the orderly exit may take once the terminal is gone
EXIT_GRACE = 3.0
#: exit status after a hangup (128 + SIGHUP, as a shell reports it)
HANGUP_STATUS = 129


def ensure_utf8() -> None:
    """Make sure text goes out as UTF-8 even under a C/POSIX or Latin-1 locale."""
    os.environ.setdefault("PYTHONUTF8", "1")
    encoding = locale.getpreferredencoding(False) or ""
    if _norm(encoding) != "utf-8":
        os.environ["LANG"] = "C.UTF-8"
        os.environ.pop("LC_ALL", None)
        os.environ["LC_CTYPE"] = "C.UTF-8"
        try:
            locale.setlocale(locale.LC_CTYPE, "C.UTF-8")
        except locale.Error:
            pass
    for stream in (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__):
        if stream is not None and _norm(getattr(stream, "encoding", "") or "") != "utf-8":
            reconfigure = getattr(stream, "reconfigure", None)
            if reconfigure is not None:
                try:
                    reconfigure(encoding="utf-8", errors="replace")
                except (ValueError, OSError):
                    pass


def _norm(encoding: str) -> str:
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        return encoding.lower()


class TerminalWatch:
    """Calls ``on_hangup`` (once, on the event loop) when the terminal goes away."""

    def __init__(self, on_hangup: Callable[[], None],
                 fds: tuple[int, ...] | None = None) -> None:
        self._on_hangup = on_hangup
        self._fds = fds if fds is not None else _terminal_fds()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop = threading.Event()
        self._fired = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        try:
            self._loop.add_signal_handler(signal.SIGHUP, self._fire)
        except (NotImplementedError, RuntimeError, ValueError, AttributeError):
            pass  # not the main thread, or no SIGHUP on this platform
        if self._fds and hasattr(select, "poll"):
            self._thread = threading.Thread(target=self._poll, name="terminal-watch",
                                            daemon=True)
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._loop is not None:
            try:
                self._loop.remove_signal_handler(signal.SIGHUP)
            except (NotImplementedError, RuntimeError, ValueError, AttributeError):
                pass

    @property
    def fired(self) -> bool:
        return self._fired.is_set()

    def _poll(self) -> None:
        poller = select.poll()
        for fd in self._fds:
            poller.register(fd, 0)  # only HUP/ERR/NVAL, which poll always reports
        while not self._stop.is_set():
            try:
                events = poller.poll(500)
            except (OSError, InterruptedError):
                continue
            if any(mask & (select.POLLHUP | select.POLLERR | select.POLLNVAL)
                   for _fd, mask in events):
                loop = self._loop
                if loop is not None and not loop.is_closed():
                    try:
                        loop.call_soon_threadsafe(self._fire)
                    except RuntimeError:
                        pass
                self._arm_last_resort()
                return

    def _fire(self) -> None:
        if self._fired.is_set():
            return
        self._fired.set()
        self._arm_last_resort()
        self._on_hangup()

    def _arm_last_resort(self) -> None:
        """Writing to a dead terminal can block Textual's exit forever: end the process if
        the orderly exit has not finished after EXIT_GRACE seconds."""
        timer = threading.Timer(EXIT_GRACE, os._exit, args=(HANGUP_STATUS,))
        timer.daemon = True
        timer.start()


def _terminal_fds() -> tuple[int, ...]:
    fds = []
    for stream in (sys.__stdin__, sys.__stdout__):
        try:
            if stream is not None and os.isatty(stream.fileno()):
                fds.append(stream.fileno())
        except (OSError, ValueError):
            continue
    return tuple(fds)
