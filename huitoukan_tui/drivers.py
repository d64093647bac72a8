"""peewee without the PostgreSQL driver until a PostgreSQL database is bound.

peewee imports psycopg2 (with libpq, its own OpenSSL, Kerberos and LDAP libraries) when it is
first imported, whatever the database: ~6 MB of every SQLite process's resident memory,
which 30 TUI sessions on one server pay 30 times. The package imports peewee through
``import_peewee`` (from ``huitoukan_tui/__init__.py``, before anything else can), which keeps
psycopg2 out; ``load_postgres_driver`` (db.make_database, before a PostgreSQL database is
made) imports it and gives peewee what its own import would have set.
"""

from __future__ import annotations

import sys

#: the PostgreSQL drivers peewee looks for at import (psycopg2cffi registers itself as one)
_DRIVERS = ("psycopg2", "psycopg2cffi")


def import_peewee() -> None:
    if "peewee" in sys.modules:
        return
    blocked = [name for name in _DRIVERS if name not in sys.modules]
    for name in blocked:
        sys.modules[name] = None  # type: ignore[assignment]  # "import psycopg2" fails
    try:
        import peewee  # noqa: F401
    finally:
        for name in blocked:
            if sys.modules.get(name, 0) is None:
                del sys.modules[name]


def load_postgres_driver() -> None:
    """Import psycopg2 and give peewee what importing it with psycopg2 present sets (peewee
    4.x: the module's names and the transaction states of its psycopg2 adapter). A missing
    driver is left to peewee's own message when connecting."""
    import peewee

    if peewee.psycopg2 is not None:
        return
    try:
        import psycopg2
        from psycopg2 import extensions
        from psycopg2.extras import Json, register_uuid
    except ImportError:
        return
    register_uuid()
    peewee.psycopg2, peewee.pg_extensions = psycopg2, extensions
    peewee.pg_register_uuid, peewee.Json_pg2 = register_uuid, Json
    adapter = peewee.Psycopg2Adapter
    adapter.txn_idle = extensions.TRANSACTION_STATUS_IDLE
    adapter.txn_inerror = extensions.TRANSACTION_STATUS_INERROR
    adapter.txn_unknown = extensions.TRANSACTION_STATUS_UNKNOWN
