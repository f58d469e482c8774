"""WhatsApp Cloud API (Meta) webhook under /webhooks/whatsapp/: GET and POST /webhook, health at /.

Rasa 3.6 has no connector for the Cloud API. GET /webhook answers Meta's verification
(`hub.mode=subscribe`, `hub.verify_token`, `hub.challenge`); POST /webhook is processed only
when `X-Hub-Signature-256` is the HMAC-SHA256 of the raw body with the app secret (else 401),
and then always answered 200. Read: text, a location (sent on rounded), reply-button and
list presses (their id is our payload), template quick-reply buttons; delivery statuses and
other message types are ignored.

Settings: WHATSAPP_ACCESS_TOKEN, WHATSAPP_APP_SECRET, WHATSAPP_VERIFY_TOKEN,
WHATSAPP_PHONE_NUMBER_ID, WHATSAPP_API_URL, CHANNEL_ID_SECRET (credentials.yml keys
access_token, app_secret, verify_token, phone_number_id, api_url, id_secret win over them).

Buttons: up to 3 become reply buttons, 4 to 10 one list, more (or a text too long for an
interactive body) the text alone and then lists of at most 10. Titles are cut to the platform's
limits on a word boundary (a cut list row keeps its full title as its description). Meta
requires a label on a list's button and a body on every list, and the catalogs have no words
for them: we use the symbol "☰", with "1/2", "2/2" when there are several lists, rather than an
English "Options" that most of our users would not read. The one section has no title.
A payload over 256 bytes is not sent and is counted in a warning.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text, Tuple

import aiohttp
from rasa.core.channels.channel import UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.payload import clean_text, neutralize_payload, pin_message
from bot.channels.platform import (
    MENU_SYMBOL,
    Incoming,
    PlatformInput,
    PlatformOutput,
    cut_title,
    fit_payload,
    log_dropped_buttons,
    same_secret,
)

SIGNATURE_HEADER = "X-Hub-Signature-256"
REQUIRED_SETTINGS = {
    "access_token": "WHATSAPP_ACCESS_TOKEN",
    "app_secret": "WHATSAPP_APP_SECRET",
    "verify_token": "WHATSAPP_VERIFY_TOKEN",
    "phone_number_id": "WHATSAPP_PHONE_NUMBER_ID",
}
OPTIONAL_SETTINGS = {"api_url": ("WHATSAPP_API_URL", "https://graph.facebook.com/v19.0"), "id_secret": ("CHANNEL_ID_SECRET", "")}
# Cloud API limits, in characters (ids in bytes, to be safe).
REPLY_BUTTONS_MAX, LIST_ROWS_MAX = 3, 10
BUTTON_TITLE_MAX, ROW_TITLE_MAX, ROW_DESCRIPTION_MAX = 20, 24, 72
BODY_MAX, ID_MAX_BYTES = 1024, 256


@dataclass(frozen=True)
class WhatsAppSettings:
    access_token: str
    app_secret: str
    verify_token: str
    phone_number_id: str
    api_url: str = OPTIONAL_SETTINGS["api_url"][1]
    id_secret: str = ""

    @property
    def id_key(self) -> str:
        return self.id_secret or self.app_secret


def signed(app_secret: str, body: bytes, header: Optional[str]) -> bool:
    expected = "sha256=" + hmac.new(app_secret.encode("utf-8"), body, hashlib.sha256).hexdigest()
    return same_secret(expected, header)


def read_messages(payload: Any) -> List[Incoming]:
    """Every message we understand in a webhook payload, with the number that sent it."""
    found = []
    for entry in _dicts(payload.get("entry") if isinstance(payload, dict) else None):
        for change in _dicts(entry.get("changes")):
            value = change.get("value")
            for message in _dicts(value.get("messages") if isinstance(value, dict) else None):
                text = _message_text(message)
                if text is not None and isinstance(message.get("from"), str) and message["from"]:
                    found.append(Incoming(message["from"], text))
    return found


def _message_text(message: Dict[str, Any]) -> Optional[str]:
    kind = message.get("type")
    part = message.get(kind) if isinstance(kind, str) else None
    if not isinstance(part, dict):
        return None
    if kind == "location":
        return pin_message(part.get("latitude"), part.get("longitude"))
    if kind == "interactive":
        reply = part.get("button_reply") or part.get("list_reply")
        raw = reply.get("id") if isinstance(reply, dict) else None
    else:
        raw = {"text": part.get("body"), "button": part.get("payload")}.get(kind)
    return neutralize_payload(clean_text(raw)) if isinstance(raw, str) else None


def _dicts(items: Any) -> List[Dict[str, Any]]:
    return [item for item in items if isinstance(item, dict)] if isinstance(items, list) else []


def reply_messages(text: str, buttons: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """The Cloud API messages (without `to`) that show `text` with these buttons."""
    choices = [(fit_payload(b.get("payload"), ID_MAX_BYTES), str(b.get("title") or MENU_SYMBOL)) for b in buttons]
    fitting = [(payload, title) for payload, title in choices if payload is not None]
    log_dropped_buttons(WhatsAppOutput.name(), len(choices) - len(fitting), ID_MAX_BYTES)
    if not fitting:
        return [text_message(text)] if text else []
    if len(fitting) <= LIST_ROWS_MAX and len(text) <= BODY_MAX:
        if len(fitting) <= REPLY_BUTTONS_MAX:
            return [_reply_buttons(text or MENU_SYMBOL, fitting)]
        return [_list(text or MENU_SYMBOL, fitting)]
    pages = [fitting[i : i + LIST_ROWS_MAX] for i in range(0, len(fitting), LIST_ROWS_MAX)]
    lists = [_list(MENU_SYMBOL if len(pages) == 1 else f"{MENU_SYMBOL} {n}/{len(pages)}", page) for n, page in enumerate(pages, 1)]
    return ([text_message(text)] if text else []) + lists


def text_message(text: str) -> Dict[str, Any]:
    return {"type": "text", "text": {"body": text, "preview_url": False}}


def _reply_buttons(body: str, choices: List[Tuple[str, str]]) -> Dict[str, Any]:
    buttons = [{"type": "reply", "reply": {"id": payload, "title": cut_title(title, BUTTON_TITLE_MAX)}} for payload, title in choices]
    return {"type": "interactive", "interactive": {"type": "button", "body": {"text": body}, "action": {"buttons": buttons}}}


def _list(body: str, choices: List[Tuple[str, str]]) -> Dict[str, Any]:
    rows = []
    for payload, title in choices:
        row = {"id": payload, "title": cut_title(title, ROW_TITLE_MAX)}
        if row["title"] != title:
            row["description"] = cut_title(title, ROW_DESCRIPTION_MAX)
        rows.append(row)
    action = {"button": MENU_SYMBOL, "sections": [{"rows": rows}]}
    return {"type": "interactive", "interactive": {"type": "list", "body": {"text": body}, "action": action}}


class WhatsAppOutput(PlatformOutput):
    def __init__(self, settings: WhatsAppSettings, to: str, session: aiohttp.ClientSession) -> None:
        super().__init__(session)
        self.url = f"{settings.api_url.rstrip('/')}/{settings.phone_number_id}/messages"
        self.headers = {"Authorization": f"Bearer {settings.access_token}"}
        self.to = to

    @classmethod
    def name(cls) -> Text:
        return "whatsapp"

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        if text:
            await self.send(text_message(text))

    async def send_text_with_buttons(
        self, recipient_id: Text, text: Text, buttons: List[Dict[Text, Any]], **kwargs: Any
    ) -> None:
        for message in reply_messages(text or "", buttons):
            if not await self.send(message):
                return  # the rest would make no sense without what failed

    async def send(self, message: Dict[str, Any]) -> bool:
        body = {"messaging_product": "whatsapp", "recipient_type": "individual", "to": self.to, **message}
        return await self.post("messages", self.url, body, self.headers)


class WhatsAppInput(PlatformInput):
    SETTINGS = WhatsAppSettings
    REQUIRED = REQUIRED_SETTINGS
    OPTIONAL = OPTIONAL_SETTINGS
    settings: Optional[WhatsAppSettings]

    @classmethod
    def name(cls) -> Text:
        return "whatsapp"

    def authentic(self, request: Request) -> bool:
        return self.settings is not None and signed(self.settings.app_secret, request.body, request.headers.get(SIGNATURE_HEADER))

    def read(self, payload: Any) -> List[Incoming]:
        return read_messages(payload)

    async def open_output(self, incoming: Incoming, session: aiohttp.ClientSession) -> WhatsAppOutput:
        assert self.settings is not None
        return WhatsAppOutput(self.settings, str(incoming.platform_id), session)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = super().blueprint(on_new_message)

        @webhook.route("/webhook", methods=["GET"])
        async def verify(request: Request) -> HTTPResponse:
            if self.settings is None:
                return self.off()
            if request.args.get("hub.mode") == "subscribe" and same_secret(
                self.settings.verify_token, request.args.get("hub.verify_token")
            ):
                return response.text(request.args.get("hub.challenge", ""))
            return response.json({"error": "wrong verify token"}, status=403)

        return webhook
