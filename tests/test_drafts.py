"""Drafts: typed form text kept per person and form, offered again after a dropped link."""

from __future__ import annotations

import datetime as dt

import pytest

from huitoukan_tui.models import AuditEntry, Draft
from huitoukan_tui.services import drafts
from huitoukan_tui.services.errors import ValidationError


def test_save_load_replace_discard(unit_user, station):
    key = "case:LS-2024-001"
    assert drafts.load_draft(unit_user, key) is None
    typed = {"version": 3, "location": "七星村石门组",
             "content": "夜间噪声\n第二行 “引号” [b]不是标记[/b]",
             "received_on": dt.date(2024, 3, 1)}
    saved = drafts.save_draft(unit_user, key, typed)
    assert saved.form_key == key and isinstance(saved.saved_at, dt.datetime)
    loaded = drafts.load_draft(unit_user, key)
    assert loaded.data == {**typed, "received_on": "2024-03-01"}
    # saving again replaces it: one draft per person and form
    drafts.save_draft(unit_user, key, {**typed, "location": "枫树组"})
    assert drafts.load_draft(unit_user, key).data["location"] == "枫树组"
    assert Draft.select().count() == 1
    # another person's draft of the same form is separate, and invisible
    assert drafts.load_draft(station, key) is None
    drafts.save_draft(station, key, {"content": "站里的"})
    assert drafts.load_draft(unit_user, key).data["location"] == "枫树组"
    assert drafts.discard_draft(unit_user, key) is True
    assert drafts.load_draft(unit_user, key) is None
    assert drafts.discard_draft(unit_user, key) is False
    assert drafts.load_draft(station, key).data == {"content": "站里的"}


def test_list_drafts_newest_first_and_own_only(unit_user, other_unit_user):
    drafts.save_draft(unit_user, "inspection:A", {"findings": "一"})
    drafts.save_draft(unit_user, "item:7", {"note": "二"})
    drafts.save_draft(other_unit_user, "inspection:B", {"findings": "别人的"})
    Draft.update(saved_at=dt.datetime(2024, 3, 1, 9, 0)).where(
        Draft.form_key == "inspection:A").execute()
    listed = drafts.list_drafts(unit_user)
    assert [d.form_key for d in listed] == ["item:7", "inspection:A"]
    assert listed[1].data == {"findings": "一"}
    assert [d.form_key for d in drafts.list_drafts(other_unit_user)] == ["inspection:B"]


def test_drafts_are_not_records(unit_user):
    """A draft changes no data and leaves no audit entry."""
    before = AuditEntry.select().count()
    drafts.save_draft(unit_user, "case:X", {"content": "草稿"})
    drafts.discard_draft(unit_user, "case:X")
    assert AuditEntry.select().count() == before


def test_bad_drafts_are_refused(unit_user):
    with pytest.raises(ValidationError, match="表单标识不能为空"):
        drafts.save_draft(unit_user, " ", {})
    with pytest.raises(ValidationError, match="表单标识"):
        drafts.save_draft(unit_user, "x" * 129, {})
    with pytest.raises(ValidationError, match="内容无法保存"):
        drafts.save_draft(unit_user, "case:X", {"obj": object()})
    with pytest.raises(ValidationError, match="内容过长"):
        drafts.save_draft(unit_user, "case:X", {"text": "字" * (drafts.MAX_DRAFT_CHARS + 1)})
    assert Draft.select().count() == 0


def test_a_corrupt_stored_draft_loads_as_empty(unit_user):
    Draft.create(login=unit_user.login, form_key="case:Y", data="{not json")
    assert drafts.load_draft(unit_user, "case:Y").data == {}
