"""The English conversation on the trained model, in process, against the real action server.

Assertions are on what the user receives. All messages are synthetic.
"""

import pytest

pytestmark = pytest.mark.model


def buttons(messages):
    return [b["payload"] for m in messages for b in m.get("buttons") or []]


def joined(messages):
    return "\n".join(m.get("text") or "" for m in messages)


async def test_the_whole_english_conversation(chat):
    greeting = await chat.say("hello")
    assert "I keep nothing after our chat ends" in joined(greeting)
    assert "Is it safe for you to chat right now?" in joined(greeting)
    assert buttons(greeting)[-3:] == ["/affirm", "/deny", "/danger"]
    assert '/set_language{"language": "uk"}' in buttons(greeting)  # the language picker

    question = await chat.say("yes")
    assert "What kind of help are you looking for?" in joined(question)
    assert "/skip" in buttons(question)

    where = await chat.say("i need a place to stay tonight")
    assert "Roughly where are you?" in joined(where)
    assert "I ask only to find help near you" in joined(where)

    results = await chat.say("london")
    text = joined(results)
    assert "I'll look near London (GB). If you meant another London, type its country too." in text
    assert "made-up sample directory" in text
    items = [m["text"] for m in results if "Phone:" in (m.get("text") or "")]
    assert len(items) == 3
    assert items[0].startswith("Emergency night shelter (Thames Safe Haven (sample))")
    assert "Phone: +44 20 7946 0101, +44 7700 900101" in items[0]
    assert "Hours: Open 24 hours, every day" in items[0]
    assert "km away, in London" in items[0]
    assert "Last checked: 2026-10-02 (" in items[0]
    assert "Languages: " in items[0]
    assert buttons(results)[-6:] == ["/more_results", "/narrow_down", "/change_place", "/change_help", "/talk_to_person", "/goodbye"]


async def test_the_place_can_be_skipped_and_area_wide_help_is_shown(chat):
    await chat.say("I need a lawyer")
    results = await chat.say("/skip")
    text = joined(results)
    assert "Online legal questions by text" in text
    assert "Available by phone or online" in text


async def test_an_unknown_place_is_asked_again_and_can_then_be_skipped(chat):
    await chat.say("i need a doctor")
    # A made-up town name: keyboard mash such as "qwxzzy" is a coin toss for the classifier
    # (bot_help at 0.31 with this stop's model, just over the fallback threshold).
    again = await chat.texts("Glimmerford")
    assert any("I couldn't find that place" in t for t in again)
    results = await chat.texts("skip")
    assert any("What would you like to do next?" in t for t in results)


async def test_more_results_then_somewhere_else_then_another_kind_of_help(chat):
    await chat.say("/find_shelter")
    first = await chat.texts("I'm in New York")
    assert sum("Phone:" in t for t in first) == 3
    more = await chat.texts("/more_results")
    assert "That's everything I have for this search." in more or sum("Phone:" in t for t in more) >= 1
    where = await chat.texts("/change_place")
    assert any("Roughly where are you?" in t for t in where)
    sydney = await chat.texts("sydney")
    assert any("in Sydney" in t for t in sydney)
    kind = await chat.texts("/change_help")
    assert any("What kind of help" in t for t in kind)
    legal = await chat.texts("/find_legal_aid")
    assert any("Available by phone or online" in t or "km away" in t for t in legal)


async def test_talk_to_a_person_during_the_search_shows_hotlines_at_once(chat):
    await chat.say("hi")
    await chat.say("yes")
    replies = await chat.texts("I want to talk to a real person")
    assert any("Listening line" in t for t in replies)


async def test_not_safe_to_talk_ends_gently(chat):
    await chat.say("hi")
    replies = await chat.texts("no not now")
    assert replies == ["That's OK. Come back any time, just say hi. If you are in danger right now, call your local emergency number."]


async def test_forget_me_deletes_the_conversation_at_once(chat, agent):
    await chat.say("hi")
    await chat.say("yes")
    replies = await chat.texts("forget me")
    assert replies == ["Done. I have deleted this conversation. If you write again, we start fresh."]
    assert chat.sender not in await agent.tracker_store.keys()
    assert await agent.tracker_store.retrieve(chat.sender) is None


async def test_start_again_resets_the_search(chat, agent):
    await chat.say("/find_shelter")
    await chat.say("london")
    replies = await chat.texts("start again")
    assert any("starting again" in t for t in replies)
    tracker = await agent.tracker_store.retrieve(chat.sender)
    assert tracker.get_slot("help_category") is None and tracker.get_slot("place") is None


