"""Every enumeration of the domain, defined once with its Chinese label.

The stored value is a short English code; users, files and JSON see the label.
"""

from __future__ import annotations

from enum import Enum


class LabelledEnum(str, Enum):
    """A str enum whose members carry a Chinese label."""

    label: str

    def __new__(cls, value: str, label: str):
        obj = str.__new__(cls, value)
        obj._value_ = value
        obj.label = label
        return obj

    @classmethod
    def labels(cls) -> list[str]:
        return [m.label for m in cls]

    @classmethod
    def from_label(cls, text: str):
        """Accept a Chinese label or a code; raise ValueError otherwise."""
        text = (text or "").strip()
        for m in cls:
            if text in (m.label, m.value):
                return m
        raise ValueError(text)

    def __str__(self) -> str:  # pragma: no cover - display helper
        return self.label


class Channel(LabelledEnum):
    PHONE = ("phone", "来电")
    HOTLINE_12345 = ("hotline12345", "12345热线")
    ONLINE_OPINION = ("online", "网络舆情")
    VISIT = ("visit", "来访")
    PEOPLE_DAILY = ("peopledaily", "人民网留言")
    LETTER = ("letter", "信访")
    CYBER_OFFICE = ("cyberoffice", "区网信办")
    SERVICE_HOTLINE = ("servicehotline", "便民热线")


class Satisfaction(LabelledEnum):
    SATISFIED = ("satisfied", "满意")
    BASICALLY = ("basically", "基本满意")
    UNSATISFIED = ("unsatisfied", "不满意")
    UNREACHABLE = ("unreachable", "联系不上")


class RectKind(LabelledEnum):
    NOT_RECTIFIED = ("not_rectified", "未整改到位")
    REBOUND = ("rebound", "反弹")
    NEW = ("new", "新发现")


class RectStatus(LabelledEnum):
    IN_PROGRESS = ("in_progress", "整改中")
    AWAITING = ("awaiting", "待验收")
    CLOSED = ("closed", "已销号")
    REFERRED = ("referred", "移交执法")


class CaseStatus(LabelledEnum):
    PENDING = ("pending", "待核查")
    VERIFIED = ("verified", "已核查")
    RECTIFYING = ("rectifying", "整改中")
    CLOSED = ("closed", "已销号")


class UnitKind(LabelledEnum):
    VILLAGE = ("village", "村")
    COMMUNITY = ("community", "社区")
    DEPARTMENT = ("department", "部门")


class Role(LabelledEnum):
    DISTRICT = ("district", "区环委办")
    STATION = ("station", "街道生态环境站")
    UNIT = ("unit", "村（社区）/部门")
    VIEWER = ("viewer", "只读")


#: statuses of a rectification item that still need work (not 已销号)
OPEN_RECT_STATUSES = (RectStatus.IN_PROGRESS, RectStatus.AWAITING, RectStatus.REFERRED)
#: statuses whose 完成时限 still runs, so that the item (and its case) can be 逾期: 移交执法
#: is with the enforcement department, out of the unit's hands (services.casestate decides)
DEADLINE_RECT_STATUSES = (RectStatus.IN_PROGRESS, RectStatus.AWAITING)


class CampaignState(LabelledEnum):
    PLANNED = ("planned", "未开始")
    RUNNING = ("running", "进行中")
    ENDED = ("ended", "已结束")
