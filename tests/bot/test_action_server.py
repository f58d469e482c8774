"""The action server's error handler: no conversation data in the log or the reply."""

import json
import logging

from bot.action_server import private_error_handler


class FakeRequest:
    method = "POST"
    json = {"next_action": "action_find_services", "tracker": {"latest_message": {"text": "SECRET-TEXT"}, "slots": {"place": "SECRET-PLACE"}}}


def test_errors_are_logged_by_type_and_action_only(caplog):
    caplog.set_level(logging.INFO)
    reply = private_error_handler(FakeRequest(), ValueError("boom with SECRET-PLACE inside"))
    assert reply.status == 500
    assert "SECRET" not in reply.body.decode()
    assert json.loads(reply.body)["error"]
    assert "action_find_services" in caplog.text and "ValueError" in caplog.text
    assert "SECRET" not in caplog.text
