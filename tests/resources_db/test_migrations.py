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


def upgrade_to(connection, revision: str) -> None:
    from alembic import command
    from alembic.config import Config

    from resources_db.engine import MIGRATIONS

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    command.upgrade(config, revision)


def test_upgrading_from_0001_fills_in_latitude_bands(db_settings):
    engine = make_engine(db_settings)
    with engine.begin() as connection:
        upgrade_to(connection, "0001")
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


def test_upgrading_from_0002_fills_the_search_table(db_settings):
    engine = make_engine(db_settings)
    with engine.begin() as connection:
        upgrade_to(connection, "0002")
        for statement in (
            "INSERT INTO organization (id, name, is_sample) VALUES ('o', 'O', false)",
            "INSERT INTO location (id, organization_id, location_type, latitude, longitude, lat_cell, is_confidential, public_latitude, public_longitude, timezone)"
            " VALUES ('l', 'o', 'physical', 51.512, -0.13, 515, true, 51.5, -0.1, 'Europe/London')",
            "INSERT INTO service (id, organization_id, name, category, status) VALUES ('s', 'o', 'S', 'shelter', 'active')",
            "INSERT INTO service (id, organization_id, name, category, status) VALUES ('area', 'o', 'A', 'hotline', 'active')",
            "INSERT INTO service_at_location (id, service_id, location_id) VALUES ('s@l', 's', 'l')",
            "INSERT INTO phone (id, service_id, number, type, position) VALUES ('p', 's', '020 7946 0000', 'voice', 1)",
            "INSERT INTO phone (id, location_id, number, type, position) VALUES ('door', 'l', '020 7946 0999', 'voice', 2)",
            "INSERT INTO language (id, phone_id, code) VALUES ('lp', 'p', 'ro')",
            "INSERT INTO language (id, service_id, code) VALUES ('ls', 's', 'ukr')",
            "INSERT INTO schedule (id, service_id, freq, byday, opens_at, closes_at, valid_to) VALUES ('h', 's', 'WEEKLY', 'MO,TU', '09:00', '17:00', '2027-01-31')",
            "INSERT INTO taxonomy_term (id, name) VALUES ('srf-eligibility-no_id_needed', 'No ID')",
            "INSERT INTO attribute (id, link_id, taxonomy_term_id, link_entity) VALUES ('a', 's', 'srf-eligibility-no_id_needed', 'service')",
        ):
            connection.execute(text(statement))
    create_schema(engine)
    with engine.connect() as connection:
        rows = [dict(row._mapping) for row in connection.execute(text("SELECT * FROM service_search"))]
    engine.dispose()
    assert rows == [
        {
            "service_id": "s",
            "location_id": "l",
            "category": "shelter",
            "status": "active",
            "lat_cell": 515,
            "latitude": 51.512,
            "longitude": -0.13,
            "unit_x": pytest.approx(0.6224, abs=1e-4),
            "unit_y": pytest.approx(-0.0014, abs=1e-4),
            "unit_z": pytest.approx(0.7827, abs=1e-4),
            "is_confidential": True,
            "public_latitude": 51.5,
            "public_longitude": -0.1,
            "name": "S",
            "assured_date": None,
            "organization": "O",
            "is_sample": False,
            "hours": None,
            "capacity_available": None,
            "source": None,
            "verification_status": None,
            "city": None,
            "country_code": None,
            "timezone": "Europe/London",
            "languages": ",ro,ukr,",
            "eligibility": ",no_id_needed,",
            "schedules": '[["WEEKLY","MO,TU","09:00","17:00",null,"2027-01-31"]]',
            "phones": '[["020 7946 0999","voice"]]',  # a confidential location's front door
        }
    ]
