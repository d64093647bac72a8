"""The refusals the program raises: every message is Chinese, and each reason carries the field
it concerns as data (with the list entry, or the place in a file, where there is one).

This module sits below the storage layer (it imports nothing of the program), so ``db`` and the
services raise the same types. ``str()`` of a refusal is the line a person reads:
``[place：]field[ 第N条]：message``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One reason for a refusal.

    ``field``: the label of the field (as the form and the file name it), or "" when the
    problem concerns the whole input. ``index``: the 1-based entry of a list field
    (``整改措施`` 第2条, ``新发现问题`` 第1条), else None; ``part``: what of that entry
    (``2024年第二季度目标``). ``where``: the place in a file (``台账!12``: sheet and row).
    """

    field: str
    message: str
    index: int | None = None
    where: str = ""
    part: str = ""

    @property
    def detail(self) -> str:
        """Which entry of the field, and what of it: ``第2条 2024年第二季度目标`` (or "")."""
        entry = f"第{self.index}条" if self.index is not None else ""
        return " ".join(t for t in (entry, self.part) if t)

    @property
    def label(self) -> str:
        """The field as a person reads it: ``整改措施 第2条``."""
        return " ".join(t for t in (self.field, self.detail) if t)

    def __str__(self) -> str:
        text = f"{self.label}：{self.message}" if self.field else self.message
        return f"{self.where}：{text}" if self.where else text


class ServiceError(Exception):
    """A refusal the user should read. ``problems`` lists every reason."""

    def __init__(self, message: str = "", problems: list[Problem] | None = None):
        self.problems = list(problems or [])
        if not message:
            message = "；".join(str(p) for p in self.problems)
        super().__init__(message)

    @classmethod
    def of(cls, field: str, message: str, index: int | None = None, *, where: str = ""):
        """A refusal for one reason about one field: ``ValidationError.of("编号", "已存在：X")``."""
        return cls(problems=[Problem(field, message, index, where)])

    @property
    def lines(self) -> list[str]:
        return [str(p) for p in self.problems] or [str(self)]


class ValidationError(ServiceError):
    pass


class NotFound(ServiceError):
    pass


class PermissionDenied(ServiceError):
    pass


class UnknownUser(PermissionDenied):
    pass


class ConflictError(ServiceError):
    """The record changed since it was read. ``changes`` are the other edit's audit rows."""

    def __init__(self, message: str, changes: list | None = None, current_version: int = 0):
        super().__init__(message)
        self.changes = list(changes or [])
        self.current_version = current_version


class Collector:
    """Gathers every problem of an input, then raises them together."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, field: str, message: str, index: int | None = None, part: str = "") -> None:
        self.problems.append(Problem(field, message, index, part=part))

    def __bool__(self) -> bool:
        return bool(self.problems)

    def raise_if_any(self) -> None:
        if self.problems:
            raise ValidationError(problems=self.problems)
