import pytest

from resources_db.gazetteer import Gazetteer, get_gazetteer, normalize
from resources_db.records import Point

CITIES = [
    {"name": "London", "countrycode": "GB", "latitude": 51.5, "longitude": -0.12, "population": 8_900_000, "alternatenames": ["Londres", "Лондон"]},
    {"name": "London", "countrycode": "CA", "latitude": 42.98, "longitude": -81.25, "population": 400_000, "alternatenames": []},
    {"name": "York", "countrycode": "GB", "latitude": 53.96, "longitude": -1.08, "population": 150_000, "alternatenames": []},
    {"name": "New York City", "countrycode": "US", "latitude": 40.71, "longitude": -74.0, "population": 8_800_000, "alternatenames": ["New York", "NYC"]},
    {"name": "Kraków", "countrycode": "PL", "latitude": 50.06, "longitude": 19.94, "population": 800_000, "alternatenames": ["Cracow"]},
]


@pytest.fixture(scope="module")
def small():
    return Gazetteer.from_cities(CITIES)


@pytest.mark.parametrize(
    "text, expected",
    [("Kraków!", "krakow"), ("  NEW   york ", "new york"), ("Лондон", "лондон"), ("I'm in L.A.", "i'm in l a")],
)
def test_normalize(text, expected):
    assert normalize(text) == expected


@pytest.mark.parametrize(
    "text, city, country",
    [
        ("London", "London", "GB"),
        ("london", "London", "GB"),
        ("Londres", "London", "GB"),
        ("Лондон", "London", "GB"),
        ("krakow", "Kraków", "PL"),
        ("i'm in new york now", "New York City", "US"),  # the longest name wins over York
        ("near York", "York", "GB"),
    ],
)
def test_resolve(small, text, city, country):
    place = small.resolve(text)
    assert (place.name, place.country_code) == (city, country)


def test_ambiguous_names_prefer_the_users_country_then_population(small):
    assert small.resolve("London").country_code == "GB"
    assert small.resolve("London", preferred_country="CA").country_code == "CA"


@pytest.mark.parametrize("text", ["", "yes", "no", "ok", "i need help", "123", "🙂🙂", "x" * 10_000, "a " * 500])
def test_chat_words_and_junk_are_not_places(small, text):
    assert small.resolve(text) is None


@pytest.mark.parametrize(
    "text, city, country",
    [("London", "London", "GB"), ("Kiev", "Kyiv", "UA"), ("Київ", "Kyiv", "UA"), ("Sydney", "Sydney", "AU"), ("in Manchester", "Manchester", "GB"),
     ("أنا في لندن", "London", "GB"), ("tôi ở Hà Nội", "Hanoi", "VN")],
)
def test_bundled_gazetteer_resolves_real_cities(text, city, country):
    place = get_gazetteer().resolve(text)
    assert (place.name, place.country_code) == (city, country)


@pytest.mark.parametrize("text", ["yes", "no", "ok", "hello", "help me", "skip"])
def test_bundled_gazetteer_ignores_chat_words(text):
    assert get_gazetteer().resolve(text) is None


@pytest.mark.parametrize(
    "text, city, country, matched",
    [
        ("Kyiv", "Kyiv", "UA", "exact"),
        ("Киев", "Kyiv", "UA", "exact"),
        ("у Києві", "Kyiv", "UA", "inflected"),
        ("в Киеве", "Kyiv", "UA", "inflected"),
        ("у Львові", "Lviv", "UA", "inflected"),
        ("w Krakowie", "Kraków", "PL", "inflected"),
        ("w Warszawie", "Warsaw", "PL", "inflected"),
        ("we Wrocławiu", "Wrocław", "PL", "inflected"),
        ("в Москве", "Moscow", "RU", "inflected"),
        ("à Lyon", "Lyon", "FR", "exact"),
        ("Manchestr", "Manchester", "GB", "typo"),
        ("Birmngham", "Birmingham", "GB", "typo"),
    ],
)
def test_bundled_gazetteer_handles_scripts_inflections_and_typos(text, city, country, matched):
    place = get_gazetteer().resolve(text)
    assert (place.name, place.country_code, place.matched) == (city, country, matched)


@pytest.mark.parametrize(
    "text, country",
    [("Ukraine", "UA"), ("Україна", "UA"), ("Polska", "PL"), ("I'm in the UK", "GB"), ("Russia", "RU"), ("Vietnam", "VN")],
)
def test_country_names_in_several_languages(text, country):
    place = get_gazetteer().resolve(text)
    assert (place.kind, place.country_code) == ("country", country)


def test_the_chosen_one_of_several_places_is_reported():
    london = get_gazetteer().resolve("London")
    assert (london.country_code, london.kind) == ("GB", "city") and london.alternatives >= 1
    assert get_gazetteer().resolve("London", preferred_country="CA").country_code == "CA"


@pytest.mark.parametrize(
    "text",
    ["thanks", "sorry", "maybe", "shelter", "lawyer", "doctor", "please", "nothing", "somewhere", "a place to stay",
     "don't know", "thank you", "'; DROP TABLE location; --", "1; DELETE FROM service WHERE 1=1"],
)
def test_more_chat_words_are_not_places(text):
    assert get_gazetteer().resolve(text) is None


@pytest.mark.parametrize(
    "latitude, longitude, city, country",
    [
        (51.45, -0.3, "London", "GB"),  # Richmond: London, not York
        (43.1, -81.0, "London", "CA"),
        (40.65, -73.95, "New York City", "US"),  # Brooklyn
        (49.9, 20.1, "Kraków", "PL"),
        (60.0, 21.0, "Kraków", "PL"),  # far from all of them (the Baltic): still the closest one
    ],
)
def test_nearest_city_to_a_pin(small, latitude, longitude, city, country):
    place = small.nearest(Point(latitude, longitude))
    assert (place.name, place.country_code) == (city, country)


def test_nearest_city_across_the_date_line():
    cities = [
        {"name": "West", "countrycode": "FJ", "latitude": -17.0, "longitude": 179.9, "population": 1},
        {"name": "Far", "countrycode": "WS", "latitude": -17.0, "longitude": 170.0, "population": 1},
    ]
    assert Gazetteer.from_cities(cities).nearest(Point(-17.0, -179.9)).name == "West"


def test_a_pin_in_a_district_names_the_big_city_nearby():
    cities = CITIES + [{"name": "Richmond", "countrycode": "GB", "latitude": 51.46, "longitude": -0.30, "population": 20_000}]
    gazetteer = Gazetteer.from_cities(cities)
    assert gazetteer.nearest(Point(51.46, -0.30)).name == "London"  # 14 km away, far bigger
    assert gazetteer.nearest(Point(51.46, -0.30), within_km=5).name == "Richmond"


def test_nearest_with_no_cities_is_none():
    assert Gazetteer.from_cities([]).nearest(Point(0, 0)) is None


@pytest.mark.parametrize(
    "latitude, longitude, city, country",
    [
        (51.53, -0.10, "London", "GB"),  # Islington: the city people know, not the district
        (50.45, 30.52, "Kyiv", "UA"),
        (44.43, 26.1, "Bucharest", "RO"),
        (21.03, 105.85, "Hanoi", "VN"),
        (53.97, -1.08, "York", "GB"),  # its own city, though Leeds is bigger and 35 km away
    ],
)
def test_bundled_gazetteer_finds_the_city_of_a_pin(latitude, longitude, city, country):
    place = get_gazetteer().nearest(Point(latitude, longitude))
    assert (place.name, place.country_code) == (city, country)