@pytest.mark.parametrize("text", ["what do you keep about me", "what can you do"])
async def test_questions_during_the_search_are_answered_and_the_search_goes_on(chat, text):
    await chat.say("/find_shelter")
    replies = await chat.texts(text)
    assert len(replies) >= 2
    assert "Roughly where are you?" in replies[-1]


# In the server, bot.log_privacy silences these Rasa warnings (they quote the text); here, where
# the agent is called without our channel, they are expected and would otherwise fail the test.
@pytest.mark.filterwarnings("ignore:Failed to parse arguments in line:UserWarning")
@pytest.mark.parametrize(
    "text",
    ["", "   ", "a" * 10_000, "help " * 2_000, "🙂🙂🙂", "\x00\x01\x1b[31m", "/nonexistent_intent", '/find_shelter{"x": ', "\u200f\u200b"],
)
async def test_bad_input_gets_a_reply(chat, text):
    replies = await chat.say(text)
    assert replies and all(m.get("text") for m in replies)


async def test_new_kinds_of_help_and_a_summary_for_the_hotline(chat):
    await chat.say("/find_documents")
    await chat.say("London")
    await chat.say("talk to a person")
    replies = await chat.texts("/ask_summary")
    # The summary arrives as a message of its own, so that it can be copied as it is.
    assert replies[1] == "Hello. I am looking for help: getting my documents back. Area: London (GB)."


async def test_narrowing_down_by_a_need(chat):
    await chat.say("/find_shelter")
    await chat.say("london")
    question = await chat.say("/narrow_down")
    assert '/choose_need{"need": "no_id_needed"}' in buttons(question)
    assert "/deny" in buttons(question)
    replies = await chat.texts('/choose_need{"need": "serves_children"}')
    items = [t for t in replies if "Phone:" in t]
    assert len(items) == 1 and items[0].startswith("Short-stay rooms for women and children")


async def test_a_confidential_refuge_shows_only_its_front_door(chat):
    await chat.say("/find_shelter")
    replies = "\n".join(await chat.texts("london"))
    assert "Short-stay rooms for women and children" in replies
    assert "020 7946 0121" in replies  # the front-door contact
    assert "020 7946 0117" not in replies  # the refuge's own line stays in the database
    assert "51.529" not in replies and "0.0205" not in replies


async def test_when_no_service_matches_a_need_the_user_is_told(chat):
    await chat.say("/find_shelter")
    await chat.say("new york")
    replies = await chat.texts('/choose_need{"need": "lgbtq_friendly"}')
    assert replies[0].startswith("Nothing nearby matches that exactly.")
    assert sum("Phone:" in t for t in replies) == 3


async def test_only_the_country_gives_national_and_online_help(chat):
    await chat.say("/find_hotline")
    replies = await chat.texts("just the United Kingdom")
    assert replies[0] == "I'll show help that covers all of United Kingdom, and help you can reach online."
    items = [t for t in replies if "Phone:" in t]
    assert items and all("Available by phone or online" in t for t in items)


PIN_ISLINGTON = '/inform_place{"latitude": 51.53, "longitude": -0.1}'


async def test_a_location_pin_answers_where(chat):
    await chat.say("/find_shelter")
    replies = await chat.texts(PIN_ISLINGTON)
    assert replies[0] == "I'll look near the place you shared: London (GB)."
    items = [t for t in replies if "Phone:" in t]
    assert items and all("km" in t for t in items)
    # Measured from the pin in Islington, not from the centre of London.
    assert items[0].startswith("Emergency night shelter") and "1.7 km" in items[0]


async def test_a_pin_sent_before_the_search_is_used_by_it(chat):
    question = await chat.texts(PIN_ISLINGTON)
    assert "I'll look near the place you shared: London (GB)." in question
    assert any("What kind of help are you looking for?" in t for t in question)
    replies = await chat.texts("/find_shelter")
    assert not any("Roughly where are you?" in t for t in replies)
    assert any("Phone:" in t for t in replies)


async def test_women_only(chat):
    await chat.say("/find_shelter")
    await chat.say("london")
    replies = await chat.texts('/choose_need{"need": "women_only"}')
    items = [t for t in replies if "Phone:" in t]
    assert len(items) == 1 and items[0].startswith("Short-stay rooms for women and children")


async def test_a_need_said_before_anything_else_starts_the_search_and_is_kept(chat):
    question = await chat.texts("/choose_need{\"need\": \"women_only\"}")
    assert any("What kind of help are you looking for?" in t for t in question)
    assert not any("Phone:" in t for t in question)
    assert any("Roughly where are you?" in t for t in await chat.texts("/find_shelter"))
    items = [t for t in await chat.texts("london") if "Phone:" in t]
    assert len(items) == 1 and items[0].startswith("Short-stay rooms for women and children")
