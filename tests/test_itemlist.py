"""The four-list screen's rows (services.itemlist) and the life cycle's refusal words
(rectifications.move_refusal): same items and order as list_items, one page, the search over
case and item text, and the same message set_status gives."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from huitoukan_tui.enums import RectStatus
from huitoukan_tui.models import Case, Rectification, User
from huitoukan_tui.services import itemlist, rectifications
from huitoukan_tui.services.errors import ValidationError
from huitoukan_tui.services.rectifications import ItemFilter

TODAY = dt.date(2024, 7, 1)  # the demo's 2024-06-30 deadlines have passed


def admin() -> User:
    return User.get(User.login == "admin")


def test_page_has_the_items_of_list_items_in_order(demo_db):
    for flt in (ItemFilter(), ItemFilter(units=("七星村", "里山社区")),
                ItemFilter(kinds=("新发现",)), ItemFilter(statuses=("整改中", "待验收")),
                ItemFilter(overdue=True, today=TODAY)):
        page = itemlist.item_page(admin(), flt, today=TODAY)
        expected = rectifications.list_items(admin(), flt)
        assert [r.id for r in page.rows] == [i.id for i in expected], flt
        assert page.matched == len(expected) and not page.truncated
    assert itemlist.count_items(admin()) == Rectification.select().count() == 12


def test_row_values_match_the_item(demo_db):
    page = itemlist.item_page(admin(), today=TODAY)
    for row in page.rows:
        item = rectifications.get_item(admin(), row.id)
        record = rectifications.item_record(item, TODAY)
        assert row.case_no == record["case_no"] and row.unit == record["unit"]
        assert row.kind.label == record["kind"] and row.status.label == record["status"]
        assert (row.problem_type, row.original_problem, row.new_problem,
                row.target_standard, row.implementer, row.acceptor) == (
            record["problem_type"], record["original_problem"], record["new_problem"],
            record["target_standard"], record["implementer"], record["acceptor"])
        assert [f"{m['content']}（{'；'.join(m['milestones'])}）" for m in record["measures"]] == (
            list(row.measures))
        assert row.overdue == record["overdue"]
        assert row.days_left == rectifications.days_left(item, TODAY)
    overdue = [r for r in page.rows if r.overdue]
    assert overdue and all(r.days_left == -1 for r in overdue)  # 2024-06-30 → 2024-07-01


def test_page_limit_says_how_many_match(demo_db):
    page = itemlist.item_page(admin(), limit=5, today=TODAY)
    assert len(page.rows) == 5 and page.matched == 12 and page.truncated
    assert [r.id for r in page.rows] == [i.id for i in rectifications.list_items(admin())][:5]


def test_search_finds_case_text_and_new_problems(demo_db):
    def ids(text: str) -> set[int]:
        return {r.id for r in itemlist.item_page(admin(), ItemFilter(search=text)).rows}

    by_new_problem = {i.id for i in Rectification.select() if "油桶" in i.new_problem}
    assert by_new_problem and ids("油桶") == by_new_problem
    by_case = {i.id for i in rectifications.list_items(admin(), ItemFilter(search="噪声"))}
    assert by_case and ids("噪声") == by_case
    assert ids("没有这种问题") == set()


def test_search_by_pinyin_initials_as_the_ledger(demo_db):
    """``qxc`` in the four lists finds the items of the cases the ledger finds for it (七星村
    among them: the ledger's own tests check the initials) and the items whose own 新发现问题
    has those initials (厂区西侧: c-q-x-c, as pypinyin spells it)."""
    from pypinyin import Style, lazy_pinyin

    from huitoukan_tui.services import cases

    ledger = {c.case_no for c in cases.list_cases(admin(), cases.CaseFilter(search="qxc"))}
    expected = {i.id for i in Rectification.select().join(Case).where(Case.case_no.in_(ledger))}
    own = {i.id for i in Rectification.select() if "qxc" in "".join(
        lazy_pinyin(i.new_problem, style=Style.FIRST_LETTER))}
    assert own - expected  # the demo has such an item of another case
    expected |= own
    found = {r.id for r in itemlist.item_page(admin(), ItemFilter(search="qxc")).rows}
    qixing = {r.id for r in itemlist.item_page(admin(), ItemFilter(search="七星村")).rows}
    assert qixing and qixing <= found == expected


def test_unit_user_sees_own_items_only(demo_db):
    qixing = User.get(User.login == "qixing")
    page = itemlist.item_page(qixing, today=TODAY)
    assert page.rows and {r.unit for r in page.rows} == {"七星村"}
    assert itemlist.count_items(qixing) == len(page.rows)
    with pytest.raises(ValidationError, match="类型"):
        itemlist.item_page(qixing, ItemFilter(kinds=("不存在",)))


def test_move_refusal_is_what_set_status_says(demo_db):
    """The screen asks move_refusal before it asks for a date; set_status refuses the same
    moves with the same field and message."""
    expected = {
        (RectStatus.IN_PROGRESS, RectStatus.CLOSED): "不能从“整改中”改为“已销号”。",
        (RectStatus.IN_PROGRESS, RectStatus.IN_PROGRESS): "不能从“整改中”改为“整改中”。",
        (RectStatus.AWAITING, RectStatus.REFERRED): "不能从“待验收”改为“移交执法”。",
        (RectStatus.REFERRED, RectStatus.IN_PROGRESS): "不能从“移交执法”改为“整改中”。",
        **{(RectStatus.CLOSED, t): "已销号的事项不能再改变状态。" for t in RectStatus},
    }
    item = next(i for i in rectifications.list_items(admin())
                if i.status == RectStatus.IN_PROGRESS.value)
    for current, target in itertools.product(RectStatus, RectStatus):
        refusal = rectifications.move_refusal(current, target)
        assert (refusal is None) == ((current, target) in rectifications.ALLOWED_MOVES)
        if refusal is None:
            continue
        message = expected.get((current, target))
        if message is not None:
            assert [(p.field, p.message) for p in refusal.problems] == [("状态", message)]
        Rectification.update(status=current.value).where(
            Rectification.id == item.id).execute()
        with pytest.raises(ValidationError) as caught:
            rectifications.set_status(admin(), item.id, target.label, on="2024-04-10",
                                      reason="原因", department="执法大队",
                                      today=dt.date(2024, 4, 15))
        assert [(p.field, p.message) for p in caught.value.problems] == [
            (p.field, p.message) for p in refusal.problems]


def test_search_by_pinyin_initials_of_the_items_own_new_problem(demo_db):
    """``fqyt`` finds the items whose 新发现问题 says 废弃油桶 (fei qi you tong) although no
    case text has those initials; a corrected 新发现问题 is found by its new initials."""
    from huitoukan_tui.services import cases
    from huitoukan_tui.services.rectifications import EDIT_FIELDS, MeasureInput

    def ids(text: str) -> set[int]:
        return {r.id for r in itemlist.item_page(admin(), ItemFilter(search=text)).rows}

    oil = {i.id for i in Rectification.select() if "废弃油桶" in i.new_problem}
    assert oil
    assert cases.list_cases(admin(), cases.CaseFilter(search="fqyt")) == []  # not the case's
    assert ids("fqyt") == ids("FQYT") == ids("fq yt") == oil
    assert ids("fqyx") == set()
    item = rectifications.get_item(admin(), min(oil))
    data = {f: getattr(item, f) for f in EDIT_FIELDS}
    measures = [MeasureInput(m.content, m.milestones)
                for m in rectifications.measures_of(item)]
    rectifications.update_item(admin(), item.id, {**data, "new_problem": "河道边堆放建筑垃圾"},
                               measures, item.version)
    assert item.id in ids("hdbdf")  # he dao bian dui fang
    assert item.id not in ids("fqyt")
