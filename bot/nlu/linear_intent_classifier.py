"""LinearIntentClassifier: the NLU pipeline's intent classifier (bot.nlu.intent_model in Rasa).

Trained on every intent example Rasa reads from the training data; writes the intent and a
ranking of the most likely ones, which FallbackClassifier and DangerFirst then read. The
model is persisted with pickle in Rasa's model storage, like Rasa's own scikit-learn
classifiers (bot.nlu.pickled). Nothing is logged.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.intent_model import DEFAULTS, IntentModel
from bot.nlu.pickled import PickledModelComponent


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class LinearIntentClassifier(PickledModelComponent, IntentClassifier):
    MODEL_FILE = "intent_model.pkl"

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {**DEFAULTS, "ranking_length": 10}

    def __init__(
        self, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource, model: Optional[IntentModel] = None
    ) -> None:
        super().__init__(config, model_storage, resource)
        self.config = {**self.get_default_config(), **config}
        self.model = model

    @classmethod
    def load(cls, *args: Any, **kwargs: Any) -> "LinearIntentClassifier":
        """The loaded model, warmed up: the sentence embedding's engine opens now (~0.2 s)
        rather than on the first person's first message."""
        component = super().load(*args, **kwargs)
        if component.model is not None:
            component.model.rank(["warm up"], 1)
        return component

    def train(self, training_data: TrainingData) -> Resource:
        examples = [m for m in training_data.intent_examples if m.get(TEXT) and m.get(INTENT)]
        if len({m.get(INTENT) for m in examples}) < 2:
            raise ValueError("LinearIntentClassifier needs training examples of at least two intents.")
        settings = {k: v for k, v in self.config.items() if k in DEFAULTS}
        self.model = IntentModel.fit([m.get(TEXT) for m in examples], [m.get(INTENT) for m in examples], settings)
        return self.save(self.model)

    def process(self, messages: List[Message]) -> List[Message]:
        if self.model is None or not messages:
            return messages
        rankings = self.model.rank([m.get(TEXT) or "" for m in messages], int(self.config["ranking_length"]))
        for message, ranking in zip(messages, rankings):
            ranked = [{INTENT_NAME_KEY: name, PREDICTED_CONFIDENCE_KEY: confidence} for name, confidence in ranking]
            message.set(INTENT, ranked[0], add_to_output=True)
            message.set(INTENT_RANKING_KEY, ranked, add_to_output=True)
        return messages
