import json

import pytest

from bot.channels.payload import MAX_MESSAGE_CHARS, ChatPayload, PayloadError, clean_text, neutralize_payload, parse_rest_body, pin_message


def body(**fields):
    return json.dumps(fields).encode("utf-8")


@pytest.mark.parametrize(
    "raw, expected",
    [
        (body(sender="s1", message="hi"), ChatPayload("s1", "hi")),
        (body(sender="s1", message=""), ChatPayload("s1", "")),
        (body(sender="s1"), ChatPayload("s1", "")),
        (body(sender="s1", message=None), ChatPayload("s1", "")),
        (body(sender="s1", message=42), ChatPayload("s1", "42")),
        (body(sender=" s1 ", message="  hola  "), ChatPayload("s1", "hola")),
        (body(sender="s1", message="\u200fمرحبا\u200b"), ChatPayload("s1", "مرحبا")),
        (body(sender="s1", message="a\x00b\x1b[31mc"), ChatPayload("s1", "ab[31mc")),
        (body(sender="s1", message="line one\nline two"), ChatPayload("s1", "line one line two")),
    ],
)
def test_good_bodies(raw, expected):
    assert parse_rest_body(raw) == expected


@pytest.mark.parametrize(
    "raw, reason",
    [
        (b"", "must be JSON"),
        (b"not json", "must be JSON"),
        (b"\xff\xfe", "must be JSON"),
        (b"[]", "JSON object"),
        (b'"hi"', "JSON object"),
        (body(message="hi"), "sender is required"),
        (body(sender="", message="hi"), "sender is required"),
        (body(sender=7, message="hi"), "sender is required"),
        (body(sender="x" * 129, message="hi"), "at most 128"),
        (body(sender="a\x00b", message="hi"), "printable"),
        (body(sender="s", message={"x": 1}), "message must be text"),
        (body(sender="s", message=["hi"]), "message must be text"),
        (body(sender="s", message=True), "message must be text"),
    ],
)
def test_bad_bodies_say_what_is_wrong(raw, reason):
    result = parse_rest_body(raw)
    assert isinstance(result, PayloadError) and reason in result.reason


def test_very_long_messages_are_capped():
    assert len(clean_text("a" * 10_000)) == MAX_MESSAGE_CHARS


def test_emoji_sequences_keep_their_joiners():
    family = "👩\u200d👩\u200d👧"
    assert clean_text(family) == family


@pytest.mark.parametrize(
    "text, kept",
    [
        ("/affirm", "/affirm"),
        ("/find_shelter", "/find_shelter"),
        ('/set_language{"language": "uk"}', '/set_language{"language": "uk"}'),
        ("/nonexistent_intent", "/nonexistent_intent"),
        ('/find_shelter{"x": ', 'find_shelter{"x":'),
        ("/affirm@0.3", "affirm@0.3"),
        ('/affirm{"a": {"b": 1}}', 'affirm{"a": {"b": 1}}'),
        ("//weird", "weird"),
        ("/ London", "London"),
        ("hello /affirm", "hello /affirm"),
    ],
)
def test_only_well_formed_payloads_keep_their_slash(text, kept):
    assert neutralize_payload(text) == kept


@pytest.mark.parametrize(
    "latitude, longitude, expected",
    [
        (51.507351, -0.127758, '/inform_place{"latitude": 51.51, "longitude": -0.13}'),
        ("48.8566", "2.3522", '/inform_place{"latitude": 48.86, "longitude": 2.35}'),
        (-90, 180, '/inform_place{"latitude": -90.0, "longitude": 180.0}'),
        (100, 0, None),
        (0, -181, None),
        (float("nan"), 0, None),
        (float("inf"), 0, None),
        (None, 1, None),
        ("north", 1, None),
        (True, 1, None),
    ],
)
def test_a_pin_becomes_a_rounded_place_payload_or_nothing(latitude, longitude, expected):
    assert pin_message(latitude, longitude) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ('/inform_place{"latitude": 51.507351, "longitude": -0.127758}', '/inform_place{"latitude": 51.51, "longitude": -0.13}'),
        ('/inform_place{"latitude": 500, "longitude": 1}', "location"),
        ('/inform_place{"latitude": 51.5}', "location"),
        ('/choose_need{"need": "women_only"}', '/choose_need{"need": "women_only"}'),
    ],
)
def test_payloads_with_coordinates_are_rounded_whatever_the_channel(text, expected):
    assert neutralize_payload(text) == expected
