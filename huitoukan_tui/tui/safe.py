"""Text from the database, made safe to put on screen.

Input is already cleaned by the services, but what is shown must not depend on that: escape
sequences and control characters are removed again here, and the result is always wrapped in
a Rich ``Text`` / Textual ``Content`` (literal text, never markup).
"""

from __future__ import annotations

import re

from rich.style import Style
from rich.text import Text

# ESC/CSI/OSC sequences, then any other C0/C1 control character (newline and tab are kept
# for multi-line text and turned into blanks for single-line cells)
_ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-_]?"
                      r"|\x9b[0-?]*[ -/]*[@-~]")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\u2028\u2029\ufeff]")


def plain(value: object, *, multiline: bool = False) -> str:
    """Printable text: no escape sequences or control characters; one line unless asked."""
    if value is None:
        return ""
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", _ESCAPES.sub("", text))
    text = text.replace("\t", " ")
    if not multiline:
        text = " ".join(text.split("\n"))
    return text


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


