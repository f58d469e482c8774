"""Load the bundled directory files (YAML) into the database, atomically and idempotently.

Each file is checked in full before anything is written; every problem is reported as
`file: entry: field: problem`. Rows are upserted by id, so loading twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import yaml
from sqlalchemy import delete
from sqlalchemy.orm import Session, sessionmaker

from resources_db.engine import unit_of_work
from resources_db.checks import (
    category_problem,
    coordinate_problem,
    country_problem,
    parse_clock,
    phone_problem,
    phone_type_problem,
    timezone_problem,
)
from resources_db.errors import DataFileError
from resources_db.models import (
    ELIGIBILITY_TAGS,
    Attribute,
    Language,
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
)
from resources_db.taxonomy import ensure_taxonomy, eligibility_term

DATA_DIR = Path(__file__).resolve().parent / "data"
SAMPLE_DIRECTORY = DATA_DIR / "sample_directory.yml"
# Real, publicly documented national helplines (each with its source); loaded even without the sample.
HOTLINES = DATA_DIR / "hotlines.yml"


@dataclass
class LoadSummary:
    organizations: int = 0
    services: int = 0
    locations: int = 0
    problems: List[str] = field(default_factory=list)
    # service id -> eligibility tags, written as HSDS attributes.
    eligibility: Dict[str, List[str]] = field(default_factory=dict)


def load_directory_file(factory: sessionmaker, path: Path) -> LoadSummary:
    """Check `path`, then upsert all of it in one transaction. Raises DataFileError on problems."""
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise DataFileError(f"{path.name}: cannot be read: {error}") from error
    summary = LoadSummary()
    organizations = _build(document, path.name, summary)
    if summary.problems:
        raise DataFileError("\n".join(summary.problems))
    with unit_of_work(factory) as session:
        ensure_taxonomy(session)
        for organization in organizations:
            _upsert(session, organization, summary.eligibility)
    return summary


def _build(document: Any, source: str, summary: LoadSummary) -> List[Organization]:
    if not isinstance(document, dict) or not isinstance(document.get("organizations"), list):
        summary.problems.append(f"{source}: top level: organizations: expected a list")
        return []
    is_sample = bool(document.get("sample", False))
    built = []
    for index, entry in enumerate(document["organizations"], start=1):
        where = f"{source}: organization {index}"
        problems: List[str] = []
        organization = _organization(entry, is_sample, where, problems, summary.eligibility)
        summary.problems.extend(problems)
        if organization is not None and not problems:
            built.append(organization)
            summary.organizations += 1
            summary.services += len(organization.services)
            summary.locations += len(organization.locations)
    return built


def _require(entry: Dict[str, Any], key: str, where: str, problems: List[str]) -> Optional[str]:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        problems.append(f"{where}: {key}: required text is missing")
        return None
    return value.strip()


def _organization(
    entry: Any, is_sample: bool, where: str, problems: List[str], tags: Dict[str, List[str]]
) -> Optional[Organization]:
    if not isinstance(entry, dict):
        problems.append(f"{where}: expected a mapping")
        return None
    org_id = _require(entry, "id", where, problems)
    name = _require(entry, "name", where, problems)
    organization = Organization(
        id=org_id,
        name=name,
        is_sample=is_sample,
        description=entry.get("description"),
        website=entry.get("website"),
        source=entry.get("source"),
        verification_status=entry.get("verification_status"),
    )
    countries: Dict[str, Optional[str]] = {}
    for number, loc in enumerate(entry.get("locations") or [], start=1):
        location = _location(loc, org_id, f"{where}: location {number}", problems)
        if location is not None:
            organization.locations.append(location)
            countries[location.id] = location.country_code
    for number, svc in enumerate(entry.get("services") or [], start=1):
        service = _service(svc, org_id, countries, f"{where}: service {number}", problems, tags)
        if service is not None:
            organization.services.append(service)
    return organization


def _check(problem: Optional[str], where: str, key: str, problems: List[str]) -> bool:
    if problem:
        problems.append(f"{where}: {key}: {problem}")
    return problem is None


def _location(entry: Dict[str, Any], org_id: Optional[str], where: str, problems: List[str]) -> Optional[Location]:
    loc_id = _require(entry, "id", where, problems)
    ok = all([_check(coordinate_problem(entry.get(key), key), where, key, problems) for key in ("latitude", "longitude")])
    country = entry.get("country_code")
    if country is not None:
        _check(country_problem(country), where, "country_code", problems)
    timezone = entry.get("timezone")
    if timezone is not None:
        _check(timezone_problem(timezone), where, "timezone", problems)
    confidential = bool(entry.get("confidential", False))
    if loc_id is None or not ok:
        return None
    location = Location(
        id=loc_id,
        organization_id=org_id,
        name=entry.get("name"),
        latitude=entry["latitude"],
        longitude=entry["longitude"],
        city=entry.get("city"),
        country_code=country.upper() if isinstance(country, str) else None,
        timezone=timezone,
        is_confidential=confidential,
    )
    if confidential:
        location.public_latitude, location.public_longitude = public_point(
            entry["latitude"], entry["longitude"], entry.get("public_latitude"), entry.get("public_longitude")
        )
        if not entry.get("phones"):
            problems.append(f"{where}: phones: a confidential location needs a front-door contact phone")
    for number, phone in enumerate(entry.get("phones") or [], start=1):
        checked = _phone(phone, location.country_code, f"{where}: phone {number}", problems, f"{loc_id}-phone-{number}", number)
        if checked is not None:
            location.phones.append(checked)
    return location


def _service(
    entry: Dict[str, Any],
    org_id: Optional[str],
    countries: Dict[str, Optional[str]],
    where: str,
    problems: List[str],
    tags: Dict[str, List[str]],
) -> Optional[Service]:
    svc_id = _require(entry, "id", where, problems)
    name = _require(entry, "name", where, problems)
    category = entry.get("category")
    _check(category_problem(category), where, "category", problems)
    assured = entry.get("assured_date")
    if assured is not None and not isinstance(assured, dt.date):
        problems.append(f"{where}: assured_date: expected a date like 2026-01-31, got {assured!r}")
    location_ids = entry.get("locations") or []
    areas = entry.get("areas") or []
    if not location_ids and not areas:
        problems.append(f"{where}: locations/areas: a service needs at least one location or area")
    capacity = entry.get("capacity") or {}
    service = Service(
        id=svc_id,
        organization_id=org_id,
        name=name,
        description=entry.get("description"),
        category=category,
        status="active",
        hours_description=entry.get("hours"),
        assured_date=assured if isinstance(assured, dt.date) else None,
        capacity_available=capacity.get("available"),
        capacity_maximum=capacity.get("maximum"),
        source=entry.get("source"),
        verification_status=entry.get("verification_status"),
    )
    for location_id in location_ids:
        if location_id not in countries:
            problems.append(f"{where}: locations: {location_id!r} is not a location of this organization")
            continue
        service.service_at_locations.append(
            ServiceAtLocation(id=f"{svc_id}@{location_id}", service_id=svc_id, location_id=location_id)
        )
    for number, area in enumerate(areas, start=1):
        if area is not None:
            _check(country_problem(area), where, "areas", problems)
        code = area.upper() if isinstance(area, str) else None
        service.service_areas.append(ServiceArea(id=f"{svc_id}-area-{number}", service_id=svc_id, country_code=code))
    region = next((c for c in countries.values() if c), None) or next((a for a in areas if a), None)
    for number, phone in enumerate(entry.get("phones") or [], start=1):
        checked = _phone(phone, region, f"{where}: phone {number}", problems, f"{svc_id}-phone-{number}", number)
        if checked is not None:
            service.phones.append(checked)
    for code in entry.get("languages") or []:
        service.languages.append(Language(id=f"{svc_id}-lang-{code}", service_id=svc_id, code=code))
    for tag in entry.get("eligibility") or []:
        if tag not in ELIGIBILITY_TAGS:
            problems.append(f"{where}: eligibility: {tag!r} is not one of {', '.join(ELIGIBILITY_TAGS)}")
    tags[svc_id or ""] = [tag for tag in entry.get("eligibility") or [] if tag in ELIGIBILITY_TAGS]
    for number, window in enumerate(entry.get("schedules") or [], start=1):
        schedule = _schedule(window, f"{svc_id}-schedule-{number}", f"{where}: schedule {number}", problems)
        if schedule is not None:
            service.schedules.append(schedule)
    return service


def _schedule(entry: Any, schedule_id: str, where: str, problems: List[str]) -> Optional[Schedule]:
    if not isinstance(entry, dict):
        problems.append(f"{where}: expected a mapping like {{days: MO,TU, opens: '09:00', closes: '17:00'}}")
        return None
    opens, closes = parse_clock(entry.get("opens")), parse_clock(entry.get("closes"))
    if opens is None or closes is None:
        problems.append(f"{where}: opens/closes: expected times like 09:00, got {entry.get('opens')!r}-{entry.get('closes')!r}")
        return None
    return Schedule(id=schedule_id, freq="WEEKLY", byday=entry.get("days"), opens_at=opens, closes_at=closes)


def _phone(
    entry: Any, region: Optional[str], where: str, problems: List[str], phone_id: str, position: int
) -> Optional[Phone]:
    number = entry.get("number") if isinstance(entry, dict) else None
    kind = entry.get("type", "voice") if isinstance(entry, dict) else None
    _check(phone_type_problem(kind), where, "type", problems)
    if not _check(phone_problem(number, region), where, "number", problems):
        return None
    phone = Phone(id=phone_id, number=number.strip(), type=kind, position=position)
    for code in entry.get("languages") or []:
        phone.languages.append(Language(id=f"{phone_id}-lang-{code}", code=code))
    return phone


def _upsert(session: Session, organization: Organization, eligibility: Dict[str, List[str]]) -> None:
    """Replace the organization and everything under it by id: a re-run changes nothing."""
    existing = session.get(Organization, organization.id)
    if existing is not None:
        for service in existing.services:
            _delete_attributes(session, service.id)
        session.delete(existing)
        session.flush()
    session.add(organization)
    session.flush()
    for service in organization.services:
        for tag in eligibility.get(service.id, ()):
            session.add(
                Attribute(
                    id=f"{service.id}-{tag}",
                    link_id=service.id,
                    link_entity="service",
                    link_type="eligibility",
                    taxonomy_term_id=eligibility_term(tag),
                )
            )


def _delete_attributes(session: Session, link_id: str) -> None:
    session.execute(delete(Attribute).where(Attribute.link_id == link_id))


def public_point(latitude: float, longitude: float, public_lat: Any = None, public_lon: Any = None) -> Tuple[float, float]:
    """The city-level point a confidential location is shown at: the one given, or the true
    position rounded to 0.1 degree (about 11 km), which reveals the area and not the house."""
    if coordinate_problem(public_lat, "latitude") is None and coordinate_problem(public_lon, "longitude") is None:
        return float(public_lat), float(public_lon)
    return round(latitude, 1), round(longitude, 1)
