"""Training examples once more as typed without accents (bot.nlu.unaccented_copies)."""

import pytest

from bot.nlu.unaccented_copies import unaccented, with_unaccented_copies


@pytest.mark.parametrize(
    "text, bare",
    [
        ("Tôi không muốn đi", "Toi khong muon di"),  # tones, and đ typed as d
        ("Łódź, żółć", "Lodz, zolc"),
        ("Șoseaua, țară", "Soseaua, tara"),
        ("ça va, où?", "ca va, ou?"),
        ("أنا إلى", "انا الى"),  # alif without its hamza
        ("мій друг її", "мій друг іі"),  # й is a letter of its own; ї without dots is і
        ("ёлка", "елка"),
        ("help me 112", "help me 112"),
    ],
)
def test_unaccented(text, bare):
    assert unaccented(text) == bare


def test_copies_only_where_the_text_changes_and_is_new():
    texts, intents, twins = with_unaccented_copies(["không", "khong", "hello", "được"], ["a", "a", "b", "c"])
    assert texts == ["không", "khong", "hello", "được", "duoc"]
    assert intents == ["a", "a", "b", "c", "c"]
    assert twins == [-1, -1, -1, 4, 3]


def test_no_examples_no_copies():
    assert with_unaccented_copies([], []) == ([], [], [])
