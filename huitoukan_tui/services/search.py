"""Chinese substring search over cases, behind one function per engine.

SQLite: an FTS5 table holds every searchable character as its own token, and a query becomes
a phrase of its characters. FTS5 phrase matching checks adjacency from the positions, so a
1-, 2- or 3-character Chinese word is answered from the index (the trigram tokenizer cannot do
fewer than 3 characters). PostgreSQL: a term of 1 or 2 characters is looked up in a GIN
index of the characters and character pairs of ``search_text`` (the way Lucene's CJK bigram
analyzer indexes), a longer one with ``LIKE`` backed by a pg_trgm GIN index (pg_trgm finds no
trigram in a shorter pattern and would scan every row). Both engines match within one field.

Pinyin initials: ``search_text`` also holds, for each Chinese field, a line of its pinyin
initials in capitals (``七星村`` → ``QXC``, phrase-aware: services.pinyin). A term of two or
more Latin letters (digits allowed) matches the text or those initials: ``qxc`` finds 七星村,
``zs`` 噪声. Capitals keep the initials apart from the text on PostgreSQL (a query is lower
case, so ``z`` alone finds only a ``z`` that is written); FTS5 indexes an initials line as its
overlapping letter pairs, so a two-letter query reads one short list of pairs, not the long
lists of single letters that nearly every case holds.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable

from peewee import OP, SQL, Expression, Value, fn

from huitoukan_tui import db as dbmod
from huitoukan_tui import search_index
from huitoukan_tui.models import Case, Meta, database
from huitoukan_tui.search_index import FTS_TABLE, PG_GRAMS, SEARCH_TEXT_FORM
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


#: the lines of search_text before the initials lines: case number, target, location, content
_TEXT_LINES = 4


def searchable_text(case_no: str, target: str, location: str, content: str) -> str:
    """The searchable characters of each field, one line per field (both engines match
    a term inside one field only, the same way), then the pinyin initials of each field
    that has Chinese characters, in capitals, one line each."""
    lines = [_searchable(t) for t in (case_no, target, location, content)]
    lines += [spelled_line(t) for t in (target, location, content) if pinyin.has_hanzi(t)]
    return "\n".join(lines)


def spelled_line(text: str) -> str:
    """``七星村石门组`` → ``QXCSMZ``: the searchable characters of ``text`` with every Chinese
    character replaced by its pinyin initial, in capitals (punctuation still tells the
    phrases apart while the initials are taken)."""
    return _searchable(pinyin.initials(normalize(text))).upper()


def initials_line(text: str) -> str:
    """``spelled_line`` of a text with Chinese characters, else "": what a four-list item
    keeps of its 新发现问题 (Rectification.problem_initials) for the lists' search."""
    return spelled_line(text) if pinyin.has_hanzi(text) else ""


def _pairs(text: str) -> list[str]:
    return [text[i:i + 2] for i in range(len(text) - 1)]


def _fts_body(search_text: str) -> str:
    lines = search_text.split("\n")
    fields = [" ".join(line) for line in lines[:_TEXT_LINES]]
    fields += [" ".join(_pairs(line)) for line in lines[_TEXT_LINES:]]
    return _FIELD_BREAK.join(fields)


def query_terms(query: str) -> list[str]:
    """Blank-separated terms of a query, each reduced to its searchable characters."""
    terms = [_searchable(part) for part in normalize(query).split()]
    return [t for t in terms if t]


def may_be_initials(term: str) -> bool:
    """A term of two or more Latin letters and digits, one letter at least: it also matches
    pinyin initials (one letter would match nearly every case)."""
    return len(term) >= 2 and term.isascii() and not term.isdigit()


def text_matches(query: str, text: str) -> bool:
    """Whether every term of ``query`` occurs in ``text`` or in its pinyin initials (``qxc``
    finds 七星村): the ledger search's rule, for lists held in memory (choices, units),
    where one letter narrows too (``q``: 七星村, 齐山村)."""
    terms = query_terms(query)
    if not terms:
        return True
    folded = _searchable(text)
    spelled = spelled_line(text).lower() if pinyin.has_hanzi(text) else ""
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


