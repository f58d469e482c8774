"""Check and clean what a chat channel received, before it reaches NLU. Pure functions.

Cleaning removes control characters and invisible formatting marks (zero-width spaces,
direction overrides) that carry no meaning for understanding, and caps very long messages.
It keeps ZWJ/ZWNJ, which emoji and some scripts need. It never logs anything.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Optional, Union

from resources_db.errors import InvalidQuery
from resources_db.geo import checked_point

MAX_MESSAGE_CHARS = 2000
MAX_SENDER_CHARS = 128
# A button payload: "/intent" or "/intent{"name": "value"}". Anything else that starts with
# "/" is treated as plain text, because Rasa quotes malformed payloads in its warnings.
_PAYLOAD = re.compile(r"/[a-z_]{1,64}(\{.*\})?", re.DOTALL)
# A shared location is sent on as this payload, rounded: ~1 km is enough to find help nearby,
# and the exact spot where a survivor stands never enters the conversation's record.
PIN_INTENT = "inform_place"
PIN_DECIMALS = 2
_INVISIBLE = {0x200B, 0x200E, 0x200F, 0x2060, 0xFEFF, *range(0x202A, 0x202F), *range(0x2066, 0x206A)}


@dataclass(frozen=True)
class ChatPayload:
    sender: str
    text: str


@dataclass(frozen=True)
class PayloadError:
    reason: str


def clean_text(text: str) -> str:
    """Drop control characters and invisible marks, collapse the ends, cap the length."""
    kept = []
    for char in text[: MAX_MESSAGE_CHARS * 2]:
        if char in "\n\t":
            kept.append(" ")
        elif ord(char) in _INVISIBLE or unicodedata.category(char) == "Cc":
            continue
        else:
            kept.append(char)
    return "".join(kept).strip()[:MAX_MESSAGE_CHARS]


def pin_message(latitude: Any, longitude: Any) -> Optional[str]:
    """The message a location pin becomes, or None when the coordinates are not a place on Earth."""
    if isinstance(latitude, bool) or isinstance(longitude, bool):
        return None
    try:
        point = checked_point(float(latitude), float(longitude))
    except (TypeError, ValueError, InvalidQuery):
        return None
    rounded = {"latitude": round(point.latitude, PIN_DECIMALS), "longitude": round(point.longitude, PIN_DECIMALS)}
    return f"/{PIN_INTENT}{json.dumps(rounded)}"


def neutralize_payload(text: str) -> str:
    """Keep well-formed button payloads; strip the leading "/" from anything else.

    A payload that carries coordinates is rounded like a pin (or dropped to plain text when
    they are not coordinates), whichever channel it came from.
    """
    if not text.startswith("/"):
        return text
    match = _PAYLOAD.fullmatch(text)
    if match and match.group(1) is None:
        return text
    entities = _simple_entities(match.group(1)) if match else None
    if entities is None:
        return text.lstrip("/").strip()
    if "latitude" in entities or "longitude" in entities:
        return pin_message(entities.get("latitude"), entities.get("longitude")) or "location"
    return text


def _simple_entities(raw: str) -> Optional[dict]:
    """The payload's entities when they are one flat JSON object of text and numbers, else None."""
    try:
        entities = json.loads(raw)
    except ValueError:
        return None
    simple = isinstance(entities, dict) and all(
        isinstance(k, str) and isinstance(v, (str, int, float)) and not isinstance(v, bool)
        for k, v in entities.items()
    )
    return entities if simple else None


def parse_rest_body(body: bytes) -> Union[ChatPayload, PayloadError]:
    """`{"sender": "...", "message": "..."}` -> ChatPayload, or a PayloadError saying what is wrong."""
    try:
        data: Any = json.loads(body or b"")
    except (ValueError, UnicodeDecodeError):
        return PayloadError("the body must be JSON: {\"sender\": \"<id>\", \"message\": \"<text>\"}")
    if not isinstance(data, dict):
        return PayloadError("the body must be a JSON object with sender and message")
    sender = data.get("sender")
    if not isinstance(sender, str) or not sender.strip():
        # Rasa would put every sender-less message into one shared "default" conversation.
        return PayloadError("sender is required: a random id per conversation")
    if len(sender) > MAX_SENDER_CHARS or any(unicodedata.category(c) == "Cc" for c in sender):
        return PayloadError(f"sender must be at most {MAX_SENDER_CHARS} printable characters")
    message = data.get("message", "")
    if message is None:
        message = ""
    if isinstance(message, (int, float)) and not isinstance(message, bool):
        message = str(message)
    if not isinstance(message, str):
        return PayloadError("message must be text")
    return ChatPayload(sender=sender.strip(), text=neutralize_payload(clean_text(message)))
