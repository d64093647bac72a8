"""The fields of a case, defined once: name, Chinese label and the rules the label stands for
(required, longest text, one line or several). ``cases.validate_case`` checks them; the case
form, the CLI columns, the import and the history are built from them."""

from __future__ import annotations

from huitoukan_tui.services.text import FieldSpec, labels

#: the editable fields of a case, in form (and file) order
CASE_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("case_no", "编号", required=True, max_len=64),
    FieldSpec("channel", "来源", required=True),
    FieldSpec("received_on", "受理日期", required=True),
    FieldSpec("unit", "核查单位", required=True),
    FieldSpec("petitioner", "信访人", max_len=50),
    FieldSpec("phone", "联系电话", max_len=40),
    FieldSpec("target", "被反映对象", required=True, max_len=200),
    FieldSpec("location", "地点", max_len=200),
    FieldSpec("category", "问题类别", max_len=50),
    FieldSpec("content", "反映问题", required=True, max_len=2000, multiline=True),
    FieldSpec("original_handling", "原办理情况", max_len=4000, multiline=True),
)
EDITABLE_FIELDS: list[str] = [f.name for f in CASE_FIELDS]
TEXT_FIELDS: dict[str, FieldSpec] = {f.name: f for f in CASE_FIELDS if f.max_len}
FIELD_LABELS: dict[str, str] = labels(CASE_FIELDS)
REQUIRED_FIELDS: list[str] = [f.name for f in CASE_FIELDS if f.required]
