"""Fixtures for conversation tests on the trained model: a real action server on a free port
with a fresh copy of the sample directory, one Agent loaded once for the whole session, and a
small chat helper that returns what the user would actually see.
"""

from __future__ import annotations

import logging
import subprocess
import sys
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, List

import pytest

from bot.devstack import environment, free_port, wait_for

ROOT = Path(__file__).resolve().parents[2]
MODEL = ROOT / "models" / "bot.tar.gz"


@pytest.fixture(scope="session")
def model_path() -> Path:
    if not MODEL.exists():
        pytest.fail("No trained model at models/bot.tar.gz: `make test` trains it first (or run `make train`).")
    return MODEL


@pytest.fixture(scope="session")
def conversation_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    from resources_db.cli import main

    url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'resources.db'}"
    assert main(["--db", url, "init"]) == 0
    return url


@dataclass
class Server:
    url: str
    process: subprocess.Popen
    log: Path

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


@pytest.fixture(scope="session")
def action_server(conversation_db: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    port = free_port()
    log = tmp_path_factory.mktemp("logs") / "actions.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "bot.action_server", "--port", str(port)],
            cwd=ROOT, env=environment(conversation_db), stdout=out, stderr=subprocess.STDOUT,
        )
    server = Server(f"http://127.0.0.1:{port}", process, log)
    try:
        wait_for(f"{server.url}/health", process, 120, log)
        yield server
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture(scope="session")
def agent(model_path: Path, action_server: Server):
    from rasa.core.agent import Agent
    from rasa.shared.core.domain import Domain
    from rasa.utils.endpoints import EndpointConfig

    from rasa.utils.log_utils import configure_structlog

    from bot.tracker_store import ExpiringInMemoryTrackerStore

    from rasa.core.utils import AvailableEndpoints

    configure_structlog(logging.INFO)  # as `rasa run` does by default: no per-message debug lines
    endpoints = AvailableEndpoints.read_endpoints(str(ROOT / "endpoints.yml"))
    return Agent.load(
        str(model_path),
        generator=endpoints.nlg,
        tracker_store=ExpiringInMemoryTrackerStore(Domain.empty()),
        action_endpoint=EndpointConfig(f"{action_server.url}/webhook"),
    )


@dataclass
class Chat:
    """One synthetic conversation with the in-process agent."""

    agent: object
    sender: str = field(default_factory=lambda: f"test-{uuid.uuid4().hex}")

    async def say(self, text: str) -> List[dict]:
        return await self.agent.handle_text(text, sender_id=self.sender)  # type: ignore[attr-defined]

    async def texts(self, text: str) -> List[str]:
        return [m.get("text") or "" for m in await self.say(text)]


@pytest.fixture
def chat(agent) -> Chat:
    return Chat(agent)
