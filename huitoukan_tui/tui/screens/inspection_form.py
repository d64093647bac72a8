"""现场核查/回访: record an on-site check and the petitioner follow-up for one case."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Input, RadioButton, RadioSet, Static, TextArea

from huitoukan_tui.enums import Satisfaction
from huitoukan_tui.services import casefile, inspections
from huitoukan_tui.services.casefile import CaseBrief
from huitoukan_tui.services.errors import ServiceError
from huitoukan_tui.services.fields import INSPECTION_LABELS
from huitoukan_tui.tui.dbwork import run_db
from huitoukan_tui.tui.navigation import OfferItemEditor
from huitoukan_tui.tui.safe import literal, plain
from huitoukan_tui.tui.screens.form import FormScreen
from huitoukan_tui.tui.widgets.choice import radio_set
from huitoukan_tui.tui.widgets.field import FieldRow, FormBody
from huitoukan_tui.tui.widgets.inputs import LineInput

#: field name (the control's id) → its label, as the service names it in problems
FIELDS = INSPECTION_LABELS


class InspectionFormScreen(FormScreen):
    SCREEN_TITLE = "现场核查/回访"
    DRAFT_KIND = "inspection"
    CONTROLS = tuple(FIELDS)

    @classmethod
    def draft_title(cls, ref: str) -> str | None:
        return f"现场核查/回访 {ref}"

    DEFAULT_CSS = """
    InspectionFormScreen #case-summary { padding: 0 1; color: $text-muted; height: auto;
                                         max-height: 3; }
    InspectionFormScreen #form { padding: 0 1; }
    InspectionFormScreen RadioSet { layout: horizontal; width: 1fr; height: auto; }
    InspectionFormScreen RadioSet > RadioButton { width: auto; margin: 0 2 0 0; }
    InspectionFormScreen TextArea { height: 4; }
    InspectionFormScreen #new_problems { height: 3; }
    InspectionFormScreen Input { width: 1fr; }
    """

    def __init__(self, case_no: str) -> None:
        super().__init__()
        self.case_no = case_no

    @property
    def draft_ref(self) -> str:
        return self.case_no

    def compose(self) -> ComposeResult:
        today = self.happ.today().isoformat()
        yield self.status_bar()
        yield Static(literal(f"信访件 {self.case_no}"), id="case-summary")
        with FormBody(id="form"):
            yield FieldRow(FIELDS["inspected_on"], LineInput(today, placeholder="2024-04-15",
                                                         id="inspected_on", compact=True),
                           required=True)
            yield FieldRow(FIELDS["inspectors"], LineInput(placeholder="如：张伟、李娜",
                                                       id="inspectors", compact=True),
                           required=True)
            yield FieldRow(FIELDS["handled"], radio_set(("是", "否"), id="handled", compact=True),
                           required=True)
            yield FieldRow(FIELDS["rebound"], radio_set(("无", "有"), id="rebound", compact=True),
                           required=True)
            yield FieldRow(FIELDS["satisfaction"],
                           radio_set(Satisfaction.labels(), id="satisfaction", compact=True),
                           required=True)
            yield FieldRow(FIELDS["findings"], TextArea(id="findings", compact=True,
                                                        show_line_numbers=False))
            yield FieldRow(FIELDS["new_problems"],
                           TextArea(id="new_problems", compact=True, show_line_numbers=False),
                           hint="每行一条，每条生成一条“新发现”整改事项")
        yield self.footer()

    def on_mount(self) -> None:
        super().on_mount()
        for radio in self.query(RadioSet):
            for button in radio.query(RadioButton):
                button.value = False
        self.mark_clean()
        self.query_one("#inspected_on", Input).focus()
        case_no = self.case_no
        actor = self.happ.actor
        run_db(self, lambda: casefile.case_brief(actor, case_no), self._show_case,
               group="inspection-case")

    def _show_case(self, brief: CaseBrief) -> None:
        self.query_one("#case-summary", Static).update(literal(_brief_text(brief)))

    # -- values -----------------------------------------------------------------------
    def inspection_input(self) -> inspections.InspectionInput:
        values = self.collect()
        problems = [line for line in str(values["new_problems"]).split("\n") if line.strip()]
        return inspections.InspectionInput(
            inspected_on=values["inspected_on"],
            inspectors=str(values["inspectors"]),
            handled=values["handled"],
            rebound=values["rebound"],
            satisfaction=str(values["satisfaction"]),
            findings=str(values["findings"]),
            new_problems=problems,
        )

    # -- saving -----------------------------------------------------------------------
    def action_save(self) -> None:
        if self.saving:
            return
        self.saving = True
        data = self.inspection_input()
        actor, case_no, today = self.happ.actor, self.case_no, self.happ.today()
        campaign = self.happ.campaign_id

        run_db(self, lambda: inspections.save_inspection(actor, case_no, data, today, campaign),
               self._saved, on_error=self._refused, group="inspection-save")

    def _refused(self, exc: ServiceError) -> None:
        self.saving = False
        self.show_problems(exc)

    def _saved(self, result: inspections.RecordedInspection) -> None:
        self.saving = False
        items = result.items
        self.clear_problems()
        self.mark_clean()
        summary = f"已保存 {result.case_no} 的核查记录（{result.inspected_on.isoformat()}）"
        if items:
            summary += "；生成整改事项：" + "、".join(f"#{i} {kind}" for i, kind, _ in items)
        self.notify(summary, title="已保存", markup=False)
        self.dismiss(None)
        self.happ.data_changed()
        if items:
            self.app.post_message(OfferItemEditor(items))


def _brief_text(case: CaseBrief) -> str:
    return (f"信访件 {case.case_no} · {plain(case.unit)} · 受理 {case.received_on.isoformat()}"
            f" · {plain(case.target)}：{plain(case.content)}")


SCREEN = InspectionFormScreen
