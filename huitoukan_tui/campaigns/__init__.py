"""Campaign files shipped with the program (the seed's 2024 plan of 里山街道)."""

from __future__ import annotations

from pathlib import Path

#: the campaign of plain ``init`` and ``init --demo``
SEED_FILE = Path(__file__).with_name("2024_lishan.toml")
