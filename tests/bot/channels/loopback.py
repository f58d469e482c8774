"""Loopback test rigs for platform connectors: a fake platform API, a scripted bot, and the
channel's blueprint registered by Rasa's own `register` on a real Sanic server.

No real tokens, no internet: everything listens on 127.0.0.1 on a free port.
"""

from __future__ import annotations

import asyncio
import uuid
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any, AsyncIterator, Dict, List, Optional, Tuple

import aiohttp
from aiohttp import web
from rasa.core.channels.channel import InputChannel, UserMessage, register
from sanic import Sanic

from bot.devstack import free_port

BUTTONS = [{"title": "Yes", "payload": "/affirm"}, {"title": "Not right now", "payload": "/deny"}]


@dataclass
class Sent:
    path: str
    authorization: Optional[str]
    body: Dict[str, Any]


@dataclass
class FakePlatform:
    """Stands in for api.telegram.org or graph.facebook.com: records each POST, answers `status`."""

    status: int = 200
    delay: float = 0.0  # seconds before answering, to test timeouts
    sent: List[Sent] = field(default_factory=list)
    url: str = ""

    async def record(self, request: web.Request) -> web.Response:
        self.sent.append(Sent(request.path, request.headers.get("Authorization"), await request.json()))
        await asyncio.sleep(self.delay)
        if self.status >= 400:
            return web.json_response({"ok": False, "error": {"message": "fake failure"}}, status=self.status)
        return web.json_response({"ok": True, "messages": [{"id": "wamid.fake"}]})


@asynccontextmanager
async def fake_platform(status: int = 200) -> AsyncIterator[FakePlatform]:
    platform = FakePlatform(status)
    app = web.Application()
    app.router.add_post("/{tail:.*}", platform.record)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    platform.url = f"http://127.0.0.1:{port}"
    try:
        yield platform
    finally:
        await runner.cleanup()


class ScriptedBot:
    """Stands in for Rasa's agent: records each message and answers with `replies`."""

    def __init__(self, replies: Optional[List[Dict[str, Any]]] = None) -> None:
        self.replies = replies if replies is not None else [{"text": "Is it safe?", "buttons": BUTTONS}]
        self.messages: List[UserMessage] = []

    @property
    def texts(self) -> List[str]:
        return [m.text or "" for m in self.messages]

    async def handle_message(self, message: UserMessage) -> None:
        self.messages.append(message)
        for reply in self.replies:
            await message.output_channel.send_response(message.sender_id, dict(reply))


@dataclass
class Webhook:
    url: str  # http://127.0.0.1:<port>/webhooks/<channel>

    async def call(self, method: str, path: str, body: bytes = b"", headers: Optional[Dict[str, str]] = None) -> Tuple[int, str]:
        async with aiohttp.ClientSession() as session:
            async with session.request(method, f"{self.url}{path}", data=body, headers=headers) as answer:
                return answer.status, await answer.text()


@asynccontextmanager
async def serve(channel: InputChannel, bot: ScriptedBot) -> AsyncIterator[Webhook]:
    """The channel on a real Sanic server, registered the way `rasa run` registers it."""
    Sanic.test_mode = True  # what sanic-testing sets: lets one process start several apps
    app = Sanic(f"channel_test_{uuid.uuid4().hex}", configure_logging=False)
    app.ctx.agent = bot
    register([channel], app, route="/webhooks/")
    port = free_port()
    server = await app.create_server(host="127.0.0.1", port=port, return_asyncio_server=True, access_log=False)
    await server.startup()
    await server.before_start()
    await server.after_start()
    try:
        yield Webhook(f"http://127.0.0.1:{port}/webhooks/{channel.name()}")
    finally:
        await server.before_stop()
        await server.close()
        await server.after_stop()
