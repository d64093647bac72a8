"""tui/wire.py: the terminal must show exactly what Textual drew, from fewer bytes.

The oracle is a terminal emulator (pyte): the same output shown directly and through
ScreenMirror must leave every cell with the same character, colours and attributes."""

from __future__ import annotations

import random
import re
import shutil
import sys
from pathlib import Path

import pyte
import pytest
from rich.color import Color
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from textual._compositor import LayoutUpdate
from textual.geometry import Region
from textual.strip import Strip

from huitoukan_tui.tui.wire import ScreenMirror, sgr_change, thin_driver

ROOT = Path(__file__).resolve().parent.parent


def cells(screen: pyte.Screen) -> list[list[tuple]]:
    return [[(c.data, c.fg, c.bg, c.bold, c.italics, c.underscore, c.reverse,
              c.strikethrough) for c in (screen.buffer[y][x] for x in range(screen.columns))]
            for y in range(screen.lines)]


class XtermScreen(pyte.Screen):
    """pyte, but writing over half of a wide character blanks its other half, as xterm and
    VTE do (pyte keeps half a glyph there)."""

    def draw(self, data: str) -> None:
        line, x = self.buffer[self.cursor.y], self.cursor.x
        if 0 < x < self.columns and line[x].data == "":
            line[x - 1] = line[x - 1]._replace(data=" ")
        super().draw(data)
        x = self.cursor.x
        if x < self.columns and line[x].data == "":
            line[x] = line[x]._replace(data=" ")


class Pair:
    """One terminal fed directly, one through a mirror."""

    def __init__(self, cols: int, rows: int, erase: bool = True) -> None:
        self.direct, self.thin = XtermScreen(cols, rows), XtermScreen(cols, rows)
        self._direct, self._thin = pyte.Stream(self.direct), pyte.Stream(self.thin)
        self.mirror = ScreenMirror(erase)
        self.mirror.resize(cols, rows)
        self.raw_bytes = self.thin_bytes = 0

    def feed(self, data: str) -> str:
        out = self.mirror.feed(data)
        self._direct.feed(data)
        self._thin.feed(out)
        self.raw_bytes += len(data.encode())
        self.thin_bytes += len(out.encode())
        return out

    def same(self) -> bool:
        return cells(self.direct) == cells(self.thin)


def test_a_frame_drawn_again_sends_nothing_and_a_change_sends_only_itself():
    pair = Pair(20, 3)
    frame = "\x1b[1;1H\x1b[38;5;1mhello\x1b[0m world\n\x1b[2;1Hsecond line"
    first = pair.feed(frame)
    assert "hello" in first and "second line" in first and pair.same()
    assert pair.feed(frame) == ""
    out = pair.feed(frame.replace("world", "word!"))
    assert pair.same()
    # only the cells from the first difference ("l" of world) to the last are written
    assert re.sub(r"\x1b\[[0-9;]*[A-Za-z]", "", out) == "d!"
    assert "hello" not in out and "second" not in out


def test_segments_of_one_style_share_one_sgr_and_only_changes_are_sent():
    pair = Pair(20, 1)
    out = pair.feed("\x1b[1;1H\x1b[1;38;5;253;48;5;17mab\x1b[0m\x1b[1;38;5;253;48;5;17mcd\x1b[0m"
                    "\x1b[1;38;5;214;48;5;17mef\x1b[0m")
    assert pair.same()
    assert out.count("\x1b[1;38;5;253;48;5;17m") == 1
    assert "\x1b[38;5;214mef" in out  # bold and background are kept, the colour changes


def test_sgr_change_turns_attributes_off_by_resetting():
    mirror = ScreenMirror()
    pens = mirror._pens
    bold_red = pens.apply_sgr(pens.get(0, None, None, None), "1;31")
    red = pens.apply_sgr(pens.get(0, None, None, None), "31")
    assert sgr_change(bold_red, red) == "\x1b[0;31m"
    assert sgr_change(red, bold_red) == "\x1b[1m"
    assert sgr_change(red, pens.get(0, None, None, None)) == "\x1b[39m"
    assert pens.apply_sgr(bold_red, "22") is red


