"""Danger first: danger (or self-harm) wins whenever the classifier gives it at least the floor."""

import pytest
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.danger_first import DangerFirst


def message(text, top, danger, self_harm=0.0):
    ranking = [
        {"name": top, "confidence": 1 - danger - self_harm},
        {"name": "danger", "confidence": danger},
        {"name": "self_harm", "confidence": self_harm},
    ]
    return Message(data={"text": text, "intent": {"name": top, "confidence": 1 - danger - self_harm}, "intent_ranking": ranking})


@pytest.mark.parametrize(
    "top, danger, expected",
    [("find_documents", 0.12, "danger"), ("nlu_fallback", 0.1, "danger"), ("find_documents", 0.09, "find_documents"), ("greet", 0.0, "greet")],
)
def test_danger_wins_from_the_floor_up(top, danger, expected):
    processed = DangerFirst({"floor": 0.1}).process([message("they took it", top, danger)])[0]
    assert processed.get("intent")["name"] == expected


@pytest.mark.parametrize(
    "top, danger, self_harm, expected",
    [
        ("find_counselling", 0.0, 0.15, "self_harm"),
        ("find_counselling", 0.05, 0.09, "find_counselling"),  # each is judged on its own
        ("nlu_fallback", 0.12, 0.2, "self_harm"),  # the likelier of the two
        ("nlu_fallback", 0.3, 0.2, "danger"),
        ("self_harm", 0.2, 0.6, "self_harm"),  # already one of them: left alone
    ],
)
def test_self_harm_is_danger_first_too(top, danger, self_harm, expected):
    processed = DangerFirst({"floor": 0.1}).process([message("i can't anymore", top, danger, self_harm)])[0]
    assert processed.get("intent")["name"] == expected


def test_a_button_payload_is_never_changed():
    processed = DangerFirst({}).process([message("/find_documents", "find_documents", 0.5)])[0]
    assert processed.get("intent")["name"] == "find_documents"
