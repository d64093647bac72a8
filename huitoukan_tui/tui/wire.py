"""What goes over the wire: only the cells that change, in as few bytes as a terminal needs.

Textual repaints whole regions (a screen switch, a list reload or a second layout pass repaint
every line, often twice) and writes every styled segment as ``ESC[0m`` plus its full style,
even when the next segment has the same one. Over SSH on a thin link that costs seconds. Like
curses and mosh, :class:`ScreenMirror` keeps a model of what the terminal shows: Textual's
output is applied to a copy of the screen it means, compared with the copy of what the
terminal already has, and only the differing cells are sent, with just the style changes
between them (``ESC[K`` clears the blank end of a line where the terminal erases with the
background colour). Colours and themes are untouched: the same cells arrive, fewer bytes carry
them. Sequences that are not drawing (modes, titles, clipboard, queries) pass through in order;
anything that could change the screen behind the model's back makes it forget what is shown,
so the next frame is sent whole.

``thin_driver(base)`` is ``base`` (Textual's terminal driver) writing through a mirror.
``HUITOUKAN_SCREEN_DIFF=0`` turns it off (every frame as Textual writes it).
"""

from __future__ import annotations

import os
import re
import threading

from rich.cells import get_character_cell_size

#: environment switch: "0" sends every frame as Textual writes it
ENV_SWITCH = "HUITOUKAN_SCREEN_DIFF"
#: unchanged cells between two changed runs of a line are re-sent rather than skipped when
#: they cost at most this many bytes (about what a cursor move costs)
GAP = 5
#: a run of at least this many blanks is erased (ESC[nX, ESC[K) rather than written
ERASE_MIN = 8

_TOKEN = re.compile(
    r"\x1b\[(?P<csi>[0-?]*[ -/]*[@-~])"
    r"|\x1b\](?P<osc>[^\x07\x1b]*)(?:\x07|\x1b\\)"
    r"|(?P<esc>\x1b.?)"
    r"|(?P<nl>\n)"
    r"|(?P<text>[^\x00-\x1f\x7f]+)"
    r"|(?P<ctl>[\x00-\x1f\x7f])",
    re.S)

#: SGR attribute codes (bold, dim, italic, underline, blink, rapid blink, reverse, conceal,
#: strike, double underline, frame, encircle, overline) → bit
_ATTR_BITS = {code: 1 << n for n, code in enumerate((1, 2, 3, 4, 5, 6, 7, 8, 9, 21, 51, 52,
                                                     53))}
_ATTR_CODES = {bit: str(code) for code, bit in _ATTR_BITS.items()}
#: SGR codes that switch attributes off → bits they clear
_ATTR_OFF = {22: _ATTR_BITS[1] | _ATTR_BITS[2], 23: _ATTR_BITS[3],
             24: _ATTR_BITS[4] | _ATTR_BITS[21], 25: _ATTR_BITS[5] | _ATTR_BITS[6],
             27: _ATTR_BITS[7], 28: _ATTR_BITS[8], 29: _ATTR_BITS[9],
             54: _ATTR_BITS[51] | _ATTR_BITS[52], 55: _ATTR_BITS[53]}
#: attributes a blank cell shows (an erased cell cannot): underline, reverse, strike, …
_VISIBLE_ON_BLANK = sum(_ATTR_BITS[c] for c in (4, 5, 6, 7, 9, 21, 51, 52, 53))
#: private modes that switch or clear the screen
_SCREEN_MODES = {"1049", "1047", "47", "3"}
#: final bytes of CSI sequences that neither draw nor move the cursor (modes, queries,
#: keyboard protocol, window reports)
_INERT_FINALS = set("hlpuctnq")


class Pen:
    """A drawing style: attribute bits, foreground and background SGR codes, link."""

    __slots__ = ("attrs", "fg", "bg", "link")

    def __init__(self, attrs: int = 0, fg: str | None = None, bg: str | None = None,
                 link: str | None = None) -> None:
        self.attrs, self.fg, self.bg, self.link = attrs, fg, bg, link

    def key(self) -> tuple:
        return (self.attrs, self.fg, self.bg, self.link)


DEFAULT = Pen()


