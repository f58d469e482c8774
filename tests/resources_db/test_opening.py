import datetime as dt

import pytest

from resources_db.opening import Window, is_open, local_now

WEEKDAYS = Window("WEEKLY", "MO,TU,WE,TH,FR", "09:00:00", "17:00:00")
NIGHTS = Window("WEEKLY", "FR", "19:00:00", "08:00:00")
ALL_DAY = Window("WEEKLY", "SA", "00:00:00", "24:00:00")
MONTHLY = Window("MONTHLY", "1MO", "09:00:00", "17:00:00")
SEASON = Window("WEEKLY", "MO", "09:00:00", "17:00:00", dt.date(2026, 1, 1), dt.date(2026, 3, 31))


def at(day, hour, minute=0):
    return dt.datetime(2026, 11, day, hour, minute)  # 2026-11-23 is a Monday


@pytest.mark.parametrize(
    "windows, moment, expected",
    [
        ([WEEKDAYS], at(23, 9), True),
        ([WEEKDAYS], at(23, 8, 59), False),
        ([WEEKDAYS], at(23, 17), False),
        ([WEEKDAYS], at(28, 12), False),  # Saturday
        ([NIGHTS], at(27, 23), True),  # Friday night
        ([NIGHTS], at(28, 7, 59), True),  # Saturday early morning, from Friday's window
        ([NIGHTS], at(28, 8), False),
        ([NIGHTS], at(26, 23), False),  # Thursday night
        ([ALL_DAY], at(28, 0), True),
        ([ALL_DAY], at(29, 0), False),
        ([WEEKDAYS, ALL_DAY], at(28, 3), True),
        ([MONTHLY], at(23, 10), None),  # a rule we cannot evaluate is unknown, not closed
        ([MONTHLY, WEEKDAYS], at(28, 10), False),
        ([SEASON], at(23, 10), False),  # outside valid_from/valid_to
        ([], at(23, 10), None),
    ],
)
def test_is_open(windows, moment, expected):
    assert is_open(windows, moment) is expected


@pytest.mark.parametrize("zone", [None, "", "Mars/Olympus", "../../etc/passwd"])
def test_unknown_timezones_give_no_local_time(zone):
    assert local_now(dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc), zone) is None


def test_local_time_uses_the_iana_zone():
    moment = dt.datetime(2026, 7, 1, 12, tzinfo=dt.timezone.utc)
    assert local_now(moment, "America/New_York").hour == 8
    assert local_now(moment, "Asia/Kolkata").minute == 30
