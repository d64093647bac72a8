"""Render the pictures of the printed forms for README.md: docs/attachment2.png (进展一览表),
docs/attachment1.png (问题清单) and docs/ledger.png (信访台账).

The sample ledger of ``init --demo`` → ``export … --format pdf`` (the program's own LibreOffice
conversion, io/pdf.py: headless, its own profile, Noto CJK for the Windows fonts) →
``pdftoppm`` (the top of the first A4 page, where the table starts). Needs ``soffice`` and
``pdftoppm`` (Debian: libreoffice-calc-nogui poppler-utils fonts-noto-cjk).

Run: ``.venv/bin/python docs/render_forms.py``.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

DOCS = Path(__file__).resolve().parent
sys.path.insert(0, str(DOCS.parent))

DPI = 110
#: picture → (kind, report week, part of the A4 landscape page in points: x, y, right, bottom);
#: attachment 1 and the ledger in the last week, when items have been closed and referred
PICTURES = {
    "attachment2.png": ("progress", "2024-03-28", (20, 20, 802, 390)),
    "attachment1.png": ("problems", "2024-04-11", (20, 20, 822, 575)),
    "ledger.png": ("ledger", "2024-04-11", (20, 20, 822, 575)),
}


def main() -> list[Path]:
    from huitoukan_tui import db as dbmod
    from huitoukan_tui.config import DatabaseTarget
    from huitoukan_tui.enums import Role
    from huitoukan_tui.io.exporting import export_forms
    from huitoukan_tui.models import Street, User, database
    from huitoukan_tui.services.campaign import add_seed_campaign
    from huitoukan_tui.services.demo import create_demo

    pdftoppm = shutil.which("pdftoppm")
    if not pdftoppm:
        raise SystemExit("needs pdftoppm (poppler-utils)")
    written = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        dbmod.bind(DatabaseTarget(path=work / "demo.sqlite3"), create=True)
        add_seed_campaign(with_units=False)
        admin = User.create(login="admin", display_name="站管理员", role=Role.STATION.value,
                            street=Street.select().first(), is_admin=True)
        create_demo(admin)
        results = {(kind, week): export_forms(admin, kind, week=week, fmt="pdf",
                                              out_dir=work / week)[0]
                   for kind, week, _ in PICTURES.values()}
        database.close()
        for picture, (kind, week, crop) in PICTURES.items():
            x, y, right, bottom = (round(v * DPI / 72) for v in crop)
            subprocess.run([pdftoppm, "-png", "-r", str(DPI), "-f", "1", "-l", "1",
                            "-x", str(x), "-y", str(y), "-W", str(right - x),
                            "-H", str(bottom - y), "-singlefile",
                            str(results[kind, week].path),
                            str(work / kind)], check=True)
            target = DOCS / picture
            shutil.copy(work / f"{kind}.png", target)
            written.append(target)
    return written


if __name__ == "__main__":
    for path in main():
        print(path)