def test_wide_characters_and_overwritten_halves():
    pair = Pair(12, 2)
    pair.feed("\x1b[1;1H台账信访\x1b[2;1Habcdef")
    assert pair.same()
    # over the right half of 台 and the left half of 账: both other halves are sent as blanks
    # (terminals differ: xterm blanks them, pyte keeps half a glyph)
    out = pair.feed("\x1b[1;2Hxy")
    assert "\x1b[1H xy " in out and pair.same()
    assert "".join(pair.thin.buffer[0][x].data for x in range(8)) == " xy 信访"
    pair.feed("\x1b[1;1H台账信访")
    assert pair.same()
    pair.feed("\x1b[1;5Hyz")  # over 信 exactly
    pair.feed("\x1b[2;3H台")
    assert pair.same()


def test_blank_runs_are_erased_with_the_background_colour():
    pair = Pair(60, 2)
    out = pair.feed("\x1b[1;1H\x1b[48;5;23m" + "x" + " " * 40 + "y" + " " * 18 + "\x1b[0m")
    assert pair.same()
    assert "\x1b[40X" in out and "\x1b[K" in out and " " * 9 not in out
    # reverse video shows on blanks: never erased
    pair.feed("\x1b[2;1H\x1b[7m" + " " * 60 + "\x1b[0m")
    assert pair.same()
    # a terminal that does not erase with the background gets spaces
    plain = Pair(60, 1, erase=False)
    out = plain.feed("\x1b[1;1H\x1b[48;5;23m" + " " * 60 + "\x1b[0m")
    assert plain.same() and "\x1b[K" not in out and " " * 60 in out


def test_other_sequences_pass_in_order_and_screen_switches_resend_everything():
    pair = Pair(10, 2)
    frame = "\x1b[1;1Habc"
    pair.feed(frame)
    out = pair.feed("\x1b]52;c;aGk=\x07\x1b[?25h\x07")
    assert out == "\x1b]52;c;aGk=\x07\x1b[?25h\x07"
    assert pair.feed(frame) == ""
    assert pair.feed("\x1b[?1049h") == "\x1b[?1049h"
    assert "abc" in pair.feed(frame)  # the alternate screen may be blank: sent again
    pair.feed("\x1b[2J")
    assert "abc" in pair.feed(frame)


def test_a_frame_that_changes_nothing_is_not_sent_at_all():
    pair = Pair(10, 2)
    assert pair.feed("\x1b[?2026h") == ""
    assert pair.feed("\x1b[1;1Habc\x1b[1;4H").startswith("\x1b[?2026h\x1b[1Habc")
    assert pair.feed("\x1b[?2026l") == "\x1b[?2026l"
    assert pair.feed("\x1b[?2026h") + pair.feed("\x1b[1;1Habc\x1b[1;4H") \
        + pair.feed("\x1b[?2026l") == ""


def test_the_cursor_ends_where_textual_put_it():
    pair = Pair(20, 3)
    pair.feed("\x1b[1;1Hsearch: \x1b[3;1Hfooter\x1b[1;9H")
    assert (pair.thin.cursor.x, pair.thin.cursor.y) == (8, 0)
    pair.feed("\x1b[1;9Hx\x1b[1;10H")
    assert (pair.thin.cursor.x, pair.thin.cursor.y) == (9, 0) and pair.same()


def test_a_new_size_forgets_what_was_shown():
    mirror = ScreenMirror()
    mirror.resize(10, 2)
    mirror.feed("\x1b[1;1Habc")
    mirror.resize(12, 3)
    assert "abc" in mirror.feed("\x1b[1;1Habc")


