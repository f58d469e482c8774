"""HSDS 1.1 and 2.0 imports: the real 1.1 sample package, and a 2.0 package written here from
the 2.0.1 column lists (no real 2.0 package is among the shared fixtures), on both engines."""

import json

import pytest
from sqlalchemy import select

from resources_db.cli import build_parser, main
from resources_db.engine import unit_of_work
from resources_db.errors import DataFileError
from resources_db.hsds_io import export_path, export_rows, import_path
from resources_db.hsds_version import detect_version
from resources_db.models import Address, Attribute, Language, Location, Organization, Phone, Schedule, Service, ServiceArea, TaxonomyTerm
from resources_db.repository import ServiceRepository
from tests.resources_db.hsds_fixtures import EXAMPLES, HSDS_1_1, SCHEMAS, hsds_1_1_with_valid_phones, schema_errors, validator


@pytest.fixture
def factory(make_factory):
    return make_factory()


def get(factory, model, row_id):
    with unit_of_work(factory) as session:
        found = session.get(model, row_id)
        session.expunge_all()
        return found


def all_of(factory, model, **where):
    with unit_of_work(factory) as session:
        query = select(model).filter_by(**where).order_by(model.id)
        found = list(session.scalars(query))
        session.expunge_all()
        return found


# -- the real HSDS 1.1 sample ---------------------------------------------------------------


def test_the_real_1_1_sample_is_refused_for_its_phone_numbers_and_nothing_is_written(factory):
    with pytest.raises(DataFileError) as caught:
        import_path(factory, HSDS_1_1)
    lines = str(caught.value).splitlines()
    assert lines == [
        f"phones.csv:{line}: number: {number!r} is not a phone number we can check: it has no +country code, and nothing says which country it is in"
        for line, number in ((3, "(223) 346 12361"), (4, "(223) 346 12361"), (5, "(223) 4567 12534"), (6, "(773) 2351 2461"))
    ]
    assert ServiceRepository(factory).count_services() == 0


def test_the_real_1_1_sample_arrives_where_the_mapping_is_clear(factory, tmp_path):
    summary = import_path(factory, hsds_1_1_with_valid_phones(tmp_path), weekday_one="monday")
    assert summary.version == "1.1" and "regular_schedules.csv" in summary.reason
    assert summary.new == {
        "taxonomy_term": 1, "organization": 10, "location": 1, "service": 13, "service_at_location": 1,
        "phone": 4, "schedule": 3, "language": 6,
    }  # fmt: skip
    organization = get(factory, Organization, "1899600a-649c-11e6-8b77-86f30ca893d3")
    assert (organization.name, organization.website, organization.email) == ("Sanctuary Example City", "http://example.com", "sanctuary@example.com")
    location = get(factory, Location, "30b83ee0-64a1-11e6-8b77-86f30ca893d3")
    assert (location.name, location.latitude, location.longitude, location.location_type) == ("4830 Highland Drive", 39.428192, -119.897426, "physical")
    helpline = get(factory, Service, "c89eb05c-62dd-4b64-b494-0cc347b6ea7f")
    assert (helpline.name, helpline.status, helpline.eligibility_description) == ("Never Homeless Helpline", "active", "adult")
    assert get(factory, Service, "25f6e86d-ba99-4819-b6f4-2f23dbe38806").status == "inactive"
    hours = all_of(factory, Schedule, service_id=helpline.id)
    assert sorted((s.byday, s.opens_at, s.closes_at, s.location_id) for s in hours) == [
        ("MO", "09:00:00", "17:00:00", None), ("TU", "09:00:00", "17:00:00", None), ("WE", "09:00:00", "17:00:00", None),
    ]  # fmt: skip
    assert {(lang.name, lang.code) for lang in all_of(factory, Language, service_id=helpline.id)} == {("English", "en"), ("Spanish", "es")}
    # A phone given only for a service at a location is that service's phone.
    bubbles = get(factory, Phone, "e9c19752-c8d4-494f-b527-b65c9c86c8ce")
    assert (bubbles.service_id, bubbles.location_id, bubbles.number, bubbles.type) == ("21a1192b-abb9-45e8-bc52-c81ca4087240", None, "+1 773 555 0161", "cell")
    support = get(factory, Phone, "7ed24899-52fb-4e7b-9e25-8d665bec23ea")
    assert support.organization_id == "18997068-649c-11e6-8b77-86f30ca893d3"
    assert [(lang.code, lang.name) for lang in all_of(factory, Language, phone_id=support.id)] == [("en", "English")]
    assert get(factory, TaxonomyTerm, "df7be950-1b0f-11e9-b56e-0800200c9a66").taxonomy == "AIRS"
    # Left out, and said so: locations without a position and what hangs on them only.
    assert get(factory, Location, "30b83c60-64a1-11e6-8b77-86f30ca893d3") is None
    assert get(factory, Phone, "3733e828-58e5-4ff5-9dc6-ae24f92a0f56") is None
    assert all_of(factory, Address) == [] and all_of(factory, ServiceArea) == []
    warnings = "\n".join(summary.warnings)
    assert (
        "locations.csv:2: latitude, longitude: missing; we can only list places with a position, so location "
        "'Sanctuary on 5th Street' is left out with 2 addresses, 1 service_at_location; "
        "kept without this location: 2 languages, 3 schedules"
    ) in warnings
    assert "locations.csv:8: latitude, longitude: missing" in warnings and "left out with 1 phone, 1 service_at_location" in warnings
    assert "service_areas.csv:2: service_area: 'Sample service area' is not a country or 'worldwide'" in warnings
    assert len(summary.warnings) == 10


