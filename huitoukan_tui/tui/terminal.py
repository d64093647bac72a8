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
import functools
import locale
import os
import select
import selectors
import signal
import sys
import threading
import time
import types
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


def lenient_input() -> None:
    """Keys from the terminal decoded as UTF-8 with U+FFFD for a byte that is not. Textual's
    input thread decodes strictly and dies on the first such byte (a terminal set to GBK, the
    tail of a ZMODEM transfer), ending the session with an English traceback. Textual (8.2)
    takes its decoder from ``codecs.getincrementaldecoder`` at the start of each input
    thread, looked up in its driver module."""
    from textual.drivers import linux_driver

    def lenient(encoding: str, _strict=codecs.getincrementaldecoder):
        return functools.partial(_strict(encoding), errors="replace")

    linux_driver.getincrementaldecoder = lenient


#: how long Textual's input thread waits for a key once the terminal has been quiet for
#: INPUT_BUSY_SECONDS (Textual waits 0.1 s, always: ten wake-ups a second in every idle
#: session, a third of what thirty idle sessions cost the server)
IDLE_INPUT_WAIT = 1.0
INPUT_BUSY_SECONDS = 2.0


class _QuietSelector(selectors.SelectSelector):
    """Textual's input selector, waiting longer while no input comes. Its 0.1 s ticks serve
    the parser's escape-key timeout, which only runs right after input: then they are kept.
    (Leaving the app waits for the thread's current wait: at most IDLE_INPUT_WAIT after an
    idle time-out or a hang-up; a key that quits finds the short ticks.)"""

    def __init__(self) -> None:
        super().__init__()
        self._last_input = time.monotonic()

    def select(self, timeout: float | None = None):
        if timeout is not None and time.monotonic() - self._last_input > INPUT_BUSY_SECONDS:
            timeout = max(timeout, IDLE_INPUT_WAIT)
        events = super().select(timeout)
        if events:
            self._last_input = time.monotonic()
        return events


def quiet_input() -> None:
    """Textual's input thread (linux_driver.run_input_thread, Textual 8.2) makes its
    ``selectors.SelectSelector()`` from the name in its driver module: it gets _QuietSelector."""
    from textual.drivers import linux_driver

    names = {name: getattr(selectors, name) for name in dir(selectors)
             if not name.startswith("__")}
    linux_driver.selectors = types.SimpleNamespace(**{**names,
                                                      "SelectSelector": _QuietSelector})


#: what Python's locale coercion (PEP 538) puts in LC_CTYPE
_COERCED = ("C.UTF-8", "C.utf8", "UTF-8")


def locale_setting(environ: dict[str, str] | None = None) -> tuple[str, str, str]:
    """(variable, value, charset) of the locale that decides the terminal's charset: the
    first set of LC_ALL, LC_CTYPE, LANG; the charset is '' when the value names none."""
    environ = os.environ if environ is None else environ
    names = ["LC_ALL", "LC_CTYPE", "LANG"]
    if not environ.get("LC_ALL") and environ.get("LC_CTYPE") in _COERCED:
        # Python itself sets LC_CTYPE=C.UTF-8 when the locale asked for is not installed
        # (PEP 538 locale coercion): LANG is then what the user's session asked for
        names.remove("LC_CTYPE")
    for name in names:
        value = environ.get(name, "")
        if value:
            head = value.split("@", 1)[0]
            return name, value, head.split(".", 1)[1] if "." in head else ""
    return "", "", ""


def charset_warning(environ: dict[str, str] | None = None) -> str | None:
    """A Chinese warning when the locale names a charset other than UTF-8 (``LANG=zh_CN.GBK``):
    the program writes UTF-8, which such a terminal shows as mojibake. None otherwise (a C
    locale names none: the program then simply writes UTF-8)."""
    name, value, charset = locale_setting(environ)
    if not charset or _norm(charset) == "utf-8":
        return None
    fixed = value.split(".", 1)[0] + ".UTF-8"
    return (f"注意：终端字符集是 {charset}（{name}={value}），本程序按 UTF-8 显示，中文会成乱码、"
            f"表格会错位。请把终端的编码改为 UTF-8（Xshell：文件→属性→终端→编码；PuTTY："
            f"Window→Translation），并设置 {name}={fixed}。")


def show_charset_warning(warning: str, charset: str, wait: float = 20.0) -> None:
    """Before the screen opens: print ``warning`` in the terminal's own charset (so that a
    GBK terminal can read it) and in UTF-8, then wait for enter (at most ``wait`` seconds)."""
    out = sys.__stderr__ or sys.stderr
    lines = [warning, "按回车键继续……"]
    data = b""
    try:
        data += "\n".join(lines).encode(charset) + b"\n"
    except (LookupError, UnicodeEncodeError):
        pass
    data += "\n".join(lines).encode("utf-8") + b"\n"
    try:
        out.flush()
        os.write(out.fileno(), data)
        stdin = sys.__stdin__
        if stdin is not None and os.isatty(stdin.fileno()):
            ready, _, _ = select.select([stdin.fileno()], [], [], wait)
            if ready:
                os.read(stdin.fileno(), 1024)
    except (OSError, ValueError):
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
                events = poller.poll(5000)  # a hang-up wakes it at once; this only
                # bounds how long a stopped watch lingers (a daemon thread)
            except (OSError, InterruptedError):
                continue
            if self._stop.is_set():
                return  # the app has ended meanwhile: a hang-up now is not its concern
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
