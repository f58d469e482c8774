"""Read side of the resource database: nearby and area-wide search, returning frozen records.

Nearby search reads one table, service_search (models.SearchEntry: one row per service at a
location, kept in step by search_index), with the same portable query on SQLite and
PostgreSQL: a bounding box on the (category, latitude band, longitude) index that also checks
status, languages and eligibility, and returns the box's nearest rows first (ordered by the
chord between unit vectors, plain arithmetic) and only a few dozen of them, so nothing is
looked up by id while searching and a box over a city returns no more rows than one over a
village (the engine still scans the index entries in it).
The radius starts at 16 km (4 km for any kind of help) and grows by as much as the density
found so far says it must (at least doubling, 16 times over an empty box) until enough
services are found or the radius cap is reached; exact great-circle distances are computed
in Python. "Open now" is evaluated in Python, in each
location's own timezone, from the schedules the row carries; the row also carries the phones
to show and what the result shows of its service and organization, so a nearby search is
one to three queries of one table. Services that cover a whole country or are available
everywhere (national hotlines, online help) come after the located ones. Stale listings (not
verified within `stale_after_days`) are marked and ranked after fresh ones.

Confidentiality is enforced here, once: a confidential location takes part in the search with
its true position (it is found when it is really within the radius), but the record carries
only its city-level public point, the distance to that point and the location's front-door
phones. Only active services are returned. This module never writes.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any, Callable, Dict, Iterable, List, Optional, Sequence, Tuple

from sqlalchemy import bindparam, func, or_, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import sessionmaker

from resources_db.engine import unit_of_work
from resources_db.errors import DatabaseUnavailable, InvalidQuery
from resources_db.geo import bounding_box, checked_point, distances_from, unit_vector
from resources_db.languages import language_codes
from resources_db.models import (
    CATEGORIES,
    ELIGIBILITY_TAGS,
    EmergencyNumber,
    Location,
    Organization,
    Phone,
    SearchEntry,
    Service,
    ServiceArea,
    lat_cell,
)
from resources_db.opening import is_open, local_now
from resources_db.records import PhoneRecord, Point, ServiceRecord
from resources_db.search_index import (
    chunks,
    eligibility_tags,
    opening_windows,
    spoken_languages,
    unpack,
    unpack_phones,
    unpack_windows,
)

# Plain tables, not mapped classes: these statements are read-only, and a statement over mapped
# attributes costs about three times as much to run (ORM result processing) as over tables.
_SERVICE, _ORGANIZATION, _PHONE, _SEARCH, _AREA = (
    model.__table__ for model in (Service, Organization, Phone, SearchEntry, ServiceArea)
)

# The first box: a box returns its nearest rows only, so a large one costs the engine a scan of
# the index entries it holds, not the caller rows; one kind of help is about a ninth of all
# listings, any kind of help all of them.
START_RADIUS_KM = 16.0
START_RADIUS_ANY_KIND_KM = 4.0
DEFAULT_MAX_RADIUS_KM = 250.0
# Beyond this a "nearby" search means nothing; ask for area-wide services instead.
LARGEST_RADIUS_KM = 2000.0
MAX_LIMIT = 50
DEFAULT_STALE_AFTER_DAYS = 365


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


@dataclass(frozen=True)
class _Filters:
    category: Optional[str]
    languages: Tuple[str, ...]
    eligibility: Tuple[str, ...]


@dataclass(frozen=True)
class _Hit:
    """One service found, with what _finish needs to make its record (never leaves this module).

    Found at a location: `row` is its service_search row and `distance_km` is measured to the point it is shown at (`shown` is set for a confidential
    location: its public point). Found by the area it covers: `record` is
    complete but for phones, languages, eligibility and whether it is open now.
    """

    service_id: str
    is_stale: bool
    record: Optional[ServiceRecord] = None
    row: Any = None
    distance_km: Optional[float] = None
    shown: Optional[Point] = None


class ServiceRepository:
    """Query interface the assistant and the CLI use. Construct with a session factory."""

    def __init__(
        self,
        factory: sessionmaker,
        max_radius_km: float = DEFAULT_MAX_RADIUS_KM,
        stale_after_days: int = DEFAULT_STALE_AFTER_DAYS,
        clock: Callable[[], dt.datetime] = _utc_now,
    ):
        self._factory = factory
        self._max_radius_km = max_radius_km
        self._stale_after_days = stale_after_days
        self._clock = clock

    def search(
        self,
        category: Optional[str] = None,
        near: Optional[Point] = None,
        country_code: Optional[str] = None,
        limit: int = 3,
        offset: int = 0,
        radius_km: Optional[float] = None,
        languages: Sequence[str] = (),
        eligibility: Sequence[str] = (),
        open_now: bool = False,
    ) -> List[ServiceRecord]:
        """Best matching active services: nearest located ones first, then area-wide ones.

        category None means any kind of help. near None skips the located search; radius_km
        caps it (default: the repository's max_radius_km). country_code narrows area-wide
        services to that country plus international ones. languages (ISO 639 codes) keeps
        services that speak any of them; eligibility (ELIGIBILITY_TAGS) keeps services that
        have all of them; open_now drops services whose schedules say they are closed now
        (services without structured hours are kept, with open_now None).
        """
        _check_query(category, limit, offset, eligibility)
        radius = self._max_radius_km if radius_km is None else _checked_radius(radius_km)
        if near is not None:
            near = checked_point(near.latitude, near.longitude)
        filters = _Filters(category, _wanted_languages(languages), tuple(eligibility))
        wanted = offset + limit
        now = self._clock()
        try:
            with unit_of_work(self._factory) as session:
                found: List[_Hit] = []
                if near is not None:
                    found = self._nearby(session, filters, near, radius, wanted, now, open_now)
                if len(found) < wanted:
                    seen = {hit.service_id for hit in found}
                    area = self._area_wide(session, filters, country_code, now)
                    found += [hit for hit in area if hit.service_id not in seen]
                page = found[offset:wanted]
                return self._finish(session, page, now)
        except SQLAlchemyError as error:
            raise DatabaseUnavailable(f"search failed: {type(error).__name__}") from error

    def count_services(self) -> int:
        try:
            with unit_of_work(self._factory) as session:
                return int(session.execute(select(func.count(_SERVICE.c.id))).scalar_one())
        except SQLAlchemyError as error:
            raise DatabaseUnavailable(f"count failed: {type(error).__name__}") from error

    def emergency_numbers(self, country_code: str) -> Tuple[str, ...]:
        """The country's emergency numbers, the national one first ('999', '112' for GB)."""
        query = (
            select(EmergencyNumber.number)
            .where(EmergencyNumber.country_code == country_code.upper())
            .order_by(EmergencyNumber.id)
        )
        try:
            with unit_of_work(self._factory) as session:
                return tuple(session.scalars(query))
        except SQLAlchemyError as error:
            raise DatabaseUnavailable(f"emergency numbers failed: {type(error).__name__}") from error

    def counts(self) -> Dict[str, int]:
        """Rows per table, for `resources-db stats`."""
        models = {"organizations": Organization, "services": Service, "locations": Location, "phones": Phone}
        try:
            with unit_of_work(self._factory) as session:
                found = {name: int(session.execute(select(func.count()).select_from(model)).scalar_one()) for name, model in models.items()}
                found["emergency numbers"] = int(session.execute(select(func.count()).select_from(EmergencyNumber)).scalar_one())
                return found
        except SQLAlchemyError as error:
            raise DatabaseUnavailable(f"count failed: {type(error).__name__}") from error

    def stale_services(self, limit: int = 1000) -> List[ServiceRecord]:
        """Active services not verified within stale_after_days (or never), oldest first."""
        cutoff = self._clock().date() - dt.timedelta(days=self._stale_after_days)
        query = (
            _service_columns()
            .where(_SERVICE.c.status == "active")
            .where(or_(_SERVICE.c.assured_date.is_(None), _SERVICE.c.assured_date < cutoff))
            .order_by(_SERVICE.c.assured_date.is_(None).desc(), _SERVICE.c.assured_date, _SERVICE.c.id)
            .limit(limit)
        )
        try:
            with unit_of_work(self._factory) as session:
                hits = [self._hit(row) for row in session.execute(query)]
                return self._finish(session, hits, self._clock())
        except SQLAlchemyError as error:
            raise DatabaseUnavailable(f"stale report failed: {type(error).__name__}") from error

    # -- nearby ---------------------------------------------------------------------------

    def _nearby(self, session, filters, near: Point, cap: float, wanted: int, now, open_now: bool) -> List[_Hit]:
        """The `wanted` best located services (fewer when fewer are within the cap)."""
        radius = min(START_RADIUS_KM if filters.category is not None else START_RADIUS_ANY_KIND_KM, cap)
        most = 3 * wanted + 10  # rows a box may return, nearest first
        today = now.date()
        distance_to = distances_from(near)
        while True:
            rows, complete = _located_rows(session, filters, near, distance_to, radius, most)
            best: Dict[str, tuple] = {}  # service id -> (km, row, shown) at its nearest location
            for row, km in rows:
                if open_now and _open(unpack_windows(row.schedules), row.timezone, now) is False:
                    continue
                shown = None
                if row.is_confidential:
                    shown = Point(row.public_latitude, row.public_longitude)
                    km = distance_to(shown.latitude, shown.longitude)
                km = round(km, 1)
                known = best.get(row.service_id)
                if known is None or km < known[0]:
                    best[row.service_id] = (km, row, shown)
            if len(best) >= wanted or (complete and radius >= cap):
                hits = [
                    _Hit(row.service_id, self._is_stale(row.assured_date, today), row=row, distance_km=km, shown=shown)
                    for km, row, shown in best.values()
                ]
                return sorted(hits, key=lambda hit: (hit.is_stale, hit.distance_km, hit.row.name))[:wanted]
            if not complete:  # the nearest rows were too few services (several locations, closed)
                most *= 4
                continue
            radius = min(_next_radius(radius, len(best), wanted), cap)

    # -- area-wide ------------------------------------------------------------------------

    def _area_wide(self, session, filters, country_code, now) -> List[_Hit]:
        # Start from the small service_area table, then look the services up by id.
        areas = select(_AREA.c.service_id, _AREA.c.country_code)
        if country_code is not None:
            areas = areas.where(
                or_(_AREA.c.country_code == country_code.upper(), _AREA.c.country_code.is_(None))
            )
        countries: Dict[str, Optional[str]] = {}
        for row in session.execute(areas):
            # Country-specific (the user's own country) before international.
            if row.service_id not in countries or countries[row.service_id] is None:
                countries[row.service_id] = row.country_code
        hits = [self._hit(service, now, countries[service.id]) for service in _matching_services(session, countries, filters).values()]
        return sorted(
            hits,
            key=lambda h: (h.record.is_stale, h.record.country_code is None, h.record.country_code or "", h.record.name),
        )

    # -- records --------------------------------------------------------------------------

    def _is_stale(self, assured: Optional[dt.date], today: dt.date) -> bool:
        return assured is None or (today - assured).days > self._stale_after_days

    def _hit(self, service, now=None, country_code: Optional[str] = None) -> _Hit:
        """A service found without a location, from its service table row."""
        today = (now or self._clock()).date()
        stale = self._is_stale(service.assured_date, today)
        record = ServiceRecord(
            id=service.id,
            name=service.name,
            organization=service.organization,
            category=service.category,
            phones=(),
            hours=service.hours_description,
            city=None,
            country_code=country_code,
            distance_km=None,
            is_sample=bool(service.is_sample),
            is_stale=stale,
            assured_date=service.assured_date,
            capacity_available=service.capacity_available,
            source=service.source,
            verification_status=service.verification_status,
        )
        return _Hit(service.id, stale, record=record)

    def _finish(self, session, hits: Sequence[_Hit], now: dt.datetime) -> List[ServiceRecord]:
        """Records with everything: no query for services found at a location (their rows
        carry it all), five for services found by the area they cover."""
        if not hits:
            return []
        others = [hit.service_id for hit in hits if hit.row is None]
        phones: Dict[str, List[PhoneRecord]] = {}
        if others:
            spoken = spoken_languages(session, others)
            tags = eligibility_tags(session, others)
            windows = opening_windows(session, others)
            for row in session.execute(_PHONES, {"ids": others}):
                phones.setdefault(row.service_id, []).append(PhoneRecord(number=row.number, type=row.type))
        finished = []
        for hit in hits:
            if hit.row is None:
                record = hit.record
                finished.append(
                    replace(
                        record,
                        phones=tuple(phones.get(record.id, ())),
                        open_now=_open(windows.get(record.id, ()), record.timezone, now),
                        languages=tuple(sorted(spoken.get(record.id, ()))),
                        eligibility=tuple(sorted(tags.get(record.id, ()))),
                    )
                )
            else:
                finished.append(_located_record(hit, now))
        return finished


def _located_record(hit: _Hit, now: dt.datetime) -> ServiceRecord:
    """The record of a service found at a location, from its service_search row. A
    confidential location's row holds its public point and front-door phones; its true
    position is used for searching only."""
    row = hit.row
    confidential = bool(row.is_confidential)
    return ServiceRecord(
        id=row.service_id,
        name=row.name,
        organization=row.organization,
        category=row.category,
        phones=tuple(PhoneRecord(number=number, type=kind) for number, kind in unpack_phones(row.phones)),
        hours=row.hours,
        city=row.city,
        country_code=row.country_code,
        distance_km=hit.distance_km,
        is_sample=bool(row.is_sample),
        point=hit.shown if confidential else Point(row.latitude, row.longitude),
        is_confidential=confidential,
        timezone=row.timezone,
        is_stale=hit.is_stale,
        assured_date=row.assured_date,
        open_now=_open(unpack_windows(row.schedules), row.timezone, now),
        languages=unpack(row.languages),
        eligibility=unpack(row.eligibility),
        capacity_available=row.capacity_available,
        source=row.source,
        verification_status=row.verification_status,
    )


def _next_radius(radius: float, found: int, wanted: int) -> float:
    """Grow the box by what the density found so far says it takes to find `wanted`, with a
    margin: at least doubled, at most 8 times; 16 times over an empty box (from 16 km, the
    250 km cap is the second box). Each box is a round trip and a query to plan: over empty
    land, few and large boxes are cheapest."""
    if found == 0:
        return radius * 16
    return radius * min(8.0, max(2.0, 1.5 * math.sqrt(wanted / found)))


def _check_query(category: Optional[str], limit: int, offset: int, eligibility: Iterable[str]) -> None:
    if category is not None and category not in CATEGORIES:
        raise InvalidQuery(f"unknown category {category!r}; known: {', '.join(CATEGORIES)}")
    if not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
        raise InvalidQuery(f"limit must be between 1 and {MAX_LIMIT}")
    if not isinstance(offset, int) or offset < 0:
        raise InvalidQuery("offset must not be negative")
    unknown = [tag for tag in eligibility if tag not in ELIGIBILITY_TAGS]
    if unknown:
        raise InvalidQuery(f"unknown eligibility {unknown[0]!r}; known: {', '.join(ELIGIBILITY_TAGS)}")


def _checked_radius(radius_km: float) -> float:
    if (
        isinstance(radius_km, bool)
        or not isinstance(radius_km, (int, float))
        or math.isnan(radius_km)
        or not 0 < radius_km <= LARGEST_RADIUS_KM
    ):
        raise InvalidQuery(f"radius must be more than 0 and at most {LARGEST_RADIUS_KM:g} km")
    return float(radius_km)


def _wanted_languages(languages: Sequence[str]) -> Tuple[str, ...]:
    codes: set = set()
    for code in languages:
        if not isinstance(code, str) or not code.strip():
            raise InvalidQuery(f"language must be an ISO 639 code, got {code!r}")
        codes |= language_codes(code)
    return tuple(sorted(codes))


def _service_columns():
    return select(
        _SERVICE.c.id,
        _SERVICE.c.name,
        _SERVICE.c.category,
        _SERVICE.c.hours_description,
        _SERVICE.c.assured_date,
        _SERVICE.c.capacity_available,
        _SERVICE.c.source,
        _SERVICE.c.verification_status,
        _ORGANIZATION.c.name.label("organization"),
        _ORGANIZATION.c.is_sample,
    ).join(_ORGANIZATION, _SERVICE.c.organization_id == _ORGANIZATION.c.id)


_UNIT = ((_SEARCH.c.unit_x, "x"), (_SEARCH.c.unit_y, "y"), (_SEARCH.c.unit_z, "z"))

# Built once: statements built per search cost more to build than to run.
_IDS = bindparam("ids", expanding=True)
_PHONES = (
    select(_PHONE.c.service_id, _PHONE.c.number, _PHONE.c.type)
    .where(_PHONE.c.service_id.in_(_IDS))
    .order_by(_PHONE.c.position, _PHONE.c.id)
)


def _like(value: str) -> str:
    """A LIKE pattern for one value packed between commas (see search_index.pack)."""
    escaped = value.replace("/", "//").replace("%", "/%").replace("_", "/_")
    return f"%,{escaped},%"


def _located_rows(session, filters: _Filters, near: Point, distance_to, radius_km: float, most: int) -> Tuple[List[Tuple[Any, float]], bool]:
    """(service_search row, km from `near`) of active services (of the category, speaking a
    language, with every tag) at locations truly within `radius_km`, nearest first: one query
    on the box, which returns at most `most` rows. Then only the rows nearer than the last one
    count (rows as far as it may have been cut off), and the second value, whether every row
    within the radius was read, is False when those are not all of them."""
    min_lat, max_lat, min_lon, max_lon = bounding_box(near, radius_km)
    x, y, z = unit_vector(near.latitude, near.longitude)
    params: Dict[str, Any] = {
        "categories": [filters.category] if filters.category is not None else list(CATEGORIES),
        "cells": list(range(lat_cell(min_lat), lat_cell(max_lat) + 1)),
        "min_lat": min_lat,
        "max_lat": max_lat,
        "min_lon": min_lon,
        "max_lon": max_lon,
        "x": x,
        "y": y,
        "z": z,
        "most": most,
    }
    params.update({f"language{n}": _like(code) for n, code in enumerate(filters.languages)})
    params.update({f"tag{n}": _like(tag) for n, tag in enumerate(filters.eligibility)})
    rows = session.execute(_box_query(len(filters.languages), len(filters.eligibility)), params).all()
    within, complete = radius_km, True
    if len(rows) == most:
        last = distance_to(rows[-1].latitude, rows[-1].longitude)
        if last <= radius_km:
            within, complete = last, False
    found = []
    for row in rows:
        km = distance_to(row.latitude, row.longitude)
        if km < within or (complete and km <= within):
            found.append((row, km))
    return found, complete


def _passing(session, service_ids: Sequence[str], filters: _Filters) -> set:
    """The services among `service_ids` that speak one of the languages and have every tag."""
    passing = set()
    for chunk in chunks(service_ids):
        keep = set(chunk)
        if filters.eligibility:
            tags = eligibility_tags(session, chunk)
            keep = {sid for sid in keep if set(filters.eligibility) <= tags.get(sid, set())}
        if keep and filters.languages:
            spoken = spoken_languages(session, sorted(keep))
            wanted = set(filters.languages)
            keep = {sid for sid in keep if wanted & {code.lower() for code in spoken.get(sid, ())}}
        passing |= keep
    return passing


def _matching_services(session, service_ids: Iterable[str], filters: _Filters) -> Dict[str, Any]:
    """The active services among `service_ids` that pass every filter, looked up by id."""
    found: Dict[str, Any] = {}
    for chunk in chunks(sorted(service_ids)):
        query = _service_columns().where(_SERVICE.c.id.in_(chunk), _SERVICE.c.status == "active")
        if filters.category is not None:
            query = query.where(_SERVICE.c.category == filters.category)
        found.update({row.id: row for row in session.execute(query)})
    if filters.eligibility or filters.languages:
        passing = _passing(session, sorted(found), filters)
        found = {sid: row for sid, row in found.items() if sid in passing}
    return found


@lru_cache(maxsize=64)
def _box_query(languages: int, tags: int):
    """Built once per number of languages and tags: the hottest statement. The box reads one
    longitude range per category and 0.1-degree latitude band on ix_service_search_box; the
    other conditions are checked on the rows the box reads. The rows come nearest first, a
    few dozen at most, with all a record needs."""
    query = select(
        _SEARCH.c.service_id,
        _SEARCH.c.location_id,
        _SEARCH.c.name,
        _SEARCH.c.category,
        _SEARCH.c.assured_date,
        _SEARCH.c.latitude,
        _SEARCH.c.longitude,
        _SEARCH.c.public_latitude,
        _SEARCH.c.public_longitude,
        _SEARCH.c.is_confidential,
        _SEARCH.c.city,
        _SEARCH.c.country_code,
        _SEARCH.c.timezone,
        _SEARCH.c.languages,
        _SEARCH.c.eligibility,
        _SEARCH.c.schedules,
        _SEARCH.c.phones,
        _SEARCH.c.organization,
        _SEARCH.c.is_sample,
        _SEARCH.c.hours,
        _SEARCH.c.capacity_available,
        _SEARCH.c.source,
        _SEARCH.c.verification_status,
    ).where(
        _SEARCH.c.category.in_(bindparam("categories", expanding=True)),
        _SEARCH.c.lat_cell.in_(bindparam("cells", expanding=True)),
        _SEARCH.c.latitude.between(bindparam("min_lat"), bindparam("max_lat")),
        _SEARCH.c.longitude.between(bindparam("min_lon"), bindparam("max_lon")),
        _SEARCH.c.status == "active",
    )
    if languages:
        spoken = func.lower(_SEARCH.c.languages)
        query = query.where(or_(*(spoken.like(bindparam(f"language{n}"), escape="/") for n in range(languages))))
    for n in range(tags):
        query = query.where(_SEARCH.c.eligibility.like(bindparam(f"tag{n}"), escape="/"))
    # Nearest first: squared chord length between unit vectors, plain arithmetic on both engines.
    (x, px), (y, py), (z, pz) = ((column - bindparam(name), column - bindparam(name)) for column, name in _UNIT)
    return query.order_by(x * px + y * py + z * pz).limit(bindparam("most"))


def _open(windows, timezone: Optional[str], now: dt.datetime) -> Optional[bool]:
    return is_open(windows, local_now(now, timezone)) if windows else None
