"""Tokens carry a folded lemma so that accents typed or not give the same features."""

import pytest
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.folding_tokenizer import FoldingWhitespaceTokenizer


@pytest.mark.parametrize(
    "text, lemmas",
    [
        ("Necesito ayuda, ¡ya!", ["necesito", "ayuda", "ya"]),
        ("tôi cần giúp đỡ", ["toi", "can", "giup", "đo"]),
        ("pașaport", ["pasaport"]),
        ("أحتاج مساعدة", ["احتاج", "مساعدة"]),
    ],
)
def test_tokens_get_folded_lemmas_and_keep_their_text(text, lemmas):
    tokenizer = FoldingWhitespaceTokenizer(FoldingWhitespaceTokenizer.get_default_config())
    tokens = tokenizer.tokenize(Message(data={"text": text}), "text")
    assert [t.lemma for t in tokens] == lemmas
    assert all(text[t.start : t.end] == t.text for t in tokens)
