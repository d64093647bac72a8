"""Chinese substring search over cases: any length, case numbers, several terms, one field
at a time, kept in step with edits."""

from __future__ import annotations

import pytest

from huitoukan_tui import db as dbmod
from huitoukan_tui.services import cases, search
from huitoukan_tui.services.cases import CaseFilter

ROWS = [
    ("LS-2021-001", "池州市恒达石材加工厂", "七星村石门组", "石材切割机夜间作业，噪声扰民。"),
    ("LS-2021-002", "永兴砂石堆场", "杨山村河沿组", "砂石堆场未覆盖，扬尘严重。"),
    ("LS-2022-013", "张某某生猪养殖场", "桃坡村下湾组", "养殖废水直排水塘，水体发黑发臭。"),
    ("LS-2023-024", "“好再来”烧烤店", "新河社区新河路", "油烟直排，油烟味呛人（夜间）。"),
    ("XH-2023-100", "王某某养鸭场", "杨山村塘口组", "养殖场臭味大，鸭粪堆放在路边。"),
]


@pytest.fixture
def ledger(station, units):
    for no, target, location, content in ROWS:
        cases.create_case(station, {"case_no": no, "channel": "来电",
                                    "received_on": "2021-06-01", "unit": "七星村",
                                    "target": target, "location": location,
                                    "content": content})
    return station


def found(actor, query: str) -> list[str]:
    return [c.case_no for c in cases.list_cases(actor, CaseFilter(search=query))]


@pytest.mark.parametrize("query, expected", [
    ("臭", ["LS-2022-013", "XH-2023-100"]),  # one character
    ("扬尘", ["LS-2021-002"]),  # two characters: the common Chinese query
    ("夜间", ["LS-2021-001", "LS-2023-024"]),
    ("养殖场", ["LS-2022-013", "XH-2023-100"]),  # three characters
    ("生猪养殖场", ["LS-2022-013"]),
    ("杨山村", ["LS-2021-002", "XH-2023-100"]),  # location
    ("好再来", ["LS-2023-024"]),  # inside Chinese quotation marks
    ("味", ["LS-2023-024", "XH-2023-100"]),
    ("猫", []),
])
def test_chinese_queries_of_any_length(ledger, query, expected):
    assert found(ledger, query) == expected


@pytest.mark.parametrize("query, expected", [
    ("LS-2021", ["LS-2021-001", "LS-2021-002"]),
    ("ls-2021", ["LS-2021-001", "LS-2021-002"]),
    ("ＬＳ－２０２１", ["LS-2021-001", "LS-2021-002"]),  # full-width forms
    ("2023", ["LS-2023-024", "XH-2023-100"]),
    ("013", ["LS-2022-013"]),
    ("XH", ["LS-2023-024", "XH-2023-100"]),  # and 新河 (x-h) in LS-2023-024's location
    ("XH-2023", ["XH-2023-100"]),
    ("2023-100", ["XH-2023-100"]),
    ("LS2021001", ["LS-2021-001"]),  # without the hyphens
])
def test_case_number_fragments(ledger, query, expected):
    assert found(ledger, query) == expected


def test_several_terms_must_all_match(ledger):
    assert found(ledger, "杨山村 臭") == ["XH-2023-100"]
    assert found(ledger, "夜间　油烟") == ["LS-2023-024"]  # ideographic space separates too
    assert found(ledger, "2021 扬尘") == ["LS-2021-002"]
    assert found(ledger, "杨山村 烧烤") == []


def test_a_term_does_not_span_two_fields(ledger):
    # target ends with 加工厂, location starts with 七星村: no field holds 加工厂七星
    assert found(ledger, "加工厂七星") == []
    assert found(ledger, "厂七") == []
    assert found(ledger, "001池州") == []  # case number | target
    assert found(ledger, "石门组石材") == []  # location | content
    assert found(ledger, "加工厂 七星") == ["LS-2021-001"]  # as two terms it does


def test_blank_or_punctuation_query_filters_nothing(ledger):
    assert search.condition("") is None
    assert search.condition(" ，。 ") is None
    assert len(found(ledger, "  ")) == 5


def test_fts_syntax_is_plain_text(ledger):
    for query in ['"', "扬尘 OR 噪声", "NOT 扬尘", "扬*", "(扬尘)", "near(扬 尘)"]:
        assert isinstance(found(ledger, query), list)  # never an SQL error
    assert found(ledger, "(扬尘)") == ["LS-2021-002"]


def test_edit_reindexes(ledger):
    case = cases.get_case(ledger, "LS-2021-002")
    cases.update_case(ledger, "LS-2021-002", {"content": "堆场噪声扰民", "location": "桃坡村"},
                      case.version)
    assert found(ledger, "扬尘") == []
    assert found(ledger, "堆场噪声") == ["LS-2021-002"]
    assert found(ledger, "杨山村") == ["XH-2023-100"]
    assert found(ledger, "桃坡村") == ["LS-2021-002", "LS-2022-013"]
    cases.update_case(ledger, "LS-2021-002", {"case_no": "LS-2021-099"}, case.version + 1)
    assert found(ledger, "002") == []
    assert found(ledger, "099") == ["LS-2021-099"]


def test_search_respects_scope_and_count(ledger, other_unit_user):
    assert found(other_unit_user, "臭") == []
    assert cases.count_cases(ledger, CaseFilter(search="养殖")) == 2


