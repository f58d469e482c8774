"""The WhatsApp Cloud API connector on a real Sanic server, against a loopback fake of the Graph API."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging

import pytest

from bot.channels.whatsapp import WhatsAppInput, WhatsAppSettings
from tests.bot.channels.loopback import BUTTONS, ScriptedBot, fake_platform, serve

ACCESS, APP_SECRET, VERIFY, PHONE_ID = "fake-access-token", "fake-app-secret", "fake-verify", "1098765"
NUMBER = "447700900123"
CANARY = "CANARY9K2W"


def delivery(*messages: dict, number: str = NUMBER) -> dict:
    value = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "15550000000", "phone_number_id": PHONE_ID},
        "contacts": [{"profile": {"name": "A"}, "wa_id": number}],
        "messages": [{"from": number, "id": "wamid.1", "timestamp": "0", **m} for m in messages],
    }
    return {"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [{"value": value, "field": "messages"}]}]}


def text(body: str) -> dict:
    return {"type": "text", "text": {"body": body}}


def signature(raw: bytes, secret: str = APP_SECRET) -> str:
    return "sha256=" + hmac.new(secret.encode(), raw, hashlib.sha256).hexdigest()


@pytest.fixture
async def rig():
    """(webhook, post, bot, platform): post(payload, signature=...) -> status."""
    async with fake_platform() as platform:
        bot = ScriptedBot()
        settings = WhatsAppSettings(ACCESS, APP_SECRET, VERIFY, PHONE_ID, api_url=platform.url)
        async with serve(WhatsAppInput(settings), bot) as webhook:

            async def post(payload, sign=signature):
                raw = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
                headers = {"X-Hub-Signature-256": sign(raw)} if sign else {}
                return (await webhook.call("POST", "/webhook", raw, headers))[0]

            yield webhook, post, bot, platform


@pytest.mark.parametrize(
    "query, expected",
    [
        (f"hub.mode=subscribe&hub.verify_token={VERIFY}&hub.challenge=1158201444", (200, "1158201444")),
        ("hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1", (403, None)),
        (f"hub.mode=unsubscribe&hub.verify_token={VERIFY}&hub.challenge=1", (403, None)),
        ("hub.mode=subscribe&hub.challenge=1", (403, None)),
    ],
)
async def test_meta_verification(rig, query, expected):
    webhook = rig[0]
    status, body = await webhook.call("GET", f"/webhook?{query}")
    assert status == expected[0] and (expected[1] is None or body == expected[1])


@pytest.mark.parametrize(
    "sign",
    [None, lambda raw: "", lambda raw: signature(raw, "other-secret"), lambda raw: signature(raw)[7:],
     lambda raw: signature(raw + b" "), lambda raw: "sha256=ü"],
)
async def test_posts_without_a_valid_signature_are_refused_unread(rig, sign):
    _, post, bot, platform = rig
    assert await post(delivery(text("hello")), sign) == 401
    assert bot.messages == [] and platform.sent == []


@pytest.mark.parametrize(
    "message, reaches_rasa",
    [
        (text(" hola\u200f "), "hola"),
        (text('/find_shelter{"x": '), 'find_shelter{"x":'),
        ({"type": "location", "location": {"latitude": 50.450001, "longitude": 30.523333, "name": "x"}},
         '/inform_place{"latitude": 50.45, "longitude": 30.52}'),
        ({"type": "interactive", "interactive": {"type": "button_reply", "button_reply": {"id": "/affirm", "title": "Yes"}}}, "/affirm"),
        ({"type": "interactive", "interactive": {"type": "list_reply", "list_reply": {"id": '/set_language{"language": "uk"}', "title": "x"}}},
         '/set_language{"language": "uk"}'),
        ({"type": "button", "button": {"payload": "/deny", "text": "No"}}, "/deny"),
    ],
)
async def test_what_reaches_rasa(rig, message, reaches_rasa):
    _, post, bot, _ = rig
    assert await post(delivery(message)) == 200
    assert bot.texts == [reaches_rasa] and bot.messages[0].input_channel == "whatsapp"
    assert "50.450001" not in bot.texts[0]


@pytest.mark.parametrize(
    "payload",
    [
        delivery({"type": "image", "image": {"id": "1", "mime_type": "image/jpeg"}}),
        delivery({"type": "sticker", "sticker": {"id": "1"}}),
        delivery({"type": "location", "location": {"latitude": 91, "longitude": 0}}),
        {"object": "whatsapp_business_account", "entry": [{"changes": [{"value": {"statuses": [{"id": "wamid.1", "status": "read"}]}}]}]},
        {"entry": "x"},
        [],
        b"not json",
    ],
)
async def test_statuses_and_other_types_are_acknowledged_and_ignored(rig, payload):
    _, post, bot, platform = rig
    assert await post(payload) == 200
    assert bot.messages == [] and platform.sent == []


async def test_the_reply_goes_to_the_number_with_the_token(rig):
    _, post, _, platform = rig
    assert await post(delivery(text("hi"))) == 200
    [sent] = platform.sent
    assert sent.path == f"/{PHONE_ID}/messages" and sent.authorization == f"Bearer {ACCESS}"
    assert sent.body["messaging_product"] == "whatsapp" and sent.body["to"] == NUMBER
    assert sent.body["interactive"]["action"]["buttons"] == [
        {"type": "reply", "reply": {"id": b["payload"], "title": b["title"]}} for b in BUTTONS
    ]


async def test_several_messages_in_one_delivery_are_handled_in_order(rig):
    _, post, bot, platform = rig
    bot.replies = [{"text": "ok"}]
    assert await post(delivery(text("one"), text("two"))) == 200
    assert bot.texts == ["one", "two"]
    assert [s.body["text"]["body"] for s in platform.sent] == ["ok", "ok"]


async def test_the_sender_id_is_stable_per_number_and_not_the_number(rig):
    _, post, bot, _ = rig
    for number in (NUMBER, NUMBER, "15550001111"):
        await post(delivery(text("hi"), number=number))
    first, again, other = [m.sender_id for m in bot.messages]
    assert first == again != other and NUMBER not in first and len(first) == 64


@pytest.mark.parametrize("status", [500, 401])
async def test_platform_failures_are_logged_without_text_number_or_token(rig, caplog, status):
    caplog.set_level(logging.DEBUG)
    _, post, bot, platform = rig
    platform.status = status
    bot.replies = [{"text": f"reply {CANARY}", "buttons": [{"title": CANARY, "payload": f"/x_{CANARY.lower()}"}]}]
    assert await post(delivery(text(f"hello {CANARY}"))) == 200
    assert f"HTTP {status}" in caplog.text
    for secret in (CANARY, CANARY.lower(), NUMBER, ACCESS, APP_SECRET):
        assert secret not in caplog.text


async def test_a_platform_too_slow_times_out_and_the_webhook_still_answers(rig, caplog, monkeypatch):
    monkeypatch.setattr("bot.channels.platform.TIMEOUT_SECONDS", 0.1)
    _, post, bot, platform = rig
    platform.delay = 0.3
    assert await post(delivery(text(CANARY))) == 200
    assert bot.texts == [CANARY] and len(platform.sent) == 1  # sent once, not retried
    assert "whatsapp messages failed: TimeoutError" in caplog.text and CANARY not in caplog.text
