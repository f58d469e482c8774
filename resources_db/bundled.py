"""Load the bundled directory files (YAML) into the database, atomically and idempotently.

Each file is checked in full before anything is written; every problem is reported as
`file: entry: field: problem`. Rows are upserted by id, so loading twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Optional

import phonenumbers
import yaml
from sqlalchemy.orm import Session, sessionmaker

from resources_db.engine import unit_of_work
from resources_db.errors import DataFileError
from resources_db.models import (
    CATEGORIES,
    Location,
    Organization,
    Phone,
    Service,
    ServiceArea,
    ServiceAtLocation,
)

DATA_DIR = Path(__file__).resolve().parent / "data"
SAMPLE_DIRECTORY = DATA_DIR / "sample_directory.yml"
PHONE_TYPES = ("voice", "text", "fax", "cell", "video", "pager", "textphone")


@dataclass
class LoadSummary:
    organizations: int = 0
    services: int = 0
    locations: int = 0
    problems: List[str] = field(default_factory=list)


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
        for organization in organizations:
            _upsert(session, organization)
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
        organization = _organization(entry, is_sample, where, problems)
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


def _organization(entry: Any, is_sample: bool, where: str, problems: List[str]) -> Optional[Organization]:
    if not isinstance(entry, dict):
        problems.append(f"{where}: expected a mapping")
        return None
    org_id = _require(entry, "id", where, problems)
    name = _require(entry, "name", where, problems)
    organization = Organization(id=org_id, name=name, is_sample=is_sample, description=entry.get("description"))
    countries: Dict[str, Optional[str]] = {}
    for number, loc in enumerate(entry.get("locations") or [], start=1):
        location = _location(loc, org_id, f"{where}: location {number}", problems)
        if location is not None:
            organization.locations.append(location)
            countries[location.id] = location.country_code
    for number, svc in enumerate(entry.get("services") or [], start=1):
        service = _service(svc, org_id, countries, f"{where}: service {number}", problems)
        if service is not None:
            organization.services.append(service)
    return organization


def _location(entry: Dict[str, Any], org_id: Optional[str], where: str, problems: List[str]) -> Optional[Location]:
    loc_id = _require(entry, "id", where, problems)
    coordinates = []
    for key, limit in (("latitude", 90.0), ("longitude", 180.0)):
        value = entry.get(key)
        if not isinstance(value, (int, float)) or not -limit <= value <= limit:
            problems.append(f"{where}: {key}: must be a number between -{limit:g} and {limit:g}, got {value!r}")
        coordinates.append(value)
    country = entry.get("country_code")
    if country is not None and (not isinstance(country, str) or len(country) != 2):
        problems.append(f"{where}: country_code: expected a two-letter ISO code, got {country!r}")
    if loc_id is None or len(coordinates) != 2:
        return None
    return Location(
        id=loc_id,
        organization_id=org_id,
        name=entry.get("name"),
        latitude=coordinates[0],
        longitude=coordinates[1],
        city=entry.get("city"),
        country_code=country.upper() if isinstance(country, str) else None,
    )


def _service(
    entry: Dict[str, Any], org_id: Optional[str], countries: Dict[str, Optional[str]], where: str, problems: List[str]
) -> Optional[Service]:
    svc_id = _require(entry, "id", where, problems)
    name = _require(entry, "name", where, problems)
    category = entry.get("category")
    if category not in CATEGORIES:
        problems.append(f"{where}: category: {category!r} is not one of {', '.join(CATEGORIES)}")
    assured = entry.get("assured_date")
    if assured is not None and not isinstance(assured, dt.date):
        problems.append(f"{where}: assured_date: expected a date like 2026-01-31, got {assured!r}")
    location_ids = entry.get("locations") or []
    areas = entry.get("areas") or []
    if not location_ids and not areas:
        problems.append(f"{where}: locations/areas: a service needs at least one location or area")
    service = Service(
        id=svc_id,
        organization_id=org_id,
        name=name,
        category=category,
        status="active",
        hours_description=entry.get("hours"),
        assured_date=assured if isinstance(assured, dt.date) else None,
    )
    for location_id in location_ids:
        if location_id not in countries:
            problems.append(f"{where}: locations: {location_id!r} is not a location of this organization")
            continue
        service.service_at_locations.append(
            ServiceAtLocation(id=f"{svc_id}@{location_id}", service_id=svc_id, location_id=location_id)
        )
    for area in areas:
        service.service_areas.append(ServiceArea(service_id=svc_id, country_code=area.upper() if area else None))
    region = next((c for c in countries.values() if c), None) or next((a for a in areas if a), None)
    for number, phone in enumerate(entry.get("phones") or [], start=1):
        checked = _phone(phone, region, f"{where}: phone {number}", problems)
        if checked is not None:
            service.phones.append(checked)
    return service


def _phone(entry: Dict[str, Any], region: Optional[str], where: str, problems: List[str]) -> Optional[Phone]:
    number = entry.get("number") if isinstance(entry, dict) else None
    kind = entry.get("type", "voice") if isinstance(entry, dict) else None
    if kind not in PHONE_TYPES:
        problems.append(f"{where}: type: {kind!r} is not one of {', '.join(PHONE_TYPES)}")
    if not isinstance(number, str) or not number.strip():
        problems.append(f"{where}: number: required text is missing")
        return None
    try:
        parsed = phonenumbers.parse(number, region)
    except phonenumbers.NumberParseException as error:
        problems.append(f"{where}: number: {number!r} is not a phone number ({error})")
        return None
    if not phonenumbers.is_possible_number(parsed):
        problems.append(f"{where}: number: {number!r} has the wrong length for its country")
        return None
    return Phone(number=number.strip(), type=kind)


def _upsert(session: Session, organization: Organization) -> None:
    """Replace the organization and everything under it by id: a re-run changes nothing."""
    existing = session.get(Organization, organization.id)
    if existing is not None:
        session.delete(existing)
        session.flush()
    session.add(organization)
