"""The REST webhook (POST /webhooks/rest/webhook), without Rasa's logging of message text.

Rasa 3.6's RestInput logs the user's text whenever handling fails and shares one "default"
conversation among callers that send no sender. This connector keeps the same URL and JSON
shape, checks the payload first (400 with a reason), cleans the text, and logs failures by
exception type only. Streaming replies (?stream=true) are not offered.
Configure in credentials.yml as `bot.channels.rest.PrivateRestInput:`.
"""

from __future__ import annotations

import logging
from asyncio import CancelledError
from typing import Awaitable, Callable, Text

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.payload import PayloadError, parse_rest_body
from bot.log_privacy import silence_text_quoting_warnings

logger = logging.getLogger(__name__)


class PrivateRestInput(RestInput):
    def __init__(self) -> None:
        super().__init__()
        silence_text_quoting_warnings()

    @classmethod
    def name(cls) -> Text:
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        webhook = Blueprint("private_rest_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            payload = parse_rest_body(request.body)
            if isinstance(payload, PayloadError):
                return response.json({"error": payload.reason}, status=400)
            collector = CollectingOutputChannel()
            try:
                await on_new_message(
                    UserMessage(payload.text, collector, payload.sender, input_channel=self.name())
                )
            except CancelledError:
                logger.error("A REST message timed out before the reply was ready.")
            except Exception as error:  # the server must stay up; the cause is logged by type only
                logger.error("A REST message failed: %s", type(error).__name__)
            return response.json(collector.messages)

        return webhook
