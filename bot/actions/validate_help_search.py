"""validate_help_search_form: check the kind of help and resolve the place name offline.

The typed answer is tried as typed, then as spaCy splits it for the conversation's language,
then with inflected place names replaced by their lemma (bot.language.places). A place the
gazetteer cannot find is asked again (the user can always skip). The raw text the user typed
is replaced by the resolved city name; nothing of it is logged.

A location pin (a channel sends `/inform_place{"latitude": .., "longitude": ..}`, already rounded
to ~1 km by bot.channels.payload) is used as it is: the search measures from the pin, and the
city it is in gives the name to show and the country for emergency numbers.
"""

from __future__ import annotations

from typing import Any, Callable, Dict, Optional, Text

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.dependencies import default_gazetteer, default_place_forms
from bot.language.places import PlaceForms
from resources_db.gazetteer import Gazetteer
from resources_db.errors import InvalidQuery
from resources_db.geo import checked_point
from resources_db.records import Place, Point
from resources_db.models import CATEGORIES

ANY = "any"
SKIPPED = "skipped"
COUNTRY = "country"
CLEARED_PLACE = {"place_name": None, "place_country": None, "place_lat": None, "place_lon": None}


class ValidateHelpSearchForm(FormValidationAction):
    def __init__(
        self,
        gazetteer: Callable[[], Gazetteer] = default_gazetteer,
        place_forms: Callable[[], PlaceForms] = default_place_forms,
    ) -> None:
        self._gazetteer = gazetteer
        self._place_forms = place_forms

    def name(self) -> Text:
        return "validate_help_search_form"

    def validate_help_category(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> Dict[Text, Any]:
        return {"help_category": value if value == ANY or value in CATEGORIES else None}

    def validate_place(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> Dict[Text, Any]:
        if value == SKIPPED:
            return {"place": SKIPPED, **CLEARED_PLACE}
        pin = shared_pin(tracker)
        if pin is not None:
            return self._pinned(pin, dispatcher)
        place = self._resolve(value, tracker.get_slot("language")) if isinstance(value, str) else None
        if place is None:
            dispatcher.utter_message(response="utter_place_not_found")
            return {"place": None, **CLEARED_PLACE}
        if place.kind == COUNTRY:
            # "Only my country": national and online services for it, no point to measure from.
            dispatcher.utter_message(response="utter_place_country", place_name=place.name)
            return {"place": place.name, **CLEARED_PLACE, "place_name": place.name, "place_country": place.country_code}
        display = f"{place.name} ({place.country_code})"
        response = "utter_place_found_ambiguous" if place.alternatives else "utter_place_found"
        dispatcher.utter_message(response=response, place_name=display, place_short=place.name)
        return {
            "place": place.name,
            "place_name": display,
            "place_country": place.country_code,
            "place_lat": place.point.latitude,
            "place_lon": place.point.longitude,
        }

    def _pinned(self, pin: Point, dispatcher: CollectingDispatcher) -> Dict[Text, Any]:
        city = self._gazetteer().nearest(pin)
        display = f"{city.name} ({city.country_code})" if city else f"{pin.latitude:.2f}, {pin.longitude:.2f}"
        dispatcher.utter_message(response="utter_place_pin", place_name=display)
        return {
            "place": city.name if city else display,
            "place_name": display,
            "place_country": city.country_code if city else None,
            "place_lat": pin.latitude,
            "place_lon": pin.longitude,
        }

    def _resolve(self, text: str, language: Optional[str]) -> Optional[Place]:
        for form in self._place_forms().forms(text, language):
            place = self._gazetteer().resolve(form)
            if place is not None:
                return place
        return None


def shared_pin(tracker: Tracker) -> Optional[Point]:
    """The location pin in the latest message, or None (also for coordinates off the Earth)."""
    values = {e.get("entity"): e.get("value") for e in tracker.latest_message.get("entities") or ()}
    try:
        return checked_point(float(values["latitude"]), float(values["longitude"]))
    except (KeyError, TypeError, ValueError, InvalidQuery):
        return None
