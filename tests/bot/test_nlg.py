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
