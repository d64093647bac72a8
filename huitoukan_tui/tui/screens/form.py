"""The base of every form: ctrl+s saves, escape leaves (asking first when something was
typed), and the service's refusals are shown next to the fields they concern.

A form's raw values (``collect``/``fill``) are plain JSON-able data, so drafts can keep them
(``form_key`` names the form and its record, as services.drafts expects).

Drafts come with the base class. The first ``mark_clean()`` says "the form shows its record
now": the form then looks for a draft of itself and offers to restore it, and from then on
keeps a draft every few seconds while it has unsaved changes. A later ``mark_clean()`` (saved,
or reloaded) and leaving with 放弃修改 discard it; the app keeps every open form's draft at
once when the terminal goes away (``tui.drafts.keep_open_drafts``).
"""

from __future__ import annotations

import logging
from typing import ClassVar

from textual.binding import Binding
from textual.timer import Timer
from textual.widgets import Input, RadioButton, RadioSet, Select, TextArea

from huitoukan_tui.services import drafts
from huitoukan_tui.services.drafts import DraftInfo
from huitoukan_tui.services.errors import Problem, ServiceError
from huitoukan_tui.tui.dbwork import run_db
from huitoukan_tui.tui.drafts import DRAFT_SECONDS, draft_form, register_form
from huitoukan_tui.tui.safe import plain
from huitoukan_tui.tui.screens.base import AppScreen
from huitoukan_tui.tui.screens.dialogs import ConfirmDialog
from huitoukan_tui.tui.screens.draft_dialogs import DraftOfferDialog, saved_text
from huitoukan_tui.tui.widgets.field import FieldRow

log = logging.getLogger("huitoukan_tui.tui")


