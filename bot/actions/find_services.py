"""action_find_services: show the best matching services for the current search, then options.

Reads help_category and the resolved place; "more" continues where the last page ended.
A need chosen before anything was asked ("I have my kids with me" as a first message) starts
the search instead, keeping the need, so the user is asked what kind of help and where first.
Database trouble becomes a kind message and a log line that names only the error type.
"""

from __future__ import annotations

import logging
from typing import Any, Callable, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.dependencies import default_repository
from bot.actions.formatting import response_name, search_category, template_values
from resources_db.errors import ResourceDbError
from resources_db.models import ELIGIBILITY_TAGS
from resources_db.records import Point
from resources_db.repository import ServiceRepository

logger = logging.getLogger(__name__)

PAGE_SIZE = 3
MY_LANGUAGE = "my_language"
DEFAULT_LANGUAGE = "en"
MORE_INTENT = "more_results"
# "Talk to a person" from anywhere means: show the hotlines for where the user is.
PERSON_INTENT = "talk_to_person"
HOTLINE = "hotline"
NEED_INTENT = "choose_need"
SEARCH_FORM = "help_search_form"


class ActionFindServices(Action):
    def __init__(self, repository: Callable[[], ServiceRepository] = default_repository) -> None:
        self._repository = repository

    def name(self) -> Text:
        return "action_find_services"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        if _latest_intent(tracker) == NEED_INTENT and not _search_started(tracker):
            return [FollowupAction(SEARCH_FORM)]
        offset = _offset(tracker)
        if _latest_intent(tracker) == PERSON_INTENT:
            category = HOTLINE
        elif offset:
            category = tracker.get_slot("results_category")  # "more" continues the last search
        else:
            category = tracker.get_slot("help_category")
        query = dict(
            category=search_category(category),
            near=_point(tracker),
            country_code=tracker.get_slot("place_country"),
            limit=PAGE_SIZE,
            offset=offset,
        )
        language = tracker.get_slot("language") or DEFAULT_LANGUAGE
        filters = need_filters(tracker.get_slot("need"), language)
        relaxed = False
        try:
            records = self._repository().search(**query, **filters)
            if filters and not records and not offset:
                # Nothing matches the need: show what there is, and say so.
                records, relaxed = self._repository().search(**query), True
        except ResourceDbError as error:
            logger.warning("Service search failed: %s", type(error).__name__)
            dispatcher.utter_message(response="utter_search_unavailable")
            dispatcher.utter_message(response="utter_what_next")
            return []
        if not records:
            dispatcher.utter_message(response="utter_results_no_more" if offset else "utter_results_none")
        else:
            dispatcher.utter_message(response="utter_results_need_relaxed" if relaxed else "utter_results_intro")
            if any(record.is_sample for record in records):
                dispatcher.utter_message(response="utter_results_sample_notice")
            for record in records:
                dispatcher.utter_message(response=response_name(record), **template_values(record, language))
        dispatcher.utter_message(response="utter_what_next")
        return [SlotSet("results_shown", float(offset + len(records))), SlotSet("results_category", category)]


def need_filters(need: Optional[str], language: Optional[str]) -> Dict[str, Any]:
    """The repository filters for one optional need (an eligibility tag or my_language)."""
    if need == MY_LANGUAGE:
        return {"languages": (language or DEFAULT_LANGUAGE,)}
    if need in ELIGIBILITY_TAGS:
        return {"eligibility": (need,)}
    return {}


def _latest_intent(tracker: Tracker) -> Optional[str]:
    return (tracker.latest_message.get("intent") or {}).get("name")


def _search_started(tracker: Tracker) -> bool:
    return any(tracker.get_slot(slot) is not None for slot in ("help_category", "place", "results_shown"))


def _offset(tracker: Tracker) -> int:
    if _latest_intent(tracker) != MORE_INTENT:
        return 0
    shown = tracker.get_slot("results_shown")
    return int(shown) if isinstance(shown, (int, float)) and shown > 0 else 0


def _point(tracker: Tracker) -> Optional[Point]:
    lat, lon = tracker.get_slot("place_lat"), tracker.get_slot("place_lon")
    if isinstance(lat, (int, float)) and isinstance(lon, (int, float)):
        return Point(float(lat), float(lon))
    return None
