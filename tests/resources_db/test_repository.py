"""Repository tests, each run on SQLite and on the real PostgreSQL."""

import dataclasses

import pytest
from sqlalchemy.orm import sessionmaker

from resources_db.engine import create_schema, make_engine, session_factory
from resources_db.errors import DatabaseUnavailable, InvalidQuery
from resources_db.records import Point, ServiceRecord
from resources_db.repository import ServiceRepository
from resources_db.settings import DbSettings

CENTRAL_LONDON = Point(51.5080, -0.1281)
MANHATTAN = Point(40.7580, -73.9855)


def test_nearest_shelters_come_first_with_distances(sample_repository):
    results = sample_repository.search(category="shelter", near=CENTRAL_LONDON, limit=3)
    assert [r.id for r in results] == [
        "sample-svc-thames-shelter",
        "sample-svc-southwark-shelter",
        "sample-svc-bow-bridge-shelter",
    ]
    first = results[0]
    assert first.distance_km == pytest.approx(2.6, abs=0.2)
    assert first.city == "London"
    assert first.phones[0].number == "+44 20 7946 0101"  # exactly as recorded
    assert first.hours == "Open 24 hours, every day"


def test_results_are_frozen_records_not_orm_rows(sample_repository):
    result = sample_repository.search(category="legal_aid", near=CENTRAL_LONDON)[0]
    assert isinstance(result, ServiceRecord)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.name = "changed"  # type: ignore[misc]


def test_results_are_ordered_by_distance(sample_repository):
    results = sample_repository.search(near=MANHATTAN, limit=10)
    located = [r.distance_km for r in results if r.distance_km is not None]
    assert len(located) == 5
    assert located == sorted(located)


def test_area_wide_services_follow_located_ones(sample_repository):
    results = sample_repository.search(category="legal_aid", near=CENTRAL_LONDON, country_code="GB", limit=5)
    kinds = [r.covers_area for r in results]
    assert kinds == sorted(kinds)  # all located first, then area-wide
    assert "sample-svc-online-legal" in [r.id for r in results]


def test_hotlines_without_a_place_come_from_the_users_country(sample_repository):
    results = sample_repository.search(category="hotline", country_code="US")
    assert [r.id for r in results] == ["sample-svc-helpline-us"]
    assert results[0].distance_km is None


def test_hotlines_without_any_place_list_every_country(sample_repository):
    ids = {r.id for r in sample_repository.search(category="hotline", limit=10)}
    assert ids == {"sample-svc-helpline-gb", "sample-svc-helpline-us", "sample-svc-helpline-au"}


def test_paging_never_repeats_a_service(sample_repository):
    first = sample_repository.search(near=CENTRAL_LONDON, country_code="GB", limit=3)
    second = sample_repository.search(near=CENTRAL_LONDON, country_code="GB", limit=3, offset=3)
    assert first and second
    assert not {r.id for r in first} & {r.id for r in second}


def test_nothing_nearby_and_no_area_service_is_an_empty_list(sample_repository):
    assert sample_repository.search(category="medical", near=Point(-54.8, -68.3), country_code="AR") == []


def test_inactive_services_are_never_returned(sample_factory):
    from resources_db.engine import unit_of_work
    from resources_db.models import Service

    with unit_of_work(sample_factory) as session:
        session.get(Service, "sample-svc-thames-shelter").status = "temporarily closed"
    repository = ServiceRepository(sample_factory)
    ids = [r.id for r in repository.search(category="shelter", near=CENTRAL_LONDON)]
    assert "sample-svc-thames-shelter" not in ids


@pytest.mark.parametrize(
    "kwargs",
    [
        {"category": "weapons"},
        {"category": "shelter'; DROP TABLE service; --"},
        {"near": Point(123.0, 0.0)},
        {"near": Point(0.0, -200.0)},
        {"limit": 0},
        {"limit": 10_000},
        {"offset": -1},
    ],
)
def test_bad_queries_are_rejected_clearly(sample_repository, kwargs):
    with pytest.raises(InvalidQuery):
        sample_repository.search(**kwargs)
    assert sample_repository.count_services() == 20  # nothing was harmed


def test_unreachable_database_raises_database_unavailable():
    settings = DbSettings(url="postgresql://nobody@127.0.0.1:1/none")
    repository = ServiceRepository(session_factory(make_engine(settings)))
    with pytest.raises(DatabaseUnavailable):
        repository.search(category="shelter")


def test_missing_tables_raise_database_unavailable(sqlite_settings):
    repository = ServiceRepository(session_factory(make_engine(sqlite_settings)))
    with pytest.raises(DatabaseUnavailable):
        repository.search(category="shelter")


@pytest.mark.parametrize(
    "environ, days",
    [({}, 365), ({"RESOURCES_DB_STALE_AFTER_DAYS": "90"}, 90)],
)
def test_the_stale_age_comes_from_the_environment(environ, days):
    assert DbSettings.from_env(environ).stale_after_days == days
