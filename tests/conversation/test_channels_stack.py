"""Telegram and WhatsApp on the whole stack as `make run` starts it, against fakes of their APIs.

The fakes listen on loopback and record what the assistant sends; updates are built from the
platforms' documented payloads. Checks what the user would see (the channel's own note on
traces, buttons, a location pin answering "where?"), and that neither the chat id, the phone
number nor the exact pin reaches the conversation record or the logs.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import urllib.error
import urllib.request
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Dict, Iterator, List, Tuple

import pytest

from bot import devstack
from bot.channels.platform import sender_id

pytestmark = pytest.mark.model

TOKEN = "test-token-" + uuid.uuid4().hex
BOT_TOKEN = "123456:fake-" + uuid.uuid4().hex
TELEGRAM_SECRET = "secret-" + uuid.uuid4().hex
APP_SECRET = "app-secret-" + uuid.uuid4().hex
ID_SECRET = "ids-" + uuid.uuid4().hex
CHAT_ID = 987654321123
PHONE = "447700900123"
# A pin in Islington, London, more precise than anything we keep.
EXACT_LAT, EXACT_LON = 51.5361234, -0.1027891


class FakeApi:
    """Both platforms' APIs on one loopback server: records every POST as (path, JSON body)."""

    def __init__(self) -> None:
        self.sent: List[Tuple[str, Dict[str, Any]]] = []
        api = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's name)
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                api.sent.append((self.path, json.loads(body or b"{}")))
                answer = json.dumps({"ok": True, "result": True, "messages": [{"id": "wamid.fake"}]}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def take(self) -> List[Tuple[str, Dict[str, Any]]]:
        sent, self.sent = self.sent, []
        return sent


@pytest.fixture(scope="module")
def api() -> Iterator[FakeApi]:
    fake = FakeApi()
    yield fake
    fake.server.shutdown()


@pytest.fixture(scope="module")
def stack(model_path, conversation_db, tmp_path_factory, api) -> Iterator[devstack.Stack]:
    settings = {
        "TELEGRAM_BOT_TOKEN": BOT_TOKEN, "TELEGRAM_WEBHOOK_SECRET": TELEGRAM_SECRET, "TELEGRAM_API_URL": api.url,
        "WHATSAPP_ACCESS_TOKEN": "wa-token", "WHATSAPP_APP_SECRET": APP_SECRET, "WHATSAPP_VERIFY_TOKEN": "verify",
        "WHATSAPP_PHONE_NUMBER_ID": "1000", "WHATSAPP_API_URL": api.url, "CHANNEL_ID_SECRET": ID_SECRET,
    }
    running = devstack.start(tmp_path_factory.mktemp("channels"), conversation_db, TOKEN, extra_env=settings)
    try:
        yield running
    finally:
        running.stop()


def post(url: str, body: Dict[str, Any], headers: Dict[str, str]) -> int:
    data = json.dumps(body).encode("utf-8")
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json", **headers})
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            return answer.status
    except urllib.error.HTTPError as error:
        return error.code


def telegram(stack: devstack.Stack, update: Dict[str, Any], secret: str = TELEGRAM_SECRET) -> int:
    return post(f"{stack.url}/webhooks/telegram/webhook", {"update_id": 1, **update}, {"X-Telegram-Bot-Api-Secret-Token": secret})


def telegram_message(**content: Any) -> Dict[str, Any]:
    return {"message": {"message_id": 1, "date": 0, "chat": {"id": CHAT_ID, "type": "private"}, **content}}


def whatsapp(stack: devstack.Stack, message: Dict[str, Any]) -> int:
    body = {"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [{"field": "messages", "value": {
        "messaging_product": "whatsapp", "metadata": {"phone_number_id": "1000"},
        "contacts": [{"wa_id": PHONE, "profile": {"name": "x"}}],
        "messages": [{"from": PHONE, "id": "wamid.in", "timestamp": "0", **message}],
    }}]}]}
    raw = json.dumps(body).encode("utf-8")
    signature = "sha256=" + hmac.new(APP_SECRET.encode(), raw, hashlib.sha256).hexdigest()
    request = urllib.request.Request(
        f"{stack.url}/webhooks/whatsapp/webhook", data=raw,
        headers={"Content-Type": "application/json", "X-Hub-Signature-256": signature},
    )
    with urllib.request.urlopen(request, timeout=60) as answer:
        return answer.status


