"""Add a case to the ledger, or correct one (validated like the import; concurrent edits are
detected by the record's version and shown, never overwritten silently)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Input, Select, Static, TextArea

from huitoukan_tui.enums import Channel
from huitoukan_tui.services import casefile, conflicts
from huitoukan_tui.services import cases as case_service
from huitoukan_tui.services.errors import ConflictError, ServiceError
from huitoukan_tui.services.fields import CASE_FIELDS
from huitoukan_tui.services.organisation import visible_unit_names
from huitoukan_tui.tui.dbwork import run_db
from huitoukan_tui.tui.safe import literal
from huitoukan_tui.tui.screens.dialogs import ConflictDialog
from huitoukan_tui.tui.screens.form import FormScreen, control_value
from huitoukan_tui.tui.widgets.choice import ChoiceSelect
from huitoukan_tui.tui.widgets.field import FieldRow, FormBody
from huitoukan_tui.tui.widgets.inputs import LineInput

#: the case fields (services.fields), in form order
FIELDS = {f.name: f for f in CASE_FIELDS}


class CaseFormScreen(FormScreen):
    """``case_no`` None: a new case; otherwise the case to correct."""

    DEFAULT_CSS = """
    CaseFormScreen #form { padding: 0 1; }
    CaseFormScreen #form-title { padding: 0 1; color: $text-muted; }
    CaseFormScreen TextArea { height: 4; }
    CaseFormScreen Input, CaseFormScreen Select { width: 1fr; }
    """

    def __init__(self, case_no: str | None = None) -> None:
        super().__init__()
        self.case_no = case_no
        self._loaded = case_no is None
        self._units_loaded = False
        self._warned_version = 0  # the other user's version already told about

    SCREEN_TITLE = "信访件表单"
    DRAFT_KIND = "case"
    CONTROLS = tuple(FIELDS)

    @classmethod
    def draft_title(cls, ref: str) -> str | None:
        return "新建信访件" if ref == "new" else f"更正信访件 {ref}"

    @classmethod
    def from_draft(cls, ref: str) -> CaseFormScreen:
        return cls(None if ref == "new" else ref)

    def title_text(self) -> str:
        return "更正信访件" if self.case_no else "新建信访件"

    @property
    def draft_ref(self) -> str:
        return self.case_no or "new"

    def compose(self) -> ComposeResult:
        yield self.status_bar()
        title = (f"更正信访件 {self.case_no}：修改后按 ctrl+s 保存" if self.case_no
                 else "新建信访件：带 * 的为必填，按 ctrl+s 保存")
        yield Static(literal(title), id="form-title")
        with FormBody(id="form"):
            for name, spec in FIELDS.items():
                yield FieldRow(spec.label, self._control(name, spec.multiline),
                               required=spec.required)
        yield self.footer()

    def _control(self, name: str, multiline: bool):
        if name == "channel":
            return ChoiceSelect([(c.label, c.label) for c in Channel], id=name, compact=True,
                          prompt="选择来源")
        if name == "unit":
            return ChoiceSelect([], id=name, compact=True, prompt="选择核查单位")
        if multiline:
            return TextArea(id=name, compact=True, show_line_numbers=False)
        placeholder = {"received_on": "2024-03-15", "phone": "如 13812341234"}.get(name, "")
        return LineInput(id=name, placeholder=placeholder, compact=True)

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#case_no", Input).focus()
        actor, case_no, today = self.happ.actor, self.case_no, self.happ.today()
        campaign = self.happ.campaign_id

        def job():
            names = visible_unit_names(actor)
            record = casefile.case_file(actor, case_no, today, campaign) if case_no else None
            return names, record

        if case_no is None:
            self.mark_clean()
        run_db(self, job, self._loaded_data, group="case-form-load")

    def draft_ready(self) -> bool:
        """A draft goes over the loaded record, with the unit choices in place."""
        return self._units_loaded and self._loaded

    def _loaded_data(self, result) -> None:
        names, record = result
        unit = self.query_one("#unit", Select)
        was_clean = not self.dirty
        chosen = control_value(unit)
        unit.set_options([(n, n) for n in names])
        if len(names) == 1:
            unit.value = names[0]
        elif chosen in names:
            unit.value = chosen  # set_options cleared it
        self._units_loaded = True
        if record is not None:
            self.load_record(record)
        elif was_clean:
            self.mark_clean()
        self.check_draft()

    def load_record(self, record: casefile.CaseFile) -> None:
        self.version = record.version
        self.fill(record.values)
        self._loaded = True
        self.mark_clean()

    # -- values -----------------------------------------------------------------------
    def changed_fields(self) -> dict[str, object]:
        now = self.collect()
        return conflicts.my_changes(self._clean or {}, {k: now[k] for k in FIELDS})

    # -- saving -----------------------------------------------------------------------
    def action_save(self) -> None:
        if self.saving or not self._loaded:
            return
        actor = self.happ.actor
        if self.case_no is None:
            # blank fields are left out: the service then names each missing required one
            data = {k: v for k, v in self.collect().items() if k in FIELDS and v != ""}
            campaign = self.happ.campaign_id
            self._run_save(lambda: case_service.create_case(actor, data, campaign))
            return
        data = self.changed_fields()
        if not data:
            self.notify("没有修改。", markup=False)
            self.dismiss(None)
            return
        self._update(data, self.version or 0)

    def _update(self, data: dict, version: int) -> None:
        actor, case_no = self.happ.actor, self.case_no
        self._run_save(lambda: case_service.update_case(actor, case_no, data, version))

    def _run_save(self, job) -> None:
        self.saving = True
        run_db(self, lambda: job().case_no, self._saved, on_error=self._refused,
               group="case-save")

    def _refused(self, exc: ServiceError) -> None:
        self.saving = False
        if isinstance(exc, ConflictError):
            self._conflict(exc)
        else:
            self.show_problems(exc)

    def _conflict(self, exc: ConflictError) -> None:
        mine = self.changed_fields()

        def chosen(choice: str | None) -> None:
            if choice == "reload":
                self._reload()
            elif choice == "overwrite":
                conflicts.reapply(exc, lambda version: self._update(mine, version))

        self.app.push_screen(ConflictDialog(str(exc), exc.changes), chosen)

    def data_changed(self) -> None:
        """Someone changed records: a correction not yet touched shows the case as it is now;
        one being edited is told at once if it was this case (the save then shows both
        sides)."""
        if self.case_no is None or not self._loaded or self.saving:
            return
        actor, case_no, today = self.happ.actor, self.case_no, self.happ.today()
        campaign = self.happ.campaign_id
        run_db(self, lambda: casefile.case_file(actor, case_no, today, campaign),
               self._changed_meanwhile, on_error=lambda exc: None, group="case-form-check",
               exclusive=True)

    def _changed_meanwhile(self, record: casefile.CaseFile) -> None:
        if record.version in (self.version, self._warned_version) or self.saving:
            return
        if not self.dirty:
            self.load_record(record)
            self.notify(f"{record.updated_by} 刚刚修改了这件信访件，已显示最新内容。",
                        markup=False)
            return
        self._warned_version = record.version
        self.notify(f"{record.updated_by} 刚刚修改了这件信访件。你的修改还在；"
                    "保存时会列出双方的不同，由你决定。",
                    title="他人已修改", severity="warning", timeout=15, markup=False)

    def _reload(self) -> None:
        actor, case_no, today = self.happ.actor, self.case_no, self.happ.today()
        campaign = self.happ.campaign_id
        run_db(self, lambda: casefile.case_file(actor, case_no, today, campaign),
               self._reloaded, group="case-form-load")

    def _reloaded(self, record: casefile.CaseFile) -> None:
        self.clear_problems()
        self.load_record(record)
        self.notify("已重新载入最新内容。", markup=False)

    def _saved(self, case_no: str) -> None:
        self.saving = False
        app = self.happ
        self.mark_clean()
        verb = "已新建" if self.case_no is None else "已保存"
        app.notify(f"{verb}信访件 {case_no}", title="已保存", markup=False)
        self.dismiss(case_no)
        app.data_changed()


SCREEN = CaseFormScreen
