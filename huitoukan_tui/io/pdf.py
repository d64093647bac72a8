"""Print-ready PDFs of the forms: LibreOffice (headless) converts the xlsx files.

- the program is ``HUITOUKAN_SOFFICE`` or ``soffice``/``libreoffice`` on the PATH; without it
  the export is refused with one line saying what to install;
- each conversion runs with its own LibreOffice profile folder (two sessions converting at
  once never meet in a shared profile) and a time limit (``HUITOUKAN_SOFFICE_TIMEOUT``
  seconds, default 300), after which the whole LibreOffice process group is killed;
- the forms name the fonts of Chinese Windows/WPS (宋体, 仿宋, 黑体); where they are not
  installed, fontconfig is told to take Noto CJK's serif/sans faces for them;
- LibreOffice stamps each PDF with the time and a random document id: both are replaced (same
  length, so the cross-reference table stays valid) by values derived from the form, so the
  same week with the same data gives the same bytes, as the xlsx does.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import shutil
import signal
import subprocess
from collections.abc import Sequence
from pathlib import Path

from huitoukan_tui.services.errors import ServiceError

ENV_SOFFICE = "HUITOUKAN_SOFFICE"
ENV_TIMEOUT = "HUITOUKAN_SOFFICE_TIMEOUT"
DEFAULT_TIMEOUT = 300.0

#: Windows font names of the forms → what fontconfig takes when they are not installed
FONT_STAND_INS = {"宋体": "Noto Serif CJK SC", "仿宋": "Noto Serif CJK SC",
                  "黑体": "Noto Sans CJK SC"}
FONTS_CONF = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
{}
</fontconfig>
""".format("\n".join(f'  <alias binding="same"><family>{name}</family>'
                     f"<accept><family>{font}</family></accept></alias>"
                     for name, font in FONT_STAND_INS.items()))

MISSING = ("无法生成 PDF：服务器上没有 LibreOffice（soffice）。请管理员安装 "
           "libreoffice-calc-nogui 和 fonts-noto-cjk，或用 HUITOUKAN_SOFFICE 指定程序；"
           "也可以导出 xlsx 后在本机打印。")


class ConversionFailed(ServiceError):
    pass


def soffice_program() -> str:
    """The LibreOffice program to run; ServiceError saying what to install when absent."""
    configured = os.environ.get(ENV_SOFFICE, "").strip()
    if configured:
        found = shutil.which(configured)
        if found is None:
            raise ServiceError(f"无法生成 PDF：{ENV_SOFFICE}={configured} 不是可以运行的程序。")
        return found
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        raise ServiceError(MISSING)
    return found


def time_limit() -> float:
    try:
        return max(1.0, float(os.environ.get(ENV_TIMEOUT, "") or DEFAULT_TIMEOUT))
    except ValueError:
        return DEFAULT_TIMEOUT


def convert(sources: Sequence[Path], work: Path, stamp: dt.datetime) -> dict[Path, Path]:
    """Convert ``sources`` (xlsx files) to PDF in one LibreOffice run inside the private
    folder ``work``; returns source → PDF for those that were converted (normalised: see the
    module's notes). Raises ConversionFailed when LibreOffice fails or runs out of time."""
    program = soffice_program()
    profile, out = work / "profile", work / "pdf"
    out.mkdir(parents=True, exist_ok=True)
    fonts = work / "fonts.conf"
    fonts.write_text(FONTS_CONF, encoding="utf-8")
    env = {**os.environ, "FONTCONFIG_FILE": str(fonts), "HOME": str(work)}
    argv = [program, "--headless", "--norestore", "--nolockcheck", "--nodefault",
            f"-env:UserInstallation={profile.as_uri()}", "--convert-to", "pdf",
            "--outdir", str(out), *map(str, sources)]
    limit = time_limit()
    try:
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, env=env, cwd=work,
                                start_new_session=True)
    except OSError as exc:
        raise ConversionFailed(f"无法启动 LibreOffice（{exc.strerror or exc}）") from None
    try:
        output, _ = proc.communicate(timeout=limit)
    except subprocess.TimeoutExpired:
        _kill_group(proc)
        raise ConversionFailed(f"PDF 转换超过 {limit:.0f} 秒仍未完成，已停止"
                               f"（可用 {ENV_TIMEOUT} 调整时限）。") from None
    done = {}
    for source in sources:
        pdf = out / (source.stem + ".pdf")
        if pdf.exists() and pdf.stat().st_size:
            normalise(pdf, stamp)
            done[source] = pdf
    if not done and sources:
        detail = output.decode("utf-8", "replace").strip().splitlines()[-1:] or [
            f"退出码 {proc.returncode}"]
        raise ConversionFailed(f"LibreOffice 没有生成 PDF（{detail[0][:200]}）")
    return done


def _kill_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except OSError:
        pass
    proc.wait()


_CREATED = re.compile(rb"/CreationDate\(D:[^)]*\)")
_ID = re.compile(rb"/ID \[\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*\]")
_CHECKSUM = re.compile(rb"/DocChecksum /([0-9A-Fa-f]+)")


def normalise(pdf: Path, stamp: dt.datetime) -> None:
    """Replace LibreOffice's creation time by ``stamp`` and its random document id and
    checksum by a digest of the rest, each with bytes of the same length."""
    data = pdf.read_bytes()
    date = stamp.strftime("D:%Y%m%d%H%M%S").encode()

    def created(m: re.Match) -> bytes:
        old = m.group(0)
        new = b"/CreationDate(" + date + b")"
        return new + b" " * (len(old) - len(new)) if len(new) <= len(old) else old

    data = _CREATED.sub(created, data)
    blanked = _CHECKSUM.sub(lambda m: b"/DocChecksum /" + b"0" * len(m.group(1)),
                            _ID.sub(lambda m: b"/ID []", data))
    digest = hashlib.md5(blanked, usedforsecurity=False).hexdigest().upper().encode()

    def same_length(value: bytes) -> bytes:
        return (digest * (len(value) // len(digest) + 1))[:len(value)]

    data = _ID.sub(lambda m: m.group(0).replace(m.group(1), same_length(m.group(1)))
                   .replace(m.group(2), same_length(m.group(2))), data)
    data = _CHECKSUM.sub(lambda m: b"/DocChecksum /" + same_length(m.group(1)), data)
    pdf.write_bytes(data)
