"""The response generator: emergency replies filled in the Rasa process, right variant chosen."""

from pathlib import Path

import pytest
from rasa.shared.core.domain import Domain

from bot.nlg import SafetyNLG

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def nlg():
    generator = SafetyNLG(domain=Domain.load(str(ROOT / "domain.yml")))
    return generator


@pytest.mark.parametrize(
    "country, expected",
    [
        ("US", "call 911 / 112 (emergency services). To talk to people who help in situations like yours: National Human Trafficking Hotline: 1-888-373-7888 (Open 24 hours, every day)."),
        ("GB", "call 999 / 112 (emergency services). To talk to people who help in situations like yours: Modern Slavery & Exploitation Helpline: 08000 121 700 (Open 24 hours, every day)."),
        ("DE", "call 112 / 110 (emergency services). To find a hotline, tell me which country you are in."),
        (None, "call your local emergency number: 112 works from mobile phones in most countries, 911 in the Americas."),
    ],
)
def test_emergency_reply_for_the_users_country(nlg, country, expected):
    reply = nlg.generate_from_slots("utter_emergency", {"place_country": country}, "rest")
    assert expected in reply["text"]
    assert "{" not in reply["text"]


def test_the_chosen_variant_is_deterministic(nlg):
    texts = {nlg.generate_from_slots("utter_emergency", {"place_country": "US"}, "rest")["text"] for _ in range(20)}
    assert len(texts) == 1


def test_computed_facts_do_not_change_the_callers_slots(nlg):
    slots = {"place_country": "US"}
    nlg.generate_from_slots("utter_emergency", slots, "rest")
    assert slots == {"place_country": "US"}


@pytest.mark.parametrize("channel, note", [("telegram", "Telegram keeps this chat"), ("whatsapp", "WhatsApp keeps this chat"), ("rest", None)])
def test_greeting_mentions_the_channels_own_traces(nlg, channel, note):
    text = nlg.generate_from_slots("utter_greet", {}, channel)["text"]
    assert "I keep nothing after our chat ends" in text
    if note:
        assert note in text
    else:
        assert "keeps this chat" not in text


def test_ordinary_responses_are_unchanged(nlg):
    assert nlg.generate_from_slots("utter_place_found", {}, "rest", place_name="London (GB)")["text"] == "I'll look near London (GB)."


@pytest.mark.parametrize(
    "slots, expected",
    [
        ({"help_category": "shelter", "place_name": "London (GB)"}, "I am looking for help: a safe place to stay. Area: London (GB)."),
        ({"help_category": "documents"}, "I am looking for help: getting my documents back. Area: not said yet."),
        ({}, "I am looking for help: not said yet. Area: not said yet."),
    ],
)
def test_the_summary_uses_catalog_labels(nlg, slots, expected):
    assert expected in nlg.generate_from_slots("utter_summary", slots, "rest")["text"]


def test_label_keys_from_actions_become_catalog_texts(nlg):
    reply = nlg.generate_from_slots(
        "utter_result_area", {}, "rest", name="N", organization="O", phones="1", hours="H", languages="English",
        checked_date="2026-10-02", open_label_key="open_no", freshness_label_key="stale",
    )
    assert "Hours: H (closed now)" in reply["text"]
    assert "Last checked: 2026-10-02 (not recently, details may be out of date)" in reply["text"]


# Languages: the catalog of the conversation's language, English for anything missing.


def test_replies_come_from_the_conversations_language(nlg):
    from bot.language.catalogs import catalog

    reply = nlg.generate_from_slots("utter_ask_place", {"language": "es"}, "rest")
    assert reply["text"] == catalog("es")["utter_ask_place"][0]["text"]
    assert [b["payload"] for b in reply["buttons"]] == ["/skip"]


@pytest.mark.parametrize("language", [None, "de", "xx", "../etc/passwd", 12])
def test_unknown_languages_get_english(nlg, language):
    reply = nlg.generate_from_slots("utter_ask_place", {"language": language}, "rest")
    assert reply["text"].startswith("Roughly where are you?")


def test_a_response_missing_from_a_catalog_falls_back_to_english(monkeypatch):
    import bot.nlg

    monkeypatch.setattr(bot.nlg, "catalog", lambda code: {"utter_goodbye": [{"text": "Cuídate."}]})
    generator = SafetyNLG(domain=Domain.load(str(ROOT / "domain.yml")))
    assert generator.generate_from_slots("utter_goodbye", {"language": "es"}, "rest")["text"] == "Cuídate."
    assert generator.generate_from_slots("utter_privacy", {"language": "es"}, "rest")["text"].startswith("I keep this conversation")


def test_labels_come_from_the_same_language(nlg):
    from bot.language.catalogs import catalog

    label = catalog("fr")["utter_label_shelter"][0]["text"]
    assert label in nlg.generate_from_slots("utter_summary", {"language": "fr", "help_category": "shelter"}, "rest")["text"]


def test_right_to_left_replies_isolate_numbers_and_names(nlg):
    reply = nlg.generate_from_slots("utter_emergency", {"language": "ar", "place_country": "US"}, "rest")
    assert "\u20681-888-373-7888\u2069" in reply["text"]
    assert "\u2068911 / 112\u2069" in reply["text"]
    found = nlg.generate_from_slots("utter_place_found", {"language": "ar", "place_name": "Kyiv (UA)"}, "rest", place_name="Kyiv (UA)")
    assert "\u2068Kyiv (UA)\u2069" in found["text"]
    # Left-to-right languages are left alone.
    assert "\u2068" not in nlg.generate_from_slots("utter_emergency", {"language": "es", "place_country": "US"}, "rest")["text"]


@pytest.mark.parametrize("response", ["utter_greet", "utter_language_picker"])
def test_the_picker_names_every_language_in_itself(nlg, response):
    buttons = nlg.generate_from_slots(response, {"language": "uk"}, "rest")["buttons"]
    titles = {b["title"]: b["payload"] for b in buttons}
    assert titles["Español"] == '/set_language{"language": "es"}'
    assert titles["Українська"] == '/set_language{"language": "uk"}'
    assert titles["العربية"] == '/set_language{"language": "ar"}'
    assert titles["Tiếng Việt"] == '/set_language{"language": "vi"}'
    assert len(buttons) == 10


def test_other_replies_have_no_picker(nlg):
    assert "buttons" not in nlg.generate_from_slots("utter_goodbye", {}, "rest") or not nlg.generate_from_slots("utter_goodbye", {}, "rest")["buttons"]
