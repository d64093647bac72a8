"""Text from the database, made safe to put on screen.

Input is already cleaned by the services, but what is shown must not depend on that: escape
sequences and control characters are removed again here, and the result is always wrapped in
a Rich ``Text`` / Textual ``Content`` (literal text, never markup).
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text

#: printable text: no escape sequences, control or invisible reordering characters; one
#: line unless asked (the same function prints user text in the CLI)
from huitoukan_tui.services.text import printable as plain


def literal(value: object, style: str | Style = "", *, multiline: bool = False) -> Text:
    """A Rich Text holding ``value`` literally (square brackets stay square brackets)."""
    text = Text(no_wrap=not multiline, end="")
    text.append(plain(value, multiline=multiline), style)  # the style is this part's only
    return text


def wrapped(value: object, style: str | Style = "", *, multiline: bool = False) -> Text:
    """Like ``literal`` but wraps at the available width (for detail views)."""
    text = Text(end="")
    text.append(plain(value, multiline=multiline), style)
    return text


