"""Fakes and builders for action tests: a repository that records queries, trackers from slots."""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from rasa_sdk import Tracker

from resources_db.errors import DatabaseUnavailable
from resources_db.records import PhoneRecord, ServiceRecord


def record(service_id: str = "svc-1", distance_km: Optional[float] = 1.23, is_sample: bool = False, **overrides: Any) -> ServiceRecord:
    values: Dict[str, Any] = dict(
        id=service_id,
        name=f"Service {service_id}",
        organization="Org",
        category="shelter",
        phones=(PhoneRecord("+44 20 7946 0101"), PhoneRecord("+44 7700 900101", "text")),
        hours="Open 24 hours",
        city="London",
        country_code="GB",
        distance_km=distance_km,
        is_sample=is_sample,
    )
    values.update(overrides)
    return ServiceRecord(**values)


class FakeRepository:
    def __init__(self, results: Optional[List[ServiceRecord]] = None, fail: bool = False) -> None:
        self.results = results or []
        self.fail = fail
        self.queries: List[Dict[str, Any]] = []

    def search(self, **query: Any) -> List[ServiceRecord]:
        self.queries.append(query)
        if self.fail:
            raise DatabaseUnavailable("search failed: OperationalError")
        offset, limit = query.get("offset", 0), query.get("limit", 3)
        return self.results[offset : offset + limit]


def tracker(
    slots: Optional[Dict[str, Any]] = None, intent: str = "affirm", text: str = "synthetic", entities: Optional[Dict[str, Any]] = None
) -> Tracker:
    found = [{"entity": name, "value": value} for name, value in (entities or {}).items()]
    return Tracker(
        sender_id="test-sender",
        slots=slots or {},
        latest_message={"intent": {"name": intent, "confidence": 1.0}, "text": text, "entities": found},
        events=[],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )
