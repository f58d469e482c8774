"""Which languages the assistant speaks, and how a message's language is decided."""
