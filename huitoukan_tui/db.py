"""Database binding: engine choice, pragmas, schema creation and in-place upgrades."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path

from peewee import (
    Database,
    ForeignKeyField,
    OperationalError,
    PostgresqlDatabase,
    SqliteDatabase,
)

from huitoukan_tui import drivers, search_index, week_tally
from huitoukan_tui.config import DatabaseTarget
from huitoukan_tui.errors import ServiceError
from huitoukan_tui.models import ALL_MODELS, Meta, database

#: bump when the schema changes, and add the step to MIGRATIONS
SCHEMA_VERSION = 8

#: the rules services.casestate derives the ledger entries' values by (a Meta row). Bump when
#: a rule changes; casestate.upgrade then recomputes an older database once, at its first
#: command (no schema change). 2: a 移交执法 item's deadline no longer makes its case 逾期.
LEDGER_RULES_KEY = "ledger_rules"
LEDGER_RULES = "2"

SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "synchronous": "normal",
    "busy_timeout": 10000,
}


#: how this program's connections name themselves to PostgreSQL (pg_stat_activity)
APPLICATION_NAME = "huitoukan-tui"


class DatabaseUnreachable(ServiceError):
    """A database server (PostgreSQL) could not be reached or refused the login."""


class DatabaseMissing(Exception):
    """The database file does not exist yet (run ``init``)."""


class DatabaseUnusable(ServiceError):
    """The database is there but is not one this program can work on (empty file, another
    program's database, a newer schema)."""


#: a long-running process (the TUI) keeps at most this many idle PostgreSQL connections
POOL_IDLE = 2
#: … each for at most this many seconds
POOL_SECONDS = 300


def make_database(target: DatabaseTarget, *, pooled: bool = False) -> Database:
    """The peewee database of ``target``. ``pooled`` (PostgreSQL only, for the TUI): a
    connection closed at the end of a job is kept for the next one instead (every TUI job
    runs in its own ``connection_context()``; a new PostgreSQL connection costs 20–40 ms)."""
    if target.path is not None:
        return SqliteDatabase(
            str(target.path),
            pragmas=SQLITE_PRAGMAS,
            timeout=10,
            lock_type="IMMEDIATE",  # writers take the lock up front: no lost updates
            check_same_thread=False,
        )
    url = target.url or ""
    if url.startswith("sqlite:///"):
        return make_database(DatabaseTarget(path=Path(url[len("sqlite:///"):]).resolve()))
    drivers.load_postgres_driver()  # peewee was imported without it (huitoukan_tui.drivers)
    from playhouse.db_url import connect

    if pooled and url.startswith(("postgres://", "postgresql://")):
        from playhouse.db_url import parse

        return _kept_connections()(max_connections=None, stale_timeout=POOL_SECONDS,
                                   **{**parse(url), "application_name": APPLICATION_NAME})
    if url.startswith(("postgres://", "postgresql://", "postgresext://")):
        return connect(url, application_name=APPLICATION_NAME)  # see services.sessions
    return connect(url)


def _kept_connections() -> type:
    from playhouse.pool import PooledPostgresqlDatabase

    class KeptConnections(PooledPostgresqlDatabase):
        """peewee's pool, keeping no more than POOL_IDLE idle connections."""

        def _close(self, conn, close_conn: bool = False) -> None:
            with self._pool_lock:
                close_conn = close_conn or len(self._connections) >= POOL_IDLE
                super()._close(conn, close_conn)

    return KeptConnections


def is_sqlite(db: Database | None = None) -> bool:
    db = db or database.obj
    return isinstance(db, SqliteDatabase)


def is_postgres(db: Database | None = None) -> bool:
    db = db or database.obj
    return isinstance(db, PostgresqlDatabase)


def ordering(node, descending: bool = False):
    """An ORDER BY term that places NULLs the way SQLite does (lowest: first ascending, last
    descending) on every engine; PostgreSQL places them highest by default."""
    if is_postgres():
        return node.desc(nulls="last") if descending else node.asc(nulls="first")
    return node.desc() if descending else node.asc()


def lock_rows(model, condition) -> None:
    """Before a read-modify-write, inside its transaction: lock the rows it will change.

    SQLite needs nothing (IMMEDIATE transactions already let one writer in at a time). On
    PostgreSQL under READ COMMITTED two writers could both read, then both write, and one
    change would be lost: ``SELECT … FOR NO KEY UPDATE`` (in primary-key order, so writers
    never deadlock) makes the second wait until the first commits, and its next reads see
    what was saved. NO KEY: rows referencing these ones can still be inserted meanwhile.
    """
    if is_postgres():
        pk = model._meta.primary_key
        list(model.select(pk).where(condition).order_by(pk).for_update("FOR NO KEY UPDATE")
             .tuples())


def advisory_key(name: str) -> int:
    """The 64-bit PostgreSQL advisory-lock key of ``name`` (the same on every server)."""
    digest = hashlib.sha256(f"huitoukan-tui:{name}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def lock_name(name: str) -> None:
    """Inside a transaction: let one writer at a time past this point for ``name`` (e.g. a
    row that may not exist yet, or a rule over many rows). PostgreSQL: a transaction-level
    advisory lock, released at commit or rollback. SQLite: nothing to do (see lock_rows)."""
    if is_postgres():
        database.execute_sql("SELECT pg_advisory_xact_lock(%s)", (advisory_key(name),))


def bind(target: DatabaseTarget, *, create: bool = False, pooled: bool = False) -> Database:
    """Bind the models to ``target``; create or upgrade the schema as needed. ``pooled``:
    see make_database."""
    if target.path is not None and not target.path.exists():
        if not create:
            raise DatabaseMissing(str(target.path))
        target.path.parent.mkdir(parents=True, exist_ok=True)
        _create_shared_file(target.path)
    elif target.path is not None and not create and _is_empty_file(target.path):
        raise DatabaseUnusable(
            f"数据库文件为空：{target.path}（可能是复制或恢复时出错）。请从备份恢复"
            "（见 README 的 Backups），或在确认无用后删除它并运行 huitoukan-tui init。")
    db = make_database(target, pooled=pooled)
    database.initialize(db)
    try:
        db.connect(reuse_if_open=True)
    except OperationalError as exc:
        if target.path is not None:
            raise
        reason = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise DatabaseUnreachable(f"无法连接数据库 {target.describe()}：{reason}") from None
    ensure_schema(create=create)
    return db


def _is_empty_file(path: Path) -> bool:
    try:
        return path.is_file() and path.stat().st_size == 0
    except OSError:
        return False


def _create_shared_file(path: Path) -> None:
    """Create the SQLite file group-writable so -wal/-shm of other staff accounts work."""
    old = os.umask(0o007)
    try:
        fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o660)
        os.close(fd)
    finally:
        os.umask(old)


def schema_version() -> int:
    if not Meta.table_exists():
        return 0
    row = Meta.get_or_none(Meta.key == "schema_version")
    return int(row.value) if row else 0


def _set_version(version: int) -> None:
    Meta.insert(key="schema_version", value=str(version)).on_conflict(
        conflict_target=[Meta.key], update={Meta.value: str(version)}
    ).execute()


def ensure_schema(*, create: bool = False) -> int:
    """Create a new schema, or upgrade an older one in place. Returns the version."""
    db = database.obj
    current = schema_version()
    if current == 0 and not create:
        raise DatabaseUnusable(
            "数据库中没有本程序的数据（不是本程序的数据库，或尚未初始化）："
            f"{_describe(db)}。新数据库请先运行 huitoukan-tui init。")
    if current == 0:
        with db.atomic():
            db.create_tables(ALL_MODELS)
            for ddl in _V7_INDEXES.values():
                db.execute_sql(ddl)
            search_index.create_index(db)
            week_tally.install(db)
            binary_text_columns(db)
            _set_version(SCHEMA_VERSION)
            Meta.insert(key="search_text", value=search_index.SEARCH_TEXT_FORM).execute()
            Meta.insert(key=LEDGER_RULES_KEY, value=LEDGER_RULES).execute()
            Meta.insert(key=PINYIN_KEYS, value=PINYIN_KEYS_FORM).execute()
        return SCHEMA_VERSION
    if current > SCHEMA_VERSION:
        raise DatabaseUnusable(
            f"数据库版本 {current} 比本程序支持的版本 {SCHEMA_VERSION} 新，请升级程序"
            "（数据库未作任何改动）。")
    upgraded_from = current
    while current < SCHEMA_VERSION:
        step = MIGRATIONS[current + 1]
        with db.atomic():
            step(db)
            binary_text_columns(db)
            current += 1
            _set_version(current)
    if current > max(upgraded_from, TALLY_VERSION):
        with db.atomic():  # a later step may have rebuilt a table, dropping its triggers
            week_tally.install(db)
    return current


def _describe(db: Database) -> str:
    return str(db.database) if is_sqlite(db) else f"PostgreSQL 数据库 {db.database}"


def binary_text_columns(db: Database) -> None:
    """PostgreSQL twin of SQLite's BINARY collation: text columns compare and sort by code
    point (``COLLATE "C"``) whatever locale the database was created with, so lists come out
    in the same order on both engines. Idempotent; run after every schema change."""
    if not is_postgres(db):
        return
    tables = {m._meta.table_name for m in ALL_MODELS}
    rows = db.execute_sql(
        "SELECT table_name, column_name, data_type, character_maximum_length "
        "FROM information_schema.columns WHERE table_schema = current_schema() "
        "AND data_type IN ('text', 'character varying') "
        "AND (collation_name IS NULL OR collation_name <> 'C')").fetchall()
    for table, column, data_type, length in rows:
        if table in tables:
            kind = "TEXT" if data_type == "text" else f"VARCHAR({length})"
            db.execute_sql(
                f'ALTER TABLE "{table}" ALTER COLUMN "{column}" TYPE {kind} COLLATE "C"')


def _to_v2(db: Database) -> None:
    """Version 2 adds weekly remarks, submitted snapshots and form drafts. (The tables are
    created as today's models define them, with the version 5 tables they refer to; the
    version 5 step then finds their columns in place.)"""
    from huitoukan_tui.models import V5_MODELS, Draft, ReportSnapshot, WeekRemark

    db.create_tables([*V5_MODELS, WeekRemark, ReportSnapshot, Draft])


def _to_v3(db: Database) -> None:
    """Version 3 adds two covering indexes for the weekly numbers at district scale:
    cases by (id, unit) and rectification items by (kind, opened_on, case)."""
    db.execute_sql("CREATE INDEX IF NOT EXISTS petition_case_id_unit_id "
                   "ON petition_case (id, unit_id)")
    db.execute_sql("CREATE INDEX IF NOT EXISTS rectification_kind_opened_on_case_id "
                   "ON rectification (kind, opened_on, case_id)")


#: the columns version 4 adds to the four-list items (the reasons of their life cycle)
_V4_ITEM_COLUMNS = {
    "report_note": "TEXT NOT NULL DEFAULT ''",
    "acceptance_opinion": "TEXT NOT NULL DEFAULT ''",
    "returned_on": "DATE",
    "return_reason": "TEXT NOT NULL DEFAULT ''",
    "referral_department": "VARCHAR(100) NOT NULL DEFAULT ''",
    "referral_result": "TEXT NOT NULL DEFAULT ''",
    "referral_result_on": "DATE",
}


def _to_v4(db: Database) -> None:
    """Version 4 makes the reasons of an item's life first-class fields: 报验收说明, 验收意见,
    退回整改 (date and reason), 移交执法 department and result. (Older reasons stay in 备注,
    where version 3 appended them.)

    Plain ``ADD COLUMN … DEFAULT``: peewee's migrator would rebuild the SQLite table to make
    a column NOT NULL, and dropping the old table cascades to every measure of every item."""
    present = {c.name for c in db.get_columns("rectification")}
    for name, kind in _V4_ITEM_COLUMNS.items():
        if name not in present:
            db.execute_sql(f"ALTER TABLE rectification ADD COLUMN {name} {kind}")


def _to_v5(db: Database) -> None:
    """Version 5: streets, several campaigns, per-campaign ledgers (issue 14).

    The one campaign's street/station/contact become a street holding every unit and every
    station account; every case joins that campaign's ledger with the derived values it had;
    every inspection, item, remark and snapshot belongs to that campaign."""
    from playhouse.migrate import PostgresqlMigrator, SqliteMigrator, migrate

    from huitoukan_tui import models as m

    migrator = SqliteMigrator(db) if is_sqlite(db) else PostgresqlMigrator(db)
    db.create_tables(m.V5_MODELS, safe=True)

    def columns(table: str) -> set[str]:
        return {c.name for c in db.get_columns(table)}

    def add(table: str, name: str, field) -> bool:
        if name in columns(table):
            return False
        migrate(migrator.add_column(table, name, field))
        return True

    campaign_columns = columns("campaign")
    old = db.execute_sql(
        "SELECT id, district, street, station, contact FROM campaign ORDER BY id").fetchall() \
        if "street" in campaign_columns else []
    streets: dict[int, int] = {}  # campaign id → street id
    for position, (campaign_id, district, street, station, contact) in enumerate(old, 1):
        found = m.Street.get_or_none(m.Street.name == street)
        if found is None:
            found = m.Street.create(name=street, district=district, station=station,
                                    contact=contact or "", position=position * 10)
        streets[campaign_id] = found.id
        m.CampaignStreet.insert(campaign=campaign_id, street=found.id).on_conflict_ignore() \
            .execute()
    def add_plain(table: str, name: str, ddl: str) -> bool:
        """A column with a constant default, by plain DDL: peewee's SQLite migrator would
        rebuild the table for NOT NULL (and the rebuild's DROP cascades to its children)."""
        if name in columns(table):
            return False
        db.execute_sql(f'ALTER TABLE "{table}" ADD COLUMN "{name}" {ddl}')
        return True

    add_plain("campaign", "report_time", "VARCHAR(5) NOT NULL DEFAULT '12:00'")
    add_plain("campaign", "timezone", "VARCHAR(64) NOT NULL DEFAULT 'Asia/Shanghai'")
    add_plain("campaign", "closed_on", "DATE")
    add_plain("campaign", "closed_by", "VARCHAR(64) NOT NULL DEFAULT ''")
    latest = max(streets) if streets else None
    street = streets.get(latest) if latest else None

    def reference(model) -> ForeignKeyField:
        return ForeignKeyField(model, field=model.id, null=True, on_delete="RESTRICT")

    p = db.param
    if add("unit", "street_id", reference(m.Street)) and street:
        db.execute_sql(f"UPDATE unit SET street_id = {p}", (street,))
    if add("user", "street_id", reference(m.Street)) and street:
        db.execute_sql(f"UPDATE \"user\" SET street_id = {p} WHERE role IN ('station', 'unit')",
                       (street,))
    if add_plain("user", "is_admin", "BOOLEAN NOT NULL DEFAULT FALSE"):
        # every station account managed everything before streets existed
        db.execute_sql(f"UPDATE \"user\" SET is_admin = {p} WHERE role = 'station'", (True,))
    for table in ("inspection", "rectification", "week_remark", "report_snapshot"):
        if add(table, "campaign_id", reference(m.Campaign)) and latest:
            db.execute_sql(f"UPDATE {table} SET campaign_id = {p}", (latest,))
    if add("report_snapshot", "street_id", reference(m.Street)) and street:
        db.execute_sql(f"UPDATE report_snapshot SET street_id = {p}", (street,))
    if "status" in columns("petition_case"):
        if latest:
            db.execute_sql(
                "INSERT INTO ledger_entry (campaign_id, case_id, unit_id, status, "
                f"first_verified_on, next_deadline, referred) SELECT {p}, id, unit_id, status, "
                "first_verified_on, next_deadline, referred FROM petition_case", (latest,))
        for index in ("petition_case_status_case_no", "petition_case_first_verified_on_unit_id",
                      "petition_case_next_deadline_case_no"):
            db.execute_sql(f"DROP INDEX IF EXISTS {index}")
        for column in ("status", "first_verified_on", "next_deadline", "referred"):
            migrate(migrator.drop_column("petition_case", column))
    for column in ("street", "station", "contact"):
        if column in campaign_columns:
            migrate(migrator.drop_column("campaign", column))
    db.execute_sql("DROP INDEX IF EXISTS week_remark_unit_id_week_end")
    if is_postgres(db):
        for table, column in (("unit", "street_id"), ("inspection", "campaign_id"),
                              ("rectification", "campaign_id"), ("week_remark", "campaign_id"),
                              ("report_snapshot", "campaign_id")):
            migrate(migrator.add_not_null(table, column))
    for model in m.ALL_MODELS:
        model._schema.create_indexes(safe=True)


#: the version that added the weekly numbers' counters (huitoukan_tui.week_tally)
TALLY_VERSION = 6


def _to_v6(db: Database) -> None:
    """Version 6 adds the weekly numbers' counters: per campaign, unit and day, the ledger
    entries first verified and the 新发现 items opened, kept by triggers and counted here
    from the records once (see huitoukan_tui.week_tally)."""
    week_tally.install(db)


#: the Meta key saying which form of the pinyin columns of version 7 the rows hold (an older
#: database upgraded to 7 has none: services.pinyinkeys fills them in once, at first use)
PINYIN_KEYS = "pinyin_keys"
PINYIN_KEYS_FORM = "tone3-1"

#: the columns version 7 adds: the pinyin sort keys of names and the initials of new problems
_V7_COLUMNS = (("unit", "name_key"), ("petition_case", "target_key"),
               ("rectification", "problem_initials"))
#: … and the indexes the ledger's sorts by a name read in order (services.cases._id_query);
#: here, not in the models' Meta: the version 5 step creates the models' indexes, before
#: these columns exist
_V7_INDEXES = {
    "petition_case_target_key_target_case_no":
        "CREATE INDEX IF NOT EXISTS petition_case_target_key_target_case_no "
        "ON petition_case (target_key, target, case_no)",
    "unit_name_key_name":
        "CREATE UNIQUE INDEX IF NOT EXISTS unit_name_key_name ON unit (name_key, name)",
}


def _to_v7(db: Database) -> None:
    """Version 7: names sort by pinyin (issue 17). A unit's name and a case's 被反映对象 get a
    pinyin sort key, a four-list item the initials of its 新发现问题 (its search). The
    columns come empty, with the indexes the ledger's sorts by a name read; their values are
    derived text (services.pinyin), which this layer does not compute: the first program to
    open the database fills them in (services.pinyinkeys.upgrade, under a Meta mark, the way
    the search text's initials came), and from then on every write keeps them."""
    for table, name in _V7_COLUMNS:
        if name not in {c.name for c in db.get_columns(table)}:
            db.execute_sql(
                f'ALTER TABLE "{table}" ADD COLUMN "{name}" TEXT NOT NULL DEFAULT \'\'')
    for ddl in _V7_INDEXES.values():
        db.execute_sql(ddl)
    db.execute_sql(f"DELETE FROM meta WHERE key = {db.param}", (PINYIN_KEYS,))


def _to_v8(db: Database) -> None:
    """Version 8: on PostgreSQL the weekly numbers' triggers collect a transaction's changes
    of the counters and apply them at its commit, in key order (two writers changing counter
    rows statement by statement could take them in opposite orders and deadlock: see
    huitoukan_tui.week_tally). ``ensure_schema`` installs the counters' triggers again after
    the steps of an upgrade past version 6: nothing else to do here. SQLite: no change."""


#: MIGRATIONS[n] upgrades a database of version n-1 to version n
MIGRATIONS: dict[int, Callable[[Database], None]] = {2: _to_v2, 3: _to_v3, 4: _to_v4,
                                                    5: _to_v5, TALLY_VERSION: _to_v6,
                                                    7: _to_v7, 8: _to_v8}
