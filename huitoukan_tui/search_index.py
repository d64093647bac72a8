"""The storage of the case search (its DDL): an FTS5 table on SQLite, a characters-and-pairs
function with two GIN indexes on PostgreSQL. ``services.search`` fills and queries them; the
schema code (``db``) creates them. Imports nothing above the storage layer."""

from __future__ import annotations

from peewee import Database, PostgresqlDatabase, SqliteDatabase

from huitoukan_tui.errors import ServiceError

FTS_TABLE = "case_fts"

#: what the cases' search_text holds, kept in Meta under ``search_text`` (services.search):
#: a database written before the pinyin initials has no such row and is upgraded once
SEARCH_TEXT_FORM = "pinyin-initials"

#: PostgreSQL: the characters and adjacent pairs of a search_text, not across fields
PG_GRAMS = "huitoukan_search_grams"
_PG_GRAMS_FUNCTION = f"""
CREATE OR REPLACE FUNCTION {PG_GRAMS}(t text) RETURNS text[]
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
  grams text[] := '{{}}';
  prev text := '';
  c text;
BEGIN
  FOREACH c IN ARRAY regexp_split_to_array(t, '') LOOP
    IF c = E'\\n' THEN
      prev := '';
      CONTINUE;
    END IF;
    grams := array_append(grams, c);
    IF prev <> '' THEN
      grams := array_append(grams, prev || c);
    END IF;
    prev := c;
  END LOOP;
  RETURN grams;
END $$"""
PG_INDEXES = {
    "petition_case_search_trgm": "USING gin (search_text gin_trgm_ops)",
    "petition_case_search_grams": f"USING gin ({PG_GRAMS}(search_text))",
}


def create_index(db: Database) -> None:
    if isinstance(db, SqliteDatabase):
        db.execute_sql(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} "
            "USING fts5(body, tokenize='unicode61 remove_diacritics 0')")
    elif isinstance(db, PostgresqlDatabase):
        available = db.execute_sql(
            "SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'").fetchone()
        if not available:
            raise ServiceError("PostgreSQL 服务器缺少 pg_trgm 扩展（查找用的索引）："
                               "请在数据库服务器上安装 postgresql-contrib 后重试。")
        db.execute_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        db.execute_sql(_PG_GRAMS_FUNCTION)
        for name, how in PG_INDEXES.items():
            db.execute_sql(f"CREATE INDEX IF NOT EXISTS {name} ON petition_case {how}")


def drop_index(db: Database) -> None:
    """PostgreSQL: before a bulk load (the trigram index is then built once instead of updated
    row by row); ``create_index`` afterwards. SQLite: nothing to do."""
    if isinstance(db, PostgresqlDatabase):
        for name in PG_INDEXES:
            db.execute_sql(f"DROP INDEX IF EXISTS {name}")
