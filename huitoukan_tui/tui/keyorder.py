"""Keep typed text in order when keys arrive in one burst (slow SSH links, paste-like input).

Textual's Input and TextArea insert printable characters in ``_on_key`` but leave their own
editing keys (backspace, arrows, ctrl+u …) to the binding system, which runs only after the
key event has bubbled up to the app. Keys that arrive together are then applied out of order:
``b a ⌫ c`` becomes ``bac`` (Textual issue #6605, fix proposed in PR #6631). Until a release
has the fix, run the widget's own non-priority bindings inline, in arrival order.
"""

from __future__ import annotations

from textual import events
from textual.widgets import Input, TextArea

_PATCHED = "_huitoukan_ordered_keys"


def _ordered(original):
    async def _on_key(self, event: events.Key) -> None:
        if not event.is_printable:
            for binding in self._bindings.key_to_bindings.get(event.key, ()):
                if binding.priority:
                    continue
                if await self.app.run_action(binding.action, self):
                    event.stop()
                    event.prevent_default()
                    return
        await original(self, event)

    setattr(_on_key, _PATCHED, True)
    return _on_key


def install() -> None:
    """Patch Input and TextArea once (idempotent)."""
    for cls in (Input, TextArea):
        handler = cls.__dict__["_on_key"]
        if not getattr(handler, _PATCHED, False):
            cls._on_key = _ordered(handler)
