"""The response generator used by the Rasa server (endpoints.yml: nlg type bot.nlg.SafetyNLG).

It is Rasa's templated generator plus computed values: the emergency numbers and national
hotline for the user's country (from bot.safety, no database or action server needed), and two
facts, `country_known` and `hotline_known`, that response variants use as conditions. The
facts are declared as slots in domain.yml so Rasa accepts the conditions, but they are never
stored: they exist only in the copy of the slot values used to pick and fill one response.
"""

from __future__ import annotations

from typing import Any, Dict, Optional, Text

from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from bot.safety.contacts import safety_values

COUNTRY_SLOT = "place_country"
CATEGORY_SLOT = "help_category"
PLACE_NAME_SLOT = "place_name"
# Display texts live in the catalog as responses named utter_label_<category>, plus
# utter_label_unknown for anything not said yet.
LABEL_PREFIX = "utter_label_"
UNKNOWN_LABEL = "unknown"
# An action passes `open_label_key="open_yes"`; the template then uses `{open_label}`.
LABEL_KEY_SUFFIX = "_label_key"


class SafetyNLG(TemplatedNaturalLanguageGenerator):
    def __init__(self, endpoint_config: Optional[EndpointConfig] = None, domain: Optional[Domain] = None, **_: Any) -> None:
        # Rasa builds this before the model's domain is known and fills `responses` on load.
        super().__init__((domain or Domain.empty()).responses)

    async def generate(
        self, utter_action: Text, tracker: DialogueStateTracker, output_channel: Text, **kwargs: Any
    ) -> Optional[Dict[Text, Any]]:
        return self.generate_from_slots(utter_action, tracker.current_slot_values(), output_channel, **kwargs)

    def generate_from_slots(
        self, utter_action: Text, filled_slots: Dict[Text, Any], output_channel: Text, **kwargs: Any
    ) -> Optional[Dict[Text, Any]]:
        for key in [k for k in kwargs if k.endswith(LABEL_KEY_SUFFIX)]:
            kwargs[key[: -len("_key")]] = self.label(kwargs[key], filled_slots, output_channel)
        computed = safety_values(filled_slots.get(COUNTRY_SLOT))
        computed["help_label"] = self.label(filled_slots.get(CATEGORY_SLOT), filled_slots, output_channel)
        computed["place_label"] = filled_slots.get(PLACE_NAME_SLOT) or self.label(None, filled_slots, output_channel)
        slots = {**filled_slots, **computed}
        return super().generate_from_slots(utter_action, slots, output_channel, **kwargs)

    def label(self, key: Optional[str], filled_slots: Dict[Text, Any], output_channel: Text) -> str:
        """The catalog's display text for a category (or for "not said yet")."""
        name = f"{LABEL_PREFIX}{key}" if key and f"{LABEL_PREFIX}{key}" in self.responses else f"{LABEL_PREFIX}{UNKNOWN_LABEL}"
        response = super().generate_from_slots(name, filled_slots, output_channel)
        return (response or {}).get("text") or ""
