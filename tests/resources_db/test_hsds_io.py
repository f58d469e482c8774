"""HSDS 3.0 import and export against the specification's own examples, on both engines."""

import json

import pytest

from resources_db.bundled import SAMPLE_DIRECTORY, load_directory_file
from resources_db.errors import DataFileError
from resources_db.hsds_format import TABLES, read_tabular
from resources_db.hsds_io import export_path, export_rows, import_path, read_path
from resources_db.records import Point
from resources_db.repository import ServiceRepository
from tests.resources_db.hsds_fixtures import EXAMPLES, SCHEMAS, schema_errors, validator, with_valid_coordinates


@pytest.fixture
def factory(make_factory):
    return make_factory()


def count(factory):
    return ServiceRepository(factory).count_services()


@pytest.mark.parametrize(
    "name, expected",
    [
        ("csv", "locations.csv:2: latitude: must be a number between -90 and 90, got 100.0"),
        ("service_full.json", "service_full.json:$.service_at_locations[0].location: latitude: must be a number between -90 and 90, got 100"),
    ],
)
def test_the_official_examples_impossible_latitude_is_rejected_and_nothing_written(factory, name, expected):
    with pytest.raises(DataFileError) as caught:
        import_path(factory, EXAMPLES / name)
    assert expected in str(caught.value)
    assert count(factory) == 0


@pytest.mark.parametrize("name", ["csv", "service_full.json"])
def test_the_official_examples_import_and_a_rerun_changes_nothing(factory, tmp_path, name):
    path = with_valid_coordinates(tmp_path, name)
    first = import_path(factory, path)
    assert first.new["service"] == 1 and first.new["phone"] == 1
    before = export_rows(factory).tables
    second = import_path(factory, path)
    assert not second.new  # everything was there already
    assert export_rows(factory).tables == before
    assert count(factory) == 1


# Fields we model that an import may not keep, and why (each is reported as a warning).
DROPPED = {
    ("location", "organization_id"),  # the example's location names an organization it does not contain
}


def test_export_of_import_keeps_every_field_we_model(factory, tmp_path):
    source = with_valid_coordinates(tmp_path, "csv")
    summary = import_path(factory, source)
    assert any("organization_id: unknown organization" in w for w in summary.warnings)
    assert any("service_areas.csv:2: name:" in w for w in summary.warnings)  # free-text area, not a country
    original = read_tabular(source).tables
    exported = export_rows(factory).tables
    compared = 0
    for table, (_, fields) in TABLES.items():
        if table == "service_area":
            continue  # the example's only area is free text; see the warning above
        by_id = {row["id"]: row for row in exported[table]}
        for row in original[table]:
            assert row["id"] in by_id, f"{table} {row['id']} was lost"
            for name in fields:
                if (table, name) in DROPPED or row.get(name) is None:
                    continue
                assert _same(row[name], by_id[row["id"]][name]), f"{table}.{name}: {row[name]!r} != {by_id[row['id']][name]!r}"
                compared += 1
    assert compared > 60


def _same(a, b):
    if isinstance(b, float):
        return float(a) == b
    return str(a) == str(b)


@pytest.mark.parametrize("target", ["package", "directory.json"])
def test_our_data_round_trips_through_both_formats(make_factory, tmp_path, target):
    first = make_factory()
    load_directory_file(first, SAMPLE_DIRECTORY)
    export_path(first, tmp_path / target)
    second = make_factory()
    import_path(second, tmp_path / target)
    near = Point(51.5080, -0.1281)
    assert ServiceRepository(second).search(near=near, country_code="GB", limit=10) == ServiceRepository(first).search(
        near=near, country_code="GB", limit=10
    )
    if target == "package":
        assert export_rows(second).tables == export_rows(first).tables


def test_nested_export_validates_against_the_official_schema(factory, tmp_path):
    load_directory_file(factory, SAMPLE_DIRECTORY)
    import_path(factory, with_valid_coordinates(tmp_path, "service_full.json"))
    export_path(factory, tmp_path / "out.json")
    services = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert len(services) == 21
    errors = [f"{s['id']}: {e.message}" for s in services for e in validator(SCHEMAS / "compiled" / "service.json").iter_errors(s)]
    assert errors == []


def test_tabular_export_validates_row_by_row_against_the_official_schemas(factory, tmp_path):
    load_directory_file(factory, SAMPLE_DIRECTORY)
    import_path(factory, with_valid_coordinates(tmp_path, "csv"))
    rows = export_rows(factory).tables
    assert schema_errors(rows) == []
    assert sum(len(r) for r in rows.values()) > 100


CONFIDENTIAL = """
organizations:
  - id: org-hidden
    name: Hidden House
    locations:
      - id: loc-hidden
        latitude: 51.51234
        longitude: -0.13456
        city: London
        country_code: GB
        confidential: true
        phones: [{number: "+44 20 7946 0999", type: voice}]
    services:
      - {id: svc-hidden, name: Safe house, category: shelter, locations: [loc-hidden], phones: [{number: "+44 20 7946 0998"}]}
"""


