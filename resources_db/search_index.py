"""The service_search table (models.SearchEntry), kept in step with the HSDS tables.

`refresh(connection, service_ids)` rebuilds the rows of some services from the HSDS tables;
`rebuild(connection)` rebuilds all of them, in the order of the search index (migration 0003,
and writers that bypass the ORM, such as the benchmark's bulk generator).

Every write through an ORM Session is followed without the writer doing anything: mapper
events note the organizations, services, locations, phones, languages, attributes and
schedules each flush touched, and the commit rebuilds the rows of the affected services in the
same transaction (a rolled-back session forgets what it noted). So a listing becomes searchable exactly
when its import commits, and a running assistant sees it at its next search. Statements
executed directly (Core insert/update/delete) are not seen: whoever runs them calls refresh()
or rebuild(). This module writes only the service_search table.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Dict, Iterable, Iterator, List, Optional, Sequence, Set, Tuple

from sqlalchemy import delete, event, insert, select
from sqlalchemy.orm import Session, attributes, object_session
from sqlalchemy.orm.base import PASSIVE_NO_INITIALIZE

from resources_db.geo import unit_vector
from resources_db.models import (
    ELIGIBILITY_TERM_PREFIX,
    Attribute,
    Language,
    Location,
    Organization,
    Phone,
    Schedule,
    SearchEntry,
    Service,
    ServiceAtLocation,
    lat_cell,
)
from resources_db.opening import Window

CHUNK = 500
_BATCH = 5000
_TABLE = SearchEntry.__table__
# Statements over plain tables, not mapped classes: cheaper to run, and rows are not objects.
_SERVICE, _LINK, _LOCATION, _PHONE, _LANGUAGE, _ATTRIBUTE, _SCHEDULE, _ORGANIZATION = (
    model.__table__ for model in (Service, ServiceAtLocation, Location, Phone, Language, Attribute, Schedule, Organization)
)


def chunks(ids: Sequence[str], size: int = CHUNK) -> Iterator[List[str]]:
    for start in range(0, len(ids), size):
        yield list(ids[start : start + size])


def pack(values: Iterable[str]) -> str:
    """',ro,ukr,': sorted, each value between commas so one LIKE '%,ro,%' tests one value."""
    kept = sorted({value.replace(",", "") for value in values if value})
    return f",{','.join(kept)}," if kept else ""


def unpack(packed: str) -> tuple:
    return tuple(value for value in packed.split(",") if value)


def spoken_languages(connection, service_ids: Optional[Sequence[str]]) -> Dict[str, Set[str]]:
    """Service id -> language codes as recorded, the service's own and its phones'
    (every service when service_ids is None)."""
    direct = select(_LANGUAGE.c.service_id, _LANGUAGE.c.code).where(_LANGUAGE.c.service_id.isnot(None))
    by_phone = select(_PHONE.c.service_id, _LANGUAGE.c.code).join(_LANGUAGE, _LANGUAGE.c.phone_id == _PHONE.c.id)
    if service_ids is not None:
        direct = direct.where(_LANGUAGE.c.service_id.in_(service_ids))
        by_phone = by_phone.where(_PHONE.c.service_id.in_(service_ids))
    spoken: Dict[str, Set[str]] = {}
    for query in (direct, by_phone):
        for row in connection.execute(query):
            if row.code and row.service_id:
                spoken.setdefault(row.service_id, set()).add(row.code)
    return spoken


def eligibility_tags(connection, service_ids: Optional[Sequence[str]]) -> Dict[str, Set[str]]:
    """Service id -> eligibility tags (every service when service_ids is None)."""
    query = select(_ATTRIBUTE.c.link_id, _ATTRIBUTE.c.taxonomy_term_id).where(
        _ATTRIBUTE.c.taxonomy_term_id.like(ELIGIBILITY_TERM_PREFIX + "%")
    )
    if service_ids is not None:
        query = query.where(_ATTRIBUTE.c.link_id.in_(service_ids))
    tags: Dict[str, Set[str]] = {}
    for row in connection.execute(query):
        tags.setdefault(row.link_id, set()).add(row.taxonomy_term_id[len(ELIGIBILITY_TERM_PREFIX) :])
    return tags


def opening_windows(connection, service_ids: Optional[Sequence[str]]) -> Dict[str, List[Window]]:
    """Service id -> its weekly schedule windows (every service when service_ids is None)."""
    query = select(
        _SCHEDULE.c.service_id,
        _SCHEDULE.c.freq,
        _SCHEDULE.c.byday,
        _SCHEDULE.c.opens_at,
        _SCHEDULE.c.closes_at,
        _SCHEDULE.c.valid_from,
        _SCHEDULE.c.valid_to,
    ).where(_SCHEDULE.c.service_id.isnot(None))
    if service_ids is not None:
        query = query.where(_SCHEDULE.c.service_id.in_(service_ids))
    windows: Dict[str, List[Window]] = {}
    for row in connection.execute(query):
        windows.setdefault(row.service_id, []).append(
            Window(row.freq, row.byday, row.opens_at, row.closes_at, row.valid_from, row.valid_to)
        )
    return windows


def phone_numbers(connection, column, owner_ids: Optional[Sequence[str]]) -> Dict[str, List[Tuple[str, str]]]:
    """Owner id -> (number, type) of its phones in the order they were listed; `column` is
    phone.service_id or phone.location_id (every owner when owner_ids is None)."""
    query = select(column.label("owner"), _PHONE.c.number, _PHONE.c.type).where(column.isnot(None))
    if owner_ids is not None:
        query = query.where(column.in_(owner_ids))
    phones: Dict[str, List[Tuple[str, str]]] = {}
    for row in connection.execute(query.order_by(_PHONE.c.position, _PHONE.c.id)):
        phones.setdefault(row.owner, []).append((row.number, row.type))
    return phones


def pack_phones(phones: Iterable[Tuple[str, str]]) -> str:
    """(number, type) pairs as JSON, in order; "" for none."""
    packed = [list(phone) for phone in phones]
    return json.dumps(packed, separators=(",", ":"), ensure_ascii=False) if packed else ""


def unpack_phones(packed: str) -> List[Tuple[str, str]]:
    return [(number, kind) for number, kind in json.loads(packed)] if packed else []


def pack_windows(windows: Iterable[Window]) -> str:
    """Schedule windows as JSON, so that "open now" needs no query; "" for none."""
    packed = sorted(
        [w.freq, w.byday, w.opens_at, w.closes_at, _iso(w.valid_from), _iso(w.valid_to)] for w in windows
    )
    return json.dumps(packed, separators=(",", ":")) if packed else ""


def unpack_windows(packed: str) -> Tuple[Window, ...]:
    if not packed:
        return ()
    return tuple(Window(f, d, o, c, _date(start), _date(end)) for f, d, o, c, start, end in json.loads(packed))


def _iso(value: Optional[dt.date]) -> Optional[str]:
    return value.isoformat() if value is not None else None


def _date(value: Optional[str]) -> Optional[dt.date]:
    return dt.date.fromisoformat(value) if value is not None else None


_SOURCE = (
    select(
        _LINK.c.service_id,
        _LINK.c.location_id,
        _SERVICE.c.category,
        _SERVICE.c.status,
        _SERVICE.c.name,
        _SERVICE.c.assured_date,
        _SERVICE.c.hours_description.label("hours"),
        _SERVICE.c.capacity_available,
        _SERVICE.c.source,
        _SERVICE.c.verification_status,
        _ORGANIZATION.c.name.label("organization"),
        _ORGANIZATION.c.is_sample,
        _LOCATION.c.latitude,
        _LOCATION.c.longitude,
        _LOCATION.c.is_confidential,
        _LOCATION.c.public_latitude,
        _LOCATION.c.public_longitude,
        _LOCATION.c.city,
        _LOCATION.c.country_code,
        _LOCATION.c.timezone,
    )
    .join(_SERVICE, _LINK.c.service_id == _SERVICE.c.id)
    .join(_LOCATION, _LINK.c.location_id == _LOCATION.c.id)
    .join(_ORGANIZATION, _SERVICE.c.organization_id == _ORGANIZATION.c.id)
)


@dataclass
class _Found:
    """What a row of service_search packs, read for many services at once."""

    languages: Dict[str, Set[str]]
    tags: Dict[str, Set[str]]
    windows: Dict[str, List[Window]]
    service_phones: Dict[str, List[Tuple[str, str]]]
    location_phones: Dict[str, List[Tuple[str, str]]]

    @classmethod
    def read(cls, connection, service_ids: Optional[Sequence[str]], location_ids: Optional[Sequence[str]]) -> "_Found":
        return cls(
            spoken_languages(connection, service_ids),
            eligibility_tags(connection, service_ids),
            opening_windows(connection, service_ids),
            phone_numbers(connection, _PHONE.c.service_id, service_ids),
            phone_numbers(connection, _PHONE.c.location_id, location_ids),
        )


def _entries(rows, found: _Found) -> Iterator[dict]:
    seen = set()
    for row in rows:
        key = (row.service_id, row.location_id)
        if key in seen:  # the same service linked twice to one location
            continue
        seen.add(key)
        entry = dict(row._mapping)
        entry["lat_cell"] = lat_cell(row.latitude)
        entry["unit_x"], entry["unit_y"], entry["unit_z"] = unit_vector(row.latitude, row.longitude)
        entry["languages"] = pack(found.languages.get(row.service_id, ()))
        entry["eligibility"] = pack(found.tags.get(row.service_id, ()))
        entry["schedules"] = pack_windows(found.windows.get(row.service_id, ()))
        # A confidential location is reached through its front door only: the location's phones.
        if row.is_confidential:
            entry["phones"] = pack_phones(found.location_phones.get(row.location_id, ()))
        else:
            entry["phones"] = pack_phones(found.service_phones.get(row.service_id, ()))
        yield entry


def _insert(connection, entries: Iterable[dict]) -> int:
    batch: List[dict] = []
    written = 0
    for entry in entries:
        batch.append(entry)
        if len(batch) == _BATCH:
            connection.execute(insert(_TABLE), batch)
            written, batch = written + len(batch), []
    if batch:
        connection.execute(insert(_TABLE), batch)
        written += len(batch)
    return written


def refresh(connection, service_ids: Iterable[str]) -> None:
    """Rebuild the rows of these services (ids that are not services, or are gone, are fine)."""
    for chunk in chunks(sorted({s for s in service_ids if s is not None})):
        connection.execute(delete(_TABLE).where(_TABLE.c.service_id.in_(chunk)))
        rows = connection.execute(_SOURCE.where(_LINK.c.service_id.in_(chunk))).all()
        if rows:
            found = _Found.read(connection, chunk, sorted({row.location_id for row in rows}))
            _insert(connection, _entries(rows, found))


def rebuild(connection) -> int:
    """Rebuild the whole table; returns the number of rows. Rows go in one category at a time,
    in index order, so that the rows of one box lie together on disk."""
    connection.execute(delete(_TABLE))
    found = _Found.read(connection, None, None)
    written = 0
    for category in sorted(connection.execute(select(_SERVICE.c.category).distinct()).scalars()):
        query = _SOURCE.where(_SERVICE.c.category == category).order_by(_LOCATION.c.lat_cell, _LOCATION.c.longitude)
        written += _insert(connection, _entries(connection.execute(query).all(), found))
    return written


# -- following ORM writes ----------------------------------------------------------------

_PENDING = "resources_db.search_index"


@dataclass
class _Pending:
    services: Set[str] = field(default_factory=set)
    locations: Set[str] = field(default_factory=set)
    phones: Set[str] = field(default_factory=set)
    organizations: Set[str] = field(default_factory=set)


# Which columns of each written object say which search rows may have changed, and what they name.
_WATCHED = {
    Organization: (("id", "organizations"),),
    Service: (("id", "services"),),
    ServiceAtLocation: (("service_id", "services"),),
    Location: (("id", "locations"),),
    Phone: (("service_id", "services"), ("location_id", "locations")),
    Language: (("service_id", "services"), ("phone_id", "phones")),
    Attribute: (("link_id", "services"),),
    Schedule: (("service_id", "services"),),
}


def _touched(_mapper, _connection, target) -> None:  # type: ignore[no-untyped-def]
    session = object_session(target)
    if session is None:
        return
    pending = session.info.setdefault(_PENDING, _Pending())
    for name, kind in _WATCHED[type(target)]:
        # Old and new values both: a phone moved from one service to another changes both.
        history = attributes.get_history(target, name, passive=PASSIVE_NO_INITIALIZE)
        getattr(pending, kind).update(value for value in history.sum() if value is not None)


def _before_commit(session: Session) -> None:
    if session.new or session.dirty or session.deleted:
        session.flush()
    pending: Optional[_Pending] = session.info.pop(_PENDING, None)
    if pending is None:
        return
    connection = session.connection()
    services = set(pending.services)
    for owner, column, ids in (
        (_LINK.c.service_id, _LINK.c.location_id, pending.locations),
        (_PHONE.c.service_id, _PHONE.c.id, pending.phones),
        (_SERVICE.c.id, _SERVICE.c.organization_id, pending.organizations),
    ):
        for chunk in chunks(sorted(ids)):
            services.update(connection.execute(select(owner).where(column.in_(chunk))).scalars())
    refresh(connection, services)


def _after_soft_rollback(session: Session, _previous) -> None:  # type: ignore[no-untyped-def]
    if not session.in_transaction():  # a savepoint's rollback keeps the outer changes noted
        session.info.pop(_PENDING, None)


for _model in _WATCHED:
    for _name in ("after_insert", "after_update", "after_delete"):
        event.listen(_model, _name, _touched)
event.listen(Session, "before_commit", _before_commit)
event.listen(Session, "after_soft_rollback", _after_soft_rollback)
