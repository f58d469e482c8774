"""Turn records into the values a response template needs. Pure functions, no wording.

Phone numbers are passed through exactly as recorded (safety invariant 7).
"""

from __future__ import annotations

from typing import Dict, Optional

from resources_db.records import ServiceRecord

MISSING = "—"
NEARBY_RESPONSE = "utter_result_nearby"
AREA_RESPONSE = "utter_result_area"


def response_name(record: ServiceRecord) -> str:
    return AREA_RESPONSE if record.covers_area else NEARBY_RESPONSE


def template_values(record: ServiceRecord) -> Dict[str, str]:
    """Values for utter_result_*: every placeholder gets a value, never None."""
    return {
        "name": record.name,
        "organization": record.organization,
        "phones": ", ".join(phone.number for phone in record.phones) or MISSING,
        "hours": record.hours or MISSING,
        "distance_km": format_distance(record.distance_km),
        "city": record.city or MISSING,
    }


def format_distance(distance_km: Optional[float]) -> str:
    """Kilometres with one decimal under 10 km, whole numbers above: 0.4, 3.2, 12, 140."""
    if distance_km is None:
        return MISSING
    if distance_km < 10:
        return f"{distance_km:.1f}"
    return f"{distance_km:.0f}"


def search_category(slot_value: Optional[str]) -> Optional[str]:
    """The help_category slot as a repository category: None means any kind of help."""
    if slot_value in (None, "any"):
        return None
    return slot_value
