"""The ledger's ordered ids are kept between calls only while nobody has changed anything:
a save here, a save by another process, or a save inside a transaction that is still open
must all show at once."""

from __future__ import annotations

import threading

from huitoukan_tui import db as dbmod
from huitoukan_tui.models import Case, Unit, User, database
from huitoukan_tui.services import cases


def _new_case(actor, case_no: str, content: str = "夜间施工噪声扰民，影响休息。"):
    return cases.create_case(actor, {
        "case_no": case_no, "channel": "来电", "received_on": "2024-03-01",
        "unit": "七星村", "target": "某建筑工地", "location": "七星村", "content": content})


def _plain_ids(actor, flt: cases.CaseFilter) -> list[int]:
    """The same list straight from SQL (search as a join), never from a kept list."""
    keys = cases.SORT_KEYS[flt.sort]
    query = cases.in_ledger(Case.select(Case.id), cases.campaign_id(actor, flt))
    if flt.sort == "unit":
        query = query.switch(Case).join(Unit)
    query = cases._where(query, cases._conditions(actor, flt)).order_by(
        *[dbmod.ordering(k, flt.descending) for k in keys])
    return [row[0] for row in query.tuples()]


def test_filtered_lists_equal_the_plain_query(demo_db):
    admin = User.get(User.login == "admin")
    qixing = User.get(User.login == "qixing")
    for actor in (admin, qixing):
        for flt in (cases.CaseFilter(), cases.CaseFilter(search="噪声"),
                    cases.CaseFilter(search="噪"), cases.CaseFilter(search="石材 夜间"),
                    cases.CaseFilter(search="噪声", statuses=("已核查",)),
                    cases.CaseFilter(search="池州", sort="received_on", descending=True),
                    cases.CaseFilter(sort="unit"), cases.CaseFilter(sort="deadline"),
                    cases.CaseFilter(sort="status", descending=True)):
            first = cases.case_ids(actor, flt)
            again = cases.case_ids(actor, flt)  # from the kept list
            assert first == again == _plain_ids(actor, flt), flt
            assert cases.count_cases(actor, flt) == len(first)


def test_a_save_in_this_process_shows_at_once(demo_db):
    admin = User.get(User.login == "admin")
    before = cases.case_ids(admin, cases.CaseFilter(search="噪声"))
    case = _new_case(admin, "LS-2024-900")
    after = cases.case_ids(admin, cases.CaseFilter(search="噪声"))
    assert case.id in after and case.id not in before
    assert len(cases.case_ids(admin)) == 35


def test_a_save_by_another_connection_shows_at_once(demo_db):
    admin = User.get(User.login == "admin")
    ids = cases.case_ids(admin)
    other = dbmod.make_database(demo_db)  # a connection of its own, like another process
    with other.atomic():
        other.execute_sql("UPDATE petition_case SET case_no = 'AAA-0001' WHERE id = %s"
                          .replace("%s", other.param), (ids[-1],))
    other.close()
    assert cases.case_ids(admin)[0] == ids[-1]  # the renumbered case now sorts first


def test_a_save_that_was_under_way_when_the_list_was_kept_shows_once_committed(demo_db):
    admin = User.get(User.login == "admin")
    ids = cases.case_ids(admin)
    other = dbmod.make_database(demo_db)
    with other.atomic():
        other.execute_sql("UPDATE petition_case SET case_no = 'AAA-0002' WHERE id = %s"
                          .replace("%s", other.param), (ids[-1],))
        assert cases.case_ids(admin) == ids  # not committed yet: kept as it was
    other.close()
    assert cases.case_ids(admin)[0] == ids[-1]


def test_a_save_from_another_thread_shows_at_once(demo_db):
    admin = User.get(User.login == "admin")
    cases.case_ids(admin)

    def save():
        with database.connection_context():
            _new_case(admin, "LS-2024-901")

    worker = threading.Thread(target=save)
    worker.start()
    worker.join()
    assert Case.get(Case.case_no == "LS-2024-901").id in cases.case_ids(admin)


def test_inside_an_open_transaction_its_own_writes_show(demo_db):
    admin = User.get(User.login == "admin")
    cases.case_ids(admin)
    with database.atomic() as txn:
        case = _new_case(admin, "LS-2024-902")
        assert case.id in cases.case_ids(admin)
        txn.rollback()
    assert case.id not in cases.case_ids(admin)


def test_the_ordered_list_is_read_once_while_nothing_changes(demo_db, monkeypatch):
    admin = User.get(User.login == "admin")
    reads = []
    real = cases._ordered_ids
    monkeypatch.setattr(cases, "_ordered_ids", lambda *a: reads.append(1) or real(*a))
    for query in ("", "噪声", "噪", "扬尘"):  # every keystroke filters the same ordered list
        cases.case_ids(admin, cases.CaseFilter(search=query))
    assert len(reads) == 1
    _new_case(admin, "LS-2024-903")
    cases.case_ids(admin, cases.CaseFilter(search="噪声"))
    assert len(reads) == 2
