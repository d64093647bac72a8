"""What the two list screens (台账 and 四项清单) share: a search box (``#search``) that
reloads the list shortly after typing stops, and a facet dialog over the units the user may
see. A subclass has ``facets``, ``reload()``, ``set_facets(facets)`` and
``facet_dialog(unit_names)`` (the dialog to open, which dismisses with the new facets)."""

from __future__ import annotations

from textual import on
from textual.timer import Timer
from textual.widgets import Input

from huitoukan_tui.services.organisation import visible_unit_names
from huitoukan_tui.tui.dbwork import run_db
from huitoukan_tui.tui.screens.base import AppScreen

#: seconds of typing pause before the search runs: enough to take the characters of one
#: burst (an input method's commit, keys arriving together over a slow link) in one query;
#: at typing speed (≥ 0.1 s between keys) every key's search runs anyway, so a longer wait
#: only made each key later (it was 0.12 s, more than the 0.1 s a key may take)
SEARCH_DEBOUNCE = 0.03


class ListingScreen(AppScreen):
    def __init__(self) -> None:
        super().__init__()
        self._search_timer: Timer | None = None

    @on(Input.Changed, "#search")
    def _search_changed(self) -> None:
        self.stop_search_timer()
        self._search_timer = self.set_timer(SEARCH_DEBOUNCE, self.reload)

    def stop_search_timer(self) -> None:
        """The search runs now (enter): the pending run is dropped."""
        if self._search_timer is not None:
            self._search_timer.stop()
            self._search_timer = None

    def action_facets(self) -> None:
        actor = self.happ.actor
        run_db(self, lambda: visible_unit_names(actor), self._open_facets, group="facets")

    def _open_facets(self, units: list[str]) -> None:
        def chosen(facets) -> None:
            if facets is not None and facets != self.facets:
                self.set_facets(facets)

        self.app.push_screen(self.facet_dialog(units), chosen)
