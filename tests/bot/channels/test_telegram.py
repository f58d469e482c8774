"""The Telegram connector on a real Sanic server, against a loopback fake of the Bot API."""

from __future__ import annotations

import json
import logging

import pytest

from bot.channels.telegram import TelegramInput, TelegramSettings
from tests.bot.channels.loopback import BUTTONS, ScriptedBot, fake_platform, serve

TOKEN, SECRET = "123456:fake-bot-token", "fake-secret_1"
CHAT = 987654321
CANARY = "CANARY7Q3X"


def update(chat_id: int = CHAT, chat_type: str = "private", **message) -> dict:
    chat = {"id": chat_id, "type": chat_type}
    return {"update_id": 1, "message": {"message_id": 5, "date": 0, "chat": chat, "from": {"id": chat_id}, **message}}


def press(data: str, chat_id: int = CHAT) -> dict:
    message = {"message_id": 6, "date": 0, "chat": {"id": chat_id, "type": "private"}, "text": "Is it safe?"}
    return {"update_id": 2, "callback_query": {"id": "cb-1", "from": {"id": chat_id}, "message": message, "data": data}}


@pytest.fixture
async def rig():
    """(post, bot, platform): post(update, secret) -> status, through the whole webhook."""
    async with fake_platform() as platform:
        bot = ScriptedBot()
        channel = TelegramInput(TelegramSettings(TOKEN, SECRET, api_url=platform.url))
        async with serve(channel, bot) as webhook:

            async def post(body, secret=SECRET):
                headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret is not None else {}
                raw = body if isinstance(body, bytes) else json.dumps(body).encode()
                return (await webhook.call("POST", "/webhook", raw, headers))[0]

            yield post, bot, platform


@pytest.mark.parametrize("secret", [None, "", "wrong", SECRET + "x", "ünïcode"])
async def test_updates_without_the_secret_are_refused_unread(rig, secret):
    post, bot, platform = rig
    assert await post(update(text="hello"), secret) == 401
    assert bot.messages == [] and platform.sent == []


async def test_a_text_gets_the_reply_with_one_button_per_row(rig):
    post, bot, platform = rig
    assert await post(update(text="  hello\u200b ")) == 200
    assert bot.texts == ["hello"] and bot.messages[0].input_channel == "telegram"
    [sent] = platform.sent
    assert sent.path == f"/bot{TOKEN}/sendMessage"
    assert sent.body == {
        "chat_id": CHAT,
        "text": "Is it safe?",
        "reply_markup": {"inline_keyboard": [[{"text": b["title"], "callback_data": b["payload"]}] for b in BUTTONS]},
    }
    assert "parse_mode" not in sent.body


@pytest.mark.parametrize(
    "text, reaches_rasa",
    [("/start", "/greet"), ("/start from-a-link", "/greet"), ('/choose_need{"x": ', 'choose_need{"x":'), ("/affirm", "/affirm")],
)
async def test_commands_and_typed_payloads(rig, text, reaches_rasa):
    post, bot, _ = rig
    assert await post(update(text=text)) == 200
    assert bot.texts == [reaches_rasa]


async def test_a_location_reaches_rasa_only_rounded(rig):
    post, bot, _ = rig
    assert await post(update(location={"latitude": 51.507351, "longitude": -0.127758})) == 200
    assert bot.texts == ['/inform_place{"latitude": 51.51, "longitude": -0.13}']
    assert await post(update(location={"latitude": 100, "longitude": 0})) == 200
    assert len(bot.messages) == 1  # not a place on Earth: dropped


async def test_a_button_press_is_its_payload_and_stops_the_spinner(rig):
    post, bot, platform = rig
    assert await post(press('/choose_need{"need": "women_only"}')) == 200
    assert bot.texts == ['/choose_need{"need": "women_only"}']
    assert platform.sent[0].path == f"/bot{TOKEN}/answerCallbackQuery"
    assert platform.sent[0].body == {"callback_query_id": "cb-1"}
    assert platform.sent[1].body["chat_id"] == CHAT