def test_rebuild_and_unindex(ledger):
    if not dbmod.is_sqlite():
        search.rebuild()  # a no-op on PostgreSQL, which indexes the column itself
        assert found(ledger, "扬尘") == ["LS-2021-002"]
        return
    search.rebuild()
    assert found(ledger, "扬尘") == ["LS-2021-002"]
    case = cases.get_case(ledger, "LS-2021-002")
    search.unindex([case.id])
    assert found(ledger, "扬尘") == []
    search.rebuild()
    assert found(ledger, "扬尘") == ["LS-2021-002"]


@pytest.mark.parametrize("query, expected", [
    ("zs", ["LS-2021-001"]),  # 噪声
    ("ZSRM", ["LS-2021-001"]),  # 噪声扰民, capitals or not
    ("qxc", ["LS-2021-001"]),  # 七星村
    ("ysc", ["LS-2021-002", "XH-2023-100"]),  # 杨山村
    ("yzc", ["LS-2022-013", "XH-2023-100"]),  # 养殖场
    ("ycyz", ["LS-2021-002"]),  # 扬尘严重
    ("hzl", ["LS-2023-024"]),  # “好再来”: the quotation marks are not letters
    ("ysc 臭", ["XH-2023-100"]),  # pinyin and Chinese terms together
    ("ysc tkz", ["XH-2023-100"]),  # 杨山村塘口组 as two terms
    ("cdh", []),  # 池州市恒达: 州 and 市 between 池 and 恒, no such initials in a row
    ("jgcqx", []),  # 加工厂 | 七星: initials do not span two fields either
    ("w", []),  # one letter: only the letter itself, which no row holds (王 is W)
])
def test_pinyin_initials(ledger, query, expected):
    assert found(ledger, query) == expected


def test_pinyin_initials_follow_edits(ledger):
    case = cases.get_case(ledger, "LS-2021-002")
    cases.update_case(ledger, "LS-2021-002", {"content": "重金属超标"}, case.version)
    assert found(ledger, "zjs") == ["LS-2021-002"]  # 重 read zhong in 重金属
    assert found(ledger, "cjs") == []
    assert found(ledger, "ssdc") == ["LS-2021-002"]  # 砂石堆场, the target, is still there
    assert found(ledger, "ycyz") == []  # 扬尘严重 is gone with the content


def _as_before_pinyin() -> None:
    """Make the database look like one written before the pinyin initials: search_text of
    the four text lines, indexed that way, and no Meta row saying otherwise."""
    from huitoukan_tui.models import Case, Meta

    for case in Case.select():
        case.search_text = "\n".join(case.search_text.split("\n")[:4])
        Case.update(search_text=case.search_text).where(Case.id == case.id).execute()
    search.rebuild()
    Meta.delete().where(Meta.key == "search_text").execute()


def test_an_older_database_gets_the_initials_once(ledger):
    from huitoukan_tui.models import Case

    assert not search.outdated()  # a new database is written in the current form
    versions = dict(Case.select(Case.case_no, Case.version).tuples())
    _as_before_pinyin()
    assert search.outdated()
    assert found(ledger, "qxc") == []
    assert found(ledger, "七星村") == ["LS-2021-001"]
    assert search.upgrade() == len(ROWS)
    assert not search.outdated()
    assert found(ledger, "qxc") == ["LS-2021-001"]
    assert found(ledger, "ysc") == ["LS-2021-002", "XH-2023-100"]
    assert found(ledger, "七星村") == ["LS-2021-001"]
    assert dict(Case.select(Case.case_no, Case.version).tuples()) == versions
    assert search.upgrade() == 0


def test_the_first_command_on_an_older_database_upgrades_it(ledger, run_cli):
    import json

    from huitoukan_tui.models import database

    _as_before_pinyin()
    if dbmod.is_sqlite():
        database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    result = run_cli(["cases", "--format", "json", "--search", "qxc"])
    assert result.exit_code == 0, result.stderr
    assert [r["case_no"] for r in json.loads(result.stdout)] == ["LS-2021-001"]
    assert "查找索引已更新：5 件" in result.stderr
    result = run_cli(["cases", "--format", "json", "--search", "ysc"])
    assert [r["case_no"] for r in json.loads(result.stdout)] == ["LS-2021-002", "XH-2023-100"]
    assert result.stderr == ""


def test_text_helpers():
    assert search.query_terms(" 扬尘  LS-2021 ，") == ["扬尘", "ls2021"]
    assert search.searchable_text("LS-1", "恒达（石材）", "", "a=b") == \
        "ls1\n恒达石材\n\nab\nHDSC"
    assert search.searchable_text("LS-1", "银行", "A3号", "") == "ls1\n银行\na3号\n\nYH\nA3H"
    assert search.normalize("ＡＢＣ") == "abc"


@pytest.mark.parametrize("text", ["噪声扰民", "LS-2021-001 号", "ＡＢＣ１２３（全角）",
                                  "a_b\u200bc", "①②③ Ⅻ ²", "\u3000空格\u3000", "مرحبا١٢",
                                  "x\x00y\ty\nz"])
def test_searchable_characters_are_the_letters_and_digits_str_isalnum_keeps(text):
    expected = "".join(c for c in search.normalize(text) if c.isalnum())
    assert search.searchable_text(text, "", "", "") == expected + "\n\n\n"
