"""HSDS 3.0 files <-> plain rows: the tabular data package (CSV + datapackage.json) and nested JSON.

A `Rows` maps an HSDS table name (organization, service, location...) to its rows; every row
is a dict of HSDS field names with a `where` telling a person where it came from
(`services.csv:3`, or `service_full.json:$.phones[0]` for JSON, which has no useful lines).
This module only reads and writes files; it knows nothing about the database. Tables and
fields we do not model (contacts, funding, programs...) are skipped on read.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional

from resources_db.errors import DataFileError

# Table -> (file in the tabular package, the fields we model), in the order rows are written.
TABLES: Dict[str, tuple] = {
    "taxonomy": ("taxonomies.csv", ("id", "name", "description", "uri", "version")),
    "taxonomy_term": (
        "taxonomy_terms.csv",
        ("id", "code", "name", "description", "parent_id", "taxonomy", "language", "taxonomy_id", "term_uri"),
    ),
    "organization": ("organizations.csv", ("id", "name", "alternate_name", "description", "email", "website")),
    "location": (
        "locations.csv",
        ("id", "location_type", "organization_id", "name", "description", "latitude", "longitude"),
    ),
    "address": (
        "addresses.csv",
        ("id", "location_id", "attention", "address_1", "address_2", "city", "region", "state_province", "postal_code", "country", "address_type"),
    ),
    "service": (
        "services.csv",
        ("id", "organization_id", "name", "alternate_name", "description", "url", "email", "status", "eligibility_description", "assured_date", "assurer_email"),
    ),
    "service_at_location": ("service_at_location.csv", ("id", "service_id", "location_id", "description")),
    "phone": (
        "phones.csv",
        ("id", "location_id", "service_id", "organization_id", "number", "extension", "type", "description"),
    ),
    "schedule": (
        "schedules.csv",
        ("id", "service_id", "location_id", "service_at_location_id", "valid_from", "valid_to", "freq", "byday", "description", "opens_at", "closes_at"),
    ),
    "language": ("languages.csv", ("id", "service_id", "location_id", "phone_id", "name", "code", "note")),
    "service_area": ("service_areas.csv", ("id", "service_id", "name", "description")),
    "attribute": ("attributes.csv", ("id", "link_id", "taxonomy_term_id", "link_type", "link_entity", "value")),
}


@dataclass
class Rows:
    tables: Dict[str, List[Dict[str, Any]]] = field(default_factory=lambda: {name: [] for name in TABLES})
    _seen: Dict[tuple, Dict[str, Any]] = field(default_factory=dict)

    def add(self, table: str, row: Dict[str, Any], where: str, columns: Optional[Dict[str, str]] = None) -> None:
        """Add a row; a row whose id was already seen fills in the blanks of the first one
        (nested JSON repeats the same phone under the service and under its location).
        `columns` names the file's column for a field the file calls something else (an HSDS
        1.1 service_area's `service_area` is our `name`), so problems name what the file says."""
        kept = {key: _blank_to_none(row.get(key)) for key in TABLES[table][1]}
        known = self._seen.get((table, kept["id"])) if kept["id"] is not None else None
        if known is not None:
            for key, value in kept.items():
                if known.get(key) is None:
                    known[key] = value
            return
        kept["where"] = where
        if columns:
            kept["columns"] = columns
        self.tables[table].append(kept)
        if kept["id"] is not None:
            self._seen[(table, kept["id"])] = kept

    def count(self) -> int:
        return sum(len(rows) for rows in self.tables.values())


def _blank_to_none(value: Any) -> Any:
    return None if isinstance(value, str) and not value.strip() else value


# -- tabular -------------------------------------------------------------------------------


def read_tabular(folder: Path) -> Rows:
    """Read a tabular data package: datapackage.json names the CSV of each table."""
    package = read_json(folder / "datapackage.json")
    paths = {r.get("name"): r.get("path") for r in package.get("resources", []) if isinstance(r, dict)}
    rows = Rows()
    for table, (default_path, _) in TABLES.items():
        path = folder / (paths.get(table) or default_path)
        if path.exists():
            for line, row in read_csv_rows(path):
                rows.add(table, row, f"{path.name}:{line}")
    return rows


