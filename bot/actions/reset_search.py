"""action_reset_place and action_reset_help_category: clear one answer so the form asks again."""

from __future__ import annotations

import abc
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher


class ResetSlotsAction(Action, abc.ABC):
    """Clears `slots` and the results page; the rule then re-opens the search form."""

    slots: tuple = ()

    @abc.abstractmethod
    def name(self) -> Text:
        ...

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        return [SlotSet(slot, None) for slot in (*self.slots, "results_shown")]


class ActionResetPlace(ResetSlotsAction):
    slots = ("place", "place_name", "place_country", "place_lat", "place_lon")

    def name(self) -> Text:
        return "action_reset_place"


class ActionResetHelpCategory(ResetSlotsAction):
    slots = ("help_category",)

    def name(self) -> Text:
        return "action_reset_help_category"
