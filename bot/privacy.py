"""Pure rules about what the assistant may keep. Used by every tracker store we configure.

Must not log, store or inspect anything beyond what a rule needs (an intent name).
"""

from __future__ import annotations

from typing import Any, Mapping, Optional

# "forget me", and the cover word that turns the chat into a weather chat and wipes it.
FORGETTING_INTENTS = frozenset({"forget_me", "cover_word"})


def asks_to_be_forgotten(latest_message: Optional[Mapping[str, Any]]) -> bool:
    """True when the user's latest message asked us to delete the conversation."""
    if not latest_message:
        return False
    intent = latest_message.get("intent") or {}
    return intent.get("name") in FORGETTING_INTENTS
