"""Database work off the UI thread.

Every service call of the TUI runs in a Textual thread worker, on a connection of its own
(``services.connection.in_connection``: peewee connections are per thread). Results come
back to the UI thread through a callback; refusals (``ServiceError``) and unexpected failures become
notifications, never tracebacks on screen.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, TypeVar

from textual.dom import DOMNode
from textual.worker import Worker, get_current_worker

from huitoukan_tui.services.connection import in_connection
from huitoukan_tui.services.errors import ServiceError

T = TypeVar("T")
log = logging.getLogger("huitoukan_tui.tui")


def run_db(
    node: DOMNode,
    job: Callable[[], T],
    on_success: Callable[[T], Any] | None = None,
    *,
    on_error: Callable[[ServiceError], Any] | None = None,
    group: str = "db",
    exclusive: bool = False,
    description: str = "",
) -> Worker[None]:
    """Run ``job`` (a service call) in a thread worker owned by ``node``.

    ``on_success(result)`` / ``on_error(exc)`` run on the UI thread unless the worker was
    cancelled meanwhile (``exclusive`` cancels the group's earlier workers). Without
    ``on_error`` a refusal is shown as an error notification.
    """
    app = node.app

    def deliver(callback: Callable[..., Any], value: object) -> None:
        if get_current_worker().is_cancelled:
            return
        try:
            app.call_from_thread(_guarded, app, callback, value)
        except RuntimeError:  # the app is shutting down
            pass

    def body() -> None:
        try:
            result = in_connection(job)
        except ServiceError as exc:
            deliver(on_error or _notify_refusal(app), exc)
            return
        except Exception as exc:  # noqa: BLE001 - shown as a notification, logged in full
            log.exception("database work failed")
            deliver(_notify_failure(app), exc)
            return
        if on_success is not None:
            deliver(on_success, result)

    return node.run_worker(body, thread=True, group=group, exclusive=exclusive,
                           exit_on_error=False, description=description or group)


def _guarded(app, callback: Callable[[Any], Any], value: object) -> None:
    try:
        callback(value)
    except Exception as exc:  # noqa: BLE001
        log.exception("UI update failed")
        _notify_failure(app)(exc)


def _notify_refusal(app) -> Callable[[ServiceError], None]:
    def show(exc: ServiceError) -> None:
        app.notify("\n".join(exc.lines), title="未能完成", severity="error", markup=False,
                   timeout=8)

    return show


def _notify_failure(app) -> Callable[[Exception], None]:
    def show(exc: Exception) -> None:
        app.notify(f"{type(exc).__name__}: {exc}", title="操作失败（内部错误）",
                   severity="error", markup=False, timeout=10)

    return show
