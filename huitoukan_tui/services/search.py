"""Chinese substring search over cases, behind one function per engine.

SQLite: an FTS5 table holds every searchable character as its own token, and a query becomes
a phrase of its characters. FTS5 phrase matching checks adjacency from the positions, so a
1-, 2- or 3-character Chinese word is answered from the index (the trigram tokenizer cannot do
fewer than 3 characters). PostgreSQL: a term of 1 or 2 characters is looked up in a GIN
index of the characters and character pairs of ``search_text`` (the way Lucene's CJK bigram
analyzer indexes), a longer one with ``LIKE`` backed by a pg_trgm GIN index (pg_trgm finds no
trigram in a shorter pattern and would scan every row). Both engines match within one field.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from peewee import OP, SQL, Expression, Value, fn

from huitoukan_tui import db as dbmod
from huitoukan_tui import search_index
from huitoukan_tui.models import Case, database
from huitoukan_tui.search_index import FTS_TABLE, PG_GRAMS
from huitoukan_tui.services import pinyin


def normalize(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").lower()


#: a token no query can produce (queries are single characters): keeps fields apart in FTS
_FIELD_BREAK = " zzfield "


#: what is not a searchable character: [\W_] is everything but str.isalnum()'s characters
_NOT_SEARCHABLE = re.compile(r"[\W_]+")


def _searchable(text: str) -> str:
    """The searchable characters of ``text`` (letters and digits, normalised), in order."""
    return _NOT_SEARCHABLE.sub("", normalize(text))


def searchable_text(case_no: str, target: str, location: str, content: str) -> str:
    """The searchable characters of each field, one line per field (both engines match
    a term inside one field only, the same way)."""
    return "\n".join(_searchable(t) for t in (case_no, target, location, content))


def _fts_body(search_text: str) -> str:
    return _FIELD_BREAK.join(" ".join(line) for line in search_text.split("\n"))


def query_terms(query: str) -> list[str]:
    """Blank-separated terms of a query, each reduced to its searchable characters."""
    terms = [_searchable(part) for part in normalize(query).split()]
    return [t for t in terms if t]


def text_matches(query: str, text: str) -> bool:
    """Whether every term of ``query`` occurs in ``text`` or in its pinyin initials (``qxc``
    finds 七星村): the ledger search's rule, for lists held in memory (choices, units)."""
    terms = query_terms(query)
    if not terms:
        return True
    folded = _searchable(text)
    spelled = pinyin.initials(folded) if pinyin.has_hanzi(folded) else folded
    return all(term in folded or term in spelled for term in terms)


def create_index() -> None:
    search_index.create_index(database.obj)


def reindex(rows: Iterable[tuple[int, str]], *, new: bool = False) -> None:
    """(Re)index cases given as (id, search_text). Call inside the writing transaction.
    ``new``: cases just created, not in the index yet."""
    db = database.obj
    if not dbmod.is_sqlite(db):
        return  # PostgreSQL indexes the column itself
    rows = list(rows)
    if not rows:
        return
    cursor = db.cursor()
    if not new:
        cursor.executemany(f"DELETE FROM {FTS_TABLE} WHERE rowid = ?", [(r[0],) for r in rows])
    cursor.executemany(f"INSERT INTO {FTS_TABLE}(rowid, body) VALUES (?, ?)",
                       [(i, _fts_body(text)) for i, text in rows])


def unindex(case_ids: Iterable[int]) -> None:
    db = database.obj
    if dbmod.is_sqlite(db):
        db.cursor().executemany(f"DELETE FROM {FTS_TABLE} WHERE rowid = ?",
                                [(i,) for i in case_ids])


def rebuild() -> None:
    """Rebuild the whole index from the cases (after a bulk copy or restore)."""
    db = database.obj
    if dbmod.is_sqlite(db):
        db.execute_sql(f"DELETE FROM {FTS_TABLE}")
        reindex(Case.select(Case.id, Case.search_text).tuples().iterator())
    elif dbmod.is_postgres(db):
        create_index()  # after drop_index(): built once over all rows
        db.execute_sql("ANALYZE petition_case")  # statistics for the grams index too


def drop_index() -> None:
    """Before a bulk load, inside its transaction; rebuild() afterwards (see
    search_index.drop_index)."""
    search_index.drop_index(database.obj)


def condition(query: str) -> Expression | None:
    """A WHERE condition for cases matching every term of ``query`` (None: no filter)."""
    terms = query_terms(query)
    if not terms:
        return None
    if dbmod.is_sqlite():
        return Case.id.in_(
            SQL(f"(SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH ?)",
                [_match_expression(terms)]))
    expr = None
    for term in terms:
        part = _pg_term(term)
        expr = part if expr is None else expr & part
    return expr


def _pg_term(term: str) -> Expression:
    """PostgreSQL: ``term`` occurs in one field of the case. Terms are lower-case letters and
    digits only (no LIKE wildcards), like search_text itself, so LIKE needs no ILIKE."""
    if len(term) <= 2:
        grams = getattr(fn, PG_GRAMS)(Case.search_text)
        return Expression(grams, "@>", Value([term], unpack=False))
    return Expression(Case.search_text, OP.LIKE, f"%{term}%")


def _match_expression(terms: list[str]) -> str:
    """FTS5: every term as a phrase of its characters, all terms required."""
    return " AND ".join('"' + " ".join(term) + '"' for term in terms)


def matching_ids(query: str) -> set[int] | None:
    """SQLite: the ids of the cases matching every term of ``query``, from the index alone
    (None: the query has no terms). For callers that already hold ordered ids: filtering them
    by this set avoids reading a case row per match, which a join would do."""
    terms = query_terms(query)
    if not terms:
        return None
    cursor = database.obj.execute_sql(
        f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH ?", (_match_expression(terms),))
    return {row[0] for row in cursor}


def count_matches(query: str) -> int:
    """SQLite: how many cases match every term of ``query``, from the index alone."""
    terms = query_terms(query)
    if not terms:
        return Case.select().count()
    return database.obj.execute_sql(
        f"SELECT count(*) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH ?",
        (_match_expression(terms),)).fetchone()[0]