def read_csv_rows(path: Path) -> Iterable[tuple]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise DataFileError(f"{path.name}:{line}: not UTF-8 text (byte {error.start}); save it as UTF-8 CSV") from error
    reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
    try:
        if reader.fieldnames is None or "id" not in reader.fieldnames:
            raise DataFileError(f"{path.name}:1: id: the header has no id column (found: {reader.fieldnames})")
        for row in reader:
            yield reader.line_num, row
    except csv.Error as error:
        raise DataFileError(f"{path.name}:{reader.line_num}: not valid CSV: {error}") from error


def write_tabular(rows: Rows, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    resources = []
    for table, (path, fields) in TABLES.items():
        with (folder / path).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=fields, extrasaction="ignore")
            writer.writeheader()
            for row in rows.tables[table]:
                writer.writerow({key: "" if row.get(key) is None else row[key] for key in fields})
        resources.append(
            {
                "name": table,
                "path": path,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "schema": {"primaryKey": "id", "fields": [{"name": name, "type": "string"} for name in fields]},
            }
        )
    package = {"name": "human_services_data", "profile": "tabular-data-package", "version": "3.0.0", "resources": resources}
    (folder / "datapackage.json").write_text(json.dumps(package, indent=2), encoding="utf-8")


# -- nested JSON ---------------------------------------------------------------------------


def read_nested(path: Path) -> Rows:
    """Read HSDS 3.0 service objects: one, a list, or an API page ({"contents": [...]})."""
    document = read_json(path)
    if isinstance(document, dict) and isinstance(document.get("contents"), list):
        services = document["contents"]
    elif isinstance(document, list):
        services = document
    else:
        services = [document]
    rows = Rows()
    for number, service in enumerate(services):
        where = f"{path.name}:$[{number}]" if len(services) > 1 or isinstance(document, list) else f"{path.name}:$"
        if not isinstance(service, dict) or "organization" not in service and "service_at_locations" not in service:
            raise DataFileError(f"{where}: expected HSDS service objects (with organization, phones, service_at_locations...)")
        _flatten_service(rows, service, where)
    return rows


def _flatten_service(rows: Rows, service: Dict[str, Any], where: str) -> None:
    organization = service.get("organization") or {}
    if organization:
        rows.add("organization", organization, f"{where}.organization")
        _attributes(rows, organization, organization.get("id"), "organization", f"{where}.organization")
    rows.add("service", {"organization_id": organization.get("id"), **service}, where)
    service_id = service.get("id")
    _phones(rows, service, {"service_id": service_id}, where)
    for n, schedule in enumerate(service.get("schedules") or []):
        rows.add("schedule", {"service_id": service_id, **schedule}, f"{where}.schedules[{n}]")
    for n, area in enumerate(service.get("service_areas") or []):
        rows.add("service_area", {"service_id": service_id, **area}, f"{where}.service_areas[{n}]")
    for n, language in enumerate(service.get("languages") or []):
        rows.add("language", {"service_id": service_id, **language}, f"{where}.languages[{n}]")
    _attributes(rows, service, service_id, "service", where)
    for n, link in enumerate(service.get("service_at_locations") or []):
        at = f"{where}.service_at_locations[{n}]"
        location = link.get("location") or {}
        rows.add("service_at_location", {"service_id": service_id, "location_id": location.get("id"), **link}, at)
        if location:
            _flatten_location(rows, location, f"{at}.location")


def _flatten_location(rows: Rows, location: Dict[str, Any], where: str) -> None:
    location_id = location.get("id")
    rows.add("location", location, where)
    for n, address in enumerate(location.get("addresses") or []):
        rows.add("address", {"location_id": location_id, **address}, f"{where}.addresses[{n}]")
    _phones(rows, location, {"location_id": location_id}, where)
    for n, language in enumerate(location.get("languages") or []):
        rows.add("language", {"location_id": location_id, **language}, f"{where}.languages[{n}]")
    _attributes(rows, location, location_id, "location", where)


