"""The footer of every screen: the keys that fit the terminal's width.

Textual's Footer draws every key in one line and cuts what does not fit at the right edge; at
80 columns that was 命令 (ctrl+p) and 退出 (q), the two a new user looks for. This footer
leaves keys out from the end instead (the app's screen keys come after the screen's own),
never 帮助, 命令 or 退出: every key is still in the help screen (?) and the command palette.
"""

from __future__ import annotations

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

#: actions the footer always shows
KEPT_ACTIONS = frozenset({"help", "command_palette", "quit"})


def key_width(key_display: str, description: str) -> int:
    """Cells a key takes in the compact footer: key, blank, description, and the margin."""
    return cell_len(key_display) + (1 + cell_len(description) if description else 0) + 1


class KeyFooter(Footer):
    """A compact footer without the command-palette corner, fitted to its width."""

    def __init__(self) -> None:
        super().__init__(compact=True, show_command_palette=False)
        self._fitted_to = 0
        #: the keys the composed footer has (_shown() of that moment), whether none was left
        #: out for the width, and the keys shown now (a subset of them may be hidden)
        self._composed: tuple | None = None
        self._complete = False
        self._visible: tuple | None = None

    @staticmethod
    def _shown(screen) -> tuple:
        return tuple((key, binding.action, binding.description, enabled, tooltip)
                     for key, (_node, binding, enabled, tooltip)
                     in screen.active_bindings.items() if binding.show)

    @staticmethod
    def _keys(shown: tuple) -> list[tuple]:
        """The footer's keys for ``shown``: the first binding of each action (Footer's rule)."""
        seen: dict[str, tuple] = {}
        for item in shown:
            seen.setdefault(item[1], item)
        return list(seen.values())

    def bindings_changed(self, screen) -> None:
        """Textual rebuilds the footer (a dozen widgets, then a layout of the screen) every
        time the bindings may have changed: at every focus change and after every action,
        ~20–60 ms of CPU per key at 160 columns. Here nothing happens when its keys are the
        same, and when they are some of the composed footer's (a search box takes the
        focus: the letter keys go) the others are only hidden, and shown again after."""
        if not (self._bindings_ready and self.is_attached and screen is self.screen
                and self._composed is not None):
            super().bindings_changed(screen)
            return
        shown = self._shown(screen)
        if shown == self._visible:
            return
        wanted = set(self._keys(shown))
        if not (self._complete and wanted <= set(self._keys(self._composed))):
            super().bindings_changed(screen)
            return
        for key in self.query(FooterKey):
            key.display = key.state in wanted
        self.styles.grid_size_columns = len(wanted)
        self._visible = shown

    def compose(self) -> ComposeResult:
        shown = self._shown(self.screen) if self._bindings_ready else None
        self._composed = self._visible = shown
        keys = list(super().compose())
        for key, state in zip(keys, self._keys(shown or ()), strict=False):
            key.state = state  # (key, action, description, enabled, tooltip)
        for key in keys:
            # FooterKey's compact watcher adds this class once mounted, which styles the key
            # and its parts a second time: a third of the start's CPU. Given now, it is a no-op.
            key.add_class("-compact", update=False)
        room = self.size.width or self.app.size.width
        self._fitted_to = room
        used = sum(key_width(k.key_display, k.description) for k in keys)
        self._complete = used <= room
        for key in reversed(list(keys)):
            if used <= room:
                break
            if key.action not in KEPT_ACTIONS:
                keys.remove(key)
                used -= key_width(key.key_display, key.description)
        yield from keys

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width != self._fitted_to:
            self.refresh(recompose=True)
