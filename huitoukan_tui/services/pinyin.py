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
    _tone_tables()
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


@cache
def _tone_tables() -> tuple[dict[int, str], frozenset[str]]:
    """(code point → ``~`` and the TONE3 spelling of its first reading, characters with
    several readings). Built on first use (~60 ms)."""
    from pypinyin.constants import PINYIN_DICT

    table: dict[int, str] = {}
    several = []
    for code, readings in PINYIN_DICT.items():
        first, *rest = readings.split(",")
        table[code] = "~" + _tone3(first)
        if rest:
            several.append(chr(code))
    return table, frozenset(several)


@lru_cache(maxsize=4096)
def _tone3(reading: str) -> str:
    """``qī`` → ``qi1``, ``lǜ`` → ``lv4``, ``de`` → ``de5`` (pypinyin's Style.TONE3 with the
    neutral tone as 5)."""
    from pypinyin.style._tone_convert import to_tone3

    return to_tone3(reading, neutral_tone_with_five=True)


@lru_cache(maxsize=65536)
def _word_syllables(word: str) -> str:
    from pypinyin.constants import PHRASES_DICT

    readings = PHRASES_DICT.get(word)
    if readings is None:  # not a phrase: pypinyin reads it character by character
        return word.translate(_tone_tables()[0])
    return "".join("~" + _tone3(r[0]) for r in readings)


def _run_syllables(match: re.Match) -> str:
    run = match.group()
    table, several = _tone_tables()
    if several.isdisjoint(run):
        return run.translate(table)
    from pypinyin.seg import mmseg

    return "".join(_word_syllables(word) for word in mmseg.seg.cut(run))


#: what is neither a letter, a digit nor a Chinese character: spaces, punctuation, symbols
_SYMBOL = re.compile(r"[\W_]")


def sort_key(text: str) -> str:
    """A key that orders text by pinyin, as Excel's 拼音排序 does: syllable by syllable,
    then tone (``七星村`` → ``~qi1~xing1~cun1``; the tone digit ends a syllable, so 西安
    ~xi1~an1 comes before 先 ~xian1); spaces and punctuation (a blank in the key) before
    digits, digits before Latin letters, those before Chinese characters (``~`` sorts after
    them); case and full/half width ignored (NFKC, lower case).

    Texts with the same key (homophones, ``A厂``/``a厂``) are told apart by the text itself:
    order by ``(sort_key(text), text)`` (``name_order``), in SQL by the key column, then the
    text. The syllables are ``lazy_pinyin(text, style=Style.TONE3,
    neutral_tone_with_five=True)`` exactly (tests/test_pinyin.py compares them), taken the
    way ``initials`` takes its letters: ~10 times faster than pypinyin's own conversion, so
    an import of 100,000 cases or the schema step's backfill pays ~2 s, not ~15 s."""
    if not text:
        return ""
    text = _SYMBOL.sub(" ", unicodedata.normalize("NFKC", text).lower())
    table, several = _tone_tables()
    if several.isdisjoint(text):
        return text.translate(table)
    return _HANZI_RUN.sub(_run_syllables, text)


def name_order(text: str) -> tuple[str, str]:
    """The sort key of a name in Python: pinyin (``sort_key``), then the text's code points
    (the tie-break the SQL orderings use)."""
    return sort_key(text), text or ""
