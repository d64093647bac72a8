"""Keys arriving in one burst (a slow SSH link delivers them so) are applied in order in every
text field: editing keys are not overtaken by the characters typed after them."""

from __future__ import annotations

import pytest
from textual import events
from textual.app import App
from textual.widgets import Input, TextArea

import huitoukan_tui.tui  # noqa: F401 - installs the key-order fix

BURST = [("b", "b"), ("a", "a"), ("backspace", None), ("c", "c"), ("left", None), ("x", "x"),
         ("home", None), ("噪", "噪")]


class Fields(App):
    def compose(self):
        yield Input(id="line")
        yield TextArea(id="text")


@pytest.mark.parametrize("field", ["line", "text"])
async def test_burst_of_keys_is_applied_in_order(field):
    app = Fields()
    async with app.run_test() as pilot:
        widget = app.query_one(f"#{field}")
        widget.focus()
        await pilot.pause()
        for key, char in BURST:  # posted without waiting, as one burst
            app.post_message(events.Key(key, char))
        await pilot.pause(0.3)
        value = widget.value if isinstance(widget, Input) else widget.text
        assert value == "噪bxc"


async def test_a_binding_runs_once_not_twice():
    app = Fields()
    async with app.run_test() as pilot:
        line = app.query_one("#line", Input)
        line.focus()
        line.value = "abcd"
        line.cursor_position = 4
        await pilot.press("backspace")
        await pilot.pause()
        assert line.value == "abc"
