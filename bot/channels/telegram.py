"""Telegram Bot API webhook: POST /webhooks/telegram/webhook, health at GET /webhooks/telegram/.

Replaces Rasa 3.6's aiogram connector, which checks no secret, turns a shared location into
JSON text and calls Telegram at start-up. This one never calls Telegram at start-up, answers
401 unless the update carries `X-Telegram-Bot-Api-Secret-Token` (the `secret_token` given to
`setWebhook`), and reads only private chats: text (cleaned like REST; `/start` greets),
a location pin (sent on rounded) and button presses (answered so the spinner stops).
Everything else is acknowledged with 200 and ignored.

Settings: TELEGRAM_BOT_TOKEN, TELEGRAM_WEBHOOK_SECRET, TELEGRAM_API_URL, CHANNEL_ID_SECRET
(credentials.yml keys token, secret, api_url, id_secret win over them).

Telegram limits a button's callback_data to 64 bytes. A longer payload is sent compacted
(JSON without spaces) when that fits, otherwise its button is left out and counted in a
warning. We keep no table of long payloads: a table would be lost on restart and not shared
between several Rasa processes, and every payload in our domain fits.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Text

import aiohttp
from sanic.request import Request

from bot.channels.payload import clean_text, neutralize_payload, pin_message
from bot.channels.platform import (
    MENU_SYMBOL,
    Incoming,
    PlatformInput,
    PlatformOutput,
    fit_payload,
    log_dropped_buttons,
    same_secret,
)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
CALLBACK_DATA_MAX_BYTES = 64
GREET = "/greet"
# Settings by credentials.yml key, with their environment variables (and defaults).
REQUIRED_SETTINGS = {"token": "TELEGRAM_BOT_TOKEN", "secret": "TELEGRAM_WEBHOOK_SECRET"}
OPTIONAL_SETTINGS = {"api_url": ("TELEGRAM_API_URL", "https://api.telegram.org"), "id_secret": ("CHANNEL_ID_SECRET", "")}


@dataclass(frozen=True)
class TelegramSettings:
    token: str
    secret: str
    api_url: str = OPTIONAL_SETTINGS["api_url"][1]
    id_secret: str = ""

    @property
    def id_key(self) -> str:
        return self.id_secret or self.token


def read_update(update: Any) -> Optional[Incoming]:
    """The message, pin or button press in a private chat, or None for anything else."""
    if not isinstance(update, dict):
        return None
    query = update.get("callback_query")
    if isinstance(query, dict):
        chat_id = _private_chat_id(query.get("message"))
        data = query.get("data")
        if chat_id is None or not isinstance(data, str) or not isinstance(query.get("id"), str):
            return None
        return Incoming(chat_id, neutralize_payload(clean_text(data)), query["id"])
    message = update.get("message")
    chat_id = _private_chat_id(message)
    if chat_id is None:
        return None
    if isinstance(message.get("text"), str):
        text = clean_text(message["text"])
        return Incoming(chat_id, GREET if text.split(" ")[0] == "/start" else neutralize_payload(text))
    location = message.get("location")
    if isinstance(location, dict):
        pin = pin_message(location.get("latitude"), location.get("longitude"))
        return Incoming(chat_id, pin) if pin else None
    return None


def _private_chat_id(message: Any) -> Optional[int]:
    chat = message.get("chat") if isinstance(message, dict) else None
    if not isinstance(chat, dict) or chat.get("type") != "private":
        return None
    chat_id = chat.get("id")
    return chat_id if isinstance(chat_id, int) and not isinstance(chat_id, bool) else None


def inline_keyboard(buttons: List[Dict[str, Any]]) -> Dict[str, Any]:
    """One button per row; buttons whose payload cannot fit callback_data are left out."""
    rows = []
    for button in buttons:
        data = fit_payload(button.get("payload"), CALLBACK_DATA_MAX_BYTES)
        if data is not None:
            rows.append([{"text": str(button.get("title") or MENU_SYMBOL), "callback_data": data}])
    log_dropped_buttons(TelegramOutput.name(), len(buttons) - len(rows), CALLBACK_DATA_MAX_BYTES)
    return {"inline_keyboard": rows}


class TelegramOutput(PlatformOutput):
    def __init__(self, settings: TelegramSettings, chat_id: int, session: aiohttp.ClientSession) -> None:
        super().__init__(session)
        self.api = f"{settings.api_url.rstrip('/')}/bot{settings.token}"
        self.chat_id = chat_id

    @classmethod
    def name(cls) -> Text:
        return "telegram"

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        if text:
            await self.post("sendMessage", f"{self.api}/sendMessage", {"chat_id": self.chat_id, "text": text})

    async def send_text_with_buttons(
        self, recipient_id: Text, text: Text, buttons: List[Dict[Text, Any]], **kwargs: Any
    ) -> None:
        body = {"chat_id": self.chat_id, "text": text or MENU_SYMBOL, "reply_markup": inline_keyboard(buttons)}
        await self.post("sendMessage", f"{self.api}/sendMessage", body)

    async def answer_callback_query(self, callback_query_id: str) -> None:
        await self.post("answerCallbackQuery", f"{self.api}/answerCallbackQuery", {"callback_query_id": callback_query_id})


class TelegramInput(PlatformInput):
    SETTINGS = TelegramSettings
    REQUIRED = REQUIRED_SETTINGS
    OPTIONAL = OPTIONAL_SETTINGS
    settings: Optional[TelegramSettings]

    @classmethod
    def name(cls) -> Text:
        return "telegram"

    def authentic(self, request: Request) -> bool:
        return self.settings is not None and same_secret(self.settings.secret, request.headers.get(SECRET_HEADER))

    def read(self, payload: Any) -> List[Incoming]:
        update = read_update(payload)
        return [update] if update else []

    async def open_output(self, incoming: Incoming, session: aiohttp.ClientSession) -> TelegramOutput:
        assert self.settings is not None
        output = TelegramOutput(self.settings, int(incoming.platform_id), session)
        if incoming.press_id:
            await output.answer_callback_query(incoming.press_id)
        return output
