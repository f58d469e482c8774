"""Read side of the resource database: nearby and area-wide search, returning frozen records.

Nearby search uses one portable query for SQLite and PostgreSQL: a bounding box on the
(latitude, longitude) index with the radius doubling from 0.5 km until enough services are
found or the cap is reached, then exact great-circle distances in Python. Services that cover a
whole country or are available everywhere (national hotlines, online help) come after the
located ones. Only active services are returned. This module never writes.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Dict, Iterable, List, Optional, Sequence

from sqlalchemy import or_, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import sessionmaker

from resources_db.engine import unit_of_work
from resources_db.errors import DatabaseUnavailable, InvalidQuery
from resources_db.geo import bounding_box, checked_point, haversine_km
from resources_db.models import (
    CATEGORIES,
    Location,
    Organization,
    Phone,
    Service,
    ServiceArea,
    ServiceAtLocation,
)
from resources_db.records import PhoneRecord, Point, ServiceRecord

START_RADIUS_KM = 0.5
DEFAULT_MAX_RADIUS_KM = 250.0
MAX_LIMIT = 50


class ServiceRepository:
    """Query interface the assistant and the CLI use. Construct with a session factory."""

    def __init__(self, factory: sessionmaker, max_radius_km: float = DEFAULT_MAX_RADIUS_KM):
        self._factory = factory
        self._max_radius_km = max_radius_km

    def search(
        self,
        category: Optional[str] = None,
        near: Optional[Point] = None,
        country_code: Optional[str] = None,
        limit: int = 3,
        offset: int = 0,
    ) -> List[ServiceRecord]:
        """Best matching active services: nearest located ones first, then area-wide ones.

        category None means any kind of help. near None skips the located search.
        country_code narrows area-wide services to that country plus international ones.
        """
        _check_query(category, limit, offset)
        if near is not None:
            near = checked_point(near.latitude, near.longitude)
        wanted = offset + limit
        try:
            with unit_of_work(self._factory) as session:
                found: List[ServiceRecord] = []
                if near is not None:
                    found = self._nearby(session, category, near, wanted)
                if len(found) < wanted:
                    seen = {record.id for record in found}
                    area = self._area_wide(session, category, country_code, wanted)
                    found += [record for record in area if record.id not in seen]
                page = found[offset:wanted]
                return self._with_phones(session, page)
        except SQLAlchemyError as error:
            raise DatabaseUnavailable(f"search failed: {type(error).__name__}") from error

    def count_services(self) -> int:
        try:
            with unit_of_work(self._factory) as session:
                return len(session.execute(select(Service.id)).all())
        except SQLAlchemyError as error:
            raise DatabaseUnavailable(f"count failed: {type(error).__name__}") from error

    def _nearby(self, session, category, near: Point, wanted: int) -> List[ServiceRecord]:
        radius = START_RADIUS_KM
        while True:
            best: Dict[str, ServiceRecord] = {}
            for row in session.execute(_located_query(category, near, radius)):
                distance = haversine_km(near, Point(row.latitude, row.longitude))
                if distance > radius:
                    continue
                known = best.get(row.id)
                if known is None or distance < (known.distance_km or 0.0):
                    best[row.id] = _record(row, distance)
            if len(best) >= wanted or radius >= self._max_radius_km:
                return sorted(best.values(), key=lambda r: (r.distance_km, r.name))
            radius = min(radius * 2, self._max_radius_km)

    def _area_wide(self, session, category, country_code, wanted: int) -> List[ServiceRecord]:
        query = (
            select(
                Service.id,
                Service.name,
                Service.category,
                Service.hours_description,
                Organization.name.label("organization"),
                Organization.is_sample,
                ServiceArea.country_code,
            )
            .join(Organization, Service.organization_id == Organization.id)
            .join(ServiceArea, ServiceArea.service_id == Service.id)
            .where(Service.status == "active")
        )
        if category is not None:
            query = query.where(Service.category == category)
        if country_code is not None:
            query = query.where(
                or_(ServiceArea.country_code == country_code.upper(), ServiceArea.country_code.is_(None))
            )
        rows = session.execute(query).all()
        # Country-specific services first (the user's own country), then international ones.
        rows.sort(key=lambda r: (r.country_code is None, r.country_code or "", r.name))
        records: Dict[str, ServiceRecord] = {}
        for row in rows:
            records.setdefault(row.id, _record(row, None))
            if len(records) >= wanted:
                break
        return list(records.values())

    def _with_phones(self, session, records: Sequence[ServiceRecord]) -> List[ServiceRecord]:
        if not records:
            return []
        ids = [record.id for record in records]
        phones: Dict[str, List[PhoneRecord]] = {service_id: [] for service_id in ids}
        query = select(Phone.service_id, Phone.number, Phone.type).where(Phone.service_id.in_(ids)).order_by(Phone.id)
        for row in session.execute(query):
            phones[row.service_id].append(PhoneRecord(number=row.number, type=row.type))
        return [_replace_phones(record, phones[record.id]) for record in records]


def _check_query(category: Optional[str], limit: int, offset: int) -> None:
    if category is not None and category not in CATEGORIES:
        raise InvalidQuery(f"unknown category {category!r}; known: {', '.join(CATEGORIES)}")
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidQuery(f"limit must be between 1 and {MAX_LIMIT}")
    if offset < 0:
        raise InvalidQuery("offset must not be negative")


def _located_query(category: Optional[str], near: Point, radius_km: float):
    min_lat, max_lat, min_lon, max_lon = bounding_box(near, radius_km)
    query = (
        select(
            Service.id,
            Service.name,
            Service.category,
            Service.hours_description,
            Organization.name.label("organization"),
            Organization.is_sample,
            Location.latitude,
            Location.longitude,
            Location.city,
            Location.country_code,
        )
        .join(ServiceAtLocation, ServiceAtLocation.location_id == Location.id)
        .join(Service, Service.id == ServiceAtLocation.service_id)
        .join(Organization, Service.organization_id == Organization.id)
        .where(Location.latitude.between(min_lat, max_lat))
        .where(Location.longitude.between(min_lon, max_lon))
        .where(Service.status == "active")
    )
    if category is not None:
        query = query.where(Service.category == category)
    return query


def _record(row, distance_km: Optional[float]) -> ServiceRecord:
    return ServiceRecord(
        id=row.id,
        name=row.name,
        organization=row.organization,
        category=row.category,
        phones=(),
        hours=row.hours_description,
        city=getattr(row, "city", None),
        country_code=row.country_code,
        distance_km=None if distance_km is None else round(distance_km, 1),
        is_sample=bool(row.is_sample),
    )


def _replace_phones(record: ServiceRecord, phones: Iterable[PhoneRecord]) -> ServiceRecord:
    return replace(record, phones=tuple(phones))
