"""Fixtures shared by the whole suite: project paths and resource databases on both engines."""

from __future__ import annotations

import datetime as dt
import os
import uuid
from pathlib import Path
from typing import Iterator

import pytest
from sqlalchemy import create_engine, text

from resources_db.bundled import SAMPLE_DIRECTORY, load_directory_file
from resources_db.engine import create_schema, make_engine, session_factory
from resources_db.repository import ServiceRepository
from resources_db.settings import DbSettings

ROOT = Path(__file__).resolve().parent.parent
POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")


@pytest.fixture
def sqlite_settings(tmp_path: Path) -> DbSettings:
    return DbSettings(url=f"sqlite:///{tmp_path / 'resources.db'}")


@pytest.fixture
def postgres_settings() -> Iterator[DbSettings]:
    """A private schema in the real PostgreSQL server, dropped afterwards."""
    schema = f"test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_URL, future=True)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield DbSettings(url=f"{POSTGRES_URL}?options=-csearch_path%3D{schema}")
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_settings(request: pytest.FixtureRequest) -> DbSettings:
    """The same test on SQLite and on the real PostgreSQL."""
    return request.getfixturevalue(f"{request.param}_settings")


@pytest.fixture
def sample_factory(db_settings: DbSettings):
    engine = make_engine(db_settings)
    create_schema(engine)
    factory = session_factory(engine)
    load_directory_file(factory, SAMPLE_DIRECTORY)
    yield factory
    engine.dispose()


# The sample directory's assured dates are from late 2026; a fixed "now" keeps the tests that
# depend on freshness (stale listings rank last) from changing with the calendar.
SAMPLE_NOW = dt.datetime(2026, 11, 28, 12, 0, tzinfo=dt.timezone.utc)


@pytest.fixture
def sample_repository(sample_factory) -> ServiceRepository:
    return ServiceRepository(sample_factory, clock=lambda: SAMPLE_NOW)