def test_random_textual_updates_look_the_same():
    """Textual's own encoder (LayoutUpdate) drawing random strips over each other."""
    rng = random.Random(18)
    console = Console(color_system="256", width=40, force_terminal=True)
    palette = [Color.from_ansi(n) for n in (1, 17, 23, 74, 115, 214, 234, 253)] + [None]
    texts = ["台账", "信访件", "噪声扰民", "abc", " ", "    ", "LS-2021-001", "“是”", "…"]
    pair = Pair(40, 8)
    for _ in range(300):
        x, y = rng.randrange(0, 30), rng.randrange(0, 8)
        width, height = rng.randrange(1, 41 - x), rng.randrange(1, 9 - y)
        strips = []
        for _ in range(height):
            segments = []
            while sum(s.cell_length for s in segments) < width:
                style = Style(color=rng.choice(palette), bgcolor=rng.choice(palette),
                              bold=rng.random() < 0.3, reverse=rng.random() < 0.1,
                              underline=rng.random() < 0.1)
                segments.append(Segment(rng.choice(texts), style))
            strips.append([Strip(segments).crop(0, width)])
        pair.feed(LayoutUpdate(strips, Region(x, y, width, height)).render_segments(console))
        assert pair.same()
    assert pair.thin_bytes < pair.raw_bytes


@pytest.mark.slow
@pytest.mark.sqlite_only  # a separate process on the SQLite file
def test_the_real_app_looks_the_same_through_the_mirror(demo_db, tmp_path):
    """A session of the real TUI recorded as Textual writes it, replayed frame by frame."""
    from bench.ptyterm import KEYS, SYNC_END, PtyProgram
    from huitoukan_tui.models import database

    database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db = tmp_path / "demo.sqlite3"
    shutil.copyfile(demo_db.path, db)
    exe = Path(sys.executable).with_name("huitoukan-tui")
    cols, rows = 100, 30
    env = {"HUITOUKAN_TODAY": "2024-04-15", "HUITOUKAN_SCREEN_DIFF": "0",
           "PYTHONPATH": str(ROOT)}

    def loaded(title):
        return lambda text: text.startswith(f" {title}") and "载入中" not in text

    with PtyProgram([str(exe), "--db", str(db), "--user", "admin"], cols=cols, rows=rows,
                    env=env, cwd=str(ROOT)) as prog:
        prog.wait_screen("显示 34 / 34", timeout=60)
        for key, shown in [("p", loaded("四项清单")), (KEYS["escape"], loaded("台账")),
                           ("w", loaded("进展一览表")), (KEYS["escape"], loaded("台账")),
                           (KEYS["enter"], loaded("信访件详情")), (KEYS["escape"], loaded("台账")),
                           ("/", lambda t: True), ("噪声", "显示 9 / 34"),
                           (KEYS["enter"], lambda t: True), ("i", loaded("现场核查")),
                           ("abc", "abc"), (KEYS["escape"], "放弃修改？")]:
            start = len(prog.buffer)
            prog.send(key)
            prog.wait_screen(shown, since=start, timeout=60)
            prog.settle(0.3)
        raw = bytes(prog.buffer)
    pair = Pair(cols, rows)
    frames = [f + SYNC_END for f in raw.split(SYNC_END)]
    assert len(frames) > 20
    for frame in frames:
        pair.feed(frame.decode())
        assert pair.same()
    assert "放弃修改？" in "\n".join(pair.thin.display)
    assert pair.thin_bytes < pair.raw_bytes / 3


def test_the_driver_writes_through_the_mirror():
    written = []

    class Base:
        def __init__(self) -> None:
            self.fileno = None

        def write(self, data: str) -> None:
            written.append(data)

    driver = thin_driver(Base)()
    assert type(driver).__name__ == "ThinBase"
    driver.write("\x1b[?1049h")  # no size known yet: passed as it is
    assert written == ["\x1b[?1049h"]
    driver.mirror.resize(10, 2)
    driver.write("\x1b[1;1Habc")
    driver.write("\x1b[1;1Habc")
    assert len(written) == 2 and "abc" in written[1]
