"""Render the picture of the printed attachment 2 for README.md (docs/attachment2.png).

The sample ledger of ``init --demo`` → ``export progress`` → LibreOffice (headless) → PDF →
``pdftoppm`` (the top of the A4 page, where the table is). Needs ``soffice`` and
``pdftoppm`` (Debian: libreoffice-calc-nogui poppler-utils fonts-noto-cjk). The Windows font
names of the form are mapped to Noto CJK for the rendering: 宋体/仿宋 → Noto Serif CJK SC,
黑体 → Noto Sans CJK SC.

Run: ``.venv/bin/python docs/render_attachment2.py [WEEK]`` (default week 2024-03-28).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

DOCS = Path(__file__).resolve().parent
sys.path.insert(0, str(DOCS.parent))

ALIASES = {"宋体": "Noto Serif CJK SC", "仿宋": "Noto Serif CJK SC", "黑体": "Noto Sans CJK SC"}
FONTS_CONF = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
{}
</fontconfig>
""".format("\n".join(f'  <alias binding="same"><family>{name}</family>'
                     f"<prefer><family>{font}</family></prefer></alias>"
                     for name, font in ALIASES.items()))
DPI = 110
#: the part of the A4 landscape page (in points) that holds the table
CROP_PT = (20, 20, 802, 390)


def main(week: str = "2024-03-28") -> Path:
    from huitoukan_tui import db as dbmod
    from huitoukan_tui.config import DatabaseTarget
    from huitoukan_tui.enums import Role
    from huitoukan_tui.io.exporting import export_forms
    from huitoukan_tui.models import Street, User, database
    from huitoukan_tui.services.campaign import add_seed_campaign
    from huitoukan_tui.services.demo import create_demo

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    pdftoppm = shutil.which("pdftoppm")
    if not soffice or not pdftoppm:
        raise SystemExit("needs soffice and pdftoppm (libreoffice-calc-nogui poppler-utils)")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        dbmod.bind(DatabaseTarget(path=work / "demo.sqlite3"), create=True)
        add_seed_campaign(with_units=False)
        admin = User.create(login="admin", display_name="站管理员", role=Role.STATION.value,
        street=Street.select().first(), is_admin=True)
        create_demo(admin)
        [result] = export_forms(admin, "progress", week=week, out_dir=work / "out")
        database.close()
        (work / "fonts.conf").write_text(FONTS_CONF, encoding="utf-8")
        env = {**os.environ, "FONTCONFIG_FILE": str(work / "fonts.conf")}
        subprocess.run([soffice, "--headless", "--norestore",
                        f"-env:UserInstallation=file://{work}/lo", "--convert-to", "pdf",
                        "--outdir", str(work / "pdf"), str(result.path)],
                       check=True, capture_output=True, env=env, timeout=300)
        pdf = work / "pdf" / (result.path.stem + ".pdf")
        x, y, w, h = (round(v * DPI / 72) for v in CROP_PT)
        subprocess.run([pdftoppm, "-png", "-r", str(DPI), "-f", "1", "-l", "1",
                        "-x", str(x), "-y", str(y), "-W", str(w - x), "-H", str(h - y),
                        "-singlefile", str(pdf), str(work / "page")], check=True, env=env)
        target = DOCS / "attachment2.png"
        shutil.copy(work / "page.png", target)
    return target


if __name__ == "__main__":
    print(main(*sys.argv[1:2]))
