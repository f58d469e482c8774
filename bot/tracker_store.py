"""Tracker stores that keep nothing longer than needed.

ExpiringInMemoryTrackerStore is the embedded default (endpoints.yml): conversations live only
in this process's memory, are dropped after `idle_timeout_minutes` without activity, and are
deleted at once when the user says "forget me" (the save of that turn deletes instead).
It never logs sender ids, message text or slot values.
"""

from __future__ import annotations

import logging
import time
from typing import Any, Callable, Dict, Iterable, Optional, Text

from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import InMemoryTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker

from bot.privacy import asks_to_be_forgotten

logger = logging.getLogger(__name__)

DEFAULT_IDLE_TIMEOUT_MINUTES = 30.0


class ExpiringInMemoryTrackerStore(InMemoryTrackerStore):
    """In-memory conversations that expire after an idle time and can be deleted on request."""

    def __init__(
        self,
        domain: Domain,
        event_broker: Optional[EventBroker] = None,
        idle_timeout_minutes: float = DEFAULT_IDLE_TIMEOUT_MINUTES,
        clock: Callable[[], float] = time.monotonic,
        **kwargs: Any,
    ) -> None:
        kwargs.pop("host", None)  # Rasa passes the endpoint url (none for us) as `host`.
        super().__init__(domain, event_broker, **kwargs)
        timeout = float(idle_timeout_minutes)
        if timeout <= 0:
            raise ValueError("idle_timeout_minutes must be a positive number of minutes")
        self.idle_timeout_seconds = timeout * 60.0
        self._clock = clock
        self._last_active: Dict[Text, float] = {}

    async def save(self, tracker: DialogueStateTracker) -> None:
        self.purge_expired()
        if asks_to_be_forgotten(tracker.latest_message.parse_data if tracker.latest_message else None):
            await self.delete(tracker.sender_id)
            logger.info("Deleted a conversation at the user's request.")
            return
        await super().save(tracker)
        self._last_active[tracker.sender_id] = self._clock()

    async def retrieve(self, sender_id: Text) -> Optional[DialogueStateTracker]:
        self.purge_expired()
        return await super().retrieve(sender_id)

    async def retrieve_full_tracker(self, sender_id: Text) -> Optional[DialogueStateTracker]:
        self.purge_expired()
        return await super().retrieve_full_tracker(sender_id)

    async def keys(self) -> Iterable[Text]:
        self.purge_expired()
        return list(self.store.keys())

    async def delete(self, sender_id: Text) -> None:
        """Remove every trace of one conversation from this store."""
        self.store.pop(sender_id, None)
        self._last_active.pop(sender_id, None)

    def purge_expired(self) -> int:
        """Drop conversations idle for longer than the timeout; returns how many were dropped."""
        now = self._clock()
        expired = [key for key, seen in self._last_active.items() if now - seen >= self.idle_timeout_seconds]
        for key in expired:
            self.store.pop(key, None)
            del self._last_active[key]
        if expired:
            logger.info("Expired %d idle conversation(s).", len(expired))
        return len(expired)
