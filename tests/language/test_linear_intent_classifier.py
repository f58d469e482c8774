"""The intent model and its Rasa component: trained on a few synthetic examples, persisted and loaded."""

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.intent_model import IntentModel
from bot.nlu.linear_intent_classifier import LinearIntentClassifier

EXAMPLES = {
    "find_shelter": ["i need a place to sleep", "somewhere to stay tonight", "necesito un albergue", "un lugar para dormir"],
    "find_medical": ["i need a doctor", "my arm is hurt", "necesito un médico", "estoy enferma"],
    "greet": ["hello", "hi there", "hola", "buenos días"],
}


def examples():
    return [(text, intent) for intent, texts in EXAMPLES.items() for text in texts]


@pytest.fixture(scope="module")
def model():
    texts, intents = zip(*examples())
    return IntentModel.fit(texts, intents, {})


def test_the_model_ranks_every_intent_with_probabilities(model):
    (ranking,) = model.rank(["i need a place to sleep tonight"], 10)
    assert [name for name, _ in ranking][0] == "find_shelter"
    assert sorted(name for name, _ in ranking) == sorted(EXAMPLES)
    assert ranking == sorted(ranking, key=lambda r: -r[1])
    assert sum(p for _, p in ranking) == pytest.approx(1.0)


@pytest.mark.parametrize("text", ["necesito un medico", "NECESITO UN MÉDICO", "necesito un mèdico"])
def test_accents_and_case_do_not_matter(model, text):
    assert model.rank([text], 1)[0][0][0] == "find_medical"


def test_ranking_length_and_empty_input(model):
    assert len(model.rank(["hola"], 2)[0]) == 2
    assert model.rank([], 3) == []
    assert len(model.rank([""], 3)[0]) == 3  # an empty message still gets a (doubtful) ranking


def training_data():
    return TrainingData([Message(data={"text": text, "intent": intent}) for text, intent in examples()])


def test_the_component_trains_persists_and_loads(tmp_path):
    storage = LocalModelStorage(tmp_path)
    resource = Resource("intents")
    context = ExecutionContext(GraphSchema({}), "test")
    trained = LinearIntentClassifier.create({}, storage, resource, context)
    trained.train(training_data())
    loaded = LinearIntentClassifier.load({"ranking_length": 2}, storage, resource, context)
    (message,) = loaded.process([Message(data={"text": "hola buenos dias"})])
    assert message.get("intent")["name"] == "greet"
    assert 0 < message.get("intent")["confidence"] <= 1
    assert [r["name"] for r in message.get("intent_ranking")][0] == "greet"
    assert len(message.get("intent_ranking")) == 2


def test_loading_opens_the_embedding_engine_before_the_first_message(tmp_path, monkeypatch):
    import bot.nlu.sentence_embedding as sentence_embedding

    storage, resource = LocalModelStorage(tmp_path), Resource("intents")
    context = ExecutionContext(GraphSchema({}), "test")
    LinearIntentClassifier.create({}, storage, resource, context).train(training_data())
    monkeypatch.setattr(sentence_embedding, "_engine", None)
    LinearIntentClassifier.load({}, storage, resource, context)
    assert sentence_embedding._engine is not None


def test_the_component_refuses_training_data_with_one_intent(tmp_path):
    component = LinearIntentClassifier.create({}, LocalModelStorage(tmp_path), Resource("x"), ExecutionContext(GraphSchema({}), "t"))
    with pytest.raises(ValueError, match="at least two intents"):
        component.train(TrainingData([Message(data={"text": "hi", "intent": "greet"})]))


def test_an_untrained_component_leaves_messages_alone(tmp_path):
    component = LinearIntentClassifier.create({}, LocalModelStorage(tmp_path), Resource("x"), ExecutionContext(GraphSchema({}), "t"))
    (message,) = component.process([Message(data={"text": "hello"})])
    assert message.get("intent") is None


def test_the_weights_are_laid_out_for_one_message_at_a_time(model):
    # A message's row times coef_.T must not copy the whole weight matrix (bot.nlu.intent_model).
    classifier = model.pipeline.steps[-1][1]
    assert classifier.coef_.T.flags["C_CONTIGUOUS"]