def telegram_texts(sent) -> List[str]:
    return [body["text"] for path, body in sent if path.endswith("/sendMessage")]


def whatsapp_texts(sent) -> List[str]:
    texts = []
    for _, body in sent:
        texts.append(body["text"]["body"] if body.get("type") == "text" else body["interactive"]["body"]["text"])
    return texts


def tracker_text(stack: devstack.Stack, sender: str) -> str:
    with urllib.request.urlopen(f"{stack.url}/conversations/{sender}/tracker?token={TOKEN}", timeout=30) as answer:
        return answer.read().decode("utf-8")


def user_turns(record: str) -> List[Dict[str, Any]]:
    return [event for event in json.loads(record)["events"] if event["event"] == "user"]


def test_telegram_from_start_to_results_with_a_pin(stack, api):
    api.take()
    assert telegram(stack, telegram_message(text="/start")) == 200
    greeting = api.take()
    texts = telegram_texts(greeting)
    assert any("Telegram keeps this chat on your phone" in t for t in texts)
    assert all(body["chat_id"] == CHAT_ID for _, body in greeting)
    keyboard = [row[0]["callback_data"] for _, body in greeting for row in body.get("reply_markup", {}).get("inline_keyboard", [])]
    assert "/affirm" in keyboard and "/danger" in keyboard

    press = {"callback_query": {"id": "q1", "data": "/find_shelter", "message": {"message_id": 2, "chat": {"id": CHAT_ID, "type": "private"}}}}
    assert telegram(stack, press) == 200
    sent = api.take()
    assert sent[0] == (f"/bot{BOT_TOKEN}/answerCallbackQuery", {"callback_query_id": "q1"})
    assert any("You can also send your location" in t for t in telegram_texts(sent))

    assert telegram(stack, telegram_message(location={"latitude": EXACT_LAT, "longitude": EXACT_LON})) == 200
    results = telegram_texts(api.take())
    assert results[0] == "I'll look near the place you shared: London (GB)."
    assert sum("Phone:" in t for t in results) == 3


def test_telegram_keeps_the_chat_id_and_the_exact_pin_out_of_the_record(stack, api):
    telegram(stack, telegram_message(location={"latitude": EXACT_LAT, "longitude": EXACT_LON}))
    record = tracker_text(stack, sender_id(ID_SECRET, "telegram", CHAT_ID))
    pin = user_turns(record)[-1]
    assert pin["text"] == '/inform_place{"latitude": 51.54, "longitude": -0.1}'
    assert "51.536" not in record and str(CHAT_ID) not in record
    assert user_turns(tracker_text(stack, str(CHAT_ID))) == []  # nothing filed under the chat id
    log = stack.log.read_text(encoding="utf-8", errors="replace")
    assert str(CHAT_ID) not in log and "51.536" not in log and BOT_TOKEN not in log


def test_telegram_refuses_updates_without_the_secret(stack, api):
    api.take()
    assert telegram(stack, telegram_message(text="hi"), secret="wrong") == 401
    assert api.take() == []


def test_whatsapp_from_hello_to_results_with_a_pin(stack, api):
    api.take()
    assert whatsapp(stack, {"type": "text", "text": {"body": "hi"}}) == 200
    greeting = api.take()
    assert any("WhatsApp keeps this chat on your phone" in t for t in whatsapp_texts(greeting))
    assert all(body["to"] == PHONE for _, body in greeting)

    assert whatsapp(stack, {"type": "interactive", "interactive": {"type": "button_reply", "button_reply": {"id": "/affirm", "title": "Yes"}}}) == 200
    question = api.take()
    rows = [row["id"] for _, body in question if body.get("type") == "interactive"
            for section in body["interactive"].get("action", {}).get("sections", []) for row in section["rows"]]
    assert "/find_shelter" in rows

    assert whatsapp(stack, {"type": "interactive", "interactive": {"type": "list_reply", "list_reply": {"id": "/find_shelter", "title": "x"}}}) == 200
    api.take()
    assert whatsapp(stack, {"type": "location", "location": {"latitude": EXACT_LAT, "longitude": EXACT_LON}}) == 200
    results = whatsapp_texts(api.take())
    assert results[0] == "I'll look near the place you shared: London (GB)."
    assert sum("Phone:" in t for t in results) == 3
    record = tracker_text(stack, sender_id(ID_SECRET, "whatsapp", PHONE))
    assert PHONE not in record and "51.536" not in record
