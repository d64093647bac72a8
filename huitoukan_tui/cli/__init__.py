"""The ``huitoukan-tui`` command. Each command is thin: parse, call a service, print."""

from huitoukan_tui.cli.app import main

__all__ = ["main"]
