"""The Textual workbench. Imported only to open the TUI: cron commands never load Textual."""

from huitoukan_tui.tui import keyorder

keyorder.install()
