"""The fields of the records, defined once: name, Chinese label and the rules the label stands
for (required, longest text, one line or several). The services check input by these
(``cases.validate_case``, ``inspections.validate_inspection``,
``rectifications.validate_item``); the forms, the CLI columns, the import, the conflict
dialog and the history take their labels from here."""

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

#: an inspection (现场核查/回访), in form order; 新发现问题 is a list, one problem per entry
INSPECTION_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("inspected_on", "核查日期", required=True),
    FieldSpec("inspectors", "核查人员", required=True, max_len=200),
    FieldSpec("handled", "是否处理到位", required=True),
    FieldSpec("rebound", "有无反弹", required=True),
    FieldSpec("satisfaction", "信访人是否满意", required=True),
    FieldSpec("findings", "核查情况", max_len=4000, multiline=True),
    FieldSpec("new_problems", "新发现问题", required=True, max_len=1000, multiline=True),
)
INSPECTION_LABELS: dict[str, str] = labels(INSPECTION_FIELDS)

#: the editable fields of a four-list row, in the order they are checked and audited
#: (整改措施, a list of measures, is checked by rectifications.check_measures)
ITEM_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("problem_type", "问题类型", required=True, max_len=50),
    FieldSpec("original_problem", "原交办具体问题", max_len=2000, multiline=True),
    FieldSpec("new_problem", "新发现问题", max_len=1000, multiline=True),
    FieldSpec("target_standard", "目标任务（标准）", required=True, max_len=1000,
              multiline=True),
    FieldSpec("implementer", "整改实施主体", required=True, max_len=100),
    FieldSpec("acceptor", "验收（监管）单位", required=True, max_len=100),
    FieldSpec("deadline", "完成时限", required=True),
    FieldSpec("note", "备注", max_len=1000, multiline=True),
)
MEASURES_LABEL = "整改措施"
#: what the life cycle records on a four-list row
LIFE_CYCLE_LABELS: dict[str, str] = {
    "kind": "类型", "status": "状态", "measures": MEASURES_LABEL,
    "reported_on": "报验收日期", "report_note": "报验收说明", "accepted_on": "验收日期",
    "accepted_by": "验收单位", "acceptance_opinion": "验收意见", "returned_on": "退回日期",
    "return_reason": "退回原因", "referred_on": "移交执法日期", "referral_reason": "移交原因",
    "referral_department": "移交部门", "referral_result": "执法结果",
    "referral_result_on": "执法结果日期",
}

#: a staff account as its history names it
USER_LABELS: dict[str, str] = {"login": "登录名", "display_name": "姓名", "role": "角色",
                               "unit": "单位", "street": "街道", "active": "账号状态",
                               "ssh_key": "SSH 公钥"}

#: every field of a four-list row by name: its editable fields and what its life cycle records
ITEM_LABELS: dict[str, str] = {**labels(ITEM_FIELDS), **LIFE_CYCLE_LABELS}

_BY_ENTITY: dict[str, dict[str, str]] = {
    "case": FIELD_LABELS,
    "inspection": INSPECTION_LABELS,
    "rectification": ITEM_LABELS,
    "user": USER_LABELS,
}


def field_label(entity: str, field: str) -> str:
    """The Chinese label of ``field`` of an ``entity`` as the audit log names them
    (``case``/``unit`` → 核查单位, ``user``/``unit`` → 单位); a field of no known record (an
    entry that names itself, like 报送) as it is."""
    found = _BY_ENTITY.get(entity, {}).get(field)
    if found is not None:
        return found
    return next((table[field] for table in _BY_ENTITY.values() if field in table), field)
