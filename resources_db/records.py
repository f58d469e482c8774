"""Plain, frozen records that the repository hands out. Never ORM rows.

Callers (actions, CLI) depend on these shapes only; they carry what may be shown to a user.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Optional, Tuple


@dataclass(frozen=True)
class Point:
    latitude: float
    longitude: float


@dataclass(frozen=True)
class PhoneRecord:
    number: str
    type: str = "voice"


@dataclass(frozen=True)
class ServiceRecord:
    """One service as the assistant may show it.

    For a confidential location, `point` is its city-level public point, `distance_km` is
    measured to that point and `phones` are the location's front-door contacts: the true
    position and address never get here.
    """

    id: str
    name: str
    organization: str
    category: str
    phones: Tuple[PhoneRecord, ...]
    hours: Optional[str]
    city: Optional[str]
    country_code: Optional[str]
    distance_km: Optional[float]
    is_sample: bool
    point: Optional[Point] = None
    is_confidential: bool = False
    timezone: Optional[str] = None
    # Not verified within the configured age (or never): shown marked, ranked after fresh ones.
    is_stale: bool = False
    assured_date: Optional[dt.date] = None
    # True/False from structured schedules in the location's timezone; None when unknown.
    open_now: Optional[bool] = None
    languages: Tuple[str, ...] = ()
    eligibility: Tuple[str, ...] = ()
    capacity_available: Optional[int] = None
    source: Optional[str] = None
    verification_status: Optional[str] = None

    @property
    def covers_area(self) -> bool:
        """True for services found by the area they serve rather than by a location."""
        return self.distance_km is None


@dataclass(frozen=True)
class Place:
    """A resolved place name: what the user meant, with where it is."""

    name: str
    country_code: str
    point: Point
    population: int = 0
    # "city" or "country" (then `point` is the country's largest city).
    kind: str = "city"
    # How the text matched: "exact", "inflected" or "typo".
    matched: str = "exact"
    # How many other places share the name (several Londons): the chosen one is reported.
    alternatives: int = 0
