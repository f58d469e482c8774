"""Database settings, read from the environment once at the edge and passed down.

Default: an SQLite file at var/resources.db in the project folder, the same file `make run`
creates, so the CLI and a running assistant see the same data. Set RESOURCES_DB_URL to use
PostgreSQL (for example postgresql://user@127.0.0.1:5432/resources), and
RESOURCES_DB_STALE_AFTER_DAYS (default 365) for when an unverified listing counts as stale.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Optional

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SQLITE_PATH = PROJECT_ROOT / "var" / "resources.db"


@dataclass(frozen=True)
class DbSettings:
    """Where the resource database lives and how the connection pool is sized."""

    url: str = f"sqlite:///{DEFAULT_SQLITE_PATH}"
    pool_size: int = 5
    max_overflow: int = 5
    # Listings not verified (assured_date) for longer than this are marked stale.
    stale_after_days: int = 365

    @classmethod
    def from_env(cls, environ: Optional[Mapping[str, str]] = None) -> "DbSettings":
        env = os.environ if environ is None else environ
        defaults = cls()
        return cls(
            url=env.get("RESOURCES_DB_URL") or defaults.url,
            pool_size=int(env.get("RESOURCES_DB_POOL_SIZE", defaults.pool_size)),
            max_overflow=int(env.get("RESOURCES_DB_MAX_OVERFLOW", defaults.max_overflow)),
            stale_after_days=int(env.get("RESOURCES_DB_STALE_AFTER_DAYS", defaults.stale_after_days)),
        )
