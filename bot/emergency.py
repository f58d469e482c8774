"""Emergency numbers per country, from the short-number metadata that `phonenumbers` ships.

Used by the NLG inside the Rasa process, so the emergency reply needs neither the database nor
the action server (safety invariant 1). Pure and cached; nothing is read at import time.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Optional, Tuple

# Numbers people know best come first where a country has several.
_PREFERRED_FIRST = ("911", "999", "000", "112")
MAX_SHOWN = 3


@lru_cache(maxsize=None)
def emergency_numbers(country_code: Optional[str]) -> Tuple[str, ...]:
    """Up to three emergency numbers for an ISO 3166 alpha-2 country, best known first.

    An unknown or missing country gives an empty tuple; callers then say "your local emergency
    number" instead of guessing.
    """
    import phonenumbers

    if not country_code or len(country_code) != 2:
        return ()
    region = country_code.upper()
    if phonenumbers.PhoneMetadata.short_metadata_for_region(region) is None:
        return ()
    found = [
        candidate
        for length in (2, 3, 4)
        for candidate in (str(n).zfill(length) for n in range(10**length))
        if phonenumbers.is_emergency_number(candidate, region)
        and phonenumbers.connects_to_emergency_number(candidate, region)
    ]
    # Keep the shortest form of each number ("112" rather than "1120" where both match).
    distinct = [n for n in found if not any(n != m and n.startswith(m) for m in found)]
    distinct.sort(key=lambda n: (_PREFERRED_FIRST.index(n) if n in _PREFERRED_FIRST else len(_PREFERRED_FIRST), n))
    return tuple(distinct[:MAX_SHOWN])
