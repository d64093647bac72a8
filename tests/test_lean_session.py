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


def test_unit_lists_in_pinyin_order_without_loading_pypinyin(tmp_path):
    """The facets and the case form list units by pinyin from the stored sort keys."""
    from click.testing import CliRunner

    from huitoukan_tui.cli import main

    path = tmp_path / "demo.sqlite3"
    assert CliRunner().invoke(main, ["--db", str(path), "init", "--demo"]).exit_code == 0
    code = ("from pathlib import Path\nfrom huitoukan_tui import db\n"
            "from huitoukan_tui.config import DatabaseTarget\n"
            "from huitoukan_tui.models import User\n"
            "from huitoukan_tui.services.organisation import visible_unit_names\n"
            f"db.bind(DatabaseTarget(path=Path({str(path)!r})))\n"
            f"print('units:' + ','.join(visible_unit_names(User.get(User.login == 'root'))))")
    out = subprocess.run([sys.executable, "-c", code + "\nimport sys\n"
                          "print('pypinyin' in sys.modules)"], capture_output=True, text=True,
                         check=True).stdout.split()
    # by hand: jie dao cheng, jie dao nong, li, qi, tao, xin, yang
    assert out[0] == "units:街道城建办,街道农业农村办,里山社区,七星村,桃坡村,新河社区,杨山村"
    assert out[1] == "False"
