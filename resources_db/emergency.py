"""Emergency numbers per country, derived from the short-number metadata `phonenumbers` ships.

Google's libphonenumber keeps that metadata up to date from regulators' publications; we take
the numbers it marks as emergency (two and three digits), never our own guesses. Numbers other
than 112 come first (999 before 112 in GB, 911 before 112 in the US), because the national
number is the one people know. Loading is atomic and idempotent (delete and rewrite).
"""

from __future__ import annotations

import re
from typing import Dict, List

from sqlalchemy import delete
from sqlalchemy.orm import sessionmaker

from resources_db.engine import unit_of_work
from resources_db.models import EmergencyNumber

MAX_DIGITS = 3


def emergency_numbers_by_country() -> Dict[str, List[str]]:
    """{'GB': ['999', '112'], 'US': ['911', '112'], ...} from phonenumbers' metadata."""
    import phonenumbers
    from phonenumbers import PhoneMetadata
    from phonenumbers.shortnumberinfo import SUPPORTED_SHORT_REGIONS

    del phonenumbers  # imported for its metadata side effects only
    candidates = [f"{n:0{size}d}" for size in range(2, MAX_DIGITS + 1) for n in range(10**size)]
    found: Dict[str, List[str]] = {}
    for region in sorted(SUPPORTED_SHORT_REGIONS):
        metadata = PhoneMetadata.short_metadata_for_region(region)
        pattern = metadata.emergency.national_number_pattern if metadata and metadata.emergency else None
        if not pattern:
            continue
        matcher = re.compile(pattern)
        numbers = [number for number in candidates if matcher.fullmatch(number)]
        if numbers:
            found[region] = sorted(numbers, key=lambda n: (n == "112", n))
    return found


def source_note() -> str:
    import phonenumbers

    return f"phonenumbers {phonenumbers.__version__} short-number metadata (emergency)"


def load_emergency_numbers(factory: sessionmaker) -> int:
    numbers = emergency_numbers_by_country()
    source = source_note()
    with unit_of_work(factory) as session:
        session.execute(delete(EmergencyNumber))
        for country, listed in numbers.items():
            for number in listed:
                session.add(EmergencyNumber(country_code=country, number=number, source=source))
    return sum(len(listed) for listed in numbers.values())
