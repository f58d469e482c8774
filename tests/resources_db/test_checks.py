import datetime as dt

import pytest

from resources_db.checks import coordinate_problem, parse_clock, parse_date, phone_problem, timezone_problem


@pytest.mark.parametrize(
    "number, region, ok",
    [
        ("+44 20 7946 0101", None, True),
        ("020 7946 0101", "GB", True),
        ("1-888-373-7888", "US", True),
        ("233733", "US", True),  # an SMS short code
        ("233733", None, False),  # a short code means nothing without its country
        ("020 7946 0101", None, False),
        ("call us", "GB", False),
        ("+44 20 7946 0101 9999 99", None, False),
        ("", "GB", False),
        (None, "GB", False),
    ],
)
def test_phone_problem(number, region, ok):
    assert (phone_problem(number, region) is None) is ok


def test_a_national_number_without_its_country_says_what_is_missing():
    assert phone_problem("(773) 555 0161", None) == (
        "'(773) 555 0161' is not a phone number we can check: it has no +country code, and nothing says which country it is in"
    )


@pytest.mark.parametrize(
    "value, name, ok",
    [(51.5, "latitude", True), (100, "latitude", False), (-180, "longitude", True), (180.5, "longitude", False),
     (float("nan"), "latitude", False), ("51.5", "latitude", False), (True, "latitude", False)],
)
def test_coordinate_problem(value, name, ok):
    assert (coordinate_problem(value, name) is None) is ok


@pytest.mark.parametrize(
    "value, expected",
    [("9:00", "09:00:00"), ("09:30:15", "09:30:15"), ("24:00", "24:00:00"), ("24:01", None), ("25:00", None), ("9am", None), (900, None)],
)
def test_parse_clock(value, expected):
    assert parse_clock(value) == expected


@pytest.mark.parametrize(
    "value, expected",
    [("2026-01-31", dt.date(2026, 1, 31)), ("2026-01-31T10:00:00Z", dt.date(2026, 1, 31)), ("yesterday", None), (None, None)],
)
def test_parse_date(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize("name, ok", [("Europe/London", True), ("America/New_York", True), ("GMT+3", False), ("", False), (3, False)])
def test_timezone_problem(name, ok):
    assert (timezone_problem(name) is None) is ok
