"""Errors the service layer raises; every message is Chinese and names the field."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}：{self.message}" if self.field else self.message


class ServiceError(Exception):
    """A refusal the user should read. ``problems`` lists every reason."""

    def __init__(self, message: str = "", problems: list[Problem] | None = None):
        self.problems = list(problems or [])
        if not message:
            message = "；".join(str(p) for p in self.problems)
        super().__init__(message)

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

    def add(self, field: str, message: str) -> None:
        self.problems.append(Problem(field, message))

    def __bool__(self) -> bool:
        return bool(self.problems)

    def raise_if_any(self) -> None:
        if self.problems:
            raise ValidationError(problems=self.problems)