class FormScreen(AppScreen):
    BINDINGS: ClassVar = [
        Binding("ctrl+s", "save", "保存", priority=True),
        Binding("escape", "cancel", "返回"),
    ]
    HELP_NOTES: ClassVar = [("tab / shift+tab", "下一个 / 上一个字段"),
                            ("← →（选项）", "在 是/否 等选项间移动，enter 或空格选中")]

    #: the kind of record this form's drafts are kept under (``inspection`` in
    #: ``inspection:<case no>``); a subclass that sets it is found again from its drafts
    DRAFT_KIND: ClassVar[str] = ""

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        missing = [name for name in ("draft_ref", "action_save") if not hasattr(cls, name)]
        if missing:  # a form without them could not be saved nor kept as a draft
            raise TypeError(f"{cls.__name__} must define {', '.join(missing)}")
        if cls.DRAFT_KIND:
            register_form(cls)

    @classmethod
    def draft_title(cls, ref: str) -> str | None:
        """What the draft list calls a draft of ``<DRAFT_KIND>:<ref>`` (None: not one of
        this form's keys)."""
        return None

    @classmethod
    def from_draft(cls, ref: str) -> FormScreen:
        """The form a draft of ``<DRAFT_KIND>:<ref>`` belongs to (default: ``cls(ref)``)."""
        return cls(ref)  # type: ignore[call-arg]

    def __init__(self) -> None:
        super().__init__()
        #: the version of the record the form shows (None: a new record, or none kept)
        self.version: int | None = None
        self._clean: dict[str, object] | None = None
        self.saving = False
        #: restore a draft without asking (the form was opened from the login's draft list)
        self.restore_draft = False
        self._draft_state = "unchecked"  # → "checking" (looking, or asking) → "ready"
        #: what the drafts table holds for this form, as written (or restored) by it
        self._draft_saved: dict[str, object] | None = None
        self._draft_timer: Timer | None = None

    # -- each form defines ------------------------------------------------------------
    #: the record this form edits, as its draft names it (``LS-2024-001``, ``new``)
    draft_ref: str
    #: ``action_save(self) -> None``: ctrl+s; checked when a form class is defined

    @property
    def form_key(self) -> str:
        """``<DRAFT_KIND>:<draft_ref>``, e.g. ``inspection:LS-2024-001``; see services.drafts."""
        return f"{self.DRAFT_KIND}:{self.draft_ref}"

    #: the ids of the form's plain controls (Input, TextArea, RadioSet, Select), each
    #: named as its field
    CONTROLS: ClassVar[tuple[str, ...]] = ()

    def collect(self) -> dict[str, object]:
        """The raw values of every control, JSON-able (and the record's version, if any)."""
        values = {name: control_value(self.query_one(f"#{name}")) for name in self.CONTROLS}
        if self.version is not None:
            values["version"] = self.version
        return values

    def fill(self, values: dict[str, object]) -> None:
        """Put raw values (from ``collect``) back into the controls."""
        for name in self.CONTROLS:
            if name in values:
                set_control_value(self.query_one(f"#{name}"), values[name])
        if values.get("version") is not None:
            self.version = int(values["version"])  # type: ignore[arg-type]

    def draft_ready(self) -> bool:
        """Whether a draft may be laid over the form now (its record and choices loaded).
        Forms that load in steps override this and call ``check_draft()`` when done."""
        return not getattr(self, "read_only", False)

    # -- shared ---------------------------------------------------------------------
    def mark_clean(self) -> None:
        """Remember the current values as the unchanged state: the form is loaded (the
        first time: look for a draft), or saved / reloaded (later: the draft is done)."""
        self._clean = self.collect()
        if self._draft_state == "ready":
            self._forget_draft()
        else:
            self.check_draft()

    @property
    def dirty(self) -> bool:
        return self._clean is not None and self.collect() != self._clean

    def action_cancel(self) -> None:
        if not self.dirty:
            if self._draft_state == "ready":
                self._forget_draft()  # typed, then undone by hand: nothing to keep
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self._forget_draft()
                self.dismiss(None)

        self.app.push_screen(ConfirmDialog("放弃修改？", yes="放弃修改", no="继续编辑",
                                           detail="表单中填写的内容尚未保存。"), answered)

    # -- drafts -----------------------------------------------------------------------
    def check_draft(self) -> None:
        """Look for a draft of this form (once, when the form is ready for it)."""
        if self._draft_state != "unchecked" or not self.draft_ready():
            return
        self._draft_state = "checking"
        actor, key = self.happ.actor, self.form_key
        run_db(self, lambda: drafts.load_draft(actor, key), self._draft_found,
               on_error=lambda exc: self._drafts_ready(), group="draft-load")

    def _draft_found(self, info: DraftInfo | None) -> None:
        if info is None:
            self._drafts_ready()
        elif self.restore_draft:
            self._restore(info)
        else:
            def answered(choice: str | None) -> None:
                if choice == "restore":
                    self._restore(info)
                    return
                if choice == "discard":
                    self.happ.draft_store.discard_later(self.app, self.form_key)
                self._drafts_ready()

            self.app.push_screen(DraftOfferDialog(draft_form(self.form_key).title,
                                                  info.saved_at, self.draft_preview(info.data)),
                                 answered)

    def _restore(self, info: DraftInfo) -> None:
        try:
            self.fill(info.data)
        except Exception:  # noqa: BLE001 - e.g. a unit that is no longer a choice
            log.exception("draft of %s not fully restored", self.form_key)
            self.notify("草稿中有的内容已不能填回（如选项已变），请核对后再保存。",
                        title="草稿", severity="warning", markup=False)
        else:
            self.notify(f"已恢复 {saved_text(info.saved_at)} 保存的草稿；按 ctrl+s 保存。",
                        title="草稿", markup=False)
        self._draft_saved = self.collect()
        self._drafts_ready()

    def _drafts_ready(self) -> None:
        self._draft_state = "ready"
        if self._draft_timer is None:
            self._draft_timer = self.set_interval(DRAFT_SECONDS, self.autosave_draft)

    def draft_preview(self, data: dict[str, object]) -> list[str]:
        """``label：value`` of each field where the draft differs from the form now."""
        now = self.collect()
        lines = []
        for row in self.field_rows():
            name = row.control.id
            if not name or name not in data or data[name] == now.get(name):
                continue
            value = data[name]
            if isinstance(value, list):
                text = f"{len(value)} 条"
            else:
                text = plain(value) or "（空）"
            if len(text) > 60:
                text = text[:59] + "…"
            lines.append(f"{row.label}：{text}")
        return lines

    def draft_to_keep(self) -> dict[str, object] | None:
        """The values to keep as a draft now, or None (nothing unsaved, or not loaded)."""
        if self._draft_state != "ready" or self.saving or not self.dirty:
            return None
        data = self.collect()
        return None if data == self._draft_saved else data

    def draft_kept(self, data: dict[str, object]) -> None:
        self._draft_saved = data

    def autosave_draft(self) -> None:
        """Every few seconds: keep the draft if the form changed since the last one."""
        if self._draft_state != "ready" or self.saving:
            return
        if not self.dirty:
            self._forget_draft()
            return
        data = self.draft_to_keep()
        if data is not None:
            self._draft_saved = data
            self.happ.draft_store.save_later(self.happ, self.form_key, data)

    def _forget_draft(self) -> None:
        if self._draft_saved is not None:
            self._draft_saved = None
            self.happ.draft_store.discard_later(self.happ, self.form_key)

    def field_rows(self) -> list[FieldRow]:
        return list(self.query(FieldRow))

    def clear_problems(self) -> None:
        for row in self.field_rows():
            row.set_error(None)

    def show_problems(self, exc: ServiceError, *, title: str = "未保存",
                      summary: str = "") -> None:
        """Mark each refused field with its reason and put the focus on the first; what fits
        no field is notified (else ``summary``, by default 有 N 处需要修改，未保存。)."""
        self.clear_problems()
        problems = list(exc.problems) or [Problem("", str(exc))]
        rows = self.field_rows()
        messages: dict[FieldRow, list[str]] = {}
        unplaced = []
        for problem in problems:
            row = next((r for r in rows if problem.field and r.matches(problem.field)), None)
            if row is None:
                unplaced.append(str(problem))
                continue
            messages.setdefault(row, []).append(
                f"{problem.detail}：{problem.message}" if problem.detail else problem.message)
        for row, lines in messages.items():
            row.set_error("；".join(lines))
        if unplaced:
            self.notify("\n".join(unplaced), title=title, severity="error", markup=False)
        else:
            self.notify(summary or f"有 {len(problems)} 处需要修改，未保存。", title=title,
                        severity="error", markup=False)
        first = next((r for r in rows if r in messages), None)
        if first is not None:
            first.control.focus()
            first.scroll_visible(animate=False)


