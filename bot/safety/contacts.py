"""Emergency numbers and the national hotline for a country, as template values and facts.

Everything here works from files shipped with the code (phonenumbers metadata and
bot/safety/hotlines.yml): no database, no action server, no network.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, Mapping, Optional

import yaml

from bot.emergency import emergency_numbers

HOTLINES_FILE = Path(__file__).resolve().parent / "hotlines.yml"


@dataclass(frozen=True)
class Hotline:
    country_code: str
    name: str
    phone: str
    text: Optional[str]
    hours: Optional[str]
    source: str


@lru_cache(maxsize=1)
def hotlines() -> Mapping[str, Hotline]:
    data = yaml.safe_load(HOTLINES_FILE.read_text(encoding="utf-8"))["hotlines"]
    return {
        code: Hotline(code, entry["name"], entry["phone"], entry.get("text"), entry.get("hours"), entry["source"])
        for code, entry in data.items()
    }


def safety_values(country_code: Optional[str]) -> Dict[str, Any]:
    """Template values and the facts that select a response variant (see domain.yml)."""
    numbers = emergency_numbers(country_code)
    hotline = hotlines().get((country_code or "").upper())
    return {
        "country_known": bool(numbers),
        "hotline_known": hotline is not None,
        "emergency_numbers": " / ".join(numbers),
        "hotline_name": hotline.name if hotline else "",
        "hotline_phone": hotline.phone if hotline else "",
        "hotline_text": (hotline.text or "") if hotline else "",
        "hotline_hours": (hotline.hours or "") if hotline else "",
    }
