"""Printing records as an aligned table (CJK-aware), CSV or JSON."""

from __future__ import annotations

import csv
import io
import json
import sys

import click
from rich.cells import cell_len

from huitoukan_tui.services.text import fit, looks_like_formula, printable

FORMATS = click.Choice(["table", "csv", "json"])
#: a record id or a count as the databases store it (64-bit): larger is refused by click,
#: never handed to the engine (which would fail with an overflow)
SQL_ID = click.IntRange(1, 2**63 - 1)


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return f"{value:.1%}"
    if isinstance(value, list):
        return "；".join(_cell(v) for v in value)
    if isinstance(value, dict):
        return " ".join(_cell(v) for v in value.values())
    return printable(value)


def table(records: list[dict], columns: list[tuple[str, str]], max_width: int = 40) -> str:
    """columns: (key, Chinese heading)."""
    cells = [[_cell(r.get(k)) for k, _ in columns] for r in records]
    widths = []
    for i, (_, head) in enumerate(columns):
        w = max([cell_len(head)] + [cell_len(row[i]) for row in cells])
        widths.append(min(w, max_width))
    lines = ["  ".join(fit(h, widths[i]) for i, (_, h) in enumerate(columns)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    for row in cells:
        lines.append("  ".join(fit(c, widths[i]) for i, c in enumerate(row)).rstrip())
    return "\n".join(lines)


def csv_text(records: list[dict], columns: list[tuple[str, str]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow([k for k, _ in columns])
    for r in records:
        writer.writerow([_csv_cell(r.get(k)) for k, _ in columns])
    return buf.getvalue()


def _csv_cell(value: object) -> str:
    """Numbers and flags for scripts; text as stored (line breaks kept), except that text a
    spreadsheet would run as a formula gets a leading ``'`` (JSON keeps it untouched)."""
    if isinstance(value, float):
        return f"{value:.4f}"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        text = value
    elif isinstance(value, list):
        text = "；".join(v if isinstance(v, str) else _cell(v) for v in value)
    else:
        text = _cell(value)
    return "'" + text if looks_like_formula(text) else text


def emit(data: object, fmt: str, records: list[dict] | None = None,
         columns: list[tuple[str, str]] | None = None) -> None:
    """Print ``data`` as JSON, or ``records`` as a table or CSV."""
    if fmt == "json":
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    elif fmt == "csv":
        sys.stdout.write(csv_text(records or [], columns or []))
    else:
        click.echo(table(records or [], columns or []))
