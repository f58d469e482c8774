"""Safety contacts that must work without the database or the action server."""