def test_what_the_1_1_sample_holds_that_is_not_mapped_is_listed(factory, tmp_path):
    summary = import_path(factory, hsds_1_1_with_valid_phones(tmp_path), dry_run=True)
    notes = summary.not_mapped
    for expected in [
        "organizations.csv: columns tax_status (10 rows), tax_id (10 rows), year_incorporated (10 rows), legal_status (10 rows)",
        "locations.csv: columns transportation (1 row), alternate_name (2 rows)",
        "services.csv: columns interpretation_services (2 rows), application_process (2 rows), wait_time (1 row)",
        "taxonomy.csv: columns parent_name (1 row)",
        "contacts.csv: 1 row (we keep no named contacts)",
        "holiday_schedules.csv: 1 row (our hours cannot say 'closed on these dates')",
        "payments_accepted.csv: 2 rows (we keep no payment methods)",
        "regular_schedules.csv: weekday: 3 rows give the day as a number (lines 2, 3, 4) and HSDS 1.1 does not say which day is 1",
    ]:
        assert any(note.startswith(expected) for note in notes), expected
    assert len(notes) == 14
    lines = summary.lines()
    assert lines[0].startswith("HSDS 1.1 (tabular package: it has regular_schedules.csv")
    assert "service: 13 new, 0 already there (would be written)" in lines
    assert "not mapped: contacts.csv: 1 row (we keep no named contacts)" in lines
    assert "schedule" not in summary.new
    assert ServiceRepository(factory).count_services() == 0


def test_a_rerun_of_the_1_1_sample_changes_nothing(factory, tmp_path):
    package = hsds_1_1_with_valid_phones(tmp_path)
    import_path(factory, package, weekday_one="monday")
    before = export_rows(factory).tables
    again = import_path(factory, package, weekday_one="monday")
    assert not again.new and again.updated["service"] == 13
    assert export_rows(factory).tables == before


def test_the_1_1_sample_exported_as_3_0_validates_against_the_official_schemas(factory, tmp_path):
    import_path(factory, hsds_1_1_with_valid_phones(tmp_path), weekday_one="monday")
    tables = export_rows(factory).tables
    assert schema_errors(tables) == []
    assert len(tables["service"]) == 13 and len(tables["schedule"]) == 3
    export_path(factory, tmp_path / "out.json")
    services = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    check = validator(SCHEMAS / "compiled" / "service.json")
    assert [f"{s['id']}: {e.message}" for s in services for e in check.iter_errors(s)] == []
    assert len(services) == 13


