"""action_switch_language: confirm a language choice, or offer the picker when none was named.

The `language` slot itself is filled by its from_entity mapping before this runs (so this
confirmation already comes in the new language); the rules in bot/data/rules/language.yml
then ask the open question again.
"""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

LANGUAGE_ENTITY = "language"


class ActionSwitchLanguage(Action):
    def name(self) -> Text:
        return "action_switch_language"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        chosen = next(tracker.get_latest_entity_values(LANGUAGE_ENTITY), None)
        dispatcher.utter_message(response="utter_language_changed" if chosen else "utter_language_picker")
        return []
