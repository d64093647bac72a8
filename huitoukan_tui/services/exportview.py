"""What the export screen shows before anything is written: where the files go and which
report week is due (plain values; the export itself is ``io.exporting.export_forms``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from huitoukan_tui.models import User
from huitoukan_tui.services import access
from huitoukan_tui.services import campaign as campaigns
from huitoukan_tui.services.campaign import Week, report_week, week_due


def export_folder(actor: User) -> Path:
    """Where ``actor``'s exports go (services.access.export_folder: the official folder for
    the station, a folder of one's own for everyone else)."""
    return access.export_folder(actor)


@dataclass(frozen=True)
class ExportView:
    folder: Path
    due_week: Week  # the week whose report is due by today
    report_weekday: int  # Monday=0 … Thursday=3
    streets: bool = False  # a district-wide account: may ask for one file per street

    def week_of(self, day: dt.date) -> Week:
        """The report week containing ``day``."""
        return report_week(self.report_weekday, day)


def export_view(actor: User, today: dt.date, campaign: campaigns.CampaignRef = None
                ) -> ExportView:
    """The export screen's facts for ``campaign`` (default: the actor's current one)."""
    found = campaigns.resolve(campaign, actor)
    return ExportView(export_folder(actor), week_due(found, today), found.report_weekday,
                      access.sees_streets(actor))
