"""The service_search table stays exactly what the HSDS tables say, after every kind of write,
on both engines; and what is written is searchable at once by a repository already running."""

import json

import pytest
from sqlalchemy import delete, select

from resources_db.bundled import SAMPLE_DIRECTORY, load_directory_file
from resources_db.cli import main
from resources_db.engine import create_schema, make_engine, session_factory, unit_of_work
from resources_db.hsds_io import export_path, import_path
from resources_db.models import (
    Attribute,
    Language,
    Location,
    Organization,
    Phone,
    Schedule,
    SearchEntry,
    Service,
    ServiceAtLocation,
)
from resources_db.opening import Window
from resources_db.records import Point
from resources_db.repository import ServiceRepository
from resources_db.search_index import pack, pack_windows, rebuild, unpack, unpack_phones, unpack_windows

TABLE = SearchEntry.__table__
BOW = "sample-svc-bow-bridge-shelter"
EAST_LONDON = Point(51.53, -0.02)


@pytest.fixture
def engine(db_settings):
    engine = make_engine(db_settings)
    create_schema(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def factory(engine):
    return session_factory(engine)


def entries(factory) -> dict:
    with unit_of_work(factory) as session:
        return {(row.service_id, row.location_id): row._asdict() for row in session.execute(select(TABLE))}


def assert_in_sync(factory) -> dict:
    """The table as it is equals the table rebuilt from scratch from the HSDS tables."""
    current = entries(factory)
    with unit_of_work(factory, commit=False) as session:
        rebuild(session.connection())
        fresh = {(row.service_id, row.location_id): row._asdict() for row in session.execute(select(TABLE))}
    assert current == fresh
    return current


def located_links(factory) -> set:
    with unit_of_work(factory) as session:
        return set(session.execute(select(ServiceAtLocation.service_id, ServiceAtLocation.location_id)).all())


@pytest.mark.parametrize(
    "values, packed",
    [((), ""), (["uk"], ",uk,"), (["ukr", "ro", "ukr"], ",ro,ukr,"), (["UK", ""], ",UK,"), (["a,b"], ",ab,")],
)
def test_packing_puts_each_value_between_commas(values, packed):
    assert pack(values) == packed
    assert unpack(packed) == tuple(sorted({v.replace(",", "") for v in values if v}))


def test_schedules_travel_as_json_and_come_back_the_same():
    import datetime as dt

    windows = (Window("WEEKLY", "MO,TU", "09:00", "17:00"), Window("DAILY", None, "19:00", "08:00", dt.date(2026, 1, 1), None))
    assert set(unpack_windows(pack_windows(windows))) == set(windows)
    assert pack_windows(()) == "" and unpack_windows("") == ()


def test_loading_the_sample_fills_one_row_per_service_at_a_location(factory):
    load_directory_file(factory, SAMPLE_DIRECTORY)
    rows = assert_in_sync(factory)
    assert set(rows) == located_links(factory)
    bow = next(row for (service, _), row in rows.items() if service == BOW)
    assert bow["category"] == "shelter" and bow["status"] == "active"
    assert unpack(bow["languages"]) == ("ar", "en", "uk")
    assert unpack(bow["eligibility"]) == ("lgbtq_friendly", "no_police_contact", "serves_children", "women_only")


def test_loading_the_sample_again_changes_nothing(factory):
    load_directory_file(factory, SAMPLE_DIRECTORY)
    before = entries(factory)
    load_directory_file(factory, SAMPLE_DIRECTORY)
    assert assert_in_sync(factory) == before


def test_an_import_a_reimport_and_an_edited_reimport_keep_it_in_sync(factory, tmp_path):
    load_directory_file(factory, SAMPLE_DIRECTORY)
    path = tmp_path / "directory.json"
    export_path(factory, path)
    with unit_of_work(factory) as session:  # start again from nothing but the file
        for model in (Attribute, Language, Phone, ServiceAtLocation):
            session.execute(delete(model))
        for organization in session.scalars(select(Organization)):
            session.delete(organization)
    assert entries(factory) == {}

    import_path(factory, path)
    first = assert_in_sync(factory)
    assert set(first) == located_links(factory) and first
    import_path(factory, path)
    assert assert_in_sync(factory) == first

    services = json.loads(path.read_text(encoding="utf-8"))
    bow = next(service for service in services if service["id"] == BOW)
    next(language for language in bow["languages"] if language["code"] == "uk")["code"] = "vi"
    bow["status"] = "temporarily closed"
    bow["service_at_locations"][0]["location"]["latitude"] = 51.60
    path.write_text(json.dumps(services), encoding="utf-8")
    import_path(factory, path)
    changed = next(row for (service, _), row in assert_in_sync(factory).items() if service == BOW)
    assert unpack(changed["languages"]) == ("ar", "en", "vi")
    assert changed["status"] == "temporarily closed"
    assert changed["latitude"] == 51.60 and changed["lat_cell"] == 516


def test_a_dry_run_import_writes_nothing_to_it(factory, tmp_path):
    load_directory_file(factory, SAMPLE_DIRECTORY)
    path = tmp_path / "directory.json"
    export_path(factory, path)
    services = json.loads(path.read_text(encoding="utf-8"))
    services[0]["name"] = "Renamed in a dry run"
    path.write_text(json.dumps(services), encoding="utf-8")
    before = entries(factory)
    import_path(factory, path, dry_run=True)
    assert assert_in_sync(factory) == before


def test_edits_and_deletes_through_a_session_keep_it_in_sync(factory):
    load_directory_file(factory, SAMPLE_DIRECTORY)
    with unit_of_work(factory) as session:
        bow = session.get(Service, BOW)
        location_id = bow.service_at_locations[0].location_id
        session.delete(session.get(Language, f"{BOW}-lang-uk"))
        session.execute(delete(Attribute).where(Attribute.id == f"{BOW}-lgbtq_friendly"))  # not seen by the ORM...
        session.delete(session.get(Attribute, f"{BOW}-serves_children"))  # ...but this is, for the same service
        location = session.get(Location, location_id)
        location.is_confidential = True
        location.phones.append(Phone(id="door", number="020 7946 0123", type="voice", position=9))
        bow.phones[0].languages.append(Language(id="phone-lang", code="RO"))
        bow.schedules.append(Schedule(id="new-hours", freq="WEEKLY", byday="SA", opens_at="10:00", closes_at="12:00"))
    row = assert_in_sync(factory)[(BOW, location_id)]
    assert Window("WEEKLY", "SA", "10:00", "12:00") in unpack_windows(row["schedules"])
    assert unpack(row["languages"]) == ("RO", "ar", "en")
    assert unpack(row["eligibility"]) == ("no_police_contact", "women_only")
    assert row["is_confidential"]
    numbers = [number for number, _ in unpack_phones(row["phones"])]
    assert numbers[-1] == "020 7946 0123" and "020 7946 0117" not in numbers  # front doors only

    with unit_of_work(factory) as session:
        session.get(Phone, "door").number = "020 7946 0124"
        session.get(Organization, "sample-org-bow-bridge").name = "Bow Bridge, renamed"
        session.get(Service, BOW).hours_description = "Evenings only"
    row = assert_in_sync(factory)[(BOW, location_id)]
    assert unpack_phones(row["phones"])[-1] == ("020 7946 0124", "voice")
    assert (row["organization"], row["hours"]) == ("Bow Bridge, renamed", "Evenings only")

    with unit_of_work(factory) as session:
        session.delete(session.get(Service, BOW))
        session.delete(session.get(Organization, "sample-org-thames"))
    rows = assert_in_sync(factory)
    assert set(rows) == located_links(factory)
    assert not {service for service, _ in rows} & {BOW, "sample-svc-thames-shelter"}


def test_a_rolled_back_session_leaves_nothing_for_the_next_commit(factory):
    load_directory_file(factory, SAMPLE_DIRECTORY)
    before = entries(factory)
    with pytest.raises(RuntimeError):
        with unit_of_work(factory) as session:
            session.get(Service, BOW).category = "medical"
            session.flush()
            raise RuntimeError("abandoned")
    assert assert_in_sync(factory) == before


def test_a_running_repository_finds_what_the_cli_imports(db_settings, factory, tmp_path, capsys):
    load_directory_file(factory, SAMPLE_DIRECTORY)
    path = tmp_path / "directory.json"
    export_path(factory, path)
    services = json.loads(path.read_text(encoding="utf-8"))
    bow = next(service for service in services if service["id"] == BOW)
    bow["id"] = "new-svc"
    bow["name"] = "Newly imported shelter"
    for child in bow["phones"] + bow["languages"] + bow["attributes"] + bow["service_at_locations"]:
        child["id"] = "new-" + child["id"]
        for key in ("service_id", "link_id"):
            if key in child:
                child[key] = "new-svc"
    path.write_text(json.dumps([bow]), encoding="utf-8")

    running = ServiceRepository(factory)
    assert "new-svc" not in [r.id for r in running.search(category="shelter", near=EAST_LONDON, limit=10)]
    assert main(["--db", db_settings.url, "import", str(path)]) == 0
    found = running.search(category="shelter", near=EAST_LONDON, limit=10, languages=["uk"], eligibility=["serves_children"])
    assert "new-svc" in [r.id for r in found]
    assert_in_sync(factory)


def test_a_chain_at_many_nearby_places_counts_once_and_others_still_come(factory):
    """A box returns its nearest rows first, a few dozen at most: a service at forty places near
    the user fills them, and the search must read on to find the nine others."""
    organization = Organization(id="org-chain", name="Chain")
    chain = Service(id="svc-chain", name="Chain shelter", category="shelter", status="active")
    organization.services.append(chain)
    for n in range(45):
        location = Location(id=f"loc-chain-{n}", latitude=51.5 + n * 0.0001, longitude=-0.1, is_confidential=False)
        organization.locations.append(location)
        chain.service_at_locations.append(ServiceAtLocation(id=f"chain-{n}", location=location))
    for n in range(12):
        location = Location(id=f"loc-other-{n}", latitude=51.55 + n * 0.01, longitude=-0.1, is_confidential=False)
        service = Service(id=f"svc-other-{n:02}", name=f"Other {n}", category="shelter", status="active")
        service.service_at_locations.append(ServiceAtLocation(id=f"other-{n}", location=location))
        organization.locations.append(location)
        organization.services.append(service)
    with unit_of_work(factory) as session:
        session.add(organization)
    found = ServiceRepository(factory).search(category="shelter", near=Point(51.5, -0.1), limit=10)
    assert [r.id for r in found] == ["svc-chain"] + [f"svc-other-{n:02}" for n in range(9)]
    assert found[0].distance_km == 0.0
