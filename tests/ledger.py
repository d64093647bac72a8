"""Test helper: a case's entry in a campaign's ledger (its per-campaign status fields)."""

from __future__ import annotations

from huitoukan_tui.models import Case, LedgerEntry
from huitoukan_tui.services import campaign as campaigns


def entry(case: Case | int | str, campaign=None) -> LedgerEntry:
    """The ledger entry of ``case`` (object, id or case number) in ``campaign`` (default: the
    current one), read fresh from the database."""
    if isinstance(case, str):
        case = Case.get(Case.case_no == case)
    case_id = case if isinstance(case, int) else case.id
    ledger = campaigns.resolve(campaign)
    return LedgerEntry.get((LedgerEntry.case == case_id) & (LedgerEntry.campaign == ledger.id))


def entries(campaign=None):
    """Every entry of the campaign's ledger, with its case (``e.case``)."""
    ledger = campaigns.resolve(campaign)
    return list(LedgerEntry.select(LedgerEntry, Case).join(Case)
                .where(LedgerEntry.campaign == ledger.id))
