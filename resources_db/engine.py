"""Engines and units of work. One session per unit of work, never one per server.

`make_engine` builds an engine from DbSettings (SQLite gets foreign keys and a busy timeout;
server databases get a sized pool). `create_schema` brings the schema to the newest Alembic
revision (the migrations ship inside the package). `unit_of_work` yields a session that rolls
back unless the block finishes, so an import or edit is all-or-nothing; whatever it commits is
searchable at once (search_index keeps the service_search table in step on every commit).
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from sqlalchemy import create_engine, event, inspect
from sqlalchemy.engine import Engine
from sqlalchemy.engine.url import make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from resources_db import search_index  # noqa: F401  (its listeners follow every ORM write)
from resources_db.errors import DatabaseUnavailable
from resources_db.settings import DbSettings

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def make_engine(settings: DbSettings) -> Engine:
    url = make_url(settings.url)
    if url.get_backend_name() == "sqlite":
        if url.database and url.database != ":memory:":
            Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        # A real pool (SQLAlchemy 1.4 opens a new SQLite connection per session by default,
        # ~0.6 ms a search); each connection is used by one session at a time.
        engine = create_engine(
            url,
            future=True,
            connect_args={"timeout": 15, "check_same_thread": False},
            poolclass=QueuePool,
            pool_size=settings.pool_size,
            max_overflow=settings.max_overflow,
        )

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):  # type: ignore[no-untyped-def]
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

        return engine
    return create_engine(
        url,
        future=True,
        pool_size=settings.pool_size,
        max_overflow=settings.max_overflow,
        pool_pre_ping=True,
    )


def create_schema(engine: Engine) -> None:
    """Upgrade the database to the newest migration (`alembic upgrade head`); idempotent.

    A database created before migrations existed (tables but no alembic_version) is refused
    with a clear message rather than half-upgraded.
    """
    from alembic import command
    from alembic.config import Config

    with engine.begin() as connection:
        tables = set(inspect(connection).get_table_names())
        if "organization" in tables and "alembic_version" not in tables:
            raise DatabaseUnavailable(
                "this database was created by an older version without migrations; "
                "export what you need, then delete it (make clean) and run init again"
            )
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def session_factory(engine: Engine) -> sessionmaker:
    return sessionmaker(bind=engine, future=True, expire_on_commit=False)


@contextmanager
def unit_of_work(factory: sessionmaker, commit: bool = True) -> Iterator[Session]:
    """A session that commits when the block succeeds and rolls back otherwise.

    commit=False always rolls back: a dry run that does all the work and keeps none of it.
    """
    session: Session = factory()
    try:
        yield session
        if commit:
            session.commit()
        else:
            session.rollback()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
