"""The one-line text field of every form and search box.

Textual's Input keeps only the first line of a paste, silently: ``张伟\\n李娜\\n王强`` pasted
into 核查人员 became ``张伟``. ``LineInput`` joins the lines instead (``张伟、李娜、王强``; a
search box joins them with blanks, i.e. as several terms). And a long value that loses focus
shows its start again: Input leaves it scrolled to the cursor at its end, which looks like
text cut off at the front. Tab into a field does not select its text (typing would replace
it): the cursor goes to the end.
"""

from __future__ import annotations

from textual import events
from textual.widgets import Input

#: how form fields join pasted lines (the list separator of Chinese text)
LIST_JOINER = "、"


def join_lines(text: str, joiner: str = LIST_JOINER) -> str:
    """The non-blank lines of ``text``, stripped, joined by ``joiner`` (a line that already
    ends with it gets no second one)."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    out = ""
    for line in lines:
        if out and not out.endswith(joiner):
            out += joiner
        out += line
    return out


class LineInput(Input):
    """Input that joins a pasted multi-line text with ``joiner`` and shows its start when it
    loses focus."""

    def __init__(self, *args, joiner: str = LIST_JOINER, **kwargs) -> None:
        # tab into a field puts the cursor at its end: typing adds to the text instead of
        # replacing all of it (Textual selects everything on focus)
        kwargs.setdefault("select_on_focus", False)
        super().__init__(*args, **kwargs)
        self.joiner = joiner

    def _on_paste(self, event: events.Paste) -> None:
        # Input's own handler runs next and inserts the first line: make it the only one
        if "\n" in event.text.strip() or "\r" in event.text.strip():
            event.text = join_lines(event.text, self.joiner)

    def _on_blur(self, event: events.Blur) -> None:
        # after the scroll to the cursor that the last typed key may still have pending
        self.call_after_refresh(self._show_start)

    def _show_start(self) -> None:
        if self.is_attached and self.app.focused is not self:
            self.scroll_to(0, 0, animate=False, immediate=True)

    def _on_focus(self, event: events.Focus) -> None:
        self.call_after_refresh(self._show_cursor)

    def _show_cursor(self) -> None:
        if self.is_attached and self.app.focused is self:
            self._watch_selection(self.selection)  # Input's own scroll to its cursor
