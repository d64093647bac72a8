"""Copy the whole database to another one: SQLite → PostgreSQL when a street outgrows one
server, PostgreSQL → SQLite to take it back (or to hand a copy to someone).

Table by table in foreign-key order, ids kept, in one transaction on the target (a failed
copy leaves it as it was) and one consistent snapshot of the source. Afterwards PostgreSQL's
id sequences continue after the copied ids, the search index is rebuilt, and the row count
of every table is compared on both sides; the weekly counters are counted again.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from peewee import Database, DataError, IntegrityError, Model, sort_models

from huitoukan_tui import db as dbmod
from huitoukan_tui import week_tally
from huitoukan_tui.config import DatabaseTarget
from huitoukan_tui.models import ALL_MODELS, Meta, User, database
from huitoukan_tui.services import access, search
from huitoukan_tui.services.errors import ServiceError, ValidationError

BATCH = 1000


@dataclass(frozen=True)
class CopyResult:
    source: str
    target: str
    counts: dict[str, int]  # table → rows, equal on both sides


def models_in_order() -> list[type[Model]]:
    """Every table, parents before the tables that refer to them."""
    return sort_models(ALL_MODELS)


def describe(db: Database) -> str:
    if dbmod.is_sqlite(db):
        return str(Path(db.database).resolve())
    params = db.connect_params
    host = params.get("host") or "localhost"
    port = f":{params['port']}" if params.get("port") else ""
    return f"postgresql://{params.get('user') or ''}@{host}{port}/{db.database}"


def table_counts(db: Database) -> dict[str, int]:
    return {m._meta.table_name: db.execute_sql(
        f"SELECT COUNT(*) FROM {_quote(db, m._meta.table_name)}").fetchone()[0]
        for m in models_in_order()}


def copy_database(actor: User, target: DatabaseTarget, *, force: bool = False) -> CopyResult:
    """Copy the bound database into ``target`` (created if needed). A target that already
    holds data is refused unless ``force`` (its rows are then replaced)."""
    access.require_station(actor)
    return copy_bound(target, force=force)


def copy_bound(target: DatabaseTarget, *, force: bool = False) -> CopyResult:
    """``copy_database`` without asking who: for callers that have checked (init --force
    keeps its backup this way on PostgreSQL)."""
    source = database.obj
    if _same(source, target):
        raise ValidationError("目标数据库就是当前数据库，不能复制到自身。")
    source_version = dbmod.schema_version()
    try:
        destination = dbmod.bind(target, create=True)  # schema created or upgraded there
    except Exception as exc:
        database.initialize(source)
        if isinstance(exc, ServiceError):
            raise
        raise ServiceError(f"无法打开目标数据库 {target.describe()}：{_first_line(exc)}") from exc
    try:
        if dbmod.schema_version() != source_version:
            raise ServiceError(f"两个数据库的结构版本不同（{source_version} 与 "
                               f"{dbmod.schema_version()}），请先用同一版本的程序升级。")
        existing = {t: n for t, n in table_counts(destination).items()
                    if n and t != Meta._meta.table_name}
        if existing and not force:
            listing = "、".join(f"{t} {n} 行" for t, n in existing.items())
            raise ValidationError(f"目标数据库已有数据（{listing}）；"
                                  "如确要用当前数据库覆盖它，请加 --force。")
        with _snapshot(source), destination.atomic():
            search.drop_index()  # the models are bound to the destination here
            for model in reversed(models_in_order()):
                destination.execute_sql(
                    f"DELETE FROM {_quote(destination, model._meta.table_name)}")
            for model in models_in_order():
                _copy_table(source, destination, model)
            if dbmod.is_postgres(destination):
                _reset_sequences(destination)
            search.rebuild()
            week_tally.rebuild(destination)  # its triggers counted the deletes and copies too
            before = table_counts(source)  # as of the snapshot that was copied
        after = table_counts(destination)
        if before != after:
            wrong = "；".join(f"{t}：源 {before[t]} 行，目标 {after.get(t)} 行"
                             for t in before if before[t] != after.get(t))
            raise ServiceError(f"复制后行数不一致：{wrong}")
        # a fresh copy has no planner statistics: PostgreSQL's first searches then chose
        # sequential plans (8 s for one character at 100,000 cases, 30 ms once analysed)
        destination.execute_sql("ANALYZE")
        return CopyResult(describe(source), describe(destination), after)
    finally:
        if not destination.is_closed():
            destination.close()
        database.initialize(source)


def _same(source: Database, target: DatabaseTarget) -> bool:
    if target.path is not None:
        return dbmod.is_sqlite(source) and Path(source.database).resolve() == target.path
    other = dbmod.make_database(target)
    return (type(other) is type(source) and other.database == source.database
            and other.connect_params.get("host") == source.connect_params.get("host")
            and other.connect_params.get("port") == source.connect_params.get("port"))


class _snapshot:
    """A read transaction on the source: every table is read as of one moment (SQLite: the
    write lock, so nobody changes anything meanwhile; PostgreSQL: REPEATABLE READ)."""

    def __init__(self, db: Database):
        kwargs = {"isolation_level": "REPEATABLE READ"} if dbmod.is_postgres(db) else {}
        self.txn = db.atomic(**kwargs)

    def __enter__(self):
        return self.txn.__enter__()

    def __exit__(self, *exc):
        return self.txn.__exit__(*exc)


def _quote(db: Database, name: str) -> str:
    """An identifier, double-quoted (both engines' standard quoting)."""
    return '"' + name.replace('"', '""') + '"'


def _rows(source: Database, model: type[Model]) -> Iterator[list[tuple]]:
    fields = model._meta.sorted_fields
    columns = ", ".join(_quote(source, f.column_name) for f in fields)
    pk = _quote(source, model._meta.primary_key.column_name)
    cursor = source.execute_sql(
        f"SELECT {columns} FROM {_quote(source, model._meta.table_name)} ORDER BY {pk}")
    convert = [f.python_value for f in fields]
    while True:
        batch = cursor.fetchmany(BATCH)
        if not batch:
            return
        yield [tuple(c(v) for c, v in zip(convert, row, strict=True)) for row in batch]


def _copy_table(source: Database, destination: Database, model: type[Model]) -> None:
    table = model._meta.table_name
    fields = model._meta.sorted_fields
    columns = ", ".join(_quote(destination, f.column_name) for f in fields)
    head = f"INSERT INTO {_quote(destination, table)} ({columns}) VALUES "
    for batch in _rows(source, model):
        try:
            if dbmod.is_postgres(destination):
                from psycopg2.extras import execute_values

                execute_values(destination.cursor(), head + "%s", batch, page_size=BATCH)
            else:
                marks = ", ".join([destination.param] * len(fields))
                destination.cursor().executemany(f"{head}({marks})", batch)
        except (DataError, IntegrityError, *_driver_errors()) as exc:
            raise ServiceError(f"复制表 {table} 失败：{_first_line(exc)}") from exc


def _driver_errors() -> tuple[type[Exception], ...]:
    import sqlite3

    errors: list[type[Exception]] = [sqlite3.DatabaseError]
    try:
        import psycopg2
    except ImportError:
        return tuple(errors)
    return (*errors, psycopg2.DataError, psycopg2.IntegrityError)


def _reset_sequences(db: Database) -> None:
    """New rows continue after the copied ids (PostgreSQL's serial sequences)."""
    for model in models_in_order():
        pk = model._meta.primary_key
        if pk.field_type != "AUTO":
            continue
        table, column = model._meta.table_name, pk.column_name
        db.execute_sql(
            "SELECT setval(pg_get_serial_sequence(%s, %s), "
            f"COALESCE((SELECT MAX({_quote(db, column)}) FROM {_quote(db, table)}), 0) + 1, "
            "false)", (_quote(db, table), column))


def _first_line(exc: Exception) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
