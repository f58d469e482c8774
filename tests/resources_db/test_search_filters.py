"""Confidentiality, staleness, open-now, language and eligibility in search, on both engines.

The directory below is synthetic and written for these tests; phone numbers are from Ofcom's
drama ranges.
"""

import dataclasses
import datetime as dt
import textwrap

import pytest

from resources_db.bundled import load_directory_file
from resources_db.engine import create_schema, make_engine, session_factory
from resources_db.errors import InvalidQuery
from resources_db.records import Point
from resources_db.repository import ServiceRepository

QUERY = Point(51.5080, -0.1281)  # Charing Cross
SECRET = (51.5120, -0.1300)  # 0.5 km from QUERY: must never be shown
PUBLIC = (51.5074, -0.1278)  # the city-level point it is shown at

DIRECTORY = textwrap.dedent(
    f"""
    organizations:
      - id: org-hidden
        name: Hidden House
        locations:
          - id: loc-hidden
            latitude: {SECRET[0]}
            longitude: {SECRET[1]}
            public_latitude: {PUBLIC[0]}
            public_longitude: {PUBLIC[1]}
            city: London
            country_code: GB
            timezone: Europe/London
            confidential: true
            phones: [{{number: "+44 20 7946 0999", type: voice}}]
        services:
          - id: svc-hidden
            name: Safe house
            category: shelter
            assured_date: 2026-11-01
            phones: [{{number: "+44 20 7946 0998", type: voice}}]
            locations: [loc-hidden]
            languages: [ukr, ro]
            eligibility: [no_id_needed, no_police_contact, serves_children]
            schedules: [{{days: "MO,TU,WE,TH,FR,SA,SU", opens: "00:00", closes: "24:00"}}]
      - id: org-day
        name: Day Centre
        locations:
          - {{id: loc-day, latitude: 51.5200, longitude: -0.1000, city: London, country_code: GB, timezone: Europe/London}}
        services:
          - id: svc-day
            name: Day centre
            category: shelter
            assured_date: 2026-10-01
            phones: [{{number: "+44 20 7946 0997", type: voice, languages: [uk]}}]
            locations: [loc-day]
            eligibility: [no_id_needed, serves_men]
            schedules: [{{days: "MO,TU,WE,TH,FR", opens: "09:00", closes: "17:00"}}]
      - id: org-night
        name: Night Centre
        locations:
          - {{id: loc-night, latitude: 51.5300, longitude: -0.1200, city: London, country_code: GB, timezone: Europe/London}}
        services:
          - id: svc-night
            name: Night centre
            category: shelter
            assured_date: 2026-09-01
            phones: [{{number: "+44 20 7946 0996", type: voice}}]
            locations: [loc-night]
            languages: [en]
            schedules: [{{days: "MO,TU,WE,TH,FR,SA,SU", opens: "19:00", closes: "08:00"}}]
      - id: org-old
        name: Old Listing
        locations:
          - {{id: loc-old, latitude: 51.5081, longitude: -0.1282, city: London, country_code: GB}}
        services:
          - id: svc-old
            name: Nearest but unverified since 2020
            category: shelter
            assured_date: 2020-01-01
            phones: [{{number: "+44 20 7946 0995", type: voice}}]
            locations: [loc-old]
    """
)

MONDAY_NOON_LONDON = dt.datetime(2026, 11, 30, 12, 0, tzinfo=dt.timezone.utc)
MONDAY_NIGHT_LONDON = dt.datetime(2026, 11, 30, 23, 0, tzinfo=dt.timezone.utc)
SATURDAY_NOON_LONDON = dt.datetime(2026, 11, 28, 12, 0, tzinfo=dt.timezone.utc)


@pytest.fixture
def factory(db_settings, tmp_path):
    engine = make_engine(db_settings)
    create_schema(engine)
    path = tmp_path / "directory.yml"
    path.write_text(DIRECTORY, encoding="utf-8")
    factory = session_factory(engine)
    load_directory_file(factory, path)
    yield factory
    engine.dispose()


def repository(factory, now=MONDAY_NOON_LONDON, stale_after_days=365):
    return ServiceRepository(factory, stale_after_days=stale_after_days, clock=lambda: now)


def ids(records):
    return [r.id for r in records]


def test_a_confidential_location_shows_only_its_public_point_and_front_door(factory):
    hidden = next(r for r in repository(factory).search(near=QUERY, limit=10) if r.id == "svc-hidden")
    assert hidden.is_confidential
    assert hidden.point == Point(*PUBLIC)
    assert [p.number for p in hidden.phones] == ["+44 20 7946 0999"]  # front door, not the house
    assert hidden.distance_km == pytest.approx(0.0, abs=0.1)  # measured to the public point
    shown = repr(dataclasses.asdict(hidden))
    assert str(SECRET[0]) not in shown and str(SECRET[1]) not in shown


