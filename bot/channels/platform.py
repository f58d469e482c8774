"""What the Telegram and WhatsApp connectors share: settings, "channel off", ids, HTTP out.

A platform channel reads its settings from credentials.yml or the environment; when one is
missing it is off (its routes answer 404 with a reason, one warning at start-up) instead of
crashing `make run`. The sender id Rasa sees is an HMAC of the platform id, so a chat id or
phone number never enters a conversation record; the output channel keeps the real one.
Replies go out over one aiohttp session per incoming update (all replies of a turn share its
connection, and it is closed when the turn ends), with a 10 s timeout. Platform errors are
logged by HTTP status or exception type only: never a URL (it can hold the bot token), a body,
a payload or an id. Nothing here holds user-facing text.
"""

from __future__ import annotations

import abc
import hashlib
import hmac
import json
import logging
import os
import unicodedata
from asyncio import CancelledError
from asyncio import TimeoutError as PlatformTimeout
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any, AsyncIterator, Awaitable, Callable, ClassVar, Dict, List, Mapping, Optional, Sequence, Text, Tuple, Union

import aiohttp
from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.log_privacy import silence_text_quoting_warnings

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 10
# Shown where a platform demands a label we have no catalog text for (a list's button, the
# body of a second list): a symbol reads the same in every language and script.
MENU_SYMBOL = "☰"
ELLIPSIS = "…"
_REPLY_PARTS_NOT_SENT = ("image", "attachment", "custom", "elements")


def read_settings(
    credentials: Optional[Mapping[str, Any]],
    environ: Mapping[str, str],
    required: Mapping[str, str],
    optional: Mapping[str, Tuple[str, str]],
) -> Tuple[Dict[str, str], List[str]]:
    """Settings by name (a credentials.yml key wins over its environment variable), and the
    environment variables of the required ones that are missing."""

    def read(key: str, env: str, default: str = "") -> str:
        return str((credentials or {}).get(key) or environ.get(env) or default).strip()

    values = {key: read(key, env) for key, env in required.items()}
    missing = [env for key, env in required.items() if not values[key]]
    values.update({key: read(key, env, default) for key, (env, default) in optional.items()})
    return values, missing


def parse_json(body: bytes) -> Any:
    """The JSON value of a request body, or None when it is not JSON."""
    try:
        return json.loads(body or b"")
    except (ValueError, UnicodeDecodeError):
        return None


def sender_id(key: str, platform: str, platform_id: Any) -> str:
    """The id Rasa files the conversation under: stable per chat, not the chat id itself."""
    return hmac.new(key.encode("utf-8"), f"{platform}:{platform_id}".encode("utf-8"), hashlib.sha256).hexdigest()


def same_secret(expected: str, given: Optional[str]) -> bool:
    """Constant-time comparison that also takes non-ASCII or missing input."""
    return given is not None and hmac.compare_digest(expected.encode("utf-8"), given.encode("utf-8"))


def fit_payload(payload: Any, max_bytes: int) -> Optional[str]:
    """The payload as it fits a platform's limit, or None when it cannot fit.

    A JSON payload that is too long is tried once more without spaces (Rasa reads both);
    nothing is cut, because a cut payload would be a different (or broken) button.
    """
    if not isinstance(payload, str) or not payload:
        return None
    if len(payload.encode("utf-8")) <= max_bytes:
        return payload
    intent, brace, entities = payload.partition("{")
    if brace:
        try:
            payload = intent + json.dumps(json.loads(brace + entities), separators=(",", ":"), ensure_ascii=False)
        except ValueError:
            return None
    return payload if len(payload.encode("utf-8")) <= max_bytes else None


def cut_title(title: str, limit: int) -> str:
    """At most `limit` characters: cut on a word boundary where there is one, ending in "…"."""
    title = unicodedata.normalize("NFC", " ".join(title.split()))
    if len(title) <= limit:
        return title
    head = title[: limit - 1]
    boundary = head.rfind(" ")
    if title[limit - 1] != " " and boundary >= limit // 2:  # else one long word: cut inside it
        head = head[:boundary]
    while head and unicodedata.combining(head[-1]):  # never leave a mark without its letter
        head = head[:-1]
    return head.rstrip(" ,.;:-–") + ELLIPSIS


def log_dropped_buttons(channel: str, dropped: int, max_bytes: int) -> None:
    if dropped:
        logger.warning("%s: %d button(s) not sent: payload over %d bytes.", channel, dropped, max_bytes)


@asynccontextmanager
async def platform_session() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=TIMEOUT_SECONDS)) as session:
        yield session