class _Pens:
    """Interned pens: equal styles are the same object, so rows compare quickly."""

    def __init__(self) -> None:
        self._known: dict[tuple, Pen] = {DEFAULT.key(): DEFAULT}

    def get(self, attrs: int, fg: str | None, bg: str | None, link: str | None) -> Pen:
        key = (attrs, fg, bg, link)
        pen = self._known.get(key)
        if pen is None:
            pen = self._known[key] = Pen(*key)
        return pen

    def apply_sgr(self, pen: Pen, params: str) -> Pen:
        """``pen`` after ``ESC[{params}m``."""
        attrs, fg, bg = pen.attrs, pen.fg, pen.bg
        codes = params.replace(":", ";").split(";") if params else ["0"]
        i = 0
        while i < len(codes):
            code = int(codes[i]) if codes[i].isdigit() else 0
            if code in (38, 48):
                kind = codes[i + 1] if i + 1 < len(codes) else ""
                width = 3 if kind == "5" else 5 if kind == "2" else 2
                colour = ";".join(codes[i:i + width])
                if code == 38:
                    fg = colour
                else:
                    bg = colour
                i += width
                continue
            if code == 0:
                attrs, fg, bg = 0, None, None
            elif code in _ATTR_BITS:
                attrs |= _ATTR_BITS[code]
            elif code in _ATTR_OFF:
                attrs &= ~_ATTR_OFF[code]
            elif 30 <= code <= 37 or 90 <= code <= 97:
                fg = str(code)
            elif code == 39:
                fg = None
            elif 40 <= code <= 47 or 100 <= code <= 107:
                bg = str(code)
            elif code == 49:
                bg = None
            i += 1
        return self.get(attrs, fg, bg, pen.link)

    def with_link(self, pen: Pen, link: str | None) -> Pen:
        return self.get(pen.attrs, pen.fg, pen.bg, link)


def sgr_change(old: Pen, new: Pen) -> str:
    """The shortest plain sequence that turns style ``old`` into ``new`` (links apart)."""
    if old.attrs == new.attrs and old.fg == new.fg and old.bg == new.bg:
        return ""
    if old.attrs & ~new.attrs:
        params = ["0"] if new.attrs or new.fg or new.bg else []
        attrs, fg, bg = new.attrs, new.fg, new.bg
    else:
        params = []
        attrs = new.attrs & ~old.attrs
        fg = new.fg if new.fg != old.fg else None
        bg = new.bg if new.bg != old.bg else None
        if new.fg is None and old.fg is not None:
            fg = "39"
        if new.bg is None and old.bg is not None:
            bg = "49"
    bit = 1
    while attrs >= bit:
        if attrs & bit:
            params.append(_ATTR_CODES[bit])
        bit <<= 1
    params += [c for c in (fg, bg) if c]
    return "\x1b[" + ";".join(params) + "m"


def _link_change(old: str | None, new: str | None) -> str:
    if old == new:
        return ""
    return ("\x1b]8;;\x1b\\" if old else "") + (f"\x1b]8;{new}\x1b\\" if new else "")


