"""ISO 639 language codes: directories write 'uk', 'ukr' or 'UK'; searches should not care.

`language_codes` expands one code to every ISO 639 spelling of the same language, from
pycountry's data (read on first use, not at import).
"""

from __future__ import annotations

from functools import lru_cache
from typing import FrozenSet


@lru_cache(maxsize=512)
def language_codes(code: str) -> FrozenSet[str]:
    """'uk' -> {'uk', 'ukr'}; unknown codes stand for themselves (lower-cased)."""
    import pycountry

    wanted = code.strip().lower()
    found = None
    for field in ("alpha_2", "alpha_3", "bibliographic"):
        try:
            found = pycountry.languages.get(**{field: wanted})
        except (KeyError, LookupError):
            found = None
        if found is not None:
            break
    if found is None:
        return frozenset({wanted})
    spellings = {getattr(found, field, None) for field in ("alpha_2", "alpha_3", "bibliographic")}
    return frozenset(s.lower() for s in spellings if s) | {wanted}
