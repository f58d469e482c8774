"""The supported languages and the names people use for them, read from bot/locales/languages.yml.

This module owns the list (one line of configuration per language) and the lookup from a
typed language name ("español", "po russki", "по-українськи") to its code. Names come from
babel (every supported language named in every supported language) plus the file's extras;
matching ignores case and accents. It holds no user-facing text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, Mapping, Optional, Tuple

import yaml

LOCALES_DIR = Path(__file__).resolve().parents[1] / "locales"
LANGUAGES_FILE = LOCALES_DIR / "languages.yml"
FALLBACK_LANGUAGE = "en"
# Longest language name, in words, that is looked for inside a message ("tieng viet").
_MAX_NAME_WORDS = 3
_INVISIBLE = re.compile("[\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")
# Arabic letters phones type for one another: a final ى for ي ("فى", "في") and ه for ة
# ("مساعده", "مساعدة"), both everyday in Egyptian and Levantine typing; and the tatweel,
# which only stretches a word ("مـساعدة"). The hamza on alif decomposes into a combining
# mark and goes with the accents.
_ARABIC_VARIANTS = str.maketrans({"\u0649": "\u064a", "\u0629": "\u0647", "\u0640": None})


def strip_invisible(text: str) -> str:
    """Text without zero-width characters and direction marks (they carry no words)."""
    return _INVISIBLE.sub("", text)


def fold(text: str) -> str:
    """Lower case, no accents, invisible marks removed, Arabic letter variants as one: the
    form names are compared in and the intent model reads."""
    decomposed = unicodedata.normalize("NFKD", strip_invisible(text).casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).translate(_ARABIC_VARIANTS)


def words(text: str) -> Tuple[str, ...]:
    """The words of a text: numbers, emoji and punctuation are not words, but digits inside a
    word are letters (Arabic typed in Latin letters writes ع as 3: "mosa3da")."""
    found = re.findall(r"[^\W_]+(?:[-'’][^\W_]+)*", strip_invisible(text))
    return tuple(w for w in found if not w.replace("-", "").replace("'", "").replace("’", "").isdigit())


@dataclass(frozen=True)
class Languages:
    codes: Tuple[str, ...]
    names: Mapping[str, str]  # folded name -> code

    def is_supported(self, code: Optional[str]) -> bool:
        return code in self.codes

    def named(self, text: str) -> Optional[str]:
        """The language a text names, if it names exactly one ("in spanish please" -> es)."""
        folded = [fold(w) for w in words(text)]
        found = set()
        for size in range(1, _MAX_NAME_WORDS + 1):
            for start in range(len(folded) - size + 1):
                code = self.names.get(" ".join(folded[start : start + size]))
                if code:
                    found.add(code)
        return found.pop() if len(found) == 1 else None

    def is_only_a_name(self, text: str) -> bool:
        """True when the whole message is a language name ("español?", "по-українськи")."""
        return fold(" ".join(words(text))) in self.names


@lru_cache(maxsize=4)
def load(path: Path = LANGUAGES_FILE) -> Languages:
    """The languages in the file, with every name babel and the file give them."""
    from babel import Locale

    extras: Dict[str, list] = (yaml.safe_load(path.read_text(encoding="utf-8")) or {})["languages"]
    codes = tuple(extras)
    names: Dict[str, str] = {}
    for code in codes:
        spelled = list(extras[code] or [])
        for display in codes:
            spelled.append(Locale.parse(display).languages.get(code, ""))
        for name in spelled:
            key = fold(" ".join(words(name)))
            if key:
                names.setdefault(key, code)
    return Languages(codes=codes, names=names)


def autonym(code: str) -> str:
    """A language's name in itself, as a picker shows it ("Español", "Українська")."""
    from babel import Locale

    name = Locale.parse(code).get_display_name(code) or code
    return name[:1].upper() + name[1:]
