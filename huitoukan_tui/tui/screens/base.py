"""What every full screen of the app shares: the status bar on top, the footer below, and
deterministic cursors in headless runs (tests and snapshots)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.binding import Binding
from textual.reactive import Reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input, TextArea

from huitoukan_tui.tui.widgets.key_footer import KeyFooter
from huitoukan_tui.tui.widgets.status_bar import StatusBar

if TYPE_CHECKING:
    from huitoukan_tui.tui.app import HuitoukanApp


class AppScreen(Screen):
    """Base of the app's screens. ``SCREEN_TITLE`` appears at the left of the status bar and
    as the section title of the help screen."""

    SCREEN_TITLE: ClassVar[str] = ""
    # Priority: the focus moves before the next key is dispatched, so text typed right after
    # tab (keys arrive together over a slow link) lands in the next field, not this one.
    BINDINGS: ClassVar = [
        Binding("tab", "app.focus_next", "下一个", show=False, priority=True),
        Binding("shift+tab", "app.focus_previous", "上一个", show=False, priority=True),
    ]
    #: extra lines for the help screen (keys handled by widgets rather than bindings)
    HELP_NOTES: ClassVar[list[tuple[str, str]]] = []

    #: Textual's Screen repaints all of itself whenever the focus moves (every "/" and enter
    #: on the ledger: ~7 ms of CPU at 160x48, the cells then found unchanged). What shows the
    #: focus repaints anyway: the widgets that get and lose it, and those whose styles
    #: change with it (:focus, :focus-within)
    focused: Reactive[Widget | None] = Reactive(None, repaint=False)

    @property
    def happ(self) -> HuitoukanApp:
        return self.app  # type: ignore[return-value]

    def title_text(self) -> str:
        return self.SCREEN_TITLE

    def status_bar(self) -> StatusBar:
        return StatusBar(self.title_text())

    def footer(self) -> KeyFooter:
        """The keys of this screen that fit (the command palette's key is one of them)."""
        return KeyFooter()

    def on_mount(self) -> None:
        if self.app.is_headless:
            self.freeze_cursors()

    def freeze_cursors(self) -> None:
        """No blinking cursors: a screenshot is then the same every time."""
        for widget in self.query(Input):
            widget.cursor_blink = False
        for widget in self.query(TextArea):
            widget.cursor_blink = False

    def on_descendant_focus(self, event) -> None:
        """A field got the focus: draw a frame once the screen has scrolled it into view, so
        the terminal's cursor (app.cursor_position) moves into it even when nothing else
        changes on screen."""
        self.call_after_refresh(self._refresh_focused_field)

    def _refresh_focused_field(self) -> None:
        focused = self.focused
        if focused is not None and hasattr(focused, "cursor_screen_offset"):
            focused.refresh()

    def campaign_changed(self) -> None:
        """Called by the app when the user switched campaign, before ``data_changed``: forget
        what belonged to the old one (a report week, a drill-down)."""

    def data_changed(self) -> None:
        """Called by the app when records changed (here or by someone else): reload."""
