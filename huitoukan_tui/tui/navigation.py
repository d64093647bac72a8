"""What a screen asks the app to open. Screens post these messages to the app
(``self.app.post_message(OpenCase(no))``); the app opens the screen after checking who may.
Screens never call into the app to navigate, and may close right after asking."""

from __future__ import annotations

from textual.message import Message


class OpenCase(Message):
    """The case detail of ``case_no``."""

    def __init__(self, case_no: str) -> None:
        super().__init__()
        self.case_no = case_no


class OpenInspection(Message):
    """A new 现场核查/回访 of ``case_no`` (writers only)."""

    def __init__(self, case_no: str) -> None:
        super().__init__()
        self.case_no = case_no


class OpenCaseForm(Message):
    """The case form: a new case (``case_no`` None) or a correction (writers only)."""

    def __init__(self, case_no: str | None) -> None:
        super().__init__()
        self.case_no = case_no


class OpenItemEditor(Message):
    """四项清单编辑 of one rectification item."""

    def __init__(self, item_id: int) -> None:
        super().__init__()
        self.item_id = item_id


class OfferItemEditor(Message):
    """After an inspection created items ((id, kind, problem)): offer to edit one."""

    def __init__(self, items: list[tuple[int, str, str]]) -> None:
        super().__init__()
        self.items = items


class OpenImport(Message):
    """导入台账 (the station only)."""
