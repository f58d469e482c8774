"""Similarity to each intent's nearest training example, as features (bot.nlu.nearest_examples)."""

import numpy as np
import pytest

import bot.nlu.nearest_examples as nearest_examples
from bot.nlu.intent_model import IntentModel
from bot.nlu.nearest_examples import NearestExamples


def unit(rows):
    rows = np.asarray(rows, dtype=np.float32)
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


ROWS = unit([[1, 0, 0], [0.9, 0.1, 0], [0, 1, 0], [0, 0.8, 0.2], [0, 0, 1]])
LABELS = ["a", "a", "b", "b", "c"]


def test_a_new_row_gets_its_nearest_example_per_intent():
    features = NearestExamples().fit(ROWS, LABELS)
    (row,) = features.transform(unit([[1, 0, 0]]))
    assert list(features.classes_) == ["a", "b", "c"]
    assert row[0] == pytest.approx(1.0)
    assert row[1] == pytest.approx(float(ROWS[3] @ unit([[1, 0, 0]])[0]))  # b's nearest is [0, .8, .2]: 0
    assert row[2] == pytest.approx(0.0)


def test_training_rows_do_not_find_themselves():
    features = NearestExamples()
    trained = features.fit_transform(ROWS, LABELS)
    # Row 0 ("a") sees only the other "a" example, not itself.
    assert trained[0, 0] == pytest.approx(float(ROWS[0] @ ROWS[1]))
    assert trained[0, 0] < 1.0
    # Row 4 is the only "c": with itself left out, it has no "c" example at all.
    assert trained[4, 2] == -1.0
    # Seen later, a training row does match itself.
    assert features.transform(ROWS[:1])[0, 0] == pytest.approx(1.0)


def test_chunks_give_the_same_answer(monkeypatch):
    rows = unit(np.random.default_rng(0).normal(size=(50, 8)))
    labels = [str(i % 4) for i in range(50)]
    whole = NearestExamples().fit_transform(rows, labels)
    monkeypatch.setattr(nearest_examples, "CHUNK", 7)
    assert NearestExamples().fit_transform(rows, labels) == pytest.approx(whole)


def parts(model):
    """What the intent model builds from the sentence embedding."""
    embedding = model.pipeline.steps[0][1].transformer_list[-1][1]
    if hasattr(embedding, "steps"):  # embedded once, then the embedding and the nearest examples
        return [name for name, _ in embedding.steps[-1][1].transformer_list]
    return [type(embedding).__name__]


TEXTS = ["i need a place to sleep", "somewhere to stay tonight", "i need a doctor", "my arm is hurt"]
INTENTS = ["shelter", "shelter", "doctor", "doctor"]


def test_the_intent_model_uses_it_unless_its_weight_is_zero():
    assert parts(IntentModel.fit(TEXTS, INTENTS, {})) == ["embedding", "nearest"]
    assert parts(IntentModel.fit(TEXTS, INTENTS, {"nearest_weight": 0})) == ["SentenceEmbedding"]


def test_a_training_row_does_not_find_its_twin_either():
    # Row 1 is row 0's unaccented copy; row 3 has no twin.
    rows = unit([[1, 0, 0], [0.99, 0.01, 0], [0.8, 0.6, 0], [0, 1, 0]])
    labels = ["a", "a", "a", "b"]
    trained = NearestExamples(twins=[1, 0, -1, -1]).fit_transform(rows, labels)
    assert trained[0, 0] == pytest.approx(float(rows[0] @ rows[2]))  # not its twin's 0.99..
    assert trained[1, 0] == pytest.approx(float(rows[1] @ rows[2]))
    assert trained[2, 0] == pytest.approx(float(rows[2] @ rows[1]))  # no twin: only itself left out
    untwinned = NearestExamples().fit_transform(rows, labels)
    assert untwinned[0, 0] == pytest.approx(float(rows[0] @ rows[1]))


def test_twins_must_match_the_training_rows():
    with pytest.raises(ValueError, match="3 twins for 5 training rows"):
        NearestExamples(twins=[-1, -1, -1]).fit_transform(ROWS, LABELS)


def test_the_intent_model_tells_it_the_twins_of_its_unaccented_copies():
    texts = ["tôi cần chỗ ngủ", "toi can cho ngu", "bác sĩ", "i need a doctor"]
    model = IntentModel.fit(texts, ["shelter", "shelter", "doctor", "doctor"], {})
    nearest = model.pipeline.steps[0][1].transformer_list[-1][1].steps[-1][1].transformer_list[-1][1]
    # "toi can cho ngu" is already an example; only "bác sĩ" gets a copy, "bac si" (index 4)
    assert list(nearest.twins) == [-1, -1, 4, -1, 2]
