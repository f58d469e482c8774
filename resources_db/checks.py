"""Field checks shared by every loader (bundled YAML, HSDS imports). Pure functions, no I/O.

Each returns a problem text (without the `where:` prefix) or None when the value is fine, so
loaders can collect every problem of a file before deciding to write nothing.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any, Optional
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import phonenumbers
from phonenumbers import shortnumberinfo

from resources_db.models import CATEGORIES, PHONE_TYPES, STATUSES


def coordinate_problem(value: Any, name: str) -> Optional[str]:
    limit = 90.0 if name.endswith("latitude") else 180.0
    if isinstance(value, bool) or not isinstance(value, (int, float)) or math.isnan(value) or not -limit <= value <= limit:
        return f"must be a number between -{limit:g} and {limit:g}, got {value!r}"
    return None


def phone_problem(number: Any, region: Optional[str]) -> Optional[str]:
    """None when `number` is a possible phone number (international, or national in `region`),
    or a valid short number of `region` (SMS short codes such as 233733 in the US)."""
    if not isinstance(number, str) or not number.strip():
        return "required text is missing"
    try:
        parsed = phonenumbers.parse(number, region)
    except phonenumbers.NumberParseException as error:
        if region is None and error.error_type == phonenumbers.NumberParseException.INVALID_COUNTRY_CODE:
            return f"{number!r} is not a phone number we can check: it has no +country code, and nothing says which country it is in"
        return f"{number!r} is not a phone number ({error})"
    if phonenumbers.is_possible_number(parsed):
        return None
    if region and shortnumberinfo.is_valid_short_number_for_region(parsed, region):
        return None
    return f"{number!r} has the wrong length for its country"


def phone_type_problem(kind: Any) -> Optional[str]:
    return None if kind in PHONE_TYPES else f"{kind!r} is not one of {', '.join(PHONE_TYPES)}"


def category_problem(category: Any) -> Optional[str]:
    return None if category in CATEGORIES else f"{category!r} is not one of {', '.join(CATEGORIES)}"


def status_problem(status: Any) -> Optional[str]:
    return None if status in STATUSES else f"{status!r} is not one of {', '.join(STATUSES)}"


def country_problem(country: Any) -> Optional[str]:
    if isinstance(country, str) and len(country) == 2 and country.isascii() and country.isalpha():
        return None
    return f"expected a two-letter ISO code, got {country!r}"


def timezone_problem(name: Any) -> Optional[str]:
    if not isinstance(name, str) or not name:
        return f"expected an IANA timezone name like Europe/London, got {name!r}"
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return f"{name!r} is not an IANA timezone name like Europe/London"
    return None


def parse_date(value: Any) -> Optional[dt.date]:
    """A date from a date object or an ISO text (2026-01-31); None if it is neither."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


def parse_clock(value: Any) -> Optional[str]:
    """'9:00', '09:00', '09:00:00' -> '09:00:00'; None if not a time of day."""
    if not isinstance(value, str):
        return None
    parts = value.strip().split(":")
    if len(parts) not in (2, 3) or not all(p.isdigit() for p in parts):
        return None
    hour, minute, second = (int(p) for p in (parts + ["0"])[:3])
    if not (0 <= hour <= 24 and 0 <= minute < 60 and 0 <= second < 60) or (hour == 24 and (minute or second)):
        return None
    return f"{hour:02d}:{minute:02d}:{second:02d}"
