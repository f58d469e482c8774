"""The embedded tracker store: conversations expire when idle and are deleted on request."""

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.privacy import asks_to_be_forgotten
from bot.tracker_store import ExpiringInMemoryTrackerStore


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def store(clock):
    return ExpiringInMemoryTrackerStore(Domain.empty(), idle_timeout_minutes=30, clock=clock)


def conversation(sender: str, intent: str = "greet") -> DialogueStateTracker:
    tracker = DialogueStateTracker(sender, slots=[])
    tracker.update(ActionExecuted("action_listen"))
    tracker.update(UserUttered("synthetic message", intent={"name": intent, "confidence": 1.0}))
    return tracker


async def test_a_conversation_is_kept_while_active(store, clock):
    await store.save(conversation("a"))
    clock.now += 29 * 60
    assert await store.retrieve("a") is not None


async def test_an_idle_conversation_expires(store, clock):
    await store.save(conversation("a"))
    clock.now += 30 * 60
    assert await store.retrieve("a") is None
    assert list(await store.keys()) == []


async def test_activity_restarts_the_idle_timer(store, clock):
    await store.save(conversation("a"))
    clock.now += 20 * 60
    await store.save(conversation("a"))
    clock.now += 20 * 60
    assert await store.retrieve("a") is not None


async def test_expiry_removes_every_idle_conversation_not_just_the_one_asked_for(store, clock):
    await store.save(conversation("old"))
    clock.now += 31 * 60
    await store.save(conversation("new"))
    assert list(await store.keys()) == ["new"]
    assert "old" not in store.store


async def test_forget_me_deletes_the_conversation_at_once(store):
    await store.save(conversation("a"))
    await store.save(conversation("b"))
    await store.save(conversation("a", intent="forget_me"))
    assert await store.retrieve("a") is None
    assert await store.retrieve_full_tracker("a") is None
    assert list(await store.keys()) == ["b"]


def test_idle_timeout_is_configurable_and_must_be_positive():
    assert ExpiringInMemoryTrackerStore(Domain.empty(), idle_timeout_minutes=5).idle_timeout_seconds == 300
    with pytest.raises(ValueError):
        ExpiringInMemoryTrackerStore(Domain.empty(), idle_timeout_minutes=0)


@pytest.mark.parametrize(
    "message, forget",
    [
        ({"intent": {"name": "forget_me"}}, True),
        ({"intent": {"name": "greet"}}, False),
        ({"intent": {"name": "cover_word"}}, True),
        ({"intent": None}, False),
        ({}, False),
        (None, False),
    ],
)
def test_asks_to_be_forgotten(message, forget):
    assert asks_to_be_forgotten(message) is forget