# -- reading and writing controls -----------------------------------------------------

def radio_value(radio: RadioSet) -> str:
    button = radio.pressed_button
    return str(button.label) if button is not None else ""


def set_radio(radio: RadioSet, value: object) -> None:
    """Press the button labelled ``value``; ``""`` leaves none pressed (a RadioSet's own
    handler refuses to unpress, hence the direct update of its pressed button)."""
    buttons = list(radio.query(RadioButton))
    with radio.prevent(RadioButton.Changed):
        for button in buttons:
            button.value = str(button.label) == value
    pressed = next((b for b in buttons if b.value), None)
    radio._pressed_button = pressed
    if pressed is not None:
        radio._selected = buttons.index(pressed)


def select_value(select: Select) -> str:
    return "" if select.is_blank() else str(select.value)


def control_value(widget) -> object:
    if isinstance(widget, Input):
        return widget.value
    if isinstance(widget, TextArea):
        return widget.text
    if isinstance(widget, RadioSet):
        return radio_value(widget)
    if isinstance(widget, Select):
        return select_value(widget)
    raise TypeError(type(widget).__name__)


def set_control_value(widget, value: object) -> None:
    text = "" if value is None else str(value)
    if isinstance(widget, Input):
        widget.value = text
    elif isinstance(widget, TextArea):
        widget.load_text(text)
    elif isinstance(widget, RadioSet):
        set_radio(widget, text)
    elif isinstance(widget, Select):
        if text:
            widget.value = text
        else:
            widget.clear()
    else:
        raise TypeError(type(widget).__name__)
