"""Emergency numbers and the national hotline for a country, as template values and facts.

Everything here works from files shipped with the code: phonenumbers' metadata and the
directory file of real helplines that the database is loaded from
(resources_db/data/hotlines.yml, one source of truth). It reads the file, never the
database, so the emergency reply works when the database or the action server is down.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, Mapping, Optional

import yaml

from bot.emergency import emergency_numbers

HOTLINES_FILE = Path(__file__).resolve().parents[2] / "resources_db" / "data" / "hotlines.yml"


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
    """The first national hotline listed for each country in the helplines file."""
    found: Dict[str, Hotline] = {}
    for organization in yaml.safe_load(HOTLINES_FILE.read_text(encoding="utf-8"))["organizations"]:
        for service in organization.get("services") or []:
            if service.get("category") != "hotline":
                continue
            phones = service.get("phones") or []
            voice = next((p["number"] for p in phones if p.get("type", "voice") == "voice"), None)
            text = next((p["number"] for p in phones if p.get("type") == "text"), None)
            for country in service.get("areas") or []:
                if country and voice and country.upper() not in found:
                    source = service.get("source") or organization.get("source") or ""
                    found[country.upper()] = Hotline(country.upper(), service["name"], voice, text, service.get("hours"), source)
    return found


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
