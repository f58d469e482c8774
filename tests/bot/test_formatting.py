import pytest

from bot.actions.formatting import MISSING, format_distance, response_name, search_category, template_values
from tests.bot.fakes import record


@pytest.mark.parametrize("km, shown", [(0.04, "0.0"), (0.4, "0.4"), (3.25, "3.2"), (9.95, "9.9"), (12.4, "12"), (140.6, "141"), (None, MISSING)])
def test_format_distance(km, shown):
    assert format_distance(km) == shown


def test_phone_numbers_are_passed_exactly_as_recorded():
    values = template_values(record())
    assert values["phones"] == "+44 20 7946 0101, +44 7700 900101"


def test_every_placeholder_has_a_value_even_when_data_is_missing():
    values = template_values(record(phones=(), hours=None, city=None, distance_km=None))
    assert all(isinstance(v, str) and v for v in values.values())


@pytest.mark.parametrize("distance, response", [(1.0, "utter_result_nearby"), (None, "utter_result_area")])
def test_response_name(distance, response):
    assert response_name(record(distance_km=distance)) == response


@pytest.mark.parametrize("slot, category", [(None, None), ("any", None), ("shelter", "shelter"), ("legal_aid", "legal_aid")])
def test_search_category(slot, category):
    assert search_category(slot) == category


import datetime as dt  # noqa: E402


@pytest.mark.parametrize(
    "overrides, open_key, fresh_key, checked",
    [
        ({"open_now": True, "assured_date": dt.date(2026, 10, 2)}, "open_yes", "fresh", "2026-10-02"),
        ({"open_now": False, "assured_date": dt.date(2024, 1, 5), "is_stale": True}, "open_no", "stale", "2024-01-05"),
        ({"open_now": None, "assured_date": None, "is_stale": True}, "open_unknown", "unchecked", MISSING),
    ],
)
def test_open_now_and_freshness_become_label_keys(overrides, open_key, fresh_key, checked):
    values = template_values(record(**overrides))
    assert values["open_label_key"] == open_key
    assert values["freshness_label_key"] == fresh_key
    assert values["checked_date"] == checked


@pytest.mark.parametrize(
    "codes, locale, shown",
    [(("en", "uk"), "en", "English, Ukrainian"), (("es",), "es", "español"), (("xx",), "en", "xx"), (("ru",), "nonsense", "Russian")],
)
def test_languages_are_named_in_the_users_language(codes, locale, shown):
    assert template_values(record(languages=codes), locale)["languages"] == shown
