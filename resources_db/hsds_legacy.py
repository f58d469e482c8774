"""HSDS 1.1 and 2.0 tabular packages -> HSDS 3.0 rows, where the mapping is clear.

`read_legacy` reads the CSV files of an older package and writes them as the 3.0 rows that
hsds_mapping.to_models checks and converts, so every 3.0 check (coordinates, phones, dates,
references) applies unchanged and problems still name the older file, line and column.
Nothing is dropped silently: whole tables and columns we do not keep are listed in
`not_mapped` (with how many rows had a value), rows left out or changed get a `file:line:
field:` warning, and values that cannot be right are `problems` (nothing is written).
"""

from __future__ import annotations

import csv
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

from resources_db.checks import parse_date
from resources_db.errors import DataFileError
from resources_db.hsds_format import Rows, read_csv_rows, read_json
from resources_db.hsds_version import resource_paths

_ADDRESS = ("id", "location_id", "attention", "address_1", "address_2", "address_3", "address_4", "city", "region", "state_province", "postal_code", "country")
# Older table -> (default file, the columns we read). Columns not listed are reported.
_COMMON = {
    "organization": ("organizations.csv", ("id", "name", "alternate_name", "description", "email", "url")),
    "location": ("locations.csv", ("id", "organization_id", "name", "description", "latitude", "longitude")),
    "physical_address": ("physical_addresses.csv", _ADDRESS),
    "postal_address": ("postal_addresses.csv", _ADDRESS),
    "service": ("services.csv", ("id", "organization_id", "name", "alternate_name", "description", "url", "email", "status")),
    "eligibility": ("eligibility.csv", ("id", "service_id", "eligibility")),
    "service_at_location": ("services_at_location.csv", ("id", "service_id", "location_id", "description")),
    "phone": (
        "phones.csv",
        ("id", "location_id", "service_id", "organization_id", "service_at_location_id", "number", "extension", "type", "language", "description"),
    ),
    "language": ("languages.csv", ("id", "service_id", "location_id", "language")),
    "service_area": ("service_areas.csv", ("id", "service_id", "service_area", "description")),
}
_SCHEDULE = ("id", "service_id", "location_id", "service_at_location_id")
_RULE_PARTS = ("interval", "count", "byweekno", "bymonthday", "byyearday")
TABLES = {
    "1.1": {
        **_COMMON,
        "regular_schedule": ("regular_schedules.csv", (*_SCHEDULE, "weekday", "opens_at", "closes_at")),
        "taxonomy": ("taxonomy.csv", ("id", "name", "parent_id", "vocabulary")),
        "service_taxonomy": ("services_taxonomy.csv", ("id", "service_id", "taxonomy_id")),
    },
    "2.0": {
        **_COMMON,
        "schedule": (
            "schedules.csv",
            (*_SCHEDULE, "valid_from", "valid_to", "dtstart", "until", "freq", "byday", "description", "opens_at", "closes_at", *_RULE_PARTS),
        ),
        "taxonomy_term": ("taxonomy_terms.csv", ("id", "term", "description", "parent_id", "taxonomy", "language")),
        "service_attribute": ("service_attributes.csv", ("id", "service_id", "taxonomy_term_id")),
        "other_attribute": ("other_attributes.csv", ("id", "link_id", "link_type", "taxonomy_term_id")),
    },
}
# Older tables we do not keep, and why.
_NOT_KEPT = {
    "program": ("programs.csv", "we keep no programs"),
    "contact": ("contacts.csv", "we keep no named contacts"),
    "funding": ("funding.csv", "we keep no funding sources"),
    "required_document": ("required_documents.csv", "we keep no lists of documents"),
    "payment_accepted": ("payments_accepted.csv", "we keep no payment methods"),
    "accessibility_for_disabilities": ("accessibility_for_disabilities.csv", "we keep no accessibility details"),
    "holiday_schedule": ("holiday_schedules.csv", "our hours cannot say 'closed on these dates'"),
    "metadata": ("metadata.csv", "we keep no change history"),
    "meta_table_description": ("meta_table_descriptions.csv", "it describes the files, not the services"),
}
# Entities an attribute may point at that we keep.
_KEPT_ENTITIES = ("organization", "service", "location", "service_at_location", "phone", "schedule", "service_area", "language")
_DAYS = {"MO": "monday", "TU": "tuesday", "WE": "wednesday", "TH": "thursday", "FR": "friday", "SA": "saturday", "SU": "sunday"}
_NUMBERED = {"monday": ("MO", "TU", "WE", "TH", "FR", "SA", "SU"), "sunday": ("SU", "MO", "TU", "WE", "TH", "FR", "SA")}
_OFFSET = re.compile(r"^(\d{1,2}:\d{2}(?::\d{2})?)(Z|[+-]\d{2}:?\d{2})$", re.IGNORECASE)