@pytest.mark.parametrize("target", ["package", "out.json"])
def test_a_confidential_position_and_address_never_leave_in_an_export(factory, tmp_path, target):
    from resources_db.engine import unit_of_work
    from resources_db.models import Address

    path = tmp_path / "hidden.yml"
    path.write_text(CONFIDENTIAL, encoding="utf-8")
    load_directory_file(factory, path)
    with unit_of_work(factory) as session:
        session.add(Address(id="addr-hidden", location_id="loc-hidden", address_1="7 Secret Mews", city="London", country="GB", postal_code="WC2N 9ZZ"))
    export_path(factory, tmp_path / target)
    written = "".join(p.read_text(encoding="utf-8") for p in (tmp_path / target).parent.rglob("*") if p.is_file() and p.suffix in (".csv", ".json"))
    for secret in ("51.51234", "0.13456", "Secret Mews", "WC2N"):
        assert secret not in written
    assert "51.5" in written and "+44 20 7946 0999" in written  # city-level point and front door


BAD_SERVICES = (
    "id,organization_id,name,status,assured_date\n"
    "s1,org-1,Good,active,2026-01-01\n"
    "s2,org-1,,active,2026-01-01\n"
    "s3,org-missing,Orphan,open,yesterday\n"
    "s4,org-1,'; DROP TABLE service; --,active,\n"
)
BAD_PHONES = "id,service_id,number,type\np1,s1,+44 20 7946 0000,voice\np2,s1,call us,pigeon\np3,s4,+44 20 7946 0101 9999 99,voice\n"
BAD_LOCATIONS = "id,latitude,longitude\nl1,91,0\nl2,abc,200\nl3,51.5,-0.1\n"


def _package(folder, **files):
    folder.mkdir()
    (folder / "datapackage.json").write_text('{"resources": []}', encoding="utf-8")
    (folder / "organizations.csv").write_text("id,name,description\norg-1,Org,An org\n", encoding="utf-8")
    for name, text in files.items():
        (folder / f"{name}.csv").write_text(text, encoding="utf-8")
    return folder


def test_every_bad_row_is_reported_with_file_line_and_field_and_nothing_is_written(factory, tmp_path):
    folder = _package(tmp_path / "bad", services=BAD_SERVICES, phones=BAD_PHONES, locations=BAD_LOCATIONS)
    with pytest.raises(DataFileError) as caught:
        import_path(factory, folder)
    message = str(caught.value)
    for expected in [
        "services.csv:3: name: required value is missing",
        "services.csv:4: organization_id: unknown organization 'org-missing'",
        "services.csv:4: status: 'open' is not one of",
        "services.csv:4: assured_date: expected a date like 2026-01-31, got 'yesterday'",
        "phones.csv:3: number: 'call us' is not a phone number",
        "phones.csv:3: type: 'pigeon' is not one of",
        "phones.csv:4: number: '+44 20 7946 0101 9999 99' has the wrong length",
        "locations.csv:2: latitude: must be a number between -90 and 90, got 91.0",
        "locations.csv:3: latitude: must be a number between -90 and 90, got 'abc'",
        "locations.csv:3: longitude: must be a number between -180 and 180, got 200.0",
    ]:
        assert expected in message
    assert len(message.splitlines()) == 10
    assert count(factory) == 0


def test_sql_metacharacters_are_just_text(factory, tmp_path):
    services = "id,organization_id,name,status\ns4,org-1,'; DROP TABLE service; --,active\n"
    import_path(factory, _package(tmp_path / "odd", services=services))
    assert [row["name"] for row in export_rows(factory).tables["service"]] == ["'; DROP TABLE service; --"]


def test_dry_run_counts_but_writes_nothing(factory, tmp_path):
    summary = import_path(factory, with_valid_coordinates(tmp_path, "csv"), dry_run=True)
    assert summary.new["service"] == 1
    assert any("would be written" in line for line in summary.lines())
    assert count(factory) == 0


@pytest.mark.parametrize(
    "content, expected",
    [
        ("id,name,description\norg-1,Caf\xe9,x\n".encode("latin-1"), "organizations.csv:2: not UTF-8 text"),
        (b"name,description\nOrg,x\n", "organizations.csv:1: id: the header has no id column"),
        (b'id,name,description\norg-1,"unclosed,x\n', "organizations.csv"),
    ],
)
def test_broken_csv_gives_a_clear_error(factory, tmp_path, content, expected):
    folder = _package(tmp_path / "broken")
    (folder / "organizations.csv").write_bytes(content)
    with pytest.raises(DataFileError, match=expected):
        import_path(factory, folder)


@pytest.mark.parametrize("content", ["{", "[1, 2]", '{"name": "not a service"}'])
def test_broken_json_gives_a_clear_error(factory, tmp_path, content):
    path = tmp_path / "odd.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DataFileError, match="odd.json"):
        import_path(factory, path)


def test_unknown_paths_are_refused(tmp_path):
    (tmp_path / "notes.txt").write_text("hello", encoding="utf-8")
    with pytest.raises(DataFileError, match="expected a folder with datapackage.json"):
        read_path(tmp_path / "notes.txt")
