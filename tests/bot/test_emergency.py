import phonenumbers
import pytest

from bot.emergency import emergency_numbers
from bot.safety.contacts import hotlines, safety_values


@pytest.mark.parametrize(
    "country, first, also",
    [("GB", "999", "112"), ("US", "911", "112"), ("DE", "112", "110"), ("AU", "000", "112"), ("FR", "112", "17"), ("UA", "112", "102"), ("gb", "999", "112")],
)
def test_emergency_numbers_best_known_first(country, first, also):
    numbers = emergency_numbers(country)
    assert numbers[0] == first and also in numbers and len(numbers) <= 3


@pytest.mark.parametrize("country", [None, "", "XX", "GBR", "1"])
def test_unknown_countries_give_no_numbers_rather_than_a_guess(country):
    assert emergency_numbers(country) == ()


@pytest.mark.parametrize("country", ["GB", "US", "DE", "AU", "FR", "UA", "PL", "VN", "EG"])
def test_every_number_shown_connects_to_emergency_services(country):
    for number in emergency_numbers(country):
        assert phonenumbers.is_emergency_number(number, country)


def test_hotlines_have_a_source_and_a_dialable_number_for_their_country():
    assert hotlines(), "the hotline file is empty"
    for country, hotline in hotlines().items():
        assert hotline.source.startswith("https://")
        assert phonenumbers.is_possible_number(phonenumbers.parse(hotline.phone, country))


def test_safety_values_for_a_country_with_a_hotline():
    values = safety_values("US")
    assert values["country_known"] is True and values["hotline_known"] is True
    assert values["emergency_numbers"] == "911 / 112"
    assert values["hotline_phone"] == "1-888-373-7888"  # exactly as recorded


def test_safety_values_without_a_country():
    values = safety_values(None)
    assert values["country_known"] is False and values["hotline_known"] is False
    assert values["emergency_numbers"] == ""
