"""Loading directory files: checked in full first, atomic, idempotent."""

import textwrap

import pytest

from resources_db.bundled import SAMPLE_DIRECTORY, load_directory_file
from resources_db.engine import create_schema, make_engine, session_factory
from resources_db.errors import DataFileError
from resources_db.repository import ServiceRepository


@pytest.fixture
def empty_factory(db_settings):
    engine = make_engine(db_settings)
    create_schema(engine)
    yield session_factory(engine)
    engine.dispose()


def test_sample_directory_loads_and_is_marked_as_sample(empty_factory):
    summary = load_directory_file(empty_factory, SAMPLE_DIRECTORY)
    assert (summary.organizations, summary.services, summary.locations) == (15, 20, 15)
    records = ServiceRepository(empty_factory).search(limit=50)
    assert records and all(r.is_sample for r in records)


def test_loading_twice_changes_nothing(empty_factory):
    load_directory_file(empty_factory, SAMPLE_DIRECTORY)
    before = ServiceRepository(empty_factory).search(limit=50)
    load_directory_file(empty_factory, SAMPLE_DIRECTORY)
    assert ServiceRepository(empty_factory).search(limit=50) == before
    assert ServiceRepository(empty_factory).count_services() == 20


BAD_FILE = textwrap.dedent(
    """
    organizations:
      - id: good-org
        name: Good
        locations:
          - {id: good-loc, latitude: 51.5, longitude: -0.1, city: London, country_code: GB}
        services:
          - {id: good-svc, name: Fine, category: shelter, locations: [good-loc], phones: [{number: "+44 20 7946 0000"}]}
      - id: bad-org
        name: Bad
        locations:
          - {id: bad-loc, latitude: 100, longitude: -0.1, country_code: GBR}
        services:
          - id: bad-svc
            name: Broken
            category: weapons
            assured_date: yesterday
            locations: [elsewhere]
            phones: [{number: "call us", type: pigeon}, {number: "+44 20 7946 0101 9999 99"}]
    """
)


def test_every_problem_is_reported_with_where_and_nothing_is_written(empty_factory, tmp_path):
    path = tmp_path / "broken.yml"
    path.write_text(BAD_FILE, encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        load_directory_file(empty_factory, path)
    message = str(caught.value)
    for expected in [
        "broken.yml: organization 2: location 1: latitude: must be a number between -90 and 90, got 100",
        "broken.yml: organization 2: location 1: country_code: expected a two-letter ISO code",
        "broken.yml: organization 2: service 1: category: 'weapons' is not one of",
        "broken.yml: organization 2: service 1: assured_date: expected a date",
        "broken.yml: organization 2: service 1: locations: 'elsewhere' is not a location of this organization",
        "broken.yml: organization 2: service 1: phone 1: type: 'pigeon' is not one of",
        "broken.yml: organization 2: service 1: phone 1: number: 'call us' is not a phone number",
        "broken.yml: organization 2: service 1: phone 2: number: '+44 20 7946 0101 9999 99' has the wrong length",
    ]:
        assert expected in message
    assert ServiceRepository(empty_factory).count_services() == 0  # the good organization too


@pytest.mark.parametrize("content", [b"\xff\xfe\x00broken", b"organizations: [unclosed", b"just text"])
def test_unreadable_files_give_a_clear_error(empty_factory, tmp_path, content):
    path = tmp_path / "odd.yml"
    path.write_bytes(content)
    with pytest.raises(DataFileError, match="odd.yml"):
        load_directory_file(empty_factory, path)


def test_real_helplines_name_their_source_and_are_not_marked_as_verified(empty_factory):
    import yaml

    from resources_db.bundled import HOTLINES

    document = yaml.safe_load(HOTLINES.read_text(encoding="utf-8"))
    assert document["sample"] is False
    for organization in document["organizations"]:
        for service in organization["services"]:
            assert service["source"].startswith("https://")
            assert "not re-verified" in service["verification_status"]
            assert "assured_date" not in service  # never claimed as recently checked
    load_directory_file(empty_factory, HOTLINES)
    records = ServiceRepository(empty_factory).search(category="hotline", country_code="GB")
    assert [(r.name, r.phones[0].number, r.is_stale, r.is_sample) for r in records] == [
        ("Modern Slavery & Exploitation Helpline", "08000 121 700", True, False)
    ]
    assert records[0].source == "https://www.modernslaveryhelpline.org"


@pytest.mark.parametrize("country, first", [("GB", ("999", "112")), ("US", ("911", "112")), ("AU", ("000",)), ("DE", ("110", "112"))])
def test_emergency_numbers_come_from_phonenumbers_metadata(empty_factory, country, first):
    from resources_db.emergency import load_emergency_numbers

    assert load_emergency_numbers(empty_factory) > 200
    assert load_emergency_numbers(empty_factory) > 200  # reloading replaces, never duplicates
    numbers = ServiceRepository(empty_factory).emergency_numbers(country.lower())
    assert numbers[: len(first)] == first
    assert len(numbers) == len(set(numbers))