Row = Dict[str, Any]


@dataclass
class Legacy:
    rows: Rows = field(default_factory=Rows)
    not_mapped: List[str] = field(default_factory=list)
    warnings: List[str] = field(default_factory=list)
    problems: List[str] = field(default_factory=list)


def read_legacy(folder: Path, version: str, weekday_one: Optional[str] = None) -> Legacy:
    """Read the HSDS `version` ("1.1" or "2.0") package in `folder` as 3.0 rows.

    `weekday_one` ("monday" or "sunday") says which day a numbered 1.1 weekday 1 is; HSDS 1.1
    does not say, so numbered weekdays are not mapped without it.
    """
    if version not in TABLES:
        raise DataFileError(f"{folder.name}: HSDS {version} is not an older version we map (1.1 or 2.0)")
    package = read_json(folder / "datapackage.json")
    files = {name: (resource_paths(package).get(name) or default) for name, (default, _) in {**TABLES[version], **_NOT_KEPT}.items()}
    mapper = _Mapper(weekday_one)
    read: Dict[str, List[Tuple[str, Row]]] = {}
    for name, (_, columns) in TABLES[version].items():
        path = folder / files[name]
        if path.is_file():
            read[name] = mapper.read(path, columns)
    for name, (_, reason) in _NOT_KEPT.items():
        path = folder / files[name]
        if path.is_file() and (count := _count_rows(path)):
            mapper.out.not_mapped.append(f"{path.name}: {_rows(count)} ({reason})")
    known = set(files.values())
    for path in sorted(folder.glob("*.csv")):
        if path.name not in known:
            mapper.out.not_mapped.append(f"{path.name}: not an HSDS {version} table, not read")
    mapper.map(read)
    return mapper.out


def _rows(count: int) -> str:
    return f"{count} row" + ("" if count == 1 else "s")


def _count_rows(path: Path) -> int:
    with path.open(encoding="utf-8-sig", errors="replace", newline="") as handle:
        return max(sum(1 for row in csv.reader(handle) if any(cell.strip() for cell in row)) - 1, 0)


def _blank(value: Any) -> bool:
    return value is None or not str(value).strip()


