"""Safety invariants 3 and 4 on every response the assistant can send (domain.yml):
never "you should", never asking for names, abuse details or documents, every question with
a way out (skip / not now), every reply free of unfilled placeholders we do not fill.
"""

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
RESPONSES = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))["responses"]
VARIANTS = [(name, variant) for name, variants in RESPONSES.items() for variant in variants]

PUSHY = re.compile(r"\byou (should|must|have to|need to|ought to)\b|\bdon'?t you\b", re.I)
ASKS_FOR_IDENTITY = re.compile(
    r"\b(what is|what's|tell me|give me|send me|type|share|enter) (your|ur) (full |real )?"
    r"(name|surname|address|passport number|id number|date of birth)\b|\byour (full )?name\?"
    r"|\btell me (what|how) (happened|they did)\b|\bsend (me )?(a )?(photo|picture|copy) of\b",
    re.I,
)
WAYS_OUT = {"/skip", "/deny", "/goodbye"}


@pytest.mark.parametrize("name, variant", VARIANTS, ids=[f"{n}-{i}" for i, (n, _) in enumerate(VARIANTS)])
def test_no_reply_tells_the_user_what_they_must_do(name, variant):
    assert not PUSHY.search(variant.get("text", ""))


@pytest.mark.parametrize("name, variant", VARIANTS, ids=[f"{n}-{i}" for i, (n, _) in enumerate(VARIANTS)])
def test_no_reply_asks_for_identity_abuse_details_or_documents(name, variant):
    assert not ASKS_FOR_IDENTITY.search(variant.get("text", ""))


QUESTIONS = [(n, v) for n, v in VARIANTS if v.get("text", "").rstrip().endswith("?") or n.startswith("utter_ask_") or n.startswith("utter_check_") and n not in ("utter_check_end", "utter_check_stopped")]


@pytest.mark.parametrize("name, variant", QUESTIONS, ids=[n for n, _ in QUESTIONS])
def test_every_question_can_be_skipped_or_declined(name, variant):
    payloads = {button["payload"] for button in variant.get("buttons") or []}
    assert payloads & WAYS_OUT, f"{name} asks a question without a skip or 'not now' button"


def test_questions_say_why_they_are_asked():
    for name in ("utter_ask_safe_to_talk", "utter_ask_help_category", "utter_ask_place"):
        for variant in RESPONSES[name]:
            assert re.search(r"\bI ask\b", variant["text"]), name


def test_there_are_questions_to_check():
    assert len(QUESTIONS) >= 8
