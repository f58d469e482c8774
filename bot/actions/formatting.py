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


def template_values(record: ServiceRecord, display_locale: str = "en") -> Dict[str, str]:
    """Values for utter_result_*: every placeholder gets a value, never None.

    Keys ending in `_label_key` name a display label in the catalog (utter_label_<value>);
    bot.nlg.SafetyNLG turns them into the `_label` values the templates use.
    """
    return {
        "name": record.name,
        "organization": record.organization,
        "phones": ", ".join(phone.number for phone in record.phones) or MISSING,
        "hours": record.hours or MISSING,
        "distance_km": format_distance(record.distance_km),
        "city": record.city or MISSING,
        "languages": language_names(record.languages, display_locale) or MISSING,
        "checked_date": record.assured_date.isoformat() if record.assured_date else MISSING,
        "open_label_key": {True: "open_yes", False: "open_no"}.get(record.open_now, "open_unknown"),
        "freshness_label_key": freshness_key(record),
    }


def freshness_key(record: ServiceRecord) -> str:
    if record.assured_date is None:
        return "unchecked"
    return "stale" if record.is_stale else "fresh"


def language_names(codes, display_locale: str = "en") -> str:
    """ISO 639 codes as language names in the user's language (CLDR data from babel)."""
    from babel import Locale, UnknownLocaleError

    try:
        names = Locale.parse(display_locale).languages
    except (UnknownLocaleError, ValueError):
        names = Locale("en").languages
    return ", ".join(names.get(code, code) for code in codes)


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
