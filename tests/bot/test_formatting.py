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
