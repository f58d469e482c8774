"""The Alembic migrations build exactly the schema the models describe, on both engines."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text

from resources_db.engine import create_schema, make_engine
from resources_db.errors import DatabaseUnavailable
from resources_db.models import Base


def test_migrations_match_the_models(db_settings):
    engine = make_engine(db_settings)
    create_schema(engine)
    create_schema(engine)  # a second run changes nothing
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
        tables = set(inspect(connection).get_table_names())
    engine.dispose()
    assert differences == []
    assert set(Base.metadata.tables) | {"alembic_version"} == tables


def test_a_database_from_before_migrations_is_refused_untouched(sqlite_settings):
    legacy = create_engine(sqlite_settings.url, future=True)
    with legacy.begin() as connection:
        connection.execute(text("CREATE TABLE organization (id TEXT PRIMARY KEY, name TEXT)"))
    with pytest.raises(DatabaseUnavailable, match="older version"):
        create_schema(make_engine(sqlite_settings))
    assert inspect(legacy).get_table_names() == ["organization"]
