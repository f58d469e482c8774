"""Distances and bounding boxes on the sphere. Pure functions, no I/O."""

from __future__ import annotations

import math
from typing import Callable, Tuple

from resources_db.errors import InvalidQuery
from resources_db.records import Point

EARTH_RADIUS_KM = 6371.0088
KM_PER_DEGREE_LAT = math.pi * EARTH_RADIUS_KM / 180.0


def checked_point(latitude: float, longitude: float) -> Point:
    """Return a Point, or raise InvalidQuery when the coordinates cannot be on Earth."""
    for value, name, limit in ((latitude, "latitude", 90.0), (longitude, "longitude", 180.0)):
        if not isinstance(value, (int, float)) or math.isnan(value) or not -limit <= value <= limit:
            raise InvalidQuery(f"{name} must be a number between -{limit:g} and {limit:g}")
    return Point(float(latitude), float(longitude))


def haversine_km(a: Point, b: Point) -> float:
    """Great-circle distance between two points in kilometres."""
    return distances_from(a)(b.latitude, b.longitude)


def distances_from(center: Point) -> Callable[[float, float], float]:
    """haversine_km from `center` to (latitude, longitude), with the centre's share of the
    trigonometry done once: for measuring many places from one point."""
    lat1, lon1 = math.radians(center.latitude), math.radians(center.longitude)
    cos_lat1 = math.cos(lat1)
    radians, sin, cos = math.radians, math.sin, math.cos

    def distance(latitude: float, longitude: float) -> float:
        lat2, lon2 = radians(latitude), radians(longitude)
        h = sin((lat2 - lat1) / 2) ** 2 + cos_lat1 * cos(lat2) * sin((lon2 - lon1) / 2) ** 2
        return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))

    return distance


def unit_vector(latitude: float, longitude: float) -> Tuple[float, float, float]:
    """The position as a point on the unit sphere. The straight-line (chord) distance between
    two of these grows with the great-circle distance, so it ranks places by distance exactly."""
    lat, lon = math.radians(latitude), math.radians(longitude)
    return math.cos(lat) * math.cos(lon), math.cos(lat) * math.sin(lon), math.sin(lat)


def bounding_box(center: Point, radius_km: float) -> Tuple[float, float, float, float]:
    """(min_lat, max_lat, min_lon, max_lon) of a box that contains the circle.

    Near the poles, or when the box would cross the antimeridian, the longitude range widens
    to the whole circle of longitudes rather than wrapping: correct, and rare enough.
    """
    dlat = radius_km / KM_PER_DEGREE_LAT
    min_lat, max_lat = max(-90.0, center.latitude - dlat), min(90.0, center.latitude + dlat)
    cos_lat = math.cos(math.radians(max(abs(min_lat), abs(max_lat))))
    if cos_lat < 1e-6:
        return min_lat, max_lat, -180.0, 180.0
    dlon = radius_km / (KM_PER_DEGREE_LAT * cos_lat)
    min_lon, max_lon = center.longitude - dlon, center.longitude + dlon
    if min_lon < -180.0 or max_lon > 180.0:
        return min_lat, max_lat, -180.0, 180.0
    return min_lat, max_lat, min_lon, max_lon