class ScreenMirror:
    """Turns Textual's output into the changes the terminal needs (see the module's doc).

    Rows are two lists each: the characters of the cells (``""`` for the right half of a wide
    character, None where the content is unknown) and their :class:`Pen`. ``want`` is the
    screen as Textual drew it, ``shown`` what the terminal has.
    """

    def __init__(self, erase_with_background: bool = True) -> None:
        self.erase = erase_with_background
        self.width = self.height = 0
        self._pens = _Pens()
        self.want_chars: list[list[str | None]] = []
        self.want_pens: list[list[Pen]] = []
        self.shown_chars: list[list[str | None]] = []
        self.shown_pens: list[list[Pen]] = []
        self._dirty: set[int] = set()
        #: the input's drawing position and pen
        self._x = self._y = 0
        self._pen = DEFAULT
        #: the terminal's cursor and pen after what was sent (cursor None: unknown)
        self._cursor: tuple[int, int] | None = None
        self._term_pen = DEFAULT
        #: where the input left the cursor when it last moved it, and whether it moved it
        self._cursor_wanted: tuple[int, int] | None = None
        self._sync_open = ""
        self._lock = threading.Lock()

    # ------------------------------------------------------------------ state

    def resize(self, width: int, height: int) -> None:
        """A new terminal size: nothing shown is known any more."""
        if (width, height) == (self.width, self.height):
            return
        self.width, self.height = width, height
        self.want_chars = [[None] * width for _ in range(height)]
        self.want_pens = [[DEFAULT] * width for _ in range(height)]
        self.forget()

    def forget(self) -> None:
        """The terminal's content is unknown (switched, cleared, reset): whatever Textual
        draws next is sent whole. Nothing is redrawn meanwhile (after leaving the alternate
        screen the shell's screen is back and must stay as it is)."""
        self.shown_chars = [[None] * self.width for _ in range(self.height)]
        self.shown_pens = [[DEFAULT] * self.width for _ in range(self.height)]
        self._dirty = set()
        self._cursor = None
        self._term_pen = DEFAULT

    # ------------------------------------------------------------------ input

    def feed(self, data: str) -> str:
        """Take what Textual writes; return what to send to the terminal."""
        with self._lock:
            if not self.height:
                return data
            out: list[str] = []
            moved = False
            for match in _TOKEN.finditer(data):
                kind = match.lastgroup
                if kind == "text":
                    self._draw(match.group("text"))
                elif kind == "csi":
                    body = match.group("csi")
                    final = body[-1]
                    if final == "m":
                        self._pen = self._pens.apply_sgr(self._pen, body[:-1])
                    elif final in "Hf" and not body.startswith("?"):
                        row, _, col = body[:-1].partition(";")
                        self._y = max(int(row or 1) - 1, 0)
                        self._x = max(int(col or 1) - 1, 0)
                        self._cursor_wanted = (self._x, self._y)
                        moved = True
                    elif body in ("?2026h",):  # a frame begins: held until it draws
                        self._sync_open = "\x1b[?2026h"
                    elif body == "?2026l":
                        self._flush(out)
                        if self._sync_open:
                            self._sync_open = ""  # nothing was drawn: no frame at all
                        else:
                            out.append("\x1b[?2026l")
                    else:
                        self._flush(out)
                        self._raw(out, match.group(0))
                        modes = set(body[1:-1].split(";")) if body.startswith("?") else set()
                        if final not in _INERT_FINALS or modes & _SCREEN_MODES:
                            self.forget()
                elif kind == "osc":
                    body = match.group("osc")
                    if body.startswith("8;"):
                        link = body[2:]
                        self._pen = self._pens.with_link(self._pen, link if link != ";" else None)
                    else:
                        self._flush(out)
                        self._raw(out, match.group(0))
                elif kind == "nl":
                    self._y += 1
                    self._x = 0
                elif match.group(0) == "\r":
                    self._x = 0
                else:  # another escape or control character: send it, forget the screen
                    self._flush(out)
                    self._raw(out, match.group(0))
                    if match.group(0) != "\x07":
                        self.forget()
            self._flush(out)
            wanted = self._cursor_wanted
            if moved and wanted is not None and wanted[1] < self.height:
                self._move(out, min(wanted[0], self.width - 1), wanted[1])
            return "".join(out)

    def _raw(self, out: list[str], text: str) -> None:
        if self._sync_open:
            out.append(self._sync_open)
            self._sync_open = ""
        out.append(text)

    def _draw(self, text: str) -> None:
        """Put ``text`` at the drawing position of the wanted screen."""
        y, x, width = self._y, self._x, self.width
        if y >= self.height or x >= width:
            return
        chars, pens, pen = self.want_chars[y], self.want_pens[y], self._pen
        if text.isascii():
            cells: list[str] = list(text)
        else:
            cells = []
            for char in text:
                size = get_character_cell_size(char)
                if size == 2:
                    cells += (char, "")
                elif size == 1:
                    cells.append(char)
                elif cells:  # a combining mark joins the character before it
                    cells[-1] += char
        end = min(x + len(cells), width)
        if end - x < len(cells):
            cells = cells[:end - x]
            if cells and cells[-1] and get_character_cell_size(cells[-1][0]) == 2:
                cells[-1] = " "  # half a wide character does not fit
        # half a wide character overwritten: its other half becomes a blank, sent as one,
        # since terminals differ in what they show there
        shown = self.shown_chars[y]
        if x > 0 and chars[x] == "":
            chars[x - 1] = " "
            shown[x - 1] = None
        if end < width and chars[end] == "":
            chars[end] = " "
            shown[end] = None
        chars[x:end] = cells
        pens[x:end] = [pen] * (end - x)
        self._x = end
        self._dirty.add(y)

    # ------------------------------------------------------------------ output

    def _move(self, out: list[str], x: int, y: int) -> None:
        cursor = self._cursor
        if cursor == (x, y):
            return
        if cursor is not None and cursor[1] == y and x > cursor[0]:
            step = x - cursor[0]
            out.append(f"\x1b[{step}C" if step > 1 else "\x1b[C")
        else:
            out.append(f"\x1b[{y + 1};{x + 1}H" if x else f"\x1b[{y + 1}H")
        self._cursor = (x, y)

    def _flush(self, out: list[str]) -> None:
        """Send the cells of the wanted screen that the terminal does not show yet."""
        if not self._dirty:
            return
        start = len(out)
        for y in sorted(self._dirty):
            if y >= self.height:
                continue
            want, shown = self.want_chars[y], self.shown_chars[y]
            want_pens, shown_pens = self.want_pens[y], self.shown_pens[y]
            if want == shown and want_pens == shown_pens:
                continue
            for a, b in self._spans(want, shown, want_pens, shown_pens):
                self._send_span(out, y, a, b)
            shown[:] = want
            shown_pens[:] = want_pens
        self._dirty.clear()
        if len(out) > start:
            if self._sync_open:
                out.insert(start, self._sync_open)
                self._sync_open = ""
            if self._term_pen is not DEFAULT:
                if self._term_pen.link:
                    out.append("\x1b]8;;\x1b\\")
                out.append("\x1b[m")
                self._term_pen = DEFAULT

    def _spans(self, want, shown, want_pens, shown_pens) -> list[tuple[int, int]]:
        """Runs [a, b) of cells to send: the differing cells, on whole characters, joined
        over a gap of unchanged cells when re-sending the gap costs less than a cursor move,
        never over cells whose content is unknown."""
        spans: list[list[int]] = []
        width = self.width
        for x in range(width):
            char = want[x]
            if char is None or (char == shown[x] and want_pens[x] is shown_pens[x]):
                continue
            if spans and self._cheap_gap(want, want_pens, spans[-1][1], x):
                spans[-1][1] = x + 1
            else:
                spans.append([x, x + 1])
        result = []
        for a, b in spans:
            while a > 0 and want[a] == "":
                a -= 1
            while b < width and want[b] == "":
                b += 1
            result.append((a, b))
        return result

    @staticmethod
    def _cheap_gap(want, pens, a: int, b: int) -> bool:
        if b - a > GAP:
            return False
        pen = pens[a - 1]
        cost = 0
        for x in range(a, b):
            char = want[x]
            if char is None or pens[x] is not pen:
                return False
            cost += len(char.encode())
        return cost <= GAP

    def _send_span(self, out: list[str], y: int, a: int, b: int) -> None:
        """Write cells [a, b) of row ``y``; runs of blanks are erased (``ESC[nX``, or
        ``ESC[K`` at the end of the line) where the terminal erases with the background."""
        want, pens, width = self.want_chars[y], self.want_pens[y], self.width
        self._move(out, a, y)
        x = a
        while x < b:
            pen = pens[x]
            run = x + 1
            while run < b and pens[run] is pen:
                run += 1
            self._set_pen(out, pen)
            erasable = self.erase and not pen.attrs & _VISIBLE_ON_BLANK and not pen.link
            text_from = x
            while erasable and x < run:
                if want[x] != " ":
                    x += 1
                    continue
                blank = x
                while x < run and want[x] == " ":
                    x += 1
                if x - blank < ERASE_MIN:
                    continue
                out.append("".join(want[text_from:blank]))
                text_from = x
                if x == width:
                    out.append("\x1b[K")
                else:
                    out.append(f"\x1b[{x - blank}X")
                    if x < b:
                        out.append(f"\x1b[{x - blank}C")
                        continue
                self._cursor = (blank, y)  # erasing leaves the cursor where it was
                return
            out.append("".join(want[text_from:run]))
            x = run
        # the cursor stays in the last column once it is reached (no autowrap)
        self._cursor = (b, y) if b < width else None

    def _set_pen(self, out: list[str], pen: Pen) -> None:
        current = self._term_pen
        if pen is current:
            return
        if pen.link != current.link:
            out.append(_link_change(current.link, pen.link))
        out.append(sgr_change(current, pen))
        self._term_pen = pen


def enabled() -> bool:
    return os.environ.get(ENV_SWITCH, "1").strip() not in ("0", "no", "off", "false")


def erases_with_background(fd: int | None) -> bool:
    """Whether the terminal (terminfo of TERM) clears with the current background (``bce``)."""
    try:
        import curses

        curses.setupterm(os.environ.get("TERM") or "dumb", fd if fd is not None else -1)
        return curses.tigetflag("bce") > 0
    except Exception:  # noqa: BLE001 - no curses or no terminfo entry: do not rely on it
        return False


def thin_driver(base: type) -> type:
    """``base`` (a Textual terminal driver class) sending only what changes."""

    class ThinDriver(base):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            fd = getattr(self, "fileno", None)
            self._size_fd = fd if isinstance(fd, int) else None
            self.mirror = ScreenMirror(erases_with_background(self._size_fd))

        def write(self, data: str) -> None:
            if self._size_fd is not None:
                try:
                    self.mirror.resize(*os.get_terminal_size(self._size_fd))
                except OSError:
                    pass
            out = self.mirror.feed(data)
            if out:
                super().write(out)

    ThinDriver.__name__ = ThinDriver.__qualname__ = f"Thin{base.__name__}"
    return ThinDriver
