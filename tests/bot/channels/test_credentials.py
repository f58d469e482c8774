"""credentials.yml builds every channel the way `rasa run` does, with or without platform settings."""

from __future__ import annotations

import logging

import pytest
from rasa.core.run import create_http_input_channels

from bot.channels.platform import PlatformInput
from bot.channels.rest import PrivateRestInput
from bot.channels.telegram import TelegramInput
from bot.channels.whatsapp import WhatsAppInput
from tests.bot.channels.loopback import ScriptedBot, serve
from tests.conftest import ROOT

SETTINGS = {
    "TELEGRAM_BOT_TOKEN": "1:t", "TELEGRAM_WEBHOOK_SECRET": "s", "WHATSAPP_ACCESS_TOKEN": "a",
    "WHATSAPP_APP_SECRET": "b", "WHATSAPP_VERIFY_TOKEN": "v", "WHATSAPP_PHONE_NUMBER_ID": "1",
}


@pytest.fixture
def empty_environment(monkeypatch):
    for name in [*SETTINGS, "TELEGRAM_API_URL", "WHATSAPP_API_URL", "CHANNEL_ID_SECRET"]:
        monkeypatch.delenv(name, raising=False)


def channels():
    return create_http_input_channels(None, str(ROOT / "credentials.yml"))


def test_without_settings_every_channel_is_built_and_the_platforms_are_off(empty_environment, caplog):
    built = channels()
    assert [type(c) for c in built] == [PrivateRestInput, TelegramInput, WhatsAppInput]
    assert [c.settings for c in built[1:]] == [None, None]
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert warnings == [
        "The telegram channel is off: TELEGRAM_BOT_TOKEN, TELEGRAM_WEBHOOK_SECRET not set.",
        "The whatsapp channel is off: WHATSAPP_ACCESS_TOKEN, WHATSAPP_APP_SECRET, WHATSAPP_VERIFY_TOKEN, "
        "WHATSAPP_PHONE_NUMBER_ID not set.",
    ]


def test_with_settings_in_the_environment_the_platforms_are_on(empty_environment, monkeypatch):
    for name, value in SETTINGS.items():
        monkeypatch.setenv(name, value)
    telegram, whatsapp = channels()[1:]
    assert telegram.settings.token == "1:t" and telegram.settings.api_url == "https://api.telegram.org"
    assert whatsapp.settings.phone_number_id == "1" and whatsapp.settings.api_url == "https://graph.facebook.com/v19.0"


@pytest.mark.parametrize(
    "channel, method, path",
    [(TelegramInput, "GET", "/"), (TelegramInput, "POST", "/webhook"), (WhatsAppInput, "GET", "/"),
     (WhatsAppInput, "POST", "/webhook"), (WhatsAppInput, "GET", "/webhook?hub.mode=subscribe&hub.verify_token=")],
)
async def test_a_channel_that_is_off_answers_404_with_the_reason(empty_environment, channel, method, path):
    off: PlatformInput = channel.from_credentials(None)
    bot = ScriptedBot()
    async with serve(off, bot) as webhook:
        status, body = await webhook.call(method, path, b"{}")
    assert status == 404 and bot.messages == []
    assert f"the {channel.name()} channel is off: set " in body
