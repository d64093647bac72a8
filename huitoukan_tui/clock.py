"""The one clock of the program: "today" and "now" in a time zone, never the process's.

Servers often run in UTC while the campaign's days, deadlines and the Thursday-morning report
are China's. ``today(zone)`` and ``now(zone)`` compute in ``zone`` (a campaign passes its own;
the default, ``DEFAULT_ZONE``, is set here only). Two environment variables fix the clock for
demos and tests:

- ``HUITOUKAN_TODAY=2024-04-11``: today is that day (the time of day keeps running);
- ``HUITOUKAN_NOW=2024-04-11T09:30``: it is that moment, wall time in the default zone (in
  another zone ``now(zone)`` is the same instant there). It wins over ``HUITOUKAN_TODAY``.

``now()`` is *naive*: the wall-clock time in the zone, to the second. That is what the records
keep (audit, drafts, submissions) and what screens show, whatever the server's zone.

Defined below the storage layer (it imports nothing of the program but its error types) so
that the models stamp rows with it too; services, CLI and TUI import it as
``huitoukan_tui.services.clock``.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from huitoukan_tui.errors import ServiceError

DEFAULT_ZONE = "Asia/Shanghai"
ENV_TODAY = "HUITOUKAN_TODAY"
ENV_NOW = "HUITOUKAN_NOW"

Zone = ZoneInfo | str | None


@functools.lru_cache(maxsize=16)
def _zone_named(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ServiceError(f"时区无效：{name}（应为 Asia/Shanghai 这样的 IANA 时区名）") from None


def zone_info(zone: Zone = None) -> ZoneInfo:
    """The zone ``zone`` names (a ZoneInfo, an IANA name, or None: the default)."""
    if isinstance(zone, ZoneInfo):
        return zone
    return _zone_named(zone or DEFAULT_ZONE)


@functools.lru_cache(maxsize=8)
def _fixed_day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise ServiceError(f"环境变量 {ENV_TODAY} 不是有效日期：{text}"
                           "（应为 2024-04-11 这样的日期）") from None


@functools.lru_cache(maxsize=8)
def _fixed_moment(text: str) -> dt.datetime:
    """HUITOUKAN_NOW as an aware moment (read in the default zone)."""
    try:
        moment = dt.datetime.strptime(text.strip(), "%Y-%m-%dT%H:%M")
    except ValueError:
        raise ServiceError(f"环境变量 {ENV_NOW} 不是有效时间：{text}"
                           "（应为 2024-04-11T09:30 这样的日期和时刻）") from None
    return moment.replace(tzinfo=zone_info())


def _env(name: str) -> str:
    return os.environ.get(name, "").strip()


def now(zone: Zone = None) -> dt.datetime:
    """The wall-clock time in ``zone`` now (naive, to the second)."""
    tz = zone_info(zone)
    fixed = _env(ENV_NOW)
    if fixed:
        return _fixed_moment(fixed).astimezone(tz).replace(tzinfo=None)
    real = dt.datetime.now(tz).replace(microsecond=0, tzinfo=None)
    day = _env(ENV_TODAY)
    if day:
        return dt.datetime.combine(_fixed_day(day), real.time())
    return real


def today(zone: Zone = None) -> dt.date:
    """The date in ``zone`` today."""
    if not _env(ENV_NOW) and _env(ENV_TODAY):
        return _fixed_day(_env(ENV_TODAY))
    return now(zone).date()


def check() -> None:
    """Refuse, with one Chinese line, an override that cannot be read (at start-up, before
    any work begins)."""
    now()