# -- version detection ----------------------------------------------------------------------


def test_versions_are_told_by_tables_and_columns(tmp_path):
    assert detect_version(HSDS_1_1).version == "1.1"
    assert detect_version(EXAMPLES / "csv").version == "3.0"
    assert detect_version(package_2_0(tmp_path / "two")).version == "2.0"
    only_shared = write_package(tmp_path / "shared", {"organizations": "id,name,url\n"}, version="2.0.1")
    assert detect_version(only_shared).version == "2.0"  # tables alike in 1.1 and 2.0: the declared version
    plain = write_package(tmp_path / "plain", {"organizations": "id,name,description\n"})
    assert detect_version(plain).version == "3.0"


def test_a_package_that_mixes_versions_must_say_which_it_is(tmp_path):
    mixed = write_package(tmp_path / "mixed", {"addresses": "id\n", "physical_addresses": "id\n"})
    with pytest.raises(DataFileError, match="mixes HSDS 3.0 .*addresses.csv.* and older .*physical_addresses.csv.*--hsds-version"):
        detect_version(mixed)
    (mixed / "datapackage.json").write_text('{"version": "1.1", "resources": []}', encoding="utf-8")
    assert detect_version(mixed).version == "1.1"


# -- HSDS 2.0 ------------------------------------------------------------------------------

PACKAGE_2_0 = {
    "organizations": (
        "id,name,alternate_name,description,email,url,tax_status,tax_id,year_incorporated,legal_status\n"
        "org-a,Harbour Legal Aid,,Free legal advice,help@example.org,https://example.org,,,,\n"
    ),
    "services": (
        "id,organization_id,program_id,name,alternate_name,description,url,email,status,interpretation_services,"
        "application_process,wait_time,fees,accreditations,licenses\n"
        "svc-a,org-a,,Immigration advice,,Advice for survivors,,,active,Ukrainian interpreter by phone,,,,,\n"
    ),
    "locations": "id,organization_id,name,alternate_name,description,transportation,latitude,longitude\nloc-a,org-a,Harbour office,,,,53.4084,-2.9916\n",
    "services_at_location": "id,service_id,location_id,description\nsal-a,svc-a,loc-a,\n",
    "physical_addresses": (
        "id,location_id,attention,address_1,address_2,address_3,address_4,city,region,state_province,postal_code,country\n"
        "adr-a,loc-a,,1 Dock Road,Floor 2,Unit 5,,Liverpool,,Merseyside,L1 0AA,GB\n"
    ),
    "phones": (
        "id,location_id,service_id,organization_id,contact_id,service_at_location_id,number,extension,type,language,description,department\n"
        'ph-a,,svc-a,,,,0151 496 0000,,voice,"en, uk",Advice line,\n'
    ),
    "schedules": (
        "id,service_id,location_id,service_at_location_id,valid_from,valid_to,dtstart,timezone,until,count,wkst,freq,interval,"
        "byday,byweekno,bymonthday,byyearday,description,opens_at,closes_at\n"
        'sch-1,svc-a,,,,,,-5,,,,WEEKLY,,"MO,TU",,,,,09:00,17:00\n'
        "sch-2,svc-a,,,,,,,,,,DAILY,,,,,,,07:00+01:00,08:00+01:00\n"
        "sch-3,svc-a,,,,,,,,,,WEEKLY,2,FR,,,,Every other Friday 10-12,10:00,12:00\n"
        "sch-4,svc-a,,,,,,,,,,WEEKLY,,SA,,,,,10:00Z,12:00Z\n"
        "sch-5,,,sal-a,2026-01-01,2027-06-30,2025-12-01,,2026-12-31,,,WEEKLY,,WE,,,,,13:00,15:00\n"
    ),
    "taxonomy_terms": "id,term,description,parent_id,taxonomy,language\ntt-legal,Legal aid,Legal advice and representation,,Open Eligibility,en\n",
    "service_attributes": "id,service_id,taxonomy_term_id\nsa-1,svc-a,tt-legal\n",
    "other_attributes": "id,link_id,link_type,taxonomy_term_id\noa-1,loc-a,location,tt-legal\noa-2,ct-1,contact,tt-legal\n",
    "languages": "id,service_id,location_id,language\nlang-1,svc-a,,uk\nlang-2,svc-a,,Elvish\n",
    "service_areas": "id,service_id,service_area,description\narea-1,svc-a,United Kingdom,England and Wales\n",
    "eligibility": "id,service_id\nel-1,svc-a\n",
    "contacts": "id,organization_id,service_id,service_at_location_id,name,title,department,email\nct-1,org-a,svc-a,,A. Person,,,\n",
}


