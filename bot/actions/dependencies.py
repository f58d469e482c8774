"""Production defaults for what actions depend on, built on first use and then shared.

Tests pass their own fakes to the action constructors instead.
"""

from __future__ import annotations

from functools import lru_cache

from bot.language.places import PlaceForms
from resources_db.engine import make_engine, session_factory
from resources_db.gazetteer import Gazetteer, get_gazetteer
from resources_db.repository import ServiceRepository
from resources_db.settings import DbSettings


@lru_cache(maxsize=1)
def default_repository() -> ServiceRepository:
    settings = DbSettings.from_env()
    return ServiceRepository(session_factory(make_engine(settings)), stale_after_days=settings.stale_after_days)


def default_gazetteer() -> Gazetteer:
    return get_gazetteer()


@lru_cache(maxsize=1)
def default_place_forms() -> PlaceForms:
    return PlaceForms(lambda name: bool(get_gazetteer().candidates(name)))


def warm_up() -> None:
    """Build the gazetteer, its index for location pins and the place-name helpers for every
    language (a few seconds), so that no user's first message pays for it."""
    from bot.language.supported import load

    default_gazetteer().prepare_pins()
    default_place_forms().warm_up(load().codes)
