"""The NLU component: reads the current language from the tracker, adds a language entity only
when the conversation should switch, and never overrides an intent other than not-understood."""

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.training_data.message import Message

from bot.language.chat_model import ChatLanguageModel
from bot.nlu.language_detector import LanguageDetector

EXAMPLES = [
    ("necesito ayuda por favor", "es"), ("donde puedo dormir esta noche", "es"), ("tengo miedo", "es"),
    ("i need help please", "en"), ("where can i sleep tonight", "en"), ("i am scared", "en"),
    ("preciso de ajuda por favor", "pt"), ("onde posso dormir hoje", "pt"), ("estou com medo", "pt"),
]


@pytest.fixture(scope="module")
def detector():
    return LanguageDetector({}, None, None, ChatLanguageModel.fit(EXAMPLES))


def tracker_in(language):
    tracker = DialogueStateTracker.from_events("t", [], slots=Domain.load("domain.yml").slots)
    tracker.update(SlotSet("language", language))
    return tracker


def parsed(detector, text, intent, language):
    message = Message(data={"text": text, "intent": {"name": intent, "confidence": 0.9}, "entities": []})
    detector.process([message], tracker_in(language))
    return message


def test_a_confident_sentence_adds_a_language_entity(detector):
    message = parsed(detector, "necesito ayuda para dormir esta noche por favor", "find_shelter", "en")
    assert [(e["entity"], e["value"]) for e in message.get("entities")] == [("language", "es")]
    assert message.get("intent")["name"] == "find_shelter"


def test_no_entity_when_the_language_stays(detector):
    assert parsed(detector, "necesito ayuda para dormir esta noche por favor", "find_shelter", "es").get("entities") == []


def test_a_language_name_alone_is_a_choice(detector):
    message = parsed(detector, "español?", "nlu_fallback", "en")
    assert message.get("intent")["name"] == "set_language"
    assert message.get("entities")[0]["value"] == "es"


def test_danger_is_never_overridden(detector):
    message = parsed(detector, "ich habe angst er kommt zurück und schlägt mich", "danger", "en")
    assert message.get("intent")["name"] == "danger"


def test_not_understood_in_an_unsupported_language_asks_for_the_picker(detector):
    message = parsed(detector, "ich brauche bitte sofort eine unterkunft für heute nacht", "nlu_fallback", "en")
    assert message.get("intent")["name"] == "set_language"
    assert message.get("entities") == []


def test_without_a_tracker_english_is_the_current_language(detector):
    message = Message(data={"text": "i need help please now", "intent": {"name": "find_help"}, "entities": []})
    detector.process([message])
    assert message.get("entities") == []
