"""整改措施: an ordered list of measures, each with the milestone targets the seed's rule asks
for (a yearly target per year for a task that runs into a later year, otherwise a quarterly
target per quarter; services.rectifications.required_periods decides which).

The editor keeps a plain model (``[{"content": …, "targets": {period: target}}]``) and
redraws its blocks when the list or the periods change. Targets of periods that no longer
apply (the deadline moved) are kept in the model, shown as "保存时删除" and left out of what
is saved; moving the deadline back brings them back.

Only the inputs take the focus: tab goes from a measure's content through its targets to the
next measure and on to the form's next field, so text typed right after tab always lands in a
field. The buttons are for the mouse; their keys: ctrl+n adds, ctrl+↑/↓ moves the measure the
cursor is in, F8 deletes it.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, Input, Static

from huitoukan_tui.services.rectifications import MeasureInput, period_label
from huitoukan_tui.tui.safe import literal, plain
from huitoukan_tui.tui.widgets.inputs import LineInput

Measure = dict  # {"content": str, "targets": {period: str}}


def blank_measure() -> Measure:
    return {"content": "", "targets": {}}


def clean_measures(measures: list[Measure]) -> list[Measure]:
    """A comparable, JSON-able copy: blank targets dropped."""
    return [{"content": str(m.get("content", "")),
             "targets": {p: str(t) for p, t in dict(m.get("targets") or {}).items()
                         if str(t).strip()}}
            for m in measures]


def _button(label: str, classes: str, variant: str = "default") -> Button:
    """A button for the mouse only: out of the tab order, so text typed after tab always
    lands in a field (a focused button swallowed it); its key is on its label."""
    button = Button(label, classes=classes, compact=True, variant=variant)
    button.can_focus = False
    return button


class MeasureBlock(Vertical):
    """One measure: its number and buttons, its content, one input per milestone period."""

    DEFAULT_CSS = """
    MeasureBlock { height: auto; border: round $border-blurred; padding: 0 1;
                   margin: 0 0 0 0; }
    MeasureBlock:focus-within { border: round $border; }
    MeasureBlock.-invalid { border: round $error; }
    MeasureBlock { border-title-style: bold; border-title-color: $text; }
    MeasureBlock .measure--buttons { height: 1; align-horizontal: right; }
    MeasureBlock Button { min-width: 6; margin: 0 0 0 1; }
    MeasureBlock .measure--row { height: auto; }
    MeasureBlock .measure--label { width: 16; color: $text-muted; }
    MeasureBlock Input { width: 1fr; }
    MeasureBlock .measure--stale { color: $text-muted; text-style: italic; }
    MeasureBlock .measure--hint { color: $warning; }
    """

    BINDINGS = [
        Binding("ctrl+up", "move(-1)", "措施上移", show=False),
        Binding("ctrl+down", "move(1)", "措施下移", show=False),
        Binding("f8", "delete", "删除措施"),
    ]

    def __init__(self, index: int, measure: Measure, periods: list[str], *,
                 read_only: bool = False) -> None:
        super().__init__()
        self.index = index
        self.measure = measure
        self.periods = periods
        self.read_only = read_only
        self.border_title = f"第{index + 1}条"
        self.content_input = LineInput(measure.get("content", ""), compact=True,
                                   placeholder="措施内容，如：完成围挡和喷淋安装",
                                   disabled=read_only, classes="measure--content")
        self.target_inputs: dict[str, Input] = {
            p: LineInput(measure.get("targets", {}).get(p, ""), compact=True, id=f"target-{p}",
                     placeholder=f"{period_label(p)}目标", disabled=read_only)
            for p in periods}

    def compose(self) -> ComposeResult:
        with Horizontal(classes="measure--row"):
            yield Static(Content("措施内容"), classes="measure--label")
            yield self.content_input
        if not self.periods:
            yield Static(Content("填写完成时限后，在这里填写年度或季度目标"),
                         classes="measure--hint")
        for period, widget in self.target_inputs.items():
            with Horizontal(classes="measure--row"):
                yield Static(Content(period_label(period)), classes="measure--label")
                yield widget
        stale = {p: t for p, t in self.measure.get("targets", {}).items()
                 if p not in self.periods and str(t).strip()}
        if stale:
            lines = "\n".join(f"  {period_label(p)}：{plain(t)}" for p, t in stale.items())
            yield Static(literal(f"不在整改期内的旧目标（保存时删除）：\n{lines}",
                                 multiline=True), classes="measure--stale")
        if not self.read_only:  # for the mouse; keys do the same (see the module)
            with Horizontal(classes="measure--buttons"):
                yield _button("上移 ctrl+↑", "measure--up")
                yield _button("下移 ctrl+↓", "measure--down")
                yield _button("删除 F8", "measure--delete", variant="error")

    def values(self) -> Measure:
        targets = dict(self.measure.get("targets") or {})
        targets.update({p: w.value for p, w in self.target_inputs.items()})
        return {"content": self.content_input.value, "targets": targets}

    def action_move(self, delta: int) -> None:
        self.post_message(MeasuresEditor.Action("move", self.index, delta))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not self.read_only  # a closed item's measures: nothing to move or delete

    def action_delete(self) -> None:
        self.post_message(MeasuresEditor.Action("delete", self.index, 0))

    @on(Button.Pressed, ".measure--up")
    def _up(self, event: Button.Pressed) -> None:
        event.stop()
        self.post_message(MeasuresEditor.Action("move", self.index, -1))

    @on(Button.Pressed, ".measure--down")
    def _down(self, event: Button.Pressed) -> None:
        event.stop()
        self.post_message(MeasuresEditor.Action("move", self.index, 1))

    @on(Button.Pressed, ".measure--delete")
    def _delete(self, event: Button.Pressed) -> None:
        event.stop()
        self.post_message(MeasuresEditor.Action("delete", self.index, 0))


class MeasuresEditor(Vertical):
    """The measures of one item. ``measures()`` / ``load()`` exchange the plain model;
    ``measure_inputs()`` is what services.rectifications.update_item takes."""

    DEFAULT_CSS = """
    MeasuresEditor { height: auto; width: 1fr; }
    MeasuresEditor .measures--add { margin: 0 0 0 0; }
    MeasuresEditor .measures--empty { color: $text-muted; }
    """

    class Action(Message):
        def __init__(self, verb: str, index: int, delta: int) -> None:
            super().__init__()
            self.verb, self.index, self.delta = verb, index, delta

    class Changed(Message):
        """The list changed (a measure added, moved or deleted)."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._model: list[Measure] = []
        self.periods: list[str] = []
        self.read_only = False
        self._invalid: set[int] = set()
        #: the refused measures' values when refused (an edited one is no longer outlined)
        self._refused: dict[int, Measure] = {}

    # -- the model --------------------------------------------------------------------
    def blocks(self) -> list[MeasureBlock]:
        """The blocks on screen (not those a redraw is still removing)."""
        return [b for b in self.query(MeasureBlock) if not b._pruning]

    def measures(self) -> list[Measure]:
        """The current values (from the inputs), blank targets dropped."""
        blocks = self.blocks()
        if len(blocks) == len(self._model):
            self._model = [b.values() for b in blocks]
        return clean_measures(self._model)

    def load(self, measures: list[Measure], periods: list[str] | None = None) -> None:
        self._model = clean_measures(measures)
        if periods is not None:
            self.periods = list(periods)
        self._invalid = set()
        self.rebuild()

    def set_periods(self, periods: list[str]) -> None:
        """The deadline changed: show the inputs of these periods (targets kept by period)."""
        if list(periods) == self.periods:
            return
        self._model = self.measures()
        self.periods = list(periods)
        self.rebuild()

    def set_read_only(self, read_only: bool) -> None:
        if read_only != self.read_only:
            self._model = self.measures()
            self.read_only = read_only
            self.rebuild()

    def measure_inputs(self) -> list[MeasureInput]:
        """Measures for the service: the targets of the current periods, in their order."""
        out = []
        for m in self.measures():
            stones = [{"period": p, "target": m["targets"][p]} for p in self.periods
                      if m["targets"].get(p, "").strip()]
            out.append(MeasureInput(m["content"], stones))
        return out

    def mark_invalid(self, indexes: set[int]) -> None:
        """Outline the measures the service refused (0-based), each until it is edited."""
        self._invalid = set(indexes)
        self._refused = {b.index: b.values() for b in self.blocks() if b.index in indexes}
        for block in self.blocks():
            block.set_class(block.index in self._invalid, "-invalid")

    # -- editing ----------------------------------------------------------------------
    def add(self) -> None:
        self._model = self.measures()
        self._model.append(blank_measure())
        self.rebuild(focus=(len(self._model) - 1, ".measure--content"))
        self.post_message(self.Changed())

    def move(self, index: int, delta: int) -> None:
        self._model = self.measures()
        target = index + delta
        if not (0 <= index < len(self._model) and 0 <= target < len(self._model)):
            return
        self._model[index], self._model[target] = self._model[target], self._model[index]
        self._invalid = set()
        self.rebuild(focus=(target, self._focused_part(index)))
        self.post_message(self.Changed())

    def delete(self, index: int) -> None:
        self._model = self.measures()
        if not 0 <= index < len(self._model):
            return
        del self._model[index]
        self._invalid = set()
        focus = (min(index, len(self._model) - 1), ".measure--content") if self._model else None
        self.rebuild(focus=focus)
        self.post_message(self.Changed())

    @on(Input.Changed)
    def _edited(self, event: Input.Changed) -> None:
        block = next((a for a in event.input.ancestors if isinstance(a, MeasureBlock)), None)
        if (block is not None and block.index in self._invalid
                and block.values() != self._refused.get(block.index)):
            self._invalid.discard(block.index)
            block.remove_class("-invalid")

    @on(Action)
    def _action(self, event: Action) -> None:
        event.stop()
        if self.read_only:
            return
        if event.verb == "move":
            self.move(event.index, event.delta)
        elif event.verb == "delete":
            self.delete(event.index)

    @on(Button.Pressed, ".measures--add")
    def _add_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.add()

    # -- drawing ----------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield from self._widgets()

    def _widgets(self) -> list:
        widgets: list = [MeasureBlock(n, m, self.periods, read_only=self.read_only)
                         for n, m in enumerate(self._model)]
        if not self._model:
            widgets.append(Static(Content("（尚无整改措施）"), classes="measures--empty"))
        if not self.read_only:
            widgets.append(_button("＋ 添加整改措施 ctrl+n", "measures--add"))
        return widgets

    def rebuild(self, focus: tuple[int, str] | None = None) -> None:
        if not self.is_mounted:
            return
        with self.app.batch_update():
            self.remove_children()
            self.mount_all(self._widgets())
        for block in self.blocks():
            block.set_class(block.index in self._invalid, "-invalid")
        if focus is not None:
            self.call_after_refresh(self._focus, *focus)

    def _focused_part(self, index: int) -> str:
        """The selector, within block ``index``, of the input that has the focus now (the
        moved measure keeps the focus in the same input)."""
        blocks = self.blocks()
        focused = self.screen.focused
        if 0 <= index < len(blocks) and focused is not None:
            for period, widget in blocks[index].target_inputs.items():
                if widget is focused:
                    return f"#target-{period}"
        return ".measure--content"

    def _focus(self, index: int, selector: str) -> None:
        blocks = self.blocks()
        if not 0 <= index < len(blocks):
            return
        found = list(blocks[index].query(selector))
        if found:
            found[0].focus()
            found[0].scroll_visible(animate=False)