def write_package(folder, files, version=None):
    folder.mkdir(parents=True)
    package = {"name": "human_services_data", "profile": "tabular-data-package", "resources": []}
    if version:
        package["version"] = version
    (folder / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    for name, text in files.items():
        (folder / f"{name}.csv").write_text(text, encoding="utf-8")
    return folder


def package_2_0(folder):
    return write_package(folder, PACKAGE_2_0, version="2.0.1")


def test_a_2_0_package_arrives_where_the_mapping_is_clear(factory, tmp_path):
    summary = import_path(factory, package_2_0(tmp_path / "two"))
    assert summary.version == "2.0"
    service = get(factory, Service, "svc-a")
    assert (service.name, service.hours_description) == ("Immigration advice", "Every other Friday 10-12")
    hours = [(s.id, s.freq, s.byday, s.opens_at, s.closes_at, s.valid_from, s.valid_to) for s in all_of(factory, Schedule)]
    assert [h[:5] for h in hours] == [
        ("sch-1", "WEEKLY", "MO,TU", "09:00:00", "17:00:00"),
        ("sch-2", "WEEKLY", "MO,TU,WE,TH,FR,SA,SU", "07:00:00", "08:00:00"),
        ("sch-5", "WEEKLY", "WE", "13:00:00", "15:00:00"),
    ]
    assert [str(d) for d in hours[2][5:]] == ["2026-01-01", "2026-12-31"]
    assert get(factory, Schedule, "sch-5").service_id == "svc-a"
    assert get(factory, Address, "adr-a").address_2 == "Floor 2, Unit 5"
    assert get(factory, Location, "loc-a").country_code == "GB"
    assert get(factory, Organization, "org-a").website == "https://example.org"
    assert get(factory, TaxonomyTerm, "tt-legal").name == "Legal aid"
    assert [(a.id, a.link_id, a.link_entity) for a in all_of(factory, Attribute, taxonomy_term_id="tt-legal")] == [
        ("oa-1", "loc-a", "location"),
        ("sa-1", "svc-a", "service"),
    ]
    assert sorted((lang.id, lang.code, lang.name) for lang in all_of(factory, Language)) == [
        ("lang-1", "uk", "Ukrainian"), ("lang-2", None, "Elvish"), ("ph-a~en", "en", "English"), ("ph-a~uk", "uk", "Ukrainian"),
    ]  # fmt: skip
    assert get(factory, ServiceArea, "area-1").country_code == "GB"
    assert summary.warnings == [
        "schedules.csv:4: interval: '2' cannot be kept in our weekly hours; only its description is kept",
        "schedules.csv:5: opens_at: '10:00Z' is UTC and the package gives no local timezone; these hours are not mapped",
        "languages.csv:3: language: 'Elvish' is not an ISO 639 code or language name; kept as written, not used to search by language",
        "other_attributes.csv:3: link_type: 'contact' is not something we keep; this attribute is not mapped",
    ]
    assert summary.not_mapped == [
        "services.csv: columns interpretation_services (1 row)",
        "schedules.csv: columns timezone (1 row)",
        "contacts.csv: 1 row (we keep no named contacts)",
    ]
    again = import_path(factory, package_2_0(tmp_path / "again"))
    assert not again.new
    assert schema_errors(export_rows(factory).tables) == []


# -- problems -------------------------------------------------------------------------------

BAD_1_1 = {
    "organizations": "id,name,description,url\norg-1,Org,An org,\n",
    "locations": "id,organization_id,name,latitude,longitude\nl1,org-1,A,91,0\nl2,org-1,B,abc,200\nl3,org-1,C,51.5,-0.1\n",
    "services": "id,organization_id,name,status\ns1,org-1,Good,active\ns1,org-1,Again,active\n",
    "services_at_location": "id,service_id,location_id\nsal-1,s1,l3\n",
    "phones": "id,service_id,service_at_location_id,number\np1,s1,,call us\np2,,nope,+44 20 7946 0000\np3,,sal-1,+44 20 7946 0101 9999 99\n",
    "regular_schedules": "id,service_id,weekday,opens_at,closes_at\nr1,s1,Funday,09:00,17:00\nr2,s1,8,09:00,17:00\nr3,s1,Monday,9am,17:00\n",
    "service_areas": "id,service_id,service_area\na1,s99,GB\n",
    "physical_addresses": "id,location_id,address_1,city,country\nad1,l3,1 Road,London,GB\n",
    "postal_addresses": "id,location_id,address_1,city,country\nad1,l3,PO Box 1,London,UK1\n",
}


def test_every_bad_row_of_an_older_package_is_reported_in_its_own_words_and_nothing_is_written(factory, tmp_path):
    with pytest.raises(DataFileError) as caught:
        import_path(factory, write_package(tmp_path / "bad", BAD_1_1), weekday_one="monday")
    assert str(caught.value).splitlines() == [
        "services.csv:3: id: 's1' is already used on line 2",
        "postal_addresses.csv:2: id: 'ad1' is also the id of the address at physical_addresses.csv:2",
        "phones.csv:3: service_at_location_id: unknown service_at_location 'nope'",
        "regular_schedules.csv:2: weekday: 'Funday' is not a day of the week (Monday, Mon, MO or a number)",
        "regular_schedules.csv:3: weekday: '8' is not a day of the week (1 to 7)",
        "locations.csv:2: latitude: must be a number between -90 and 90, got 91.0",
        "locations.csv:3: latitude: must be a number between -90 and 90, got 'abc'",
        "locations.csv:3: longitude: must be a number between -180 and 180, got 200.0",
        "regular_schedules.csv:4: opens_at: expected a time like 09:00, got '9am'",
        "phones.csv:2: number: 'call us' is not a phone number ((1) The string supplied did not seem to be a phone number.)",
        "phones.csv:4: number: '+44 20 7946 0101 9999 99' has the wrong length for its country",
        "service_areas.csv:2: service_id: unknown service 's99'",
    ]
    assert ServiceRepository(factory).count_services() == 0


def test_older_versions_are_read_from_tabular_packages_only(factory, tmp_path):
    with pytest.raises(DataFileError, match="HSDS 1.1 is read from a tabular package"):
        import_path(factory, EXAMPLES / "service_full.json", hsds_version="1.1")


# -- the command ----------------------------------------------------------------------------


def test_the_command_tells_the_version_and_says_what_it_left_out(sqlite_settings, tmp_path, capsys):
    db = ["--db", sqlite_settings.url]
    main([*db, "init", "--no-sample"])
    capsys.readouterr()
    package = hsds_1_1_with_valid_phones(tmp_path)
    assert main([*db, "import", str(package), "--weekday-one", "monday"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("HSDS 1.1 (tabular package: it has regular_schedules.csv")
    assert "schedule: 3 new" in out and "not mapped: contacts.csv: 1 row" in out and "warning: locations.csv:2: latitude, longitude: missing" in out
    assert main([*db, "import", str(package), "--hsds-version", "3.0"]) == 1  # read as 3.0, its phones have no country
    assert main([*db, "import", str(HSDS_1_1)]) == 1
    assert "phones.csv:3: number: '(223) 346 12361'" in capsys.readouterr().err


def test_the_import_manual_documents_versions_and_the_weekday_choice():
    manual = build_parser()._subparsers._group_actions[0].choices["import"].format_help()
    for expected in ["HSDS 3.0, 2.0 or 1.1", "--hsds-version {1.1,2.0,3.0}", "--weekday-one {monday,sunday}", "not mapped"]:
        assert expected in manual