def _phones(rows: Rows, owner: Dict[str, Any], link: Dict[str, Any], where: str) -> None:
    for n, phone in enumerate(owner.get("phones") or []):
        rows.add("phone", {**link, **{k: v for k, v in phone.items() if v is not None}}, f"{where}.phones[{n}]")
        for m, language in enumerate(phone.get("languages") or []):
            rows.add("language", {"phone_id": phone.get("id"), **language}, f"{where}.phones[{n}].languages[{m}]")


def _attributes(rows: Rows, owner: Dict[str, Any], link_id: Optional[str], entity: str, where: str) -> None:
    for n, attribute in enumerate(owner.get("attributes") or []):
        term = attribute.get("taxonomy_term") or {}
        at = f"{where}.attributes[{n}]"
        if term:
            rows.add("taxonomy_term", term, f"{at}.taxonomy_term")
            detail = term.get("taxonomy_detail") or {}
            if detail:
                rows.add("taxonomy", detail, f"{at}.taxonomy_term.taxonomy_detail")
        defaults = {"link_id": link_id, "link_entity": entity, "taxonomy_term_id": term.get("id")}
        rows.add("attribute", {**defaults, **{k: v for k, v in attribute.items() if v is not None}}, at)


def write_nested(rows: Rows, path: Path) -> List[Dict[str, Any]]:
    """Write every service as a nested HSDS 3.0 service object; returns what was written."""
    by_id = {table: {row["id"]: row for row in rows.tables[table]} for table in TABLES}
    terms = by_id["taxonomy_term"]

    def clean(table: str, row: Dict[str, Any], drop: Iterable[str] = ()) -> Dict[str, Any]:
        return {k: row[k] for k in TABLES[table][1] if row.get(k) is not None and k not in drop}

    def attributes(link_id: str) -> List[Dict[str, Any]]:
        found = []
        for attribute in rows.tables["attribute"]:
            if attribute["link_id"] == link_id:
                item = clean("attribute", attribute)
                term = terms.get(attribute["taxonomy_term_id"])
                if term:
                    item["taxonomy_term"] = clean("taxonomy_term", term)
                found.append(item)
        return found

    def phones(key: str, owner_id: str) -> List[Dict[str, Any]]:
        found = []
        for phone in rows.tables["phone"]:
            if phone.get(key) == owner_id:
                item = clean("phone", phone)
                item["languages"] = [clean("language", l, ("phone_id",)) for l in rows.tables["language"] if l.get("phone_id") == phone["id"]]
                found.append(item)
        return found

    def children(table: str, key: str, owner_id: str) -> List[Dict[str, Any]]:
        return [clean(table, row, (key,)) for row in rows.tables[table] if row.get(key) == owner_id]

    services = []
    for service in rows.tables["service"]:
        item = clean("service", service)
        organization = by_id["organization"].get(service["organization_id"])
        if organization:
            item["organization"] = {**clean("organization", organization), "attributes": attributes(organization["id"])}
        item["phones"] = phones("service_id", service["id"])
        item["schedules"] = children("schedule", "service_id", service["id"])
        item["service_areas"] = children("service_area", "service_id", service["id"])
        item["languages"] = children("language", "service_id", service["id"])
        item["attributes"] = attributes(service["id"])
        links = []
        for link in rows.tables["service_at_location"]:
            if link["service_id"] != service["id"]:
                continue
            location = by_id["location"][link["location_id"]]
            nested = {
                **clean("location", location),
                "addresses": children("address", "location_id", location["id"]),
                "phones": phones("location_id", location["id"]),
                "languages": children("language", "location_id", location["id"]),
                "attributes": attributes(location["id"]),
            }
            links.append({**clean("service_at_location", link, ("service_id", "location_id")), "location": nested})
        item["service_at_locations"] = links
        services.append(item)
    path.write_text(json.dumps(services, indent=2, ensure_ascii=False), encoding="utf-8")
    return services


def read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError as error:
        raise DataFileError(f"{path.name}: not found") from error
    except UnicodeDecodeError as error:
        raise DataFileError(f"{path.name}: not UTF-8 text (byte {error.start}); save it as UTF-8") from error
    except json.JSONDecodeError as error:
        raise DataFileError(f"{path.name}:{error.lineno}: not valid JSON: {error.msg}") from error