def test_a_confidential_location_is_found_by_its_true_position(factory):
    # The public point is 0.5 km from here, the true position 4 km: not within 1 km.
    away = Point(51.5120 + 0.0359, -0.1300)  # 4 km north of the secret position
    assert "svc-hidden" not in ids(repository(factory).search(near=away, radius_km=3.9, limit=10))
    assert "svc-hidden" in ids(repository(factory).search(near=away, radius_km=4.1, limit=10))


def test_stale_listings_are_marked_and_ranked_after_fresh_ones(factory):
    results = repository(factory).search(category="shelter", near=QUERY, limit=4)
    assert ids(results)[-1] == "svc-old"  # the nearest, but not verified for years
    assert [r.is_stale for r in results] == [False, False, False, True]
    assert results[-1].assured_date == dt.date(2020, 1, 1)


@pytest.mark.parametrize("days, stale", [(30, {"svc-old", "svc-night", "svc-day"}), (10_000, set())])
def test_the_stale_age_is_configurable(factory, days, stale):
    results = repository(factory, stale_after_days=days).search(near=QUERY, limit=10)
    assert {r.id for r in results if r.is_stale} == stale
    assert {r.id for r in repository(factory, stale_after_days=days).stale_services()} == stale


@pytest.mark.parametrize(
    "now, open_ids",
    [
        (MONDAY_NOON_LONDON, {"svc-hidden", "svc-day", "svc-old"}),
        (MONDAY_NIGHT_LONDON, {"svc-hidden", "svc-night", "svc-old"}),
        (SATURDAY_NOON_LONDON, {"svc-hidden", "svc-old"}),
        # 08:30 on Tuesday in London: the night centre closed at 08:00, the day centre opens at 09:00.
        (dt.datetime(2026, 12, 1, 8, 30, tzinfo=dt.timezone.utc), {"svc-hidden", "svc-old"}),
    ],
)
def test_open_now_uses_the_schedule_in_local_time(factory, now, open_ids):
    results = repository(factory, now=now).search(near=QUERY, limit=10, open_now=True)
    assert set(ids(results)) == open_ids
    assert {r.id: r.open_now for r in results}["svc-old"] is None  # no hours published: kept, unknown


def test_open_now_follows_daylight_saving(factory):
    # 08:30 UTC on a July Monday is 09:30 in London (BST): open. In December it is 08:30: closed.
    summer = dt.datetime(2026, 7, 6, 8, 30, tzinfo=dt.timezone.utc)
    winter = dt.datetime(2026, 12, 7, 8, 30, tzinfo=dt.timezone.utc)
    assert "svc-day" in ids(repository(factory, now=summer).search(near=QUERY, limit=10, open_now=True))
    assert "svc-day" not in ids(repository(factory, now=winter).search(near=QUERY, limit=10, open_now=True))


@pytest.mark.parametrize(
    "languages, expected",
    [
        (["uk"], {"svc-hidden", "svc-day"}),  # 'ukr' on the service, 'uk' on a phone
        (["UKR"], {"svc-hidden", "svc-day"}),
        (["ro"], {"svc-hidden"}),
        (["en", "ro"], {"svc-hidden", "svc-night"}),
        (["zu"], set()),
    ],
)
def test_language_filter(factory, languages, expected):
    assert set(ids(repository(factory).search(near=QUERY, limit=10, languages=languages))) == expected


@pytest.mark.parametrize(
    "tags, expected",
    [
        (["no_id_needed"], {"svc-hidden", "svc-day"}),
        (["no_id_needed", "serves_men"], {"svc-day"}),
        (["no_police_contact", "serves_children"], {"svc-hidden"}),
        (["lgbtq_friendly"], set()),
    ],
)
def test_eligibility_filter_needs_every_tag(factory, tags, expected):
    results = repository(factory).search(near=QUERY, limit=10, eligibility=tags)
    assert set(ids(results)) == expected
    assert all(set(tags) <= set(r.eligibility) for r in results)


def test_records_carry_languages_and_eligibility(factory):
    day = next(r for r in repository(factory).search(near=QUERY, limit=10) if r.id == "svc-day")
    assert day.languages == ("uk",)
    assert day.eligibility == ("no_id_needed", "serves_men")
    assert day.timezone == "Europe/London"


@pytest.mark.parametrize(
    "kwargs",
    [
        {"radius_km": 0},
        {"radius_km": -5},
        {"radius_km": float("nan")},
        {"radius_km": 40_000},
        {"eligibility": ["rich_only"]},
        {"languages": [""]},
        {"languages": [None]},
    ],
)
def test_bad_filters_are_invalid_queries(factory, kwargs):
    with pytest.raises(InvalidQuery):
        repository(factory).search(near=QUERY, **kwargs)


def test_a_moved_location_is_found_at_its_new_place(factory):
    from resources_db.engine import unit_of_work
    from resources_db.models import Location

    with unit_of_work(factory) as session:
        moved = session.get(Location, "loc-day")
        moved.latitude, moved.longitude = -33.87, 151.21  # Sydney
    assert "svc-day" not in ids(repository(factory).search(near=QUERY, radius_km=50, limit=10))
    assert ids(repository(factory).search(near=Point(-33.87, 151.21), radius_km=1, limit=10)) == ["svc-day"]
