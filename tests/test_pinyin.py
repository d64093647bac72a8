"""Pinyin initials (phrase-aware), the in-memory matcher of choice lists, and the pinyin
sort key."""

from __future__ import annotations

import random

import pytest
from pypinyin import Style, lazy_pinyin
from pypinyin.constants import PHRASES_DICT

from huitoukan_tui.services import pinyin
from huitoukan_tui.services.search import text_matches


@pytest.mark.parametrize(("text", "expected"), [
    ("重金属", "zjs"),  # 重 read zhong in this word (chong alone would give c)
    ("银行", "yh"),  # 行 read hang, not xing
    ("噪声", "zs"),
    ("七星村", "qxc"),
    ("长江路", "cjl"),
    ("重庆银行长沙分行", "cqyhcsfh"),
    ("LS-2021-004 噪声扰民", "LS-2021-004 zsrm"),
    ("", ""),
])
def test_initials_of_the_issue_examples(text, expected):
    assert pinyin.initials(text) == expected


def test_initials_equal_pypinyin_first_letters():
    """The fast path gives exactly what pypinyin's own conversion gives, on ledger-like
    sentences, random characters and runs of dictionary phrases."""
    rng = random.Random(17)
    phrases = sorted(PHRASES_DICT)
    hanzi = [chr(c) for c in range(0x4E00, 0x9FA5)]
    texts = ["池州市恒达石材加工厂夜间作业机器轰鸣，影响附近居民休息，要求尽快处理。",
             "重点行业还要加强调度，长期坚持（2024年第2季度）",
             "银行、行长、行业、步行街、重复、重要、长大、长短、音乐、快乐"]
    texts += ["".join(rng.choice(hanzi) for _ in range(30)) for _ in range(300)]
    texts += ["".join(rng.choice(phrases) for _ in range(6)) + "，A3号" for _ in range(300)]
    for text in texts:
        assert pinyin.initials(text) == "".join(
            lazy_pinyin(text, style=Style.FIRST_LETTER)), text


def test_choice_matching_by_text_or_initials():
    assert text_matches("qxc", "七星村")
    assert text_matches("七星", "七星村")
    assert text_matches("QX", "七星村")  # case does not matter
    assert text_matches("", "七星村")
    assert not text_matches("tp", "七星村")
    assert text_matches("zjs", "某厂重金属超标")
    assert not text_matches("cjs", "某厂重金属超标")  # 重 is zhong here
    assert text_matches("yh", "工商银行")
    assert text_matches("12345", "12345热线")
    assert text_matches("rx", "12345热线")
    assert text_matches("jd cjb", "街道城建办")  # every term must match


def test_sort_key_orders_by_pinyin_like_excel():
    names = ["中心村", "阿里", "先锋村", "西安路", "长江社区", "七星村", "齐山村", "A厂",
             "123组", "重庆路", "张家村", "桃坡村"]
    expected = ["123组", "A厂", "阿里", "长江社区", "重庆路", "七星村", "齐山村", "桃坡村",
                "西安路", "先锋村", "张家村", "中心村"]
    assert sorted(names, key=pinyin.sort_key) == expected


def test_names_order_digits_latin_then_chinese_by_pinyin_ties_by_code_point():
    """Excel's 拼音排序 of mixed names, by hand: punctuation first, digits (as text: 10
    before 2), Latin letters (case and full width ignored), then Chinese syllable by
    syllable (安 an before 白 bai, 重庆 chong before 七 qi); the same pinyin (七/期 qi1, A/a)
    by code point."""
    names = ["七星村", "新河社区", "白云村", "安徽", "A厂", "2号楼", "a厂", "期星村", "10号楼",
             "Ｂ栋", "重庆路", "阿里", "西安路", "先锋村", "“小辣椒”餐馆", "新河社区（东）"]
    expected = ["“小辣椒”餐馆", "10号楼", "2号楼", "A厂", "a厂", "Ｂ栋", "阿里", "安徽", "白云村",
                "重庆路", "七星村", "期星村", "西安路", "先锋村", "新河社区", "新河社区（东）"]
    assert sorted(names, key=pinyin.name_order) == expected
    assert sorted(reversed(names), key=pinyin.name_order) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("七星村", "~qi1~xing1~cun1"),
    ("银行", "~yin2~hang2"),  # 行 read hang in this word
    ("绿地", "~lv4~di4"),
    ("Ａ栋2号", "a~dong42~hao4"),  # full width folded, lower case
    ("新河路“好再来”", "~xin1~he2~lu4 ~hao3~zai4~lai2 "),  # punctuation a blank
    ("", ""),
])
def test_sort_key_spells_each_syllable_with_its_tone(text, expected):
    assert pinyin.sort_key(text) == expected


def test_sort_key_syllables_equal_pypinyin_tone3():
    """The fast path gives pypinyin's own TONE3 syllables (phrase-aware), on the same kinds
    of text as the initials' test: ledger sentences (between the punctuation), random
    characters, runs of dictionary phrases."""
    from pypinyin.constants import PINYIN_DICT

    rng = random.Random(6)
    phrases = sorted(PHRASES_DICT)
    hanzi = [chr(c) for c in range(0x4E00, 0x9FA5) if c in PINYIN_DICT]  # with a reading
    texts = ["池州市恒达石材加工厂夜间作业机器轰鸣", "影响附近居民休息", "要求尽快处理",
             "重点行业还要加强调度", "银行行长行业步行街重复重要长大音乐快乐"]
    texts += ["".join(rng.choice(hanzi) for _ in range(30)) for _ in range(300)]
    texts += ["".join(rng.choice(phrases) for _ in range(6)) for _ in range(300)]
    for text in texts:
        expected = "".join("~" + s for s in lazy_pinyin(text, style=Style.TONE3,
                                                        neutral_tone_with_five=True))
        assert pinyin.sort_key(text) == expected, text
