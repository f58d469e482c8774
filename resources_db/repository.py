"""Read side of the resource database: nearby and area-wide search, returning frozen records.

Nearby search uses the same portable queries on SQLite and PostgreSQL: a bounding box on the
(latitude band, longitude) index, joined to the active services of the category, with the
radius doubling from 0.5 km until enough services are found or the radius cap is reached, and
exact great-circle distances in Python. Language and eligibility are then checked by service
id (indexed lookups no planner turns into scans); "open now" is evaluated in Python, in each
location's own timezone. Services that cover a whole country or are
available everywhere (national hotlines, online help) come after the located ones. Stale
listings (not verified within `stale_after_days`) are marked and ranked after fresh ones.

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
from resources_db.geo import bounding_box, checked_point, haversine_km
from resources_db.languages import language_codes
from resources_db.models import (
    CATEGORIES,
    ELIGIBILITY_TAGS,
    ELIGIBILITY_TERM_PREFIX,
    Attribute,
    EmergencyNumber,
    Language,
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    lat_cell,
)
from resources_db.opening import Window, is_open, local_now
from resources_db.records import PhoneRecord, Point, ServiceRecord

START_RADIUS_KM = 0.5
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
    """A record plus what the repository needs to finish it (never leaves this module)."""

    record: ServiceRecord
    location_id: Optional[str]


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
                    seen = {hit.record.id for hit in found}
                    area = self._area_wide(session, filters, country_code, now)
                    found += [hit for hit in area if hit.record.id not in seen]
                page = found[offset:wanted]
                return self._finish(session, page, now)
        except SQLAlchemyError as error:
            raise DatabaseUnavailable(f"search failed: {type(error).__name__}") from error

    def count_services(self) -> int:
        try:
            with unit_of_work(self._factory) as session:
                return int(session.execute(select(func.count(Service.id))).scalar_one())
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
            .where(Service.status == "active")
            .where(or_(Service.assured_date.is_(None), Service.assured_date < cutoff))
            .order_by(Service.assured_date.is_(None).desc(), Service.assured_date, Service.id)
            .limit(limit)
        )
        try:
            with unit_of_work(self._factory) as session:
                hits = [self._hit(row, None, None, None) for row in session.execute(query)]
                return self._finish(session, hits, self._clock())
        except SQLAlchemyError as error:
            raise DatabaseUnavailable(f"stale report failed: {type(error).__name__}") from error

    # -- nearby ---------------------------------------------------------------------------

    def _nearby(self, session, filters, near: Point, cap: float, wanted: int, now, open_now: bool) -> List[_Hit]:
        radius = min(START_RADIUS_KM, cap)
        seen = _Seen()  # lookups already answered, kept while the radius grows
        while True:
            best: Dict[str, _Hit] = {}
            rows = _located_rows(session, filters, near, radius, seen)
            if open_now:
                unknown = {row.id for row in rows if row.id not in seen.windows}
                fresh = _windows(session, unknown)
                seen.windows.update({sid: fresh.get(sid, []) for sid in unknown})
            for row in rows:
                shown = _shown_point(row)
                hit = self._hit(row, row, haversine_km(near, shown), shown, now)
                if open_now and _open(seen.windows[row.id], hit.record.timezone, now) is False:
                    continue
                known = best.get(row.id)
                if known is None or (hit.record.distance_km or 0.0) < (known.record.distance_km or 0.0):
                    best[row.id] = hit
            if len(best) >= wanted or radius >= cap:
                return sorted(best.values(), key=lambda h: (h.record.is_stale, h.record.distance_km, h.record.name))
            # Nothing at all in the box: the nearest listing is far, grow faster.
            radius = min(radius * (2 if seen.any_location else 4), cap)

    # -- area-wide ------------------------------------------------------------------------

    def _area_wide(self, session, filters, country_code, now) -> List[_Hit]:
        # Start from the small service_area table, then look the services up by id.
        areas = select(ServiceArea.service_id, ServiceArea.country_code)
        if country_code is not None:
            areas = areas.where(
                or_(ServiceArea.country_code == country_code.upper(), ServiceArea.country_code.is_(None))
            )
        countries: Dict[str, Optional[str]] = {}
        for row in session.execute(areas):
            # Country-specific (the user's own country) before international.
            if row.service_id not in countries or countries[row.service_id] is None:
                countries[row.service_id] = row.country_code
        hits: List[_Hit] = []
        for service in _matching_services(session, countries, filters).values():
            hit = self._hit(service, None, None, None, now)
            hits.append(_Hit(replace(hit.record, country_code=countries[service.id]), None))
        return sorted(
            hits,
            key=lambda h: (h.record.is_stale, h.record.country_code is None, h.record.country_code or "", h.record.name),
        )

    # -- records --------------------------------------------------------------------------

    def _hit(self, service, location, distance_km, shown: Optional[Point], now=None) -> _Hit:
        """A record from a service row and, for located results, its location row (open_now
        is filled in by _finish, for the page only)."""
        assured = service.assured_date
        today = (now or self._clock()).date()
        stale = assured is None or (today - assured).days > self._stale_after_days
        timezone = location.timezone if location is not None else None
        confidential = bool(location is not None and location.is_confidential)
        record = ServiceRecord(
            id=service.id,
            name=service.name,
            organization=service.organization,
            category=service.category,
            phones=(),
            hours=service.hours_description,
            city=location.city if location is not None else None,
            country_code=location.country_code if location is not None else None,
            distance_km=None if distance_km is None else round(distance_km, 1),
            is_sample=bool(service.is_sample),
            point=shown,
            is_confidential=confidential,
            timezone=timezone,
            is_stale=stale,
            assured_date=assured,
            capacity_available=service.capacity_available,
            source=service.source,
            verification_status=service.verification_status,
        )
        return _Hit(record, location.location_id if confidential else None)

    def _finish(self, session, hits: Sequence[_Hit], now: dt.datetime) -> List[ServiceRecord]:
        """Add phones (front-door phones for confidential locations), languages, eligibility
        and whether the service is open now."""
        if not hits:
            return []
        service_ids = [hit.record.id for hit in hits]
        front_doors = [hit.location_id for hit in hits if hit.location_id]
        phones: Dict[str, List[PhoneRecord]] = {}
        owner = or_(Phone.service_id.in_(service_ids), Phone.location_id.in_(front_doors or [""]))
        query = select(Phone.service_id, Phone.location_id, Phone.number, Phone.type).where(owner)
        for row in session.execute(query.order_by(Phone.position, Phone.id)):
            key = row.location_id if row.location_id in front_doors else row.service_id
            phones.setdefault(key, []).append(PhoneRecord(number=row.number, type=row.type))
        spoken = _languages(session, service_ids)
        tags = _eligibility(session, service_ids)
        windows = _windows(session, service_ids)
        return [
            replace(
                hit.record,
                open_now=_open(windows.get(hit.record.id, ()), hit.record.timezone, now),
                phones=tuple(phones.get(hit.location_id or hit.record.id, ())),
                languages=tuple(sorted(spoken.get(hit.record.id, ()))),
                eligibility=tuple(sorted(tags.get(hit.record.id, ()))),
            )
            for hit in hits
        ]


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
        Service.id,
        Service.name,
        Service.category,
        Service.hours_description,
        Service.assured_date,
        Service.capacity_available,
        Service.source,
        Service.verification_status,
        Organization.name.label("organization"),
        Organization.is_sample,
    ).join(Organization, Service.organization_id == Organization.id)


class _Seen:
    """What one search has already looked up, so a growing radius only asks about new rows."""

    def __init__(self) -> None:
        self.any_location = False
        self.passes: Dict[str, bool] = {}  # service id -> passes the language/eligibility filters
        self.windows: Dict[str, List[Window]] = {}  # service id -> its schedule (open_now only)


def _chunks(ids: Sequence[str], size: int = 500) -> Iterable[List[str]]:
    for start in range(0, len(ids), size):
        yield list(ids[start : start + size])


def _located_rows(session, filters: _Filters, near: Point, radius_km: float, seen: _Seen) -> list:
    """Active services (of the category) at locations truly within `radius_km`, that pass the
    language and eligibility filters. One query per radius reads the box (one longitude range
    per latitude band) joined to its services; the other filters are then checked by service
    id, once per service, so no planner can turn them into scans of whole tables."""
    min_lat, max_lat, min_lon, max_lon = bounding_box(near, radius_km)
    cells = list(range(lat_cell(min_lat), lat_cell(max_lat) + 1))
    bounds = {"cells": cells, "min_lat": min_lat, "max_lat": max_lat, "min_lon": min_lon, "max_lon": max_lon}
    query = _box_query(filters.category is not None)
    if filters.category is not None:
        bounds["category"] = filters.category
    rows = [row for row in session.execute(query, bounds) if haversine_km(near, Point(row.latitude, row.longitude)) <= radius_km]
    seen.any_location = seen.any_location or bool(rows)
    if filters.eligibility or filters.languages:
        unknown = sorted({row.id for row in rows if row.id not in seen.passes})
        passing = _passing(session, unknown, filters)
        seen.passes.update({sid: sid in passing for sid in unknown})
        rows = [row for row in rows if seen.passes[row.id]]
    return rows


def _passing(session, service_ids: Sequence[str], filters: _Filters) -> set:
    """The services among `service_ids` that speak one of the languages and have every tag."""
    passing = set()
    for chunk in _chunks(service_ids):
        keep = set(chunk)
        if filters.eligibility:
            tags = _eligibility(session, chunk)
            keep = {sid for sid in keep if set(filters.eligibility) <= tags.get(sid, set())}
        if keep and filters.languages:
            spoken = _languages(session, sorted(keep))
            wanted = set(filters.languages)
            keep = {sid for sid in keep if wanted & {code.lower() for code in spoken.get(sid, ())}}
        passing |= keep
    return passing


def _matching_services(session, service_ids: Iterable[str], filters: _Filters) -> Dict[str, Any]:
    """The active services among `service_ids` that pass every filter, looked up by id."""
    found: Dict[str, Any] = {}
    for chunk in _chunks(sorted(service_ids)):
        query = _service_columns().where(Service.id.in_(chunk), Service.status == "active")
        if filters.category is not None:
            query = query.where(Service.category == filters.category)
        found.update({row.id: row for row in session.execute(query)})
    if filters.eligibility or filters.languages:
        passing = _passing(session, sorted(found), filters)
        found = {sid: row for sid, row in found.items() if sid in passing}
    return found


@lru_cache(maxsize=2)
def _box_query(with_category: bool):
    """Built once: the hottest statement, run up to ten times a search. The box reads one
    longitude range per 0.1-degree latitude band on the (lat_cell, longitude) index; there
    is deliberately no index on category that a planner could prefer."""
    query = (
        _service_columns()
        .add_columns(
            Location.id.label("location_id"),
            Location.latitude,
            Location.longitude,
            Location.public_latitude,
            Location.public_longitude,
            Location.is_confidential,
            Location.city,
            Location.country_code,
            Location.timezone,
        )
        .join(ServiceAtLocation, ServiceAtLocation.service_id == Service.id)
        .join(Location, ServiceAtLocation.location_id == Location.id)
        .where(Location.lat_cell.in_(bindparam("cells", expanding=True)))
        .where(Location.latitude.between(bindparam("min_lat"), bindparam("max_lat")))
        .where(Location.longitude.between(bindparam("min_lon"), bindparam("max_lon")))
        .where(Service.status == "active")
    )
    if with_category:
        query = query.where(Service.category == bindparam("category"))
    return query


def _open(windows, timezone: Optional[str], now: dt.datetime) -> Optional[bool]:
    return is_open(windows, local_now(now, timezone)) if windows else None


def _shown_point(location) -> Point:
    if location.is_confidential:
        return Point(location.public_latitude, location.public_longitude)
    return Point(location.latitude, location.longitude)


def _windows(session, service_ids) -> Dict[str, List[Window]]:
    query = select(
        Schedule.service_id,
        Schedule.freq,
        Schedule.byday,
        Schedule.opens_at,
        Schedule.closes_at,
        Schedule.valid_from,
        Schedule.valid_to,
    )
    ids = list(service_ids)
    windows: Dict[str, List[Window]] = {}
    for start in range(0, len(ids), 500):
        for row in session.execute(query.where(Schedule.service_id.in_(ids[start : start + 500]))):
            windows.setdefault(row.service_id, []).append(
                Window(row.freq, row.byday, row.opens_at, row.closes_at, row.valid_from, row.valid_to)
            )
    return windows


def _languages(session, service_ids) -> Dict[str, set]:
    spoken: Dict[str, set] = {}
    direct = select(Language.service_id, Language.code).where(Language.service_id.in_(service_ids))
    by_phone = (
        select(Phone.service_id, Language.code)
        .join(Language, Language.phone_id == Phone.id)
        .where(Phone.service_id.in_(service_ids))
    )
    for query in (direct, by_phone):
        for row in session.execute(query):
            if row.code:
                spoken.setdefault(row.service_id, set()).add(row.code)
    return spoken


def _eligibility(session, service_ids) -> Dict[str, set]:
    query = select(Attribute.link_id, Attribute.taxonomy_term_id).where(
        Attribute.link_id.in_(service_ids), Attribute.taxonomy_term_id.like(ELIGIBILITY_TERM_PREFIX + "%")
    )
    tags: Dict[str, set] = {}
    for row in session.execute(query):
        tags.setdefault(row.link_id, set()).add(row.taxonomy_term_id[len(ELIGIBILITY_TERM_PREFIX) :])
    return tags
