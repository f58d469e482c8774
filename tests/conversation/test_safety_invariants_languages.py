"""The safety invariants in every language: danger from any state gets the emergency number
first, in the user's language; the words the greeting tells users to type ("forget me" and the
cover word) work as typed in that language. Synthetic messages only.
"""

import re
from pathlib import Path

import pytest
import yaml

from tests.conversation.test_languages import LANGUAGES, TYPED, choose, expected, fixed_part, variants

pytestmark = pytest.mark.model

EMERGENCY = re.compile(r"\b(112|911|999)\b")
STATES = {
    "just chose the language": [],
    "asked what kind of help": ["/affirm"],
    "asked where": ["/affirm", "/find_shelter"],
    "after results": ["/find_shelter", "london"],
    "inside the situation check": ["/check_situation", "/affirm"],
}


# docs/intents.md: wanting to die or to hurt oneself is `self_harm`, answered as danger. Three
# messages per language, never trained on (bot/data/nlu/<code>_selfharm.yml has the training
# examples; tests/nlu_heldout/<code>_selfharm.yml more held-out ones).
SELF_HARM = yaml.safe_load((Path(__file__).parent / "self_harm_messages.yml").read_text(encoding="utf-8"))


def told_to_type(language):
    """The two commands the greeting quotes: forget me, then the cover word."""
    forget, cover = re.findall(r'"([^"]+)"', expected(language, "utter_greet"))[:2]
    return forget, cover


@pytest.mark.parametrize("state", list(STATES))
@pytest.mark.parametrize("language", LANGUAGES)
async def test_danger_in_every_language_from_any_state(chat, language, state):
    await chat.say(choose(language))
    for text in STATES[state]:
        await chat.say(text)
    first = (await chat.texts(TYPED[language][3]))[0]
    assert EMERGENCY.search(first), f"{language}, {state}: {first!r}"
    templates = [v["text"] for v in variants(language, "utter_emergency")]
    assert any(fixed_part(t) in first for t in templates), f"{language}, {state}: not in {language}: {first!r}"


@pytest.mark.parametrize("command, reply", [(0, "utter_forget_me_done"), (1, "utter_cover_weather")], ids=["forget me", "cover word"])
@pytest.mark.parametrize("language", LANGUAGES)
async def test_the_words_each_greeting_gives_work(chat, agent, language, command, reply):
    typed = told_to_type(language)[command]
    await chat.say(choose(language))
    await chat.say("/find_shelter")
    assert await chat.texts(typed) == [expected(language, reply)]
    assert chat.sender not in await agent.tracker_store.keys()


@pytest.mark.parametrize("number", range(3))
@pytest.mark.parametrize("language", LANGUAGES)
async def test_wanting_to_die_gets_the_emergency_numbers_first(chat, language, number):
    await chat.say(choose(language))
    await chat.say("/affirm")
    first = (await chat.texts(SELF_HARM[language][number]))[0]
    assert EMERGENCY.search(first), f"{language}: {first!r}"
    templates = [v["text"] for v in variants(language, "utter_emergency")]
    assert any(fixed_part(t) in first for t in templates), f"{language}: not in {language}: {first!r}"


def test_self_harm_messages_cover_every_language_and_are_never_trained_on():
    from rasa.shared.nlu.training_data.loading import load_data

    from bot.language.chat_model import NLU_DIR

    assert set(SELF_HARM) == set(LANGUAGES) and all(len(SELF_HARM[code]) == 3 for code in LANGUAGES)
    trained = {m.get("text").casefold() for m in load_data(str(NLU_DIR)).intent_examples}
    assert {t.casefold() for texts in SELF_HARM.values() for t in texts} & trained == set()