@pytest.mark.parametrize(
    "body",
    [
        update(photo=[{"file_id": "x", "width": 1, "height": 1}]),
        update(sticker={"file_id": "x"}),
        update(chat_type="group", text="hello"),
        update(chat_type="supergroup", text="/start"),
        {"update_id": 3, "edited_message": update(text="hello")["message"]},
        {"update_id": 4, "channel_post": {"chat": {"id": -100, "type": "channel"}, "text": "hi"}},
        {"update_id": 5, "callback_query": {"id": "cb", "data": "/affirm", "inline_message_id": "x"}},
        {"update_id": 6},
        [],
        b"not json",
    ],
)
async def test_other_updates_are_acknowledged_and_ignored(rig, body):
    post, bot, platform = rig
    assert await post(body) == 200
    assert bot.messages == [] and platform.sent == []


async def test_payloads_too_long_for_callback_data_are_compacted_or_left_out(rig):
    post, bot, platform = rig
    fits_compacted = '/choose_need{"need": "' + "n" * 41 + '"}'  # 65 bytes, 64 without the space
    bot.replies = [{"text": "Pick", "buttons": [*BUTTONS, {"title": "Long", "payload": fits_compacted},
                                                {"title": "Too long", "payload": "/a" + "b" * 63}]}]
    assert await post(update(text="hi")) == 200
    rows = platform.sent[0].body["reply_markup"]["inline_keyboard"]
    assert [row[0]["text"] for row in rows] == ["Yes", "Not right now", "Long"]
    assert rows[2][0]["callback_data"] == '/choose_need{"need":"' + "n" * 41 + '"}'
    assert len(rows[2][0]["callback_data"].encode()) == 64


async def test_quick_replies_and_parts_telegram_cannot_show(rig):
    post, bot, platform = rig
    bot.replies = [{"text": "Pick", "quick_replies": BUTTONS}, {"image": "https://example.org/x.png"}, {"text": ""}]
    assert await post(update(text="hi")) == 200
    [sent] = platform.sent
    assert len(sent.body["reply_markup"]["inline_keyboard"]) == 2


async def test_the_sender_id_is_stable_per_chat_and_not_the_chat_id(rig):
    post, bot, _ = rig
    for chat_id in (CHAT, CHAT, CHAT + 1):
        await post(update(chat_id, text="hi"))
    first, again, other = [m.sender_id for m in bot.messages]
    assert first == again != other
    assert str(CHAT) not in first and len(first) == 64


async def test_the_id_secret_changes_the_sender_id():
    plain, keyed = TelegramSettings(TOKEN, SECRET), TelegramSettings(TOKEN, SECRET, id_secret="k")
    assert plain.id_key == TOKEN and keyed.id_key == "k"


@pytest.mark.parametrize("status", [500, 403])
async def test_platform_failures_are_logged_without_text_ids_or_token(rig, caplog, status):
    caplog.set_level(logging.DEBUG)
    post, bot, platform = rig
    platform.status = status
    bot.replies = [{"text": f"reply {CANARY}", "buttons": [{"title": CANARY, "payload": f"/x_{CANARY.lower()}"}]}]
    assert await post(update(text=f"hello {CANARY}")) == 200
    assert await post(press(f"/{CANARY.lower()}")) == 200
    assert f"HTTP {status}" in caplog.text
    for secret in (CANARY, CANARY.lower(), str(CHAT), TOKEN, SECRET):
        assert secret not in caplog.text


async def test_a_platform_that_is_down_still_gets_200(caplog):
    caplog.set_level(logging.DEBUG)
    async with fake_platform() as platform:
        down = platform.url
    bot = ScriptedBot()
    async with serve(TelegramInput(TelegramSettings(TOKEN, SECRET, api_url=down)), bot) as webhook:
        status, _ = await webhook.call("POST", "/webhook", json.dumps(update(text=CANARY)).encode(),
                                       {"X-Telegram-Bot-Api-Secret-Token": SECRET})
    assert status == 200 and bot.texts == [CANARY]
    assert "ClientConnectorError" in caplog.text
    assert CANARY not in caplog.text and str(CHAT) not in caplog.text and TOKEN not in caplog.text
