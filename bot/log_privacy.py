"""Keep what users type out of the Rasa server's output.

Rasa 3.6 turns a message that looks like a button payload but is not one ("/foo", "/x{...")
into a Python warning that quotes the message. We install filters for exactly those warnings
when our components are built in the server (never at import). Log lines of our own code
never contain message text or slot values in the first place.
"""

from __future__ import annotations

import warnings

# Warnings from rasa.shared.core.training_data.story_reader.yaml_story_reader that quote text.
TEXT_QUOTING_WARNINGS = (
    r"Failed to parse arguments in line",
    r"Failed to parse intent end entities",
)


def silence_text_quoting_warnings() -> None:
    for message in TEXT_QUOTING_WARNINGS:
        warnings.filterwarnings("ignore", message=message, category=UserWarning)