async def deliver(on_new_message: Callable[[UserMessage], Awaitable[Any]], message: UserMessage) -> None:
    """Hand one message to Rasa; failures are logged by type, the webhook still answers."""
    try:
        await on_new_message(message)
    except CancelledError:
        logger.error("A %s message timed out before the reply was ready.", message.input_channel)
    except Exception as error:  # the server must stay up; the cause is logged by type only
        logger.error("A %s message failed: %s", message.input_channel, type(error).__name__)


@dataclass(frozen=True)
class Incoming:
    """One message from a platform: who to answer (never shown to Rasa) and what Rasa reads."""

    platform_id: Union[int, str]
    text: str
    press_id: Optional[str] = None  # a button press the platform wants acknowledged


class PlatformInput(InputChannel, abc.ABC):
    """A webhook connector: on when its settings are complete, off (404) otherwise.

    Subclasses name their settings (a frozen dataclass with an `id_key`), check that a request
    comes from the platform, read its payload into `Incoming` messages and open the output
    channel that answers one of them. POST /webhook and GET / (health) are built here.
    """

    SETTINGS: ClassVar[Callable[..., Any]]
    REQUIRED: ClassVar[Mapping[str, str]]  # setting -> environment variable
    OPTIONAL: ClassVar[Mapping[str, Tuple[str, str]]]  # setting -> (environment variable, default)

    def __init__(self, settings: Any, missing: Sequence[str] = ()) -> None:
        silence_text_quoting_warnings()
        self.settings = settings
        self.missing = list(missing)

    @classmethod
    def from_credentials(
        cls, credentials: Optional[Dict[Text, Any]], environ: Mapping[str, str] = os.environ
    ) -> "PlatformInput":
        """The channel with its settings, or switched off (one warning) when one is missing."""
        values, missing = read_settings(credentials, environ, cls.REQUIRED, cls.OPTIONAL)
        if missing:
            logger.warning("The %s channel is off: %s not set.", cls.name(), ", ".join(missing))
            return cls(None, missing)
        return cls(cls.SETTINGS(**values))

    @abc.abstractmethod
    def authentic(self, request: Request) -> bool:
        """Whether the request carries the platform's secret or signature."""

    @abc.abstractmethod
    def read(self, payload: Any) -> List[Incoming]:
        """The messages we handle in a webhook payload (parsed JSON, or None)."""

    @abc.abstractmethod
    async def open_output(self, incoming: Incoming, session: aiohttp.ClientSession) -> OutputChannel:
        """The output channel that answers `incoming`."""

    def off(self) -> HTTPResponse:
        """What every route answers while the channel is off."""
        return response.json({"error": f"the {self.name()} channel is off: set {', '.join(self.missing)}"}, status=404)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = Blueprint(f"{self.name()}_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return self.off() if self.settings is None else response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            if self.settings is None:
                return self.off()
            if not self.authentic(request):
                return response.json({"error": "wrong or missing secret or signature"}, status=401)
            incoming = self.read(parse_json(request.body))
            if incoming:
                await self.handle(incoming, on_new_message)
            return response.json({})

        return webhook

    async def handle(self, incoming: List[Incoming], on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> None:
        """Each message to Rasa in turn, under our hashed id, replies over one session."""
        async with platform_session() as session:
            for message in incoming:
                output = await self.open_output(message, session)
                sender = sender_id(self.settings.id_key, self.name(), message.platform_id)
                await deliver(on_new_message, UserMessage(message.text, output, sender, input_channel=self.name()))


class PlatformOutput(OutputChannel):
    """Sends over one session to one chat; `recipient_id` (our hashed id) is ignored."""

    def __init__(self, session: aiohttp.ClientSession) -> None:
        self.session = session

    async def post(self, what: str, url: str, body: Dict[str, Any], headers: Optional[Dict[str, str]] = None) -> bool:
        """POST JSON to the platform; True when it was accepted. Errors are logged by kind only."""
        try:
            async with self.session.post(url, json=body, headers=headers) as answer:
                if answer.status < 400:
                    return True
                logger.error("%s %s failed: HTTP %d", self.name(), what, answer.status)
        except (aiohttp.ClientError, PlatformTimeout) as error:
            logger.error("%s %s failed: %s", self.name(), what, type(error).__name__)
        return False

    async def send_response(self, recipient_id: Text, message: Dict[Text, Any]) -> None:
        """Text, with buttons or quick replies when it has them, in one platform message.

        Parts these channels do not render (images, attachments, custom JSON, carousels) are
        not sent; Rasa's defaults would turn them into English or JSON text.
        """
        buttons = message.get("quick_replies") or message.get("buttons") or []
        text = message.get("text") or ""
        if buttons:
            await self.send_text_with_buttons(recipient_id, text, buttons)
        elif text:
            await self.send_text_message(recipient_id, text)
        skipped = [part for part in _REPLY_PARTS_NOT_SENT if message.get(part)]
        if skipped:
            logger.info("%s: reply part(s) not supported, not sent: %s", self.name(), ", ".join(skipped))
