"""The whole stack as `make run` starts it (honcho + Procfile), driven through the REST webhook.

Checks what a user receives, that bad input never takes the server down, that the HTTP API
needs the token, that the action server listens on loopback only, that nothing the user typed
reaches the logs, and that Ctrl-C stops every process.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from typing import Any, Iterator, List, Tuple

import pytest

from bot import devstack

pytestmark = pytest.mark.model

TOKEN = "test-token-" + uuid.uuid4().hex
CANARY = "CANARY" + uuid.uuid4().hex[:8].upper()
LETTERS_CANARY = "canary_" + "".join(chr(ord("a") + int(c, 16)) for c in uuid.uuid4().hex[:8])


class Client:
    def __init__(self, stack: devstack.Stack) -> None:
        self.stack = stack
        self.url = stack.url
        self.action_port = stack.action_port
        self.log = stack.log

    def post(self, body: Any, raw: bool = False) -> Tuple[int, Any]:
        data = body if raw else json.dumps(body).encode("utf-8")
        request = urllib.request.Request(
            f"{self.url}/webhooks/rest/webhook", data=data, headers={"Content-Type": "application/json"}
        )
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status, json.load(response)
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"null")

    def say(self, sender: str, text: str) -> List[str]:
        status, replies = self.post({"sender": sender, "message": text})
        assert status == 200
        return [reply.get("text") or "" for reply in replies]

    def get(self, path: str) -> int:
        try:
            with urllib.request.urlopen(f"{self.url}{path}", timeout=30) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code


@pytest.fixture(scope="module")
def stack(model_path, conversation_db, tmp_path_factory) -> Iterator[Client]:
    running = devstack.start(tmp_path_factory.mktemp("stack"), conversation_db, TOKEN)
    try:
        yield Client(running)
    finally:
        running.stop()


def test_the_english_conversation_through_the_webhook(stack):
    sender = uuid.uuid4().hex
    assert any(t.startswith("Is it safe for you to chat right now?") for t in stack.say(sender, "hi"))
    assert any("What kind of help" in t for t in stack.say(sender, "yes"))
    assert any("Roughly where are you?" in t for t in stack.say(sender, "i need a shelter"))
    results = stack.say(sender, "new york")
    assert "I'll look near New York City (US)." in results
    items = [t for t in results if "Phone:" in t]
    assert len(items) == 3
    assert items[0].startswith("Confidential emergency beds (Brooklyn Safe Rooms (sample))")
    assert "Phone: +1 718-555-0119" in items[0]
    assert "km away, in New York" in items[0]
    assert items[1].startswith("Emergency housing (Hudson Harbor Shelter (sample))")
    assert items[2].startswith("Family shelter (Queens Welcome House (sample))")
    assert "Phone: (718) 555-0120" in items[2]  # exactly as recorded
    assert results[-1] == "What would you like to do next?"


def test_a_web_page_can_send_a_location_pin_and_only_its_rounded_form_is_kept(stack):
    sender = uuid.uuid4().hex
    stack.say(sender, "/find_shelter")
    results = stack.say(sender, '/inform_place{"latitude": 51.5361234, "longitude": -0.1027891}')
    assert results[0] == "I'll look near the place you shared: London (GB)."
    assert sum("Phone:" in t for t in results) == 3
    with urllib.request.urlopen(f"{stack.url}/conversations/{sender}/tracker?token={TOKEN}", timeout=30) as response:
        tracker = json.load(response)
    assert "51.536" not in json.dumps(tracker) and "0.1027" not in json.dumps(tracker)


def test_forget_me_deletes_the_conversation_on_the_server(stack):
    sender = uuid.uuid4().hex
    stack.say(sender, "hi")
    stack.say(sender, f"yes {CANARY}")
    assert stack.say(sender, "forget me") == [
        "Done. I have deleted this conversation. If you write again, we start fresh."
    ]
    with urllib.request.urlopen(f"{stack.url}/conversations/{sender}/tracker?token={TOKEN}", timeout=30) as response:
        tracker = json.load(response)
    assert not [e for e in tracker["events"] if e["event"] == "user"]
    assert CANARY not in json.dumps(tracker)


@pytest.mark.parametrize(
    "body, status",
    [
        (b"not json", 400),
        (b"[]", 400),
        (json.dumps({"message": "hi"}).encode(), 400),
        (json.dumps({"sender": "s", "message": {"x": 1}}).encode(), 400),
        (json.dumps({"sender": "x" * 500, "message": "hi"}).encode(), 400),
    ],
)
def test_malformed_requests_get_a_clear_400(stack, body, status):
    code, reply = stack.post(body, raw=True)
    assert code == status and isinstance(reply["error"], str)


@pytest.mark.parametrize(
    "text",
    ["", "   ", "a" * 10_000, f"{CANARY} " * 2_000, "🙂🙂🙂", "\x00\x01\x1b[31m", "/nonexistent_intent",
     '/find_shelter{"x": ', "\u200f\u200b", None, 12345],
)
def test_bad_input_gets_a_kind_reply_and_the_server_stays_up(stack, text):
    code, replies = stack.post({"sender": uuid.uuid4().hex, "message": text})
    assert code == 200
    assert replies and all(reply.get("text") for reply in replies)
    assert stack.get("/webhooks/rest/") == 200


def test_the_http_api_needs_the_token(stack):
    assert stack.get("/status") == 401
    assert stack.get("/status?token=wrong") == 401
    assert stack.get(f"/status?token={TOKEN}") == 200


def test_the_action_server_listens_on_loopback_only(stack):
    listening = []
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        local, state = line.split()[1], line.split()[3]
        address, port = local.split(":")
        if state == "0A" and int(port, 16) == stack.action_port:
            listening.append(address)
    assert listening == ["0100007F"]  # 127.0.0.1, little-endian hex


def test_no_message_text_or_slot_values_reach_the_logs(stack):
    sender = uuid.uuid4().hex
    stack.say(sender, f"hello {CANARY}")
    stack.say(sender, "/find_medical")
    stack.say(sender, f"Manchester {CANARY}")
    # Texts that look like button payloads: Rasa quotes these in warnings unless we stop it.
    for text in [f"/{LETTERS_CANARY}", f"/{CANARY}", f'/find_shelter{{"{CANARY}": ', f'/affirm{{"{LETTERS_CANARY}": "x"}}']:
        stack.say(uuid.uuid4().hex, text)
    log = stack.log.read_text(encoding="utf-8", errors="replace")
    assert "Rasa server is up and running" in log  # we are reading the right log
    assert CANARY not in log and LETTERS_CANARY not in log
    assert "Manchester" not in log and "53.48" not in log and sender not in log


def test_ctrl_c_stops_every_process(stack):
    processes = stack.stack.process_ids()
    assert len(processes) >= 3  # honcho, the Rasa server and the action server (and their shells)
    assert stack.stack.rasa_server_pid() is not None
    stack.stack.interrupt()
    assert stack.stack.process.returncode is not None
    assert devstack.alive(processes) == []
