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
        ("أحتاج مساعدة", ["احتاج", "مساعده"]),
    ],
)
def test_tokens_get_folded_lemmas_and_keep_their_text(text, lemmas):
    tokenizer = FoldingWhitespaceTokenizer(FoldingWhitespaceTokenizer.get_default_config())
    tokens = tokenizer.tokenize(Message(data={"text": text}), "text")
    assert [t.lemma for t in tokens] == lemmas
    assert all(text[t.start : t.end] == t.text for t in tokens)


@pytest.mark.parametrize(
    "one, other",
    [
        ("فى مساعدة؟", "في مساعده؟"),  # final ى for ي, ه for ة: everyday phone spellings
        ("مـــساعدة", "مساعدة"),  # the tatweel only stretches the word
        ("إنت فين", "انت فين"),  # hamza on alif
    ],
)
def test_arabic_spellings_phones_mix_get_the_same_lemmas(one, other):
    tokenizer = FoldingWhitespaceTokenizer(FoldingWhitespaceTokenizer.get_default_config())
    lemmas = [[t.lemma for t in tokenizer.tokenize(Message(data={"text": text}), "text")] for text in (one, other)]
    assert lemmas[0] == lemmas[1]
