"""Safety invariants (DESIGN.md section 5) asserted on what the user receives, on the trained
model, with scripted synthetic conversations that reach every state of the dialogue.
"""

import re

import pytest
from rasa.utils.endpoints import EndpointConfig

from tests.conversation.conftest import Chat

pytestmark = pytest.mark.model

# How to reach each state of the conversation, from a fresh start.
STATES = {
    "fresh start": [],
    "after the greeting": ["hi"],
    "asked what kind of help": ["hi", "yes"],
    "asked where": ["/find_shelter"],
    "after results": ["/find_shelter", "london"],
    "after more results": ["/find_shelter", "london", "/more_results"],
    "not safe to talk": ["hi", "/deny"],
    "inside the situation check": ["/check_situation", "/affirm", "/deny"],
    "after the situation check": ["/check_situation", "/affirm", "/deny", "/skip", "/deny", "/affirm", "/skip"],
    "after forget me": ["hi", "forget me"],
    "after an insult": ["you are useless"],
}
# States that need no custom action, to test with the action server down.
NO_ACTION_STATES = ["fresh start", "after the greeting", "not safe to talk", "inside the situation check"]
EMERGENCY = re.compile(r"\b(112|911|999)\b")


async def reach(chat: Chat, state: str) -> None:
    for text in STATES[state]:
        await chat.say(text)


@pytest.mark.parametrize("danger", ["I'm in danger", "he is coming", "they took my passport and lock the door"])
@pytest.mark.parametrize("state", list(STATES))
async def test_danger_from_any_state_puts_emergency_numbers_first(chat, state, danger):
    await reach(chat, state)
    replies = await chat.texts(danger)
    assert EMERGENCY.search(replies[0]), f"{state}: first reply was {replies[0]!r}"
    assert replies[0].startswith("If you are in danger now, call")


@pytest.mark.parametrize("state", list(STATES))
async def test_a_person_is_one_turn_away_from_any_state(chat, state):
    await reach(chat, state)
    replies = await chat.texts("talk to a person")
    assert "people you can talk to" in replies[0] or "You can talk to people" in replies[0]
    assert EMERGENCY.search(replies[0]) or "emergency number" in replies[0]


async def test_with_a_known_country_the_emergency_reply_names_its_numbers(chat):
    await chat.say("/find_shelter")
    await chat.say("london")
    replies = await chat.texts("help me now")
    assert "call 999 / 112" in replies[0]
    assert "Modern Slavery & Exploitation Helpline: 08000 121 700" in replies[0]


@pytest.fixture
def action_server_down(agent):
    """The same assistant, with its action server unreachable."""
    processor = agent.processor
    working = processor.action_endpoint
    processor.action_endpoint = EndpointConfig("http://127.0.0.1:9/webhook")
    yield
    processor.action_endpoint = working


@pytest.mark.parametrize("state", NO_ACTION_STATES)
@pytest.mark.parametrize("request_text", ["I'm in danger", "talk to a person"])
async def test_emergency_and_hotline_work_with_the_action_server_down(chat, action_server_down, state, request_text):
    await reach(chat, state)
    replies = await chat.texts(request_text)
    assert replies, "no reply at all"
    assert EMERGENCY.search(replies[0]) or "emergency number" in replies[0]


async def test_the_cover_word_looks_like_weather_and_wipes_the_conversation(chat, agent):
    await chat.say("/find_shelter")
    await chat.say("london")
    replies = await chat.say("weather")
    assert [r["text"] for r in replies] == [
        "Weather today: cloudy in the morning, sunny spells later, 17°C. Light wind from the west. "
        "Tomorrow: a little warmer, with a chance of rain in the evening."
    ]
    assert not replies[0].get("buttons")
    assert chat.sender not in await agent.tracker_store.keys()


@pytest.mark.parametrize("answers", [["/affirm"] * 5, ["/deny"] * 5, ["/skip"] * 5, ["yes", "no", "i don't know", "skip", "yes"]])
async def test_the_situation_check_gives_no_verdict_and_keeps_nothing(chat, agent, answers):
    await chat.say("am I being trafficked?")
    await chat.say("/affirm")
    for answer in answers[:-1]:
        await chat.say(answer)
    end = await chat.texts(answers[-1])
    assert end[0].startswith("Thank you. Whatever your answers")
    assert not re.search(r"\byou are (a victim|being trafficked|trafficked|exploited)\b", " ".join(end), re.I)
    tracker = await agent.tracker_store.retrieve(chat.sender)
    assert all(value is None for name, value in tracker.current_slot_values().items() if name.startswith("check"))


@pytest.mark.parametrize("state", ["after results", "after the situation check", "after more results"])
async def test_no_reply_in_a_whole_conversation_tells_the_user_what_they_must_do(chat, state):
    texts = []
    for text in STATES[state]:
        texts += await chat.texts(text)
    assert texts
    assert not re.search(r"\byou (should|must|have to|need to)\b", " ".join(texts), re.I)


async def test_greeting_on_telegram_mentions_telegrams_own_traces(agent):
    from rasa.core.channels.channel import CollectingOutputChannel, UserMessage

    class TelegramLikeOutput(CollectingOutputChannel):
        @classmethod
        def name(cls) -> str:  # response variants are chosen by the output channel's name
            return "telegram"

    output = TelegramLikeOutput()
    await agent.handle_message(UserMessage("hi", output, "telegram-test", input_channel="telegram"))
    assert "Telegram keeps this chat on your phone" in output.messages[0]["text"]
