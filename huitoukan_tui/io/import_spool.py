"""Where the import keeps the rows of a file between its two passes, on disk.

Pass one reads and checks every row and puts the checked ones here; pass two writes them from
here in chunks. A district's million rows thus never sit in memory together (a checked row
takes about 1 KB as Python objects), and the file is read only once. The spool is a SQLite
file in a private temporary folder (services.scratch), removed when the import ends: the
values of each row (pickled), the case numbers seen so far (to name the first row of a number
that repeats) and the rows that hold cases (for messages about the file).
"""

from __future__ import annotations

import pickle
import sqlite3
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

#: rows written or read at a time
CHUNK = 5000


class Spool:
    def __init__(self, folder: Path) -> None:
        self.path = folder / "import-spool.sqlite3"
        self.db = sqlite3.connect(self.path, isolation_level=None)
        self.db.executescript("""
            PRAGMA journal_mode = OFF;
            PRAGMA synchronous = OFF;
            PRAGMA temp_store = FILE;
            CREATE TABLE edit (seq INTEGER PRIMARY KEY, valid INTEGER, sheet TEXT, row INTEGER,
                               generated INTEGER, data BLOB);
            CREATE TABLE number (case_no TEXT PRIMARY KEY, sheet TEXT, row INTEGER)
                WITHOUT ROWID;
            CREATE TABLE case_row (sheet TEXT, row INTEGER);
        """)
        self.db.execute("BEGIN")
        self.counts = {True: 0, False: 0}

    def close(self) -> None:
        self.db.close()

    def first_rows(self, numbers: list[str]) -> dict[str, tuple[str, int]]:
        """Of ``numbers``, those already seen: number → (sheet, row) where it was first."""
        found: dict[str, tuple[str, int]] = {}
        for start in range(0, len(numbers), 900):
            chunk = numbers[start:start + 900]
            marks = ", ".join("?" for _ in chunk)
            found.update((n, (s, r)) for n, s, r in self.db.execute(
                f"SELECT case_no, sheet, row FROM number WHERE case_no IN ({marks})", chunk))
        return found

    def add_numbers(self, rows: list[tuple[str, str, int]]) -> None:
        self.db.executemany("INSERT INTO number VALUES (?, ?, ?)", rows)

    def add_case_rows(self, rows: list[tuple[str, int]]) -> None:
        self.db.executemany("INSERT INTO case_row VALUES (?, ?)", rows)

    def per_sheet(self) -> Counter:
        """Checked cases per sheet."""
        return Counter(dict(self.db.execute(
            "SELECT sheet, count(*) FROM edit WHERE valid = 1 GROUP BY sheet")))

    def case_row_count(self) -> int:
        return self.db.execute("SELECT count(*) FROM case_row").fetchone()[0]

    def case_rows(self, sheet: str) -> set[int]:
        return {r for (r,) in self.db.execute("SELECT row FROM case_row WHERE sheet = ?",
                                              (sheet,))}

    def add(self, rows: list[tuple[bool, str, int, bool, dict]]) -> None:
        """Rows as (valid, sheet, row, generated number, values), in file order."""
        self.db.executemany(
            "INSERT INTO edit (valid, sheet, row, generated, data) VALUES (?, ?, ?, ?, ?)",
            [(valid, sheet, row, generated, pickle.dumps(values, pickle.HIGHEST_PROTOCOL))
             for valid, sheet, row, generated, values in rows])
        for valid, *_ in rows:
            self.counts[bool(valid)] += 1

    def chunks(self, valid: bool = True) -> Iterator[list[tuple[str, int, bool, dict]]]:
        """The spooled rows (valid or refused) in file order, CHUNK at a time, as
        (sheet, row, generated number, values)."""
        size, after = CHUNK, 0
        while True:
            batch = self.db.execute(
                "SELECT seq, sheet, row, generated, data FROM edit WHERE valid = ? AND seq > ? "
                "ORDER BY seq LIMIT ?", (int(valid), after, size)).fetchall()
            if not batch:
                return
            after = batch[-1][0]
            yield [(sheet, row, bool(generated), pickle.loads(data))
                   for _, sheet, row, generated, data in batch]
