"""Emergency numbers per country, derived from the short-number metadata `phonenumbers` ships.

Google's libphonenumber keeps that metadata up to date from regulators' publications; we take
the numbers it marks as emergency (two and three digits), never our own guesses. Numbers other
than 112 come first (999 before 112 in GB, 911 before 112 in the US), because the national
number is the one people know. Loading is atomic and idempotent (delete and rewrite).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Dict, List, Tuple

from sqlalchemy import delete
from sqlalchemy.orm import sessionmaker

from resources_db.engine import unit_of_work
from resources_db.models import EmergencyNumber

MAX_DIGITS = 3


@lru_cache(maxsize=None)
def emergency_numbers_for(region: str, max_digits: int = MAX_DIGITS) -> Tuple[str, ...]:
    """Every emergency number of 2..max_digits digits that the metadata lists for a region,
    in numeric order; () for a region without short-number metadata. The one derivation
    both the database and the assistant's in-process emergency reply use."""
    import phonenumbers
    from phonenumbers import PhoneMetadata

    del phonenumbers  # imported for its metadata side effects only
    metadata = PhoneMetadata.short_metadata_for_region(region.upper())
    pattern = metadata.emergency.national_number_pattern if metadata and metadata.emergency else None
    if not pattern:
        return ()
    matcher = re.compile(pattern)
    candidates = (f"{n:0{size}d}" for size in range(2, max_digits + 1) for n in range(10**size))
    return tuple(number for number in candidates if matcher.fullmatch(number))


def emergency_numbers_by_country() -> Dict[str, List[str]]:
    """{'GB': ['999', '112'], 'US': ['911', '112'], ...} from phonenumbers' metadata."""
    from phonenumbers.shortnumberinfo import SUPPORTED_SHORT_REGIONS

    found: Dict[str, List[str]] = {}
    for region in sorted(SUPPORTED_SHORT_REGIONS):
        numbers = emergency_numbers_for(region)
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
