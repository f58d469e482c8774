import math

import pytest

from resources_db.errors import InvalidQuery
from resources_db.geo import bounding_box, checked_point, haversine_km
from resources_db.records import Point

LONDON = Point(51.5074, -0.1278)
PARIS = Point(48.8566, 2.3522)
NEW_YORK = Point(40.7128, -74.0060)


@pytest.mark.parametrize(
    "a, b, expected_km",
    [
        (LONDON, LONDON, 0.0),
        (LONDON, PARIS, 343.5),
        (LONDON, NEW_YORK, 5570.2),
        (Point(0, 179.9), Point(0, -179.9), 22.2),
    ],
)
def test_haversine_matches_known_distances(a, b, expected_km):
    assert haversine_km(a, b) == pytest.approx(expected_km, abs=1.0)


@pytest.mark.parametrize(
    "lat, lon",
    [(91, 0), (-90.5, 0), (0, 180.1), (0, -181), (float("nan"), 0), ("51", 0), (100, 100)],
)
def test_impossible_coordinates_are_rejected(lat, lon):
    with pytest.raises(InvalidQuery):
        checked_point(lat, lon)


@pytest.mark.parametrize("center", [LONDON, NEW_YORK, Point(-33.87, 151.21), Point(89.9, 0), Point(0, 179.99)])
@pytest.mark.parametrize("radius", [0.5, 10, 250])
def test_bounding_box_contains_every_point_of_the_circle(center, radius):
    min_lat, max_lat, min_lon, max_lon = bounding_box(center, radius)
    for bearing in range(0, 360, 15):
        # A point at `radius` km in direction `bearing` (small-step spherical destination).
        d = radius / 6371.0088
        lat1, lon1, b = math.radians(center.latitude), math.radians(center.longitude), math.radians(bearing)
        lat2 = math.asin(math.sin(lat1) * math.cos(d) + math.cos(lat1) * math.sin(d) * math.cos(b))
        lon2 = lon1 + math.atan2(math.sin(b) * math.sin(d) * math.cos(lat1), math.cos(d) - math.sin(lat1) * math.sin(lat2))
        lat_deg, lon_deg = math.degrees(lat2), (math.degrees(lon2) + 540) % 360 - 180
        assert min_lat - 1e-9 <= lat_deg <= max_lat + 1e-9
        assert min_lon - 1e-9 <= lon_deg <= max_lon + 1e-9
