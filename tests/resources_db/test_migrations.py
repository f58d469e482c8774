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


def test_upgrading_from_0001_fills_in_latitude_bands(db_settings):
    from alembic import command
    from alembic.config import Config

    from resources_db.engine import MIGRATIONS

    engine = make_engine(db_settings)
    with engine.begin() as connection:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
        connection.execute(text("INSERT INTO organization (id, name, is_sample) VALUES ('o', 'O', false)"))
        for n, latitude in enumerate([51.51, -33.87, -0.05, 0.0, 89.99]):
            connection.execute(
                text("INSERT INTO location (id, organization_id, location_type, latitude, longitude, is_confidential) VALUES (:id, 'o', 'physical', :lat, 0, false)"),
                {"id": f"l{n}", "lat": latitude},
            )
    create_schema(engine)
    with engine.connect() as connection:
        cells = dict(connection.execute(text("SELECT latitude, lat_cell FROM location")).all())
    engine.dispose()
    assert cells == {51.51: 515, -33.87: -339, -0.05: -1, 0.0: 0, 89.99: 899}
