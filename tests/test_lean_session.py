"""What a TUI session loads before it needs it: thirty sessions share one server, so a
library that only some of them use is imported on first use."""

from __future__ import annotations

import subprocess
import sys


def _modules_after(code: str) -> set[str]:
    code += "\nimport sys\nprint(' '.join(sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    return set(out.split())


def test_pypinyin_is_loaded_only_when_pinyin_is_needed():
    # ~55 MB and ~0.9 s: the ledger, its search and its screens do not need it
    loaded = _modules_after("import huitoukan_tui.tui.app, huitoukan_tui.services.cases, "
                            "huitoukan_tui.services.search, huitoukan_tui.tui.screens.ledger")
    assert "huitoukan_tui.services.search" in loaded
    assert "pypinyin" not in loaded
    used = _modules_after("from huitoukan_tui.services import search\n"
                          "assert search.text_matches('qxc', '七星村')")
    assert "pypinyin" in used
