"""Emergency numbers per country as the emergency reply shows them: best known first, at most three.

Used by the NLG inside the Rasa process, so the emergency reply needs neither the database nor
the action server (safety invariant 1). The numbers come from resources_db.emergency (the
phonenumbers metadata, read in memory, never the database); this module only orders them.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Optional, Tuple

from resources_db.emergency import emergency_numbers_for

# Numbers people know best come first where a country has several.
_PREFERRED_FIRST = ("911", "999", "000", "112")
MAX_SHOWN = 3
MAX_DIGITS = 4  # some countries' best known number has four digits (Thailand's 1669)


@lru_cache(maxsize=None)
def emergency_numbers(country_code: Optional[str]) -> Tuple[str, ...]:
    """Up to three emergency numbers for an ISO 3166 alpha-2 country, best known first.

    An unknown or missing country gives an empty tuple; callers then say "your local emergency
    number" instead of guessing.
    """
    if not country_code or len(country_code) != 2:
        return ()
    found = emergency_numbers_for(country_code.upper(), max_digits=MAX_DIGITS)
    # Keep the shortest form of each number ("112" rather than "1120" where both match).
    distinct = [n for n in found if not any(n != m and n.startswith(m) for m in found)]
    distinct.sort(key=lambda n: (_PREFERRED_FIRST.index(n) if n in _PREFERRED_FIRST else len(_PREFERRED_FIRST), n))
    return tuple(distinct[:MAX_SHOWN])
