"""Database work off the UI thread.

Every service call of the TUI runs in a Textual thread worker, on a connection of its own
(``services.connection.in_connection``: peewee connections are per thread). Results come
back to the UI thread through a callback. Every other outcome comes back too, so the screen
that asked is always released (a form's "saving", a list's "loading" rows): a refusal
(``ServiceError``) as it is, an unexpected failure as the one Chinese line of
services.faults (logged for the administrator), both to ``on_error`` or else as a
notification; never a traceback.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, TypeVar

from textual.dom import DOMNode
from textual.worker import Worker, get_current_worker

from huitoukan_tui.services import faults
from huitoukan_tui.services.connection import in_connection
from huitoukan_tui.services.errors import ServiceError
from huitoukan_tui.tui import memory

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
    cancelled meanwhile (``exclusive`` cancels the group's earlier workers). ``on_error``
    gets every failure as a ``ServiceError`` (an unexpected one as
    ``faults.UnexpectedFailure``), also one raised by ``on_success`` itself; without it the
    failure is shown as an error notification.
    """
    app = node.app
    refused = on_error or notify_refusal(app)

    def deliver(callback: Callable[..., Any], value: object) -> None:
        if get_current_worker().is_cancelled:
            return
        try:
            app.call_from_thread(_guarded, node, callback, value, refused)
        except RuntimeError:  # the app is shutting down
            pass

    def body() -> None:
        try:
            result = in_connection(job)
        except ServiceError as exc:
            deliver(refused, exc)
            return
        except Exception as exc:  # noqa: BLE001 - told in Chinese, logged in full
            deliver(refused, faults.failure(exc, f"界面：{where(node)}（{group}）"))
            return
        finally:
            memory.trimmer.poke()  # what the job freed goes back once the jobs are quiet
        if on_success is not None:
            deliver(on_success, result)

    return node.run_worker(body, thread=True, group=group, exclusive=exclusive,
                           exit_on_error=False, description=description or group)


def _guarded(node: DOMNode, callback: Callable[[Any], Any], value: object,
             refused: Callable[[ServiceError], Any]) -> None:
    try:
        callback(value)
    except Exception as exc:  # noqa: BLE001
        failure = faults.failure(exc, f"界面：{where(node)}")
        if callback is refused:
            notify_refusal(node.app)(failure)
            return
        try:
            refused(failure)
        except Exception as again:  # noqa: BLE001 - at least say so
            notify_refusal(node.app)(faults.failure(again, f"界面：{where(node)}"))


def where(node: DOMNode) -> str:
    """The screen ``node`` belongs to, for the administrators' log."""
    try:
        screen = node.screen
    except Exception:  # noqa: BLE001 - not mounted (any more)
        screen = None
    return type(screen).__name__ if screen is not None else type(node).__name__


def notify_refusal(app) -> Callable[[ServiceError], None]:
    def show(exc: ServiceError) -> None:
        unexpected = isinstance(exc, faults.UnexpectedFailure)
        app.notify("\n".join(exc.lines), title="操作失败" if unexpected else "未能完成",
                   severity="error", markup=False, timeout=12 if unexpected else 8)

    return show
