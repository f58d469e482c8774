"""Place names made ready for the gazetteer with spaCy: tokenization and lookup lemmas."""

import pytest

from bot.language.places import PlaceForms

PLACES = {"Lyon", "Берлин", "București", "Londra", "Paris"}


@pytest.fixture(scope="module")
def places():
    return PlaceForms(lambda name: name in PLACES)


def test_without_a_language_the_text_is_tried_as_typed(places):
    assert places.forms("à l'hôpital d'Lyon", None) == ["à l'hôpital d'Lyon"]


def test_french_elisions_and_punctuation_are_split_off(places):
    assert places.forms("à l'hôpital d'Lyon, svp", "fr") == ["à l'hôpital d'Lyon, svp", "à hôpital Lyon svp"]


@pytest.mark.parametrize(
    "text, language, lemma_form",
    [
        ("я в Берлине сейчас", "ru", "я в Берлин сейчас"),
        ("sunt în Bucureștiului", "ro", "sunt în București"),
        ("lângă Parisului", "ro", "lângă Paris"),
    ],
)
def test_inflected_place_names_get_their_lemma(places, text, language, lemma_form):
    assert places.forms(text, language)[-1] == lemma_form


def test_only_lemmas_that_are_places_are_kept(places):
    # "сейчас" is in the Russian table with itself as lemma; "домой" -> "дом" is not a place.
    assert places.lemma("домой", "ru") == "домой"


@pytest.mark.parametrize("language", ["vi", "ar", "uk", "pl", "zz"])
def test_every_language_splits_without_errors(places, language):
    assert places.tokens("tôi ở Hà Nội, أنا في لندن", language)


def test_languages_without_tables_add_no_lemmas(places):
    assert places.forms("я у Львові", "uk") == ["я у Львові"]


def test_arabic_prepositions_written_onto_the_place_are_tried_off_last(places):
    assert places.forms("أنا بلندن", "ar")[-1] == "أنا لندن"
    # Words that merely start with one of those letters ("لندن") are still tried as typed first.
    assert places.forms("أنا في لندن", "ar")[0] == "أنا في لندن"
