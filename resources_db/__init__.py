"""The resource database: services that help survivors, where they are, and how to reach them.

This package owns the data model (HSDS vocabulary), the read model the assistant sees (frozen
records, never ORM rows), nearby search, place-name resolution and the bundled data. It must not
know anything about conversations, channels or wording shown to users.
"""
