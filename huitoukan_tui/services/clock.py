"""The clock every part of the program asks for "today" and "now" (see ``huitoukan_tui.clock``,
where it is defined below the storage layer so that the models stamp rows with it too)."""

from huitoukan_tui.clock import DEFAULT_ZONE, ENV_NOW, ENV_TODAY, check, now, today, zone_info

__all__ = ["DEFAULT_ZONE", "ENV_NOW", "ENV_TODAY", "check", "now", "today", "zone_info"]
