"""Danger first: danger wins whenever the classifier gives it at least the floor."""

import pytest
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.danger_first import DangerFirst


def message(text, top, danger):
    ranking = [{"name": top, "confidence": 1 - danger}, {"name": "danger", "confidence": danger}]
    return Message(data={"text": text, "intent": {"name": top, "confidence": 1 - danger}, "intent_ranking": ranking})


@pytest.mark.parametrize(
    "top, danger, expected",
    [("find_documents", 0.12, "danger"), ("nlu_fallback", 0.1, "danger"), ("find_documents", 0.09, "find_documents"), ("greet", 0.0, "greet")],
)
def test_danger_wins_from_the_floor_up(top, danger, expected):
    processed = DangerFirst({"floor": 0.1}).process([message("they took it", top, danger)])[0]
    assert processed.get("intent")["name"] == expected


def test_a_button_payload_is_never_changed():
    processed = DangerFirst({}).process([message("/find_documents", "find_documents", 0.5)])[0]
    assert processed.get("intent")["name"] == "find_documents"
