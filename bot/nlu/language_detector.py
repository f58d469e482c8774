"""The NLU component that keeps or switches the conversation's language (config.yml).

It runs after intent classification and reads the conversation's current `language` slot
from the tracker (Rasa hands the tracker to a component whose `process` asks for it). When
bot.language.detection decides to switch, it adds a `language` entity, which fills the sticky
`language` slot through its from_entity mapping. It also settles two cases the intent
classifier cannot:
- a message that is only a language name ("español?", "по-українськи") is a choice of
  language (intent set_language);
- a message in a language we do not support is a request for the picker (intent
  set_language without a language), so the reply lists the languages, when its intent is
  doubtful anyway: not understood, out of scope, or below UNSURE_BELOW (the classifier was
  never trained on that language, so its guess means little). Except an answer to "where
  are you?" that the classifier reads as a place: place names are no language, and the
  gazetteer judges the answer ("Irbid, hay el nozha" is Arabic in Latin letters, which
  langdetect takes for another language).
It never overrides danger (or self-harm), whatever the language or confidence.

Training fits the chat-message classifier (bot.language.chat_model) on the training files.
Nothing here logs message text.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, List, Optional, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_NAME_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.language.chat_model import NLU_DIR, ChatLanguageModel, labelled_examples
from bot.language.detection import LanguageDecider
from bot.language.supported import FALLBACK_LANGUAGE, LANGUAGES_FILE, load
from bot.nlu.danger_first import DANGER_INTENTS
from bot.nlu.pickled import PickledModelComponent

LANGUAGE_ENTITY = "language"
LANGUAGE_SLOT = "language"
SET_LANGUAGE_INTENT = "set_language"
DOUBTFUL_INTENTS = frozenset({"nlu_fallback", "out_of_scope"})
# The search form asking where the person is (domain.yml), and the intent of an answer to it.
PLACE_QUESTION = ("help_search_form", "place")
PLACE_INTENT = "inform_place"
# Below this confidence, an intent found in a language we do not support is not trusted.
UNSURE_BELOW = 0.8


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=True)
class LanguageDetector(PickledModelComponent):
    MODEL_FILE = "chat_language_model.pkl"

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"training_files": str(NLU_DIR), "languages_file": str(LANGUAGES_FILE)}

    def __init__(
        self,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        model: Optional[ChatLanguageModel] = None,
    ) -> None:
        super().__init__(config, model_storage, resource)
        self.config = {**self.get_default_config(), **config}
        self.languages = load(Path(self.config["languages_file"]))
        self.model = model
        self._decider = LanguageDecider(self.languages, model.probabilities) if model else None

    def train(self, training_data: TrainingData) -> Resource:
        """Fit the chat classifier on the training files (the held-out files are elsewhere)."""
        examples = labelled_examples(Path(self.config["training_files"]), self.languages.codes)
        self.model = ChatLanguageModel.fit(examples)
        return self.save(self.model)

    def process(self, messages: List[Message], tracker: Optional[DialogueStateTracker] = None) -> List[Message]:
        current = (tracker.get_slot(LANGUAGE_SLOT) if tracker else None) or FALLBACK_LANGUAGE
        asked_where = tracker is not None and (tracker.active_loop_name, tracker.get_slot("requested_slot")) == PLACE_QUESTION
        for message in messages:
            self._process_one(message, current, asked_where)
        return messages

    def _process_one(self, message: Message, current: str, asked_where: bool) -> None:
        text = message.get(TEXT) or ""
        if not text or self._decider is None:
            return
        intent = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
        a_place_answer = asked_where and intent == PLACE_INTENT
        if _doubtful(message) and not a_place_answer and self._decider.unsupported(text):
            _set_intent(message, SET_LANGUAGE_INTENT)  # show the languages there are
            return
        decision = self._decider.decide(text, current, intent)
        if decision.reason == "explicit" and intent != SET_LANGUAGE_INTENT and self.languages.is_only_a_name(text):
            _set_intent(message, SET_LANGUAGE_INTENT)
        if decision.switch_to:
            entity = {
                "entity": LANGUAGE_ENTITY,
                "value": decision.switch_to,
                "start": 0,
                "end": len(text),
                "confidence_entity": round(decision.confidence, 4),
                "extractor": self.__class__.__name__,
            }
            message.set(ENTITIES, [*(message.get(ENTITIES) or []), entity], add_to_output=True)


def _doubtful(message: Message) -> bool:
    intent = message.get(INTENT) or {}
    if intent.get(INTENT_NAME_KEY) in DANGER_INTENTS:
        return False
    return intent.get(INTENT_NAME_KEY) in DOUBTFUL_INTENTS or (intent.get("confidence") or 0.0) < UNSURE_BELOW


def _set_intent(message: Message, name: str) -> None:
    message.set(INTENT, {INTENT_NAME_KEY: name, "confidence": 1.0}, add_to_output=True)
