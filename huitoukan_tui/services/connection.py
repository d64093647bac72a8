"""The database connection of the calling thread (peewee connections are per thread), for work
off the main thread: the TUI's workers and its hangup path call services through this."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from huitoukan_tui.models import database

T = TypeVar("T")


def in_connection(job: Callable[[], T]) -> T:
    """Run ``job`` on this thread's connection; a thread without one opens one for the job
    and closes it afterwards."""
    if database.is_closed():
        with database.connection_context():
            return job()
    return job()
