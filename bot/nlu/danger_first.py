"""Danger first: a message that might be about danger is treated as danger.

The intent classifier misses real danger more often than anything else costs. Measured with
the DIET model this project first had, on the held-out split of all ten languages
(bench/languages): many missed danger messages still gave danger some probability, and
taking danger whenever it has at least `floor` (0.1) turned 11 of 27 misses into emergency
replies, at the price of 1.5% of other messages getting the emergency numbers and an offer
to go on. That trade is the product's rule: missing danger costs much more than a needless
emergency number. With the current classifier (bot/nlu/intent_model.py) and this floor,
104 of the 108 held-out danger messages and all 74 self-harm messages get the emergency
reply, and 32 of the 2,129 others (1.5%) do too; a floor of 0.3 would flag 9 and catch 175
of the 182 (docs/languages.md).

Wanting to die or to hurt oneself (`self_harm`) is its own intent and gets the same floor,
on its own probability: one class for both let self-harm's words lift danger everywhere.
"""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

# Danger, and wanting to die or to hurt oneself: each its own intent (their words differ, and
# one class for both made ordinary messages look like danger), both answered as danger.
DANGER_INTENTS = ("danger", "self_harm")


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class DangerFirst(GraphComponent):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"floor": 0.1}

    def __init__(self, config: Dict[Text, Any]) -> None:
        self.floor = float({**self.get_default_config(), **config}["floor"])

    @classmethod
    def create(
        cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource, execution_context: ExecutionContext
    ) -> "DangerFirst":
        return cls(config)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            if (message.get(TEXT) or "").startswith("/"):
                continue  # a button says exactly what it means
            if (message.get(INTENT) or {}).get(INTENT_NAME_KEY) in DANGER_INTENTS:
                continue
            ranking = message.get(INTENT_RANKING_KEY) or []
            found = [(r.get("confidence") or 0.0, r.get(INTENT_NAME_KEY)) for r in ranking if r.get(INTENT_NAME_KEY) in DANGER_INTENTS]
            confidence, name = max(found, default=(0.0, None))
            if confidence >= self.floor:
                message.set(INTENT, {INTENT_NAME_KEY: name, "confidence": confidence}, add_to_output=True)
        return messages
