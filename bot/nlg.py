"""The response generator used by the Rasa server (endpoints.yml: nlg type bot.nlg.SafetyNLG).

It is Rasa's templated generator plus two things:
- Languages: each reply comes from the catalog of the conversation's `language` slot
  (bot/locales/<code>.yml), falling back to English (domain.yml) for anything missing. Values
  put into right-to-left texts are isolated so numbers and names keep their direction. The
  greeting and the language picker get one button per language, named in itself.
- Computed values: the emergency numbers and national hotline for the user's country (from
  bot.safety, no database or action server needed), and two facts, `country_known` and
  `hotline_known`, that response variants use as conditions. The facts are declared as slots
  in domain.yml so Rasa accepts the conditions, but they are never stored: they exist only in
  the copy of the slot values used to pick and fill one response.
"""

from __future__ import annotations

import json
from typing import Any, Dict, Optional, Text

from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from bot.language.catalogs import RIGHT_TO_LEFT, catalog, isolate
from bot.language.supported import FALLBACK_LANGUAGE, autonym, load
from bot.safety.contacts import safety_values

LANGUAGE_SLOT = "language"
COUNTRY_SLOT = "place_country"
CATEGORY_SLOT = "help_category"
PLACE_NAME_SLOT = "place_name"
# Display texts live in the catalog as responses named utter_label_<category>, plus
# utter_label_unknown for anything not said yet.
LABEL_PREFIX = "utter_label_"
UNKNOWN_LABEL = "unknown"
# An action passes `open_label_key="open_yes"`; the template then uses `{open_label}`.
LABEL_KEY_SUFFIX = "_label_key"
# Replies that offer every language as a button.
PICKER_RESPONSES = frozenset({"utter_greet", "utter_language_picker"})
SET_LANGUAGE_PAYLOAD = "/set_language"


class SafetyNLG(TemplatedNaturalLanguageGenerator):
    def __init__(self, endpoint_config: Optional[EndpointConfig] = None, domain: Optional[Domain] = None, **_: Any) -> None:
        # Rasa builds this before the model's domain is known and fills `responses` on load.
        super().__init__((domain or Domain.empty()).responses)
        self._localized: Dict[str, TemplatedNaturalLanguageGenerator] = {}
        self._localized_from: Optional[int] = None

    async def generate(
        self, utter_action: Text, tracker: DialogueStateTracker, output_channel: Text, **kwargs: Any
    ) -> Optional[Dict[Text, Any]]:
        return self.generate_from_slots(utter_action, tracker.current_slot_values(), output_channel, **kwargs)

    def generate_from_slots(
        self, utter_action: Text, filled_slots: Dict[Text, Any], output_channel: Text, **kwargs: Any
    ) -> Optional[Dict[Text, Any]]:
        language = self.language_of(filled_slots)
        for key in [k for k in kwargs if k.endswith(LABEL_KEY_SUFFIX)]:
            kwargs[key[: -len("_key")]] = self.label(kwargs[key], filled_slots, output_channel)
        computed = safety_values(filled_slots.get(COUNTRY_SLOT))
        computed["help_label"] = self.label(filled_slots.get(CATEGORY_SLOT), filled_slots, output_channel)
        computed["place_label"] = filled_slots.get(PLACE_NAME_SLOT) or self.label(None, filled_slots, output_channel)
        if language in RIGHT_TO_LEFT:
            computed = {k: isolate(v) for k, v in computed.items()}
            kwargs = {k: isolate(v) for k, v in kwargs.items()}
            computed[PLACE_NAME_SLOT] = isolate(filled_slots.get(PLACE_NAME_SLOT))
        slots = {**filled_slots, **computed}
        response = self._in(language).generate_from_slots(utter_action, slots, output_channel, **kwargs)
        if response is not None and utter_action in PICKER_RESPONSES:
            response["buttons"] = [*(response.get("buttons") or []), *language_buttons()]
        return response

    def label(self, key: Optional[str], filled_slots: Dict[Text, Any], output_channel: Text) -> str:
        """The catalog's display text for a category (or for "not said yet")."""
        name = f"{LABEL_PREFIX}{key}" if key and f"{LABEL_PREFIX}{key}" in self.responses else f"{LABEL_PREFIX}{UNKNOWN_LABEL}"
        generator = self._in(self.language_of(filled_slots))
        response = generator.generate_from_slots(name, filled_slots, output_channel)
        return (response or {}).get("text") or ""

    def language_of(self, filled_slots: Dict[Text, Any]) -> str:
        language = filled_slots.get(LANGUAGE_SLOT)
        return language if load().is_supported(language) else FALLBACK_LANGUAGE

    def _in(self, language: str) -> TemplatedNaturalLanguageGenerator:
        """A templated generator over one language's catalog, English filling any gap."""
        if self._localized_from != id(self.responses):  # a (re)loaded model brings new responses
            self._localized = {}
            self._localized_from = id(self.responses)
        if language not in self._localized:
            translated = catalog(language) if language != FALLBACK_LANGUAGE else {}
            self._localized[language] = TemplatedNaturalLanguageGenerator({**self.responses, **translated})
        return self._localized[language]


def language_buttons() -> list:
    """One button per supported language, named in itself."""
    return [
        {"title": autonym(code), "payload": f"{SET_LANGUAGE_PAYLOAD}{json.dumps({'language': code})}"}
        for code in load().codes
    ]
