"""The pieces both platform connectors share: settings, sender ids, secrets, payloads, titles."""

from __future__ import annotations

import pytest

from bot.channels.platform import cut_title, fit_payload, read_settings, same_secret, sender_id


def test_credentials_win_over_the_environment_and_missing_ones_are_named():
    values, missing = read_settings(
        {"token": "from-yml", "url": None},
        {"T": "from-env", "S": " ", "U": ""},
        required={"token": "T", "secret": "S"},
        optional={"url": ("U", "https://default")},
    )
    assert values == {"token": "from-yml", "secret": "", "url": "https://default"}
    assert missing == ["S"]


def test_sender_ids_are_stable_keyed_and_per_platform():
    first = sender_id("key", "telegram", 42)
    assert first == sender_id("key", "telegram", "42") and len(first) == 64 and "42" not in first
    assert first not in {sender_id("other", "telegram", 42), sender_id("key", "whatsapp", 42), sender_id("key", "telegram", 43)}


@pytest.mark.parametrize("given, ok", [("s3cret", True), ("s3cre", False), ("", False), (None, False), ("ß3cret", False)])
def test_same_secret(given, ok):
    assert same_secret("s3cret", given) is ok


@pytest.mark.parametrize(
    "payload, max_bytes, expected",
    [
        ("/affirm", 64, "/affirm"),
        ('/choose_need{"need": "women_only"}', 32, None),
        ('/choose_need{"need": "women_only"}', 33, '/choose_need{"need":"women_only"}'),
        ('/set_language{"language": "ар"}', 32, '/set_language{"language":"ар"}'),
        ('/choose_need{"need": "women_only"}', 20, None),
        ("/a" + "b" * 70, 64, None),
        ('/x{"broken": ', 5, None),
        ("", 64, None),
        (None, 64, None),
    ],
)
def test_payloads_fit_whole_or_not_at_all(payload, max_bytes, expected):
    assert fit_payload(payload, max_bytes) == expected


@pytest.mark.parametrize(
    "title, limit, expected",
    [
        ("Short", 20, "Short"),
        ("  Spaces   inside  ", 20, "Spaces inside"),
        ("Exactly twenty chars", 20, "Exactly twenty chars"),
        ("Exactly twenty chars!", 20, "Exactly twenty…"),
        ("Supercalifragilisticexpialidocious", 20, "Supercalifragilistic"[:19] + "…"),
        ("A b, c d e f g h i j k", 10, "A b, c d…"),
        ("Tiếng Việt có dấu đầy đủ", 12, "Tiếng Việt…"),
        ("Nghie\u0302\u0323p vụ", 5, "Nghiệ"[:4] + "…"),
        ("العربية لغة جميلة جدا", 12, "العربية لغة…"),
    ],
)
def test_titles_are_cut_within_the_limit_in_characters(title, limit, expected):
    cut = cut_title(title, limit)
    assert cut == expected and len(cut) <= limit
