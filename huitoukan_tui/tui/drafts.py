"""Drafts in the TUI: which form a draft belongs to, and writing drafts without losing the
order of writes.

A form's draft is kept (``services.drafts``) every few seconds while it has unsaved changes,
and right away when the terminal goes away or the user quits with unsaved changes. The next
time the form opens, or at the next login, the draft is offered back.

A form key is ``<kind>:<ref>`` (``inspection:<case no>``, ``case:new``, ``item:<item id>``);
each form screen registers its own kind (``FormScreen.DRAFT_KIND``), and ``draft_form`` finds
the form of a key in that registry (importing the form screens first: the app imports them
only when one is opened).
"""

from __future__ import annotations

import importlib
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from huitoukan_tui.services import drafts
from huitoukan_tui.services.connection import in_connection
from huitoukan_tui.tui.dbwork import run_db

if TYPE_CHECKING:
    from textual.screen import Screen

    from huitoukan_tui.models import User
    from huitoukan_tui.tui.app import HuitoukanApp

log = logging.getLogger("huitoukan_tui.tui")

#: seconds between two automatic saves of a changed form's draft
DRAFT_SECONDS = 5.0


# ---------------------------------------------------------------- form keys


@dataclass(frozen=True)
class DraftForm:
    """What a form key names: a title for people, and how to open that form."""

    title: str
    make: Callable[[], Screen | None] | None  # None: no screen can open it


class DraftKind(Protocol):
    """A form screen class that keeps drafts (see FormScreen)."""

    DRAFT_KIND: str

    @classmethod
    def draft_title(cls, ref: str) -> str | None: ...

    @classmethod
    def from_draft(cls, ref: str) -> Screen: ...


_FORMS: dict[str, DraftKind] = {}
#: the modules of the form screens that keep drafts (each registers itself when imported)
FORM_MODULES = ("huitoukan_tui.tui.screens.case_form",
                "huitoukan_tui.tui.screens.inspection_form",
                "huitoukan_tui.tui.screens.item_editor")


def register_form(form: DraftKind) -> None:
    """Called by each form screen class for its DRAFT_KIND."""
    _FORMS[form.DRAFT_KIND] = form


def draft_form(form_key: str) -> DraftForm:
    """The form a draft's key names (``make`` is None for keys no screen knows)."""
    kind, _, ref = form_key.partition(":")
    for module in FORM_MODULES:
        importlib.import_module(module)
    form = _FORMS.get(kind)
    title = form.draft_title(ref) if form is not None and ref else None
    if form is None or title is None:
        return DraftForm(f"表单 {form_key}", None)
    return DraftForm(title, lambda: form.from_draft(ref))


# ---------------------------------------------------------------- writing drafts


class DraftStore:
    """The actor's draft writes, each applied in the order it was asked for.

    Writes run in thread workers owned by the app (a form that closes right after asking
    must not cancel the write). Two writes of one form may run on two threads at once; a
    sequence number per form key drops a write once a later one of the same key has been
    applied, so the last request always wins."""

    def __init__(self, actor: User) -> None:
        self.actor = actor
        self._lock = threading.Lock()
        self._asked: dict[str, int] = {}
        self._applied: dict[str, int] = {}

    def _ticket(self, key: str) -> int:
        with self._lock:
            self._asked[key] = self._asked.get(key, 0) + 1
            return self._asked[key]

    def _apply(self, key: str, ticket: int, job: Callable[[], object]) -> None:
        with self._lock:
            if self._applied.get(key, 0) > ticket:
                return  # a later write of this form is already done
            job()
            self._applied[key] = ticket

    def save_later(self, app: HuitoukanApp, key: str, data: dict) -> None:
        ticket, actor = self._ticket(key), self.actor
        run_db(app, lambda: self._apply(key, ticket,
                                        lambda: drafts.save_draft(actor, key, data)),
               on_error=_log_refusal, group="draft-write")

    def discard_later(self, app: HuitoukanApp, key: str) -> None:
        ticket, actor = self._ticket(key), self.actor
        run_db(app, lambda: self._apply(key, ticket,
                                        lambda: drafts.discard_draft(actor, key)),
               on_error=_log_refusal, group="draft-write")

    def save_now(self, key: str, data: dict) -> None:
        """Write on the calling thread, with its own connection (the hangup path)."""
        ticket, actor = self._ticket(key), self.actor
        in_connection(lambda: self._apply(
            key, ticket, lambda: drafts.save_draft(actor, key, data)))


def _log_refusal(exc: Exception) -> None:
    log.warning("draft not written: %s", exc)


def keep_open_drafts(app: HuitoukanApp) -> int:
    """Save the draft of every open form with unsaved changes, now, on this thread.

    Runs when the terminal is gone (and when the user quits with unsaved changes): it
    reads the forms' controls in memory and writes the database with its own connection;
    it never touches the terminal. Returns how many drafts were written."""
    from huitoukan_tui.tui.screens.form import FormScreen

    written = 0
    for screen in list(app.screen_stack):
        if not isinstance(screen, FormScreen):
            continue
        try:
            data = screen.draft_to_keep()
            if data is not None:
                app.draft_store.save_now(screen.form_key, data)
                screen.draft_kept(data)
                written += 1
        except Exception:  # noqa: BLE001 - the other forms' drafts must still be kept
            log.exception("draft of %s not kept", type(screen).__name__)
    return written


__all__ = ["DRAFT_SECONDS", "DraftForm", "DraftStore", "draft_form", "keep_open_drafts"]
