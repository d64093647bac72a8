"""Pinyin of Chinese text, phrase-aware (pypinyin): initials for search, keys for sorting.

``initials("重金属超标")`` is ``zjscb`` and ``initials("银行")`` is ``yh``: pypinyin segments the
text into its dictionary's phrases and takes each phrase's reading, so a character with several
readings gets the one its word has. Text other than Chinese characters stays as it is.

Indexing every case's texts calls this for each case written, so it takes pypinyin's own
segmentation and readings without its styling layer, which costs most of ``lazy_pinyin``'s time:
a character whose readings all begin with the same letter needs no segmentation (one table
lookup, ``str.translate``), and only a run of Chinese characters holding one whose readings
begin differently (重 zhong/chong, 行 xing/hang) is cut into phrases. The result is
``lazy_pinyin(text, style=Style.FIRST_LETTER)`` exactly (tests/test_pinyin.py compares them),
about eight times faster.

pypinyin is imported on first use: its dictionaries cost ~55 MB and ~0.9 s, which a TUI session
that never needs pinyin (most of the thirty on a server) should not pay.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

#: a run of characters pypinyin has readings for (its RE_HANS ranges)
_HANZI_RUN = re.compile(
    "[\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]+")


def _first_letter(reading: str) -> str:
    """``zhōng`` → ``z``, ``ǎi`` → ``a``, ``ń`` → ``n`` (the letter without its tone mark)."""
    return unicodedata.normalize("NFKD", reading[:1])[:1]


@cache
def _tables() -> tuple[dict[int, str], frozenset[str]]:
    """(code point → initial of its first reading, characters whose readings begin with
    different letters). Built on first use (~40 ms)."""
    from pypinyin.constants import PINYIN_DICT

    table: dict[int, str] = {}
    ambiguous = []
    for code, readings in PINYIN_DICT.items():
        letters = {_first_letter(r) for r in readings.split(",")}
        table[code] = _first_letter(readings)
        if len(letters) > 1:
            ambiguous.append(chr(code))
    return table, frozenset(ambiguous)


@lru_cache(maxsize=65536)
def _word_initials(word: str) -> str:
    from pypinyin.constants import PHRASES_DICT

    readings = PHRASES_DICT.get(word)
    if readings is None:  # not a phrase: pypinyin reads it character by character
        return word.translate(_tables()[0])
    return "".join(_first_letter(r[0]) for r in readings)


def _run_initials(match: re.Match) -> str:
    run = match.group()
    table, ambiguous = _tables()
    if ambiguous.isdisjoint(run):
        return run.translate(table)
    from pypinyin.seg import mmseg

    return "".join(_word_initials(word) for word in mmseg.seg.cut(run))


def load() -> None:
    """Load pypinyin's dictionaries now (a writer calls this before it takes the database's
    write lock: loading them inside the transaction would hold the lock ~1 s longer)."""
    _tables()
    from pypinyin.seg import mmseg  # noqa: F401 - builds its phrase prefixes on import


def initials(text: str) -> str:
    """The pinyin initial of every Chinese character of ``text``, the rest unchanged."""
    if not text:
        return ""
    table, ambiguous = _tables()
    if ambiguous.isdisjoint(text):
        return text.translate(table)
    return _HANZI_RUN.sub(_run_initials, text)


def has_hanzi(text: str) -> bool:
    return bool(text) and _HANZI_RUN.search(text) is not None


@lru_cache(maxsize=4096)
def sort_key(text: str) -> str:
    """A key that orders text by pinyin, as Excel's 拼音排序 does: syllable by syllable,
    then tone (``~qi1~xing1``; the tone digit ends a syllable, so 西安 ~xi1~an1 comes before
    先 ~xian1), letters and digits before Chinese characters, case ignored."""
    from pypinyin import Style, lazy_pinyin

    text = text or ""
    parts = []
    end = 0
    for match in _HANZI_RUN.finditer(text):
        parts.append(text[end:match.start()].lower())
        parts.extend("~" + syllable for syllable in lazy_pinyin(
            match.group(), style=Style.TONE3, neutral_tone_with_five=True))
        end = match.end()
    parts.append(text[end:].lower())
    return "".join(parts)