_UPGRADE_CHUNK = 5000


def outdated() -> bool:
    """Whether the cases' search_text is of an older form than this program writes."""
    row = Meta.get_or_none(Meta.key == "search_text")
    return row is None or row.value != SEARCH_TEXT_FORM


def upgrade() -> int:
    """Recompute every case's search_text (and the index) in the current form, in one
    transaction, if the database holds an older one. Returns how many cases were rewritten.
    Derived data only: versions, audit and what the user typed stay as they are."""
    if not outdated():
        return 0
    rewritten = 0
    pinyin.load()  # before the write lock
    with database.atomic():
        dbmod.lock_name("search_text")
        if not outdated():
            return 0  # another session did it while this one waited
        last = 0
        while True:
            rows = list(Case.select(Case.id, Case.case_no, Case.target, Case.location,
                                    Case.content)
                        .where(Case.id > last).order_by(Case.id).limit(_UPGRADE_CHUNK).tuples())
            if not rows:
                break
            texts = [(case_id, searchable_text(no, target, location, content))
                     for case_id, no, target, location, content in rows]
            mark = database.param
            database.cursor().executemany(
                f'UPDATE "{Case._meta.table_name}" SET "search_text" = {mark} '
                f'WHERE "id" = {mark}',
                [(text, case_id) for case_id, text in texts])
            reindex(texts)
            last = rows[-1][0]
            rewritten += len(rows)
        Meta.insert(key="search_text", value=SEARCH_TEXT_FORM).on_conflict(
            conflict_target=[Meta.key], update={Meta.value: SEARCH_TEXT_FORM}).execute()
    return rewritten


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
    """PostgreSQL: ``term`` occurs in one field of the case, or in the (capital) initials of
    one. Terms are lower-case letters and digits only (no LIKE wildcards), like the text lines
    of search_text, so LIKE needs no ILIKE."""
    if may_be_initials(term):
        return _pg_occurs(term) | _pg_occurs(term.upper())
    return _pg_occurs(term)


def _pg_occurs(term: str) -> Expression:
    if len(term) <= 2:
        grams = getattr(fn, PG_GRAMS)(Case.search_text)
        return Expression(grams, "@>", Value([term], unpack=False))
    return Expression(Case.search_text, OP.LIKE, f"%{term}%")


def _match_expression(terms: list[str]) -> str:
    """FTS5: every term as a phrase of its characters (or of its letter pairs, in the
    initials), all terms required."""
    return " AND ".join(_fts_term(term) for term in terms)


def _fts_term(term: str) -> str:
    phrase = '"' + " ".join(term) + '"'
    if may_be_initials(term):
        return f'({phrase} OR "{" ".join(_pairs(term))}")'
    return phrase


def matching_ids(query: str) -> set[int] | None:
    """The ids of the cases matching every term of ``query`` (None: the query has no terms),
    SQLite: from the index alone. For callers that already hold ordered ids: filtering them
    by this set avoids joining, and on SQLite reading a case row per match."""
    terms = query_terms(query)
    if not terms:
        return None
    if not dbmod.is_sqlite():
        # one text value too: psycopg2 makes a Python tuple per row
        found = Case.select(fn.string_agg(Case.id.cast("text"), ",")).where(condition(query))
        text = found.scalar()
        return set(json.loads(f"[{text}]")) if text else set()
    # one text value, not a row per match (see cases._ordered_ids: the GIL is handed back
    # and forth once per row; 60,000 matches of a two-letter query cost ~60 ms more), as a
    # JSON array: json.loads makes the ints in C (splitting and int() per id: 2x the time)
    text = database.obj.execute_sql(
        f"SELECT json_group_array(rowid) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH ?",
        (_match_expression(terms),)).fetchone()[0]
    return set(json.loads(text)) if text else set()
