"""Fixtures of the resource database tests."""

import pytest

from resources_db.engine import create_schema, make_engine, session_factory


@pytest.fixture
def make_factory(db_settings):
    """Fresh, empty databases (several per test when needed; PostgreSQL schemas are cleared)."""
    engines = []

    def make():
        engine = make_engine(db_settings)
        create_schema(engine)
        engines.append(engine)
        factory = session_factory(engine)
        return factory

    yield make
    for engine in engines:
        engine.dispose()
