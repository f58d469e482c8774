"""HSDS rows <-> our tables. Checks every row and says `where: field: problem`.

`to_models` turns rows read from a file into ORM objects, collecting every problem (fatal) and
warning (something we cannot use and leave out, said out loud). Our own fields travel as HSDS
attributes with our taxonomy's terms (taxonomy.EXTENSION_TERMS, category and eligibility terms).
`from_database` reads the database back into rows for export and is where confidentiality is
applied: a confidential location is exported at its public point, without its addresses.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from resources_db.bundled import public_point
from resources_db.checks import (
    category_problem,
    coordinate_problem,
    country_problem,
    parse_clock,
    parse_date,
    phone_problem,
    phone_type_problem,
    status_problem,
    timezone_problem,
)
from resources_db.hsds_format import Rows
from resources_db.models import (
    CATEGORY_TERM_PREFIX,
    Address,
    Attribute,
    Base,
    Language,
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from resources_db.taxonomy import EXTENSION_TERMS, category_term

MODELS = {
    "taxonomy": Taxonomy,
    "taxonomy_term": TaxonomyTerm,
    "organization": Organization,
    "location": Location,
    "address": Address,
    "service": Service,
    "service_at_location": ServiceAtLocation,
    "phone": Phone,
    "schedule": Schedule,
    "language": Language,
    "service_area": ServiceArea,
    "attribute": Attribute,
}
_EXTENSION_FIELDS = {term: name for name, term in EXTENSION_TERMS.items()}
WORLDWIDE = "worldwide"


@dataclass
class Mapped:
    objects: Dict[str, List[Base]] = field(default_factory=lambda: defaultdict(list))
    problems: List[str] = field(default_factory=list)
    warnings: List[str] = field(default_factory=list)


def _text(value: Any) -> Optional[str]:
    """Text exactly as written; blank means missing."""
    if value is None:
        return None
    text = str(value)
    return text if text.strip() else None


def _number(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return value
    return value


def to_models(rows: Rows, exists: Callable[[str, str], bool], default_category: str = "other") -> Mapped:
    """Check and convert. `exists(table, id)` says whether the database already has a row."""
    out = Mapped()
    ids = {table: {r["id"] for r in table_rows if r.get("id")} for table, table_rows in rows.tables.items()}

    def known(table: str, row_id: Any) -> bool:
        return row_id in ids[table] or (row_id is not None and exists(table, row_id))

    def problem(row: Dict[str, Any], name: str, text: str) -> None:
        out.problems.append(f"{at(row, name)}: {text}")

    # Our extension attributes become fields; every other attribute is kept as it is.
    extensions: Dict[str, Dict[str, str]] = defaultdict(dict)
    categories: Dict[str, str] = {}
    for row in rows.tables["attribute"]:
        term = row.get("taxonomy_term_id") or ""
        if term in _EXTENSION_FIELDS:
            extensions[row.get("link_id")][_EXTENSION_FIELDS[term]] = _text(row.get("value")) or ""
        elif term.startswith(CATEGORY_TERM_PREFIX):
            categories[row.get("link_id")] = term[len(CATEGORY_TERM_PREFIX) :]

    for row in rows.tables["taxonomy"]:
        if _require(row, ("id", "name"), problem):
            out.objects["taxonomy"].append(Taxonomy(**_fields(row, ("id", "name", "description", "uri", "version"))))
    for row in rows.tables["taxonomy_term"]:
        if _require(row, ("id", "name"), problem):
            names = ("id", "code", "name", "description", "parent_id", "taxonomy", "language", "taxonomy_id", "term_uri")
            out.objects["taxonomy_term"].append(TaxonomyTerm(**_fields(row, names)))
    for row in rows.tables["organization"]:
        if _require(row, ("id", "name"), problem):
            ext = extensions.get(row["id"], {})
            out.objects["organization"].append(
                Organization(
                    **_fields(row, ("id", "name", "alternate_name", "description", "email", "website")),
                    is_sample=ext.get("is_sample") == "true",
                    source=ext.get("source"),
                    verification_status=ext.get("verification_status"),
                )
            )

    first_address: Dict[str, Dict[str, Any]] = {}
    for row in rows.tables["address"]:
        first_address.setdefault(row.get("location_id"), row)
    countries: Dict[str, Optional[str]] = {}
    for row in rows.tables["location"]:
        location = _location(row, extensions.get(row.get("id"), {}), first_address, known, problem, out)
        if location is not None:
            out.objects["location"].append(location)
            countries[location.id] = location.country_code
    for row in rows.tables["address"]:
        if not _require(row, ("id", "location_id", "address_1", "city", "country"), problem):
            continue
        if not known("location", row["location_id"]):
            problem(row, "location_id", f"unknown location {row['location_id']!r}")
        country = _text(row["country"])
        if country_problem(country):
            problem(row, "country", country_problem(country))
            continue
        names = ("id", "location_id", "attention", "address_1", "address_2", "city", "region", "state_province", "postal_code")
        out.objects["address"].append(
            Address(**_fields(row, names), country=country.upper(), address_type=_text(row.get("address_type")) or "physical")
        )

    hours: Dict[str, str] = {}
    for row in rows.tables["schedule"]:
        structured = any(row.get(k) for k in ("freq", "byday", "opens_at", "closes_at"))
        if not structured:
            if row.get("service_id") and row.get("description"):
                hours.setdefault(row["service_id"], _text(row["description"]))
            continue
        schedule = _schedule(row, known, problem)
        if schedule is not None:
            out.objects["schedule"].append(schedule)

    service_country: Dict[str, Optional[str]] = {}
    for row in rows.tables["service_at_location"]:
        if not _require(row, ("id", "service_id", "location_id"), problem):
            continue
        for table in ("service", "location"):
            if not known(table, row[f"{table}_id"]):
                problem(row, f"{table}_id", f"unknown {table} {row[f'{table}_id']!r}")
        service_country.setdefault(row["service_id"], countries.get(row["location_id"]))
        out.objects["service_at_location"].append(ServiceAtLocation(**_fields(row, ("id", "service_id", "location_id", "description"))))

    for row in rows.tables["service"]:
        service = _service(row, extensions.get(row.get("id"), {}), categories, hours, default_category, known, problem)
        if service is not None:
            out.objects["service"].append(service)

    for row in rows.tables["service_area"]:
        code = _country_code(_text(row.get("name")) or "")
        if code and row.get("service_id"):
            service_country.setdefault(row["service_id"], code)
    for position, row in enumerate(rows.tables["phone"], start=1):
        phone = _phone(row, position, countries, service_country, known, problem, out)
        if phone is not None:
            out.objects["phone"].append(phone)
    for row in rows.tables["language"]:
        if not _require(row, ("id",), problem):
            continue
        owners = [(t, row.get(f"{t}_id")) for t in ("service", "location", "phone") if row.get(f"{t}_id")]
        if not owners:
            problem(row, "service_id", "a language needs a service, location or phone")
        for table, owner in owners:
            if not known(table, owner):
                problem(row, f"{table}_id", f"unknown {table} {owner!r}")
        out.objects["language"].append(Language(**_fields(row, ("id", "service_id", "location_id", "phone_id", "name", "code", "note"))))
    for row in rows.tables["service_area"]:
        area = _service_area(row, known, problem, out)
        if area is not None:
            out.objects["service_area"].append(area)
    for row in rows.tables["attribute"]:
        term = row.get("taxonomy_term_id") or ""
        if term in _EXTENSION_FIELDS or term.startswith(CATEGORY_TERM_PREFIX):
            continue
        if not _require(row, ("id", "link_id", "taxonomy_term_id"), problem):
            continue
        if not known("taxonomy_term", term):
            problem(row, "taxonomy_term_id", f"unknown taxonomy term {term!r}")
            continue
        values = _fields(row, ("id", "link_id", "taxonomy_term_id", "link_type", "value"))
        out.objects["attribute"].append(Attribute(**values, link_entity=_text(row.get("link_entity")) or "service"))
    return out


def at(row: Dict[str, Any], name: str) -> str:
    """`file:line: field` for a message, naming the field as the file does."""
    return f"{row['where']}: {row.get('columns', {}).get(name, name)}"


def _require(row: Dict[str, Any], names, problem) -> bool:
    missing = [name for name in names if _text(row.get(name)) is None]
    for name in missing:
        problem(row, name, "required value is missing")
    return not missing


def _fields(row: Dict[str, Any], names) -> Dict[str, Any]:
    return {name: _text(row.get(name)) for name in names}


def _location(row, ext, first_address, known, problem, out: Mapped) -> Optional[Location]:
    if not _require(row, ("id",), problem):
        return None
    latitude, longitude = _number(row.get("latitude")), _number(row.get("longitude"))
    bad = False
    for name, value in (("latitude", latitude), ("longitude", longitude)):
        if coordinate_problem(value, name):
            problem(row, name, coordinate_problem(value, name))
            bad = True
    organization_id = _text(row.get("organization_id"))
    if organization_id and not known("organization", organization_id):
        out.warnings.append(f"{at(row, 'organization_id')}: unknown organization {organization_id!r}; location kept without it")
        organization_id = None
    address = first_address.get(row["id"]) or {}
    country = ext.get("country_code") or _text(address.get("country"))
    if country and country_problem(country):
        problem(row, "country", country_problem(country))
        bad = True
    timezone = ext.get("timezone")
    if timezone and timezone_problem(timezone):
        problem(row, "timezone", timezone_problem(timezone))
        bad = True
    if bad:
        return None
    location = Location(
        **_fields(row, ("id", "name", "description")),
        organization_id=organization_id,
        location_type=_text(row.get("location_type")) or "physical",
        latitude=float(latitude),
        longitude=float(longitude),
        city=ext.get("city") or _text(address.get("city")),
        country_code=country.upper() if country else None,
        timezone=timezone,
        is_confidential=ext.get("is_confidential") == "true",
    )
    if location.is_confidential:
        location.public_latitude, location.public_longitude = public_point(location.latitude, location.longitude)
    return location


def _service(row, ext, categories, hours, default_category, known, problem) -> Optional[Service]:
    if not _require(row, ("id", "name", "organization_id"), problem):
        return None
    if not known("organization", row["organization_id"]):
        problem(row, "organization_id", f"unknown organization {row['organization_id']!r}")
    status = _text(row.get("status")) or "active"
    if status_problem(status):
        problem(row, "status", status_problem(status))
    assured = parse_date(row.get("assured_date")) if row.get("assured_date") is not None else None
    if row.get("assured_date") is not None and assured is None:
        problem(row, "assured_date", f"expected a date like 2026-01-31, got {row['assured_date']!r}")
    category = categories.get(row["id"], default_category)
    if category_problem(category):
        problem(row, "category", category_problem(category))
    capacity = {}
    for name in ("capacity_available", "capacity_maximum"):
        value = ext.get(name)
        if value is not None and not value.isdigit():
            problem(row, name, f"expected a whole number, got {value!r}")
        capacity[name] = int(value) if value and value.isdigit() else None
    names = ("id", "organization_id", "name", "alternate_name", "description", "url", "email", "eligibility_description", "assurer_email")
    return Service(
        **_fields(row, names),
        status=status,
        category=category,
        assured_date=assured,
        hours_description=hours.get(row["id"]),
        source=ext.get("source"),
        verification_status=ext.get("verification_status"),
        **capacity,
    )


def _schedule(row, known, problem) -> Optional[Schedule]:
    if not _require(row, ("id",), problem):
        return None
    for table in ("service", "location", "service_at_location"):
        owner = row.get(f"{table}_id")
        if owner and not known(table, owner):
            problem(row, f"{table}_id", f"unknown {table} {owner!r}")
    clocks = {}
    for name in ("opens_at", "closes_at"):
        clocks[name] = parse_clock(row.get(name)) if row.get(name) is not None else None
        if row.get(name) is not None and clocks[name] is None:
            problem(row, name, f"expected a time like 09:00, got {row[name]!r}")
    dates = {}
    for name in ("valid_from", "valid_to"):
        dates[name] = parse_date(row.get(name)) if row.get(name) is not None else None
        if row.get(name) is not None and dates[name] is None:
            problem(row, name, f"expected a date like 2026-01-31, got {row[name]!r}")
    names = ("id", "service_id", "location_id", "service_at_location_id", "freq", "byday", "description")
    return Schedule(**_fields(row, names), **clocks, **dates)


def _phone(row, position, countries, service_country, known, problem, out: Mapped) -> Optional[Phone]:
    if not _require(row, ("id", "number"), problem):
        return None
    owners = {t: _text(row.get(f"{t}_id")) for t in ("service", "location", "organization")}
    for table, owner in owners.items():
        if owner and not known(table, owner):
            problem(row, f"{table}_id", f"unknown {table} {owner!r}")
    if not any(owners.values()):
        out.warnings.append(f"{row['where']}: phone: belongs to no service, location or organization; left out")
        return None
    region = countries.get(owners["location"] or "") or service_country.get(owners["service"] or "")
    number = str(row["number"]).strip()
    if phone_problem(number, region):
        problem(row, "number", phone_problem(number, region))
    kind = _text(row.get("type")) or "voice"
    if phone_type_problem(kind):
        problem(row, "type", phone_type_problem(kind))
    return Phone(
        id=_text(row["id"]),
        service_id=owners["service"],
        location_id=owners["location"],
        organization_id=owners["organization"],
        number=number,
        extension=_text(row.get("extension")),
        type=kind,
        description=_text(row.get("description")),
        position=position,
    )


def _service_area(row, known, problem, out: Mapped) -> Optional[ServiceArea]:
    if not _require(row, ("id", "service_id"), problem):
        return None
    if not known("service", row["service_id"]):
        problem(row, "service_id", f"unknown service {row['service_id']!r}")
    name = _text(row.get("name")) or ""
    if name.lower() == WORLDWIDE:
        code = None
    else:
        code = _country_code(name)
        if code is None:
            out.warnings.append(
                f"{at(row, 'name')}: {name[:60]!r} is not a country or 'worldwide'; this area is not used in search"
            )
            return None
    return ServiceArea(id=_text(row["id"]), service_id=_text(row["service_id"]), country_code=code, name=name, description=_text(row.get("description")))


def _country_code(name: str) -> Optional[str]:
    import pycountry

    if len(name) == 2 and name.isalpha():
        return name.upper() if pycountry.countries.get(alpha_2=name.upper()) else None
    try:
        return pycountry.countries.lookup(name).alpha_2
    except LookupError:
        return None


# -- export --------------------------------------------------------------------------------


def from_database(session: Session) -> Rows:
    """Everything we hold, as HSDS rows. Confidential positions and addresses stay behind."""
    rows = Rows()
    for term in session.scalars(select(Taxonomy).order_by(Taxonomy.id)):
        rows.add("taxonomy", _as_row(term, ("id", "name", "description", "uri", "version")), "db")
    for term in session.scalars(select(TaxonomyTerm).order_by(TaxonomyTerm.id)):
        names = ("id", "code", "name", "description", "parent_id", "taxonomy", "language", "taxonomy_id", "term_uri")
        rows.add("taxonomy_term", _as_row(term, names), "db")
    for org in session.scalars(select(Organization).order_by(Organization.id)):
        rows.add("organization", _as_row(org, ("id", "name", "alternate_name", "description", "email", "website")), "db")
        _extensions(rows, org, "organization", {"is_sample": "true" if org.is_sample else None, "source": org.source, "verification_status": org.verification_status})
    confidential = set()
    for loc in session.scalars(select(Location).order_by(Location.id)):
        row = _as_row(loc, ("id", "location_type", "organization_id", "name", "description", "latitude", "longitude"))
        if loc.is_confidential:
            confidential.add(loc.id)
            row["latitude"], row["longitude"] = loc.public_latitude, loc.public_longitude
        rows.add("location", row, "db")
        values = {"city": loc.city, "country_code": loc.country_code, "timezone": loc.timezone}
        _extensions(rows, loc, "location", {**values, "is_confidential": "true" if loc.is_confidential else None})
    for address in session.scalars(select(Address).order_by(Address.id)):
        if address.location_id not in confidential:
            names = ("id", "location_id", "attention", "address_1", "address_2", "city", "region", "state_province", "postal_code", "country", "address_type")
            rows.add("address", _as_row(address, names), "db")
    for svc in session.scalars(select(Service).order_by(Service.id)):
        names = ("id", "organization_id", "name", "alternate_name", "description", "url", "email", "status", "eligibility_description", "assured_date", "assurer_email")
        row = _as_row(svc, names)
        row["assured_date"] = svc.assured_date.isoformat() if svc.assured_date else None
        rows.add("service", row, "db")
        rows.add("attribute", {"id": f"{svc.id}~category", "link_id": svc.id, "taxonomy_term_id": category_term(svc.category), "link_entity": "service", "link_type": "category"}, "db")
        values = {"capacity_available": svc.capacity_available, "capacity_maximum": svc.capacity_maximum}
        _extensions(rows, svc, "service", {**values, "source": svc.source, "verification_status": svc.verification_status})
        if svc.hours_description:
            rows.add("schedule", {"id": f"{svc.id}~hours", "service_id": svc.id, "description": svc.hours_description}, "db")
    for link in session.scalars(select(ServiceAtLocation).order_by(ServiceAtLocation.id)):
        rows.add("service_at_location", _as_row(link, ("id", "service_id", "location_id", "description")), "db")
    for phone in session.scalars(select(Phone).order_by(Phone.position, Phone.id)):
        row = _as_row(phone, ("id", "location_id", "service_id", "organization_id", "number", "extension", "type", "description"))
        if phone.extension and phone.extension.isdigit():
            row["extension"] = int(phone.extension)  # HSDS: a number
        rows.add("phone", row, "db")
    for schedule in session.scalars(select(Schedule).order_by(Schedule.id)):
        row = _as_row(schedule, ("id", "service_id", "location_id", "service_at_location_id", "freq", "byday", "description", "opens_at", "closes_at"))
        for name in ("valid_from", "valid_to"):
            value = getattr(schedule, name)
            row[name] = value.isoformat() if value else None
        rows.add("schedule", row, "db")
    for language in session.scalars(select(Language).order_by(Language.id)):
        rows.add("language", _as_row(language, ("id", "service_id", "location_id", "phone_id", "name", "code", "note")), "db")
    for area in session.scalars(select(ServiceArea).order_by(ServiceArea.id)):
        row = _as_row(area, ("id", "service_id", "description"))
        row["name"] = area.country_code or WORLDWIDE
        rows.add("service_area", row, "db")
    for attribute in session.scalars(select(Attribute).order_by(Attribute.id)):
        rows.add("attribute", _as_row(attribute, ("id", "link_id", "taxonomy_term_id", "link_type", "link_entity", "value")), "db")
    for table in ("organization", "taxonomy_term"):
        for row in rows.tables[table]:
            if row["description"] is None:
                row["description"] = ""  # HSDS requires one, even when nobody wrote it
    return rows


def _as_row(obj: Any, names) -> Dict[str, Any]:
    return {name: getattr(obj, name) for name in names}


def _extensions(rows: Rows, obj: Any, entity: str, values: Dict[str, Any]) -> None:
    for name, value in values.items():
        if value is not None:
            row = {"id": f"{obj.id}~{name}", "link_id": obj.id, "taxonomy_term_id": EXTENSION_TERMS[name], "link_entity": entity, "value": str(value)}
            rows.add("attribute", row, "db")