class _Mapper:
    """One package's mapping: the rows it writes and what it says about the rest."""

    def __init__(self, weekday_one: Optional[str]):
        self.weekday_one = weekday_one
        self.out = Legacy()
        self.no_position: Dict[str, Tuple[str, Optional[str]]] = {}  # location id -> (where, name)
        self.left_out: Dict[str, Counter] = defaultdict(Counter)  # location id -> rows left out with it
        self.detached: Dict[str, Counter] = defaultdict(Counter)  # location id -> rows kept without it
        self.links: Dict[str, Row] = {}  # service_at_location id -> row
        self.numbered: List[str] = []  # lines whose weekday is a number

    # -- reading -------------------------------------------------------------------------

    def read(self, path: Path, columns: tuple) -> List[Tuple[str, Row]]:
        rows, unmapped, first_line = [], Counter(), {}
        for line, row in read_csv_rows(path):
            where = f"{path.name}:{line}"
            row = {key.strip(): value for key, value in row.items() if key is not None}
            unmapped.update(key for key, value in row.items() if key not in columns and not _blank(value))
            row_id = (row.get("id") or "").strip()
            if row_id in first_line:
                self.out.problems.append(f"{where}: id: {row_id!r} is already used on line {first_line[row_id]}")
                continue
            if row_id:
                first_line[row_id] = line
            rows.append((where, row))
        if unmapped:
            listed = ", ".join(f"{name} ({_rows(count)})" for name, count in unmapped.items())
            self.out.not_mapped.append(f"{path.name}: columns {listed}")
        return rows

    # -- mapping -------------------------------------------------------------------------

    def map(self, read: Dict[str, List[Tuple[str, Row]]]) -> None:
        add = self.out.rows.add
        for where, row in read.get("organization", ()):
            add("organization", {**row, "website": row.get("url")}, where, {"website": "url"})
        for where, row in read.get("location", ()):
            if _blank(row.get("latitude")) and _blank(row.get("longitude")) and not _blank(row.get("id")):
                self.no_position[row["id"]] = (where, row.get("name"))
            else:
                add("location", {**row, "location_type": "physical"}, where)
        for where, row in read.get("service_at_location", ()):
            self.links[row.get("id") or ""] = row
            if row.get("location_id") in self.no_position:
                self.left_out[row["location_id"]]["service_at_location"] += 1
            else:
                add("service_at_location", row, where)
        self._addresses(read)
        self._services(read)
        for where, row in read.get("phone", ()):
            self._phone(where, row)
        for where, row in read.get("regular_schedule", ()):
            self._regular_schedule(where, row)
        for where, row in read.get("schedule", ()):
            self._schedule(where, row)
        for where, row in read.get("language", ()):
            owners = self._owners(row, "language")
            if owners is not None:
                name, code = self._language(where, row.get("language"), "language")
                add("language", {**owners, "id": row.get("id"), "name": name, "code": code}, where, {"name": "language", "code": "language"})
        for where, row in read.get("service_area", ()):
            add("service_area", {**row, "name": row.get("service_area")}, where, {"name": "service_area"})
        self._taxonomy(read)
        self._report_locations()
        if self.numbered:
            self.out.not_mapped.append(
                f"{self.numbered[0].split(':')[0]}: weekday: {_rows(len(self.numbered))} give the day as a number "
                f"(lines {', '.join(w.split(':')[1] for w in self.numbered)}) and HSDS 1.1 does not say which day is 1; "
                "those hours are not mapped. Import again with --weekday-one monday (ISO 8601) or --weekday-one sunday"
            )

    def _addresses(self, read) -> None:
        seen: Dict[str, str] = {}
        for kind in ("physical", "postal"):
            for where, row in read.get(f"{kind}_address", ()):
                if row.get("id") in seen:
                    self.out.problems.append(f"{where}: id: {row['id']!r} is also the id of the address at {seen[row['id']]}")
                    continue
                seen[row.get("id") or ""] = where
                if row.get("location_id") in self.no_position:
                    self.left_out[row["location_id"]]["address"] += 1
                    continue
                extra = [row.get(name) for name in ("address_2", "address_3", "address_4") if not _blank(row.get(name))]
                values = {**row, "address_2": ", ".join(extra) or None, "address_type": kind}
                self.out.rows.add("address", values, where)

    def _services(self, read) -> None:
        services = {row.get("id") for _, row in read.get("service", ())}
        eligibility: Dict[str, List[str]] = defaultdict(list)
        for where, row in read.get("eligibility", ()):
            if _blank(row.get("eligibility")):
                continue
            if row.get("service_id") not in services:
                self.out.problems.append(f"{where}: service_id: unknown service {row.get('service_id')!r}")
            else:
                eligibility[row["service_id"]].append(row["eligibility"].strip())
        for where, row in read.get("service", ()):
            text = "; ".join(eligibility.get(row.get("id"), ())) or None
            self.out.rows.add("service", {**row, "eligibility_description": text}, where)

    def _owners(self, row: Row, kind: str, tables=("service", "location")) -> Optional[Row]:
        """The row's links, without a location that was left out; None if nothing is left."""
        owners = {f"{t}_id": row.get(f"{t}_id") for t in tables if not _blank(row.get(f"{t}_id"))}
        location = owners.get("location_id")
        if location in self.no_position:
            del owners["location_id"]
            (self.detached if owners else self.left_out)[location][kind] += 1
            return owners or None
        return owners

    def _through_link(self, where: str, row: Row) -> Optional[Row]:
        """The row with the service and location of its service_at_location filled in: a phone
        or hours of a service at a location are that service's, at that location."""
        values = dict(row)
        link_id = row.get("service_at_location_id")
        if _blank(link_id):
            return values
        link = self.links.get(link_id)
        if link is None:
            self.out.problems.append(f"{where}: service_at_location_id: unknown service_at_location {link_id!r}")
            return None
        for name in ("service_id", "location_id"):
            values[name] = values.get(name) or link.get(name)
        if link.get("location_id") in self.no_position:
            values["service_at_location_id"] = None  # left out with its location
        return values

    def _phone(self, where: str, row: Row) -> None:
        values = self._through_link(where, row)
        owners = None if values is None else self._owners(values, "phone", ("service", "location", "organization"))
        if owners is None:
            return
        values.update({f"{t}_id": owners.get(f"{t}_id") for t in ("service", "location", "organization")})
        self.out.rows.add("phone", values, where)
        for token in re.split(r"[,;]", row.get("language") or ""):
            if token.strip():
                name, code = self._language(where, token.strip(), "language")
                language = {"id": f"{row['id']}~{token.strip().lower()}", "phone_id": row.get("id"), "name": name, "code": code}
                self.out.rows.add("language", language, where, {"name": "language", "code": "language"})

    def _language(self, where: str, value: Any, column: str) -> Tuple[Optional[str], Optional[str]]:
        """(name, ISO 639 code) of 'es', 'spa' or 'Spanish'; an unknown name is kept as written."""
        text = (value or "").strip()
        if not text:
            return None, None
        known = _iso_language(text)
        if known is None:
            self.out.warnings.append(
                f"{where}: {column}: {text[:40]!r} is not an ISO 639 code or language name; kept as written, not used to search by language"
            )
            return text, None
        return known

    def _schedule_row(self, where: str, row: Row) -> Optional[Row]:
        """A schedule row's links, or None if it is left out."""
        values = self._through_link(where, row)
        owners = None if values is None else self._owners(values, "schedule")
        if owners is None:
            return None
        values.update({"service_id": owners.get("service_id"), "location_id": owners.get("location_id")})
        return values

    def _clocks(self, where: str, row: Row) -> Optional[Row]:
        """opens_at/closes_at as local times: a UTC offset (09:00-05:00) is the local time in
        that zone; a UTC time (09:00Z) is not, without the timezone the package does not give."""
        clocks = {}
        for name in ("opens_at", "closes_at"):
            value = (row.get(name) or "").strip()
            match = _OFFSET.match(value)
            if match and match.group(2).upper() == "Z":
                self.out.warnings.append(f"{where}: {name}: {value!r} is UTC and the package gives no local timezone; these hours are not mapped")
                return None
            clocks[name] = match.group(1) if match else value or None
        return clocks

    def _regular_schedule(self, where: str, row: Row) -> None:
        weekday = (row.get("weekday") or "").strip()
        if weekday.isdigit():
            if self.weekday_one is None:
                self.numbered.append(where)
                return
            if not 1 <= int(weekday) <= 7:
                self.out.problems.append(f"{where}: weekday: {weekday!r} is not a day of the week (1 to 7)")
                return
            day = _NUMBERED[self.weekday_one][int(weekday) - 1]
        else:
            day = next((code for code, name in _DAYS.items() if weekday.lower() in (name, name[:3], code.lower())), None)
            if day is None:
                self.out.problems.append(f"{where}: weekday: {weekday!r} is not a day of the week (Monday, Mon, MO or a number)")
                return
        values, clocks = self._schedule_row(where, row), self._clocks(where, row)
        if values is not None and clocks is not None:
            self.out.rows.add("schedule", {**values, **clocks, "freq": "WEEKLY", "byday": day}, where, {"byday": "weekday"})

    def _schedule(self, where: str, row: Row) -> None:
        values = self._schedule_row(where, row)
        if values is None:
            return
        columns = {}
        # The first and last occurrence bound the rule as valid_from and valid_to do: the later
        # start and the earlier end hold.
        for ours, theirs, pick in (("valid_from", "dtstart", max), ("valid_to", "until", min)):
            if _blank(values.get(theirs)):
                continue
            mine, other = parse_date(values.get(ours)), parse_date(values[theirs])
            if _blank(values.get(ours)) or (mine and other and other != mine and pick(mine, other) == other):
                values[ours], columns[ours] = values[theirs], theirs
        freq = (values.get("freq") or "").strip().upper()
        values["freq"] = freq or None
        if freq == "DAILY":  # every day = every week on every day (3.0 has no DAILY)
            values["freq"], values["byday"] = "WEEKLY", values.get("byday") or ",".join(_DAYS)
        used = [name for name in _RULE_PARTS if not _blank(values.get(name)) and not (name == "interval" and str(values[name]).strip() in ("1", "1.0"))]
        if freq == "YEARLY" or used:
            part = used[0] if used else "freq"
            what = "only its description is kept" if not _blank(values.get("description")) else "this row is not mapped"
            self.out.warnings.append(f"{where}: {part}: {str(values[part]).strip()!r} cannot be kept in our weekly hours; {what}")
            if not _blank(values.get("description")):
                self.out.rows.add("schedule", {k: values.get(k) for k in ("id", "service_id", "location_id", "description")}, where)
            return
        clocks = self._clocks(where, values)
        if clocks is not None:
            self.out.rows.add("schedule", {**values, **clocks}, where, columns)

    def _taxonomy(self, read) -> None:
        add = self.out.rows.add
        for where, row in read.get("taxonomy", ()):  # 1.1: a term of a named vocabulary
            add("taxonomy_term", {**row, "taxonomy": row.get("vocabulary")}, where, {"taxonomy": "vocabulary"})
        for where, row in read.get("taxonomy_term", ()):
            add("taxonomy_term", {**row, "name": row.get("term")}, where, {"name": "term"})
        links = [(where, row, row.get("service_id"), "service", "taxonomy_id") for where, row in read.get("service_taxonomy", ())]
        links += [(where, row, row.get("service_id"), "service", "taxonomy_term_id") for where, row in read.get("service_attribute", ())]
        links += [(where, row, row.get("link_id"), (row.get("link_type") or "").strip(), "taxonomy_term_id") for where, row in read.get("other_attribute", ())]
        for where, row, link_id, entity, term in links:
            if entity not in _KEPT_ENTITIES:
                self.out.warnings.append(f"{where}: link_type: {entity!r} is not something we keep; this attribute is not mapped")
            elif entity == "location" and link_id in self.no_position:
                self.left_out[link_id]["attribute"] += 1
            else:
                values = {"id": row.get("id"), "link_id": link_id, "taxonomy_term_id": row.get(term), "link_entity": entity}
                add("attribute", values, where, {"link_id": "service_id" if entity == "service" and term == "taxonomy_id" else "link_id", "taxonomy_term_id": term})

    def _report_locations(self) -> None:
        for location, (where, name) in self.no_position.items():
            text = f"{where}: latitude, longitude: missing; we can only list places with a position, so location {name or location!r} is left out"
            if self.left_out[location]:
                text += " with " + _tally(self.left_out[location])
            if self.detached[location]:
                text += "; kept without this location: " + _tally(self.detached[location])
            self.out.warnings.append(text)


@lru_cache(maxsize=1024)
def _iso_language(text: str) -> Optional[Tuple[str, str]]:
    """(name, code) for a code ('es', 'spa': kept as written) or a name ('Spanish'), or None."""
    import pycountry

    for name in ("alpha_2", "alpha_3", "bibliographic"):  # codes first: 'en' is also a name
        found = pycountry.languages.get(**{name: text.lower()})
        if found is not None:
            return found.name, text
    try:
        found = pycountry.languages.lookup(text)
    except LookupError:
        return None
    return text, getattr(found, "alpha_2", None) or found.alpha_3


def _tally(counts: Counter) -> str:
    return ", ".join(f"{count} {kind}" + ("" if count == 1 else "es" if kind.endswith("s") else "s") for kind, count in sorted(counts.items()))
