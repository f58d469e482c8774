"""The NLU component: reads the current language from the tracker, adds a language entity only
when the conversation should switch, and never overrides an intent other than not-understood."""

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActiveLoop, SlotSet
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


@pytest.fixture(scope="module")
def trained_detector():
    """With the chat classifier fitted on the real training data (about 10 s): a toy one is
    sure of everything, and the picker rule reads how sure it is."""
    from bot.language.chat_model import NLU_DIR, labelled_examples
    from bot.language.supported import load

    return LanguageDetector({}, None, None, ChatLanguageModel.fit(labelled_examples(NLU_DIR, load().codes)))


def tracker_in(language, asking=None):
    """A conversation in `language`; with `asking`, the search form is asking for that slot."""
    tracker = DialogueStateTracker.from_events("t", [], slots=Domain.load("domain.yml").slots)
    tracker.update(SlotSet("language", language))
    if asking:
        tracker.update(ActiveLoop("help_search_form"))
        tracker.update(SlotSet("requested_slot", asking))
    return tracker


def parsed(detector, text, intent, language, confidence=0.9, asking=None):
    message = Message(data={"text": text, "intent": {"name": intent, "confidence": confidence}, "entities": []})
    detector.process([message], tracker_in(language, asking))
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


@pytest.mark.parametrize("confidence", [0.1, 0.5, 0.99])
@pytest.mark.parametrize(
    "text, intent",
    [("ich habe angst er kommt zurück und schlägt mich", "danger"), ("ich will nicht mehr leben, ich habe die tabletten hier", "self_harm")],
)
def test_danger_is_never_overridden(detector, text, intent, confidence):
    message = parsed(detector, text, intent, "en", confidence)
    assert message.get("intent")["name"] == intent


@pytest.mark.parametrize("intent, confidence", [("nlu_fallback", 0.45), ("out_of_scope", 0.95), ("find_medical", 0.66)])
def test_a_doubtful_intent_in_an_unsupported_language_asks_for_the_picker(trained_detector, intent, confidence):
    message = parsed(trained_detector, "ich brauche bitte sofort eine unterkunft für heute nacht", intent, "en", confidence)
    assert message.get("intent")["name"] == "set_language"
    assert message.get("entities") == []


def test_a_confident_intent_is_kept_even_in_an_unsupported_language(detector):
    message = parsed(detector, "ich brauche bitte sofort eine unterkunft für heute nacht", "find_shelter", "en", 0.95)
    assert message.get("intent")["name"] == "find_shelter"


def test_without_a_tracker_english_is_the_current_language(detector):
    message = Message(data={"text": "i need help please now", "intent": {"name": "find_help"}, "entities": []})
    detector.process([message])
    assert message.get("entities") == []


def test_arabic_in_latin_letters_is_not_taken_for_an_unsupported_language(trained_detector):
    # langdetect is sure this is no language of ours; the chat classifier knows Arabizi
    message = parsed(trained_detector, "3andi mochkil kbir m3a lkhedma dyali", "find_legal_aid", "ar", 0.45)
    assert message.get("intent")["name"] == "find_legal_aid"


@pytest.mark.parametrize(
    "text",
    [
        "Irbid, hay el nozha",  # Arabic in Latin letters: a city and a district
        "Zarqa, hay el ameer",
        "ich bin am hauptbahnhof in berlin",  # a language we do not support, naming a place
    ],
)
def test_an_answer_to_where_read_as_a_place_is_a_place_whatever_its_language(trained_detector, text):
    # langdetect takes each for a language we do not support: asked nothing, they get the picker
    assert parsed(trained_detector, text, "inform_place", "en", 0.7).get("intent")["name"] == "set_language"
    # asked where the person is, the gazetteer judges them (domain.yml fills `place` from them)
    assert parsed(trained_detector, text, "inform_place", "en", 0.7, asking="place").get("intent")["name"] == "inform_place"


def test_at_the_place_question_a_doubtful_other_intent_still_gets_the_picker(trained_detector):
    message = parsed(trained_detector, "ich brauche bitte sofort eine unterkunft für heute nacht", "nlu_fallback", "en", 0.2, asking="place")
    assert message.get("intent")["name"] == "set_language"


def test_asked_for_another_slot_a_place_reading_gets_the_picker(trained_detector):
    message = parsed(trained_detector, "Irbid, hay el nozha", "inform_place", "en", 0.7, asking="help_category")
    assert message.get("intent")["name"] == "set_language"
