"""Response catalogs: bot/locales/<code>.yml holds every response of domain.yml in one language.

A catalog has the shape of the domain's `responses:` block (text, buttons with the same
payloads, channel variants, conditions). English lives in domain.yml itself and is the
fallback for anything a catalog lacks. Catalogs are read on first use and cached.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List

import yaml

from bot.language.supported import LOCALES_DIR

Responses = Dict[str, List[Dict[str, Any]]]
# Languages written from right to left: values put into their texts are isolated (FSI..PDI)
# so that phone numbers and Latin names keep their own direction.
RIGHT_TO_LEFT = frozenset({"ar", "fa", "he", "ur"})


@lru_cache(maxsize=None)
def catalog(code: str, directory: Path = LOCALES_DIR) -> Responses:
    """The responses translated into one language ({} when there is no catalog)."""
    path = directory / f"{code}.yml"
    if not path.is_file():
        return {}
    return (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("responses") or {}


def isolate(value: Any) -> Any:
    """A value made safe to embed in right-to-left text (strings only)."""
    return f"\u2068{value}\u2069" if isinstance(value, str) and value else value
