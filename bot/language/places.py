"""Place names in chat, made ready for the gazetteer with spaCy (no downloaded models).

People write where they are in their own grammar: "à l'hôpital d'Lyon", "в Берлине",
"la Londrei", "în Bucureștiului". The gazetteer (resources_db.gazetteer) knows cities and
their names in many scripts and undoes a few common endings itself; this module adds what
spaCy is good at here:
- language-aware tokenization with a blank pipeline (`spacy.blank(code)`): French and
  Italian elisions ("d'Lyon" -> "d'", "Lyon"), punctuation attached to words;
- the lookup tables of spacy-lookups-data, which list inflected forms of place names with
  their lemma ("берлине" -> "Берлин", "Parisului" -> "Paris"),
  kept only where the lemma is a place the gazetteer knows (the full tables are large).

Arabic writes "in" onto the next word ("بلندن"); a last form without that letter covers it.
`PlaceForms.forms(text, language)` gives the texts to try, best first. Everything is built on
first use per language and cached; building the tables takes a few seconds, so the action
server warms them up in the background.
"""

from __future__ import annotations

import threading
from typing import Callable, Dict, List, Optional

# spacy-lookups-data tables with inflected place names, per language. Measured: the Russian
# and Romanian tables load in 6-10 s and add "Бухаресте", "Londrei", "Parisului"; Polish has
# one too (lemma_lookup_noun) but takes ~30 s and 1.5M entries, and the gazetteer's own
# endings already handle Polish locatives ("w Londynie", "w Krakowie"). Ukrainian has none.
LEMMA_TABLES = {"ru": "lemma_lookup", "ro": "lemma_lookup"}
# One-letter words written onto the next word, which spaCy's blank tokenizers keep attached:
# Arabic "بلندن" is "in London" (and, so, for: و ف ل). Tried last, only if nothing else matched.
PROCLITICS = {"ar": ("و", "ف", "ب", "ل")}
# spaCy languages whose blank tokenizer needs an extra package; they are split on spaces.
_TOKENIZER_OPTIONS = {"vi": {"nlp": {"tokenizer": {"use_pyvi": False}}}}


class PlaceForms:
    def __init__(self, is_place: Callable[[str], bool]) -> None:
        """`is_place(name)`: whether the gazetteer knows a name (keeps the tables small)."""
        self._is_place = is_place
        self._tokenizers: Dict[str, object] = {}
        self._lemmas: Dict[str, Dict[int, str]] = {}
        self._lock = threading.Lock()

    def forms(self, text: str, language: Optional[str]) -> List[str]:
        """The text as typed, then tokenized for its language, then with place lemmas."""
        found = [text]
        if not language:
            return found
        tokens = self.tokens(text, language)
        candidates = [" ".join(tokens), " ".join(self.lemma(t, language) for t in tokens)]
        proclitics = PROCLITICS.get(language, ())
        if proclitics:
            candidates.append(" ".join(t[1:] if len(t) > 3 and t.startswith(proclitics) else t for t in tokens))
        for candidate in candidates:
            if candidate and candidate not in found:
                found.append(candidate)
        return found

    def tokens(self, text: str, language: str) -> List[str]:
        """Words as spaCy's tokenizer for the language splits them; punctuation and elided
        articles ("l'", "d'") left out."""
        nlp = self._tokenizer(language)
        if nlp is None:
            return text.split()
        return [t.text for t in nlp(text) if not t.is_punct and not t.is_space and not t.text.endswith(("'", "’"))]

    def lemma(self, word: str, language: str) -> str:
        """The place a word is a form of, or the word (tables are case-sensitive: proper nouns
        are capitalised in some)."""
        from spacy.strings import get_string_id

        table = self._table(language)
        for form in (word, word.lower(), word.capitalize()):
            lemma = table.get(get_string_id(form))
            if lemma:
                return lemma
        return word

    def warm_up(self, languages) -> None:
        for language in languages:
            self._tokenizer(language)
            self._table(language)

    def _tokenizer(self, language: str):
        with self._lock:
            if language not in self._tokenizers:
                self._tokenizers[language] = _blank(language)
            return self._tokenizers[language]

    def _table(self, language: str) -> Dict[int, str]:
        with self._lock:
            if language not in self._lemmas:
                self._lemmas[language] = _place_lemmas(language, self._is_place)
            return self._lemmas[language]


def _blank(language: str):
    import spacy

    try:
        return spacy.blank(language, config=_TOKENIZER_OPTIONS.get(language, {}))
    except (ImportError, KeyError, ValueError):  # no spaCy language class: split on spaces
        return None


def _place_lemmas(language: str, is_place: Callable[[str], bool]) -> Dict[int, str]:
    """Inflected form (spaCy's string id of the lower-case form) -> lemma, for the lemmas that
    are places. spaCy tables keep ids, not strings, so this filters on the lemma."""
    table_name = LEMMA_TABLES.get(language)
    if table_name is None:
        return {}
    from spacy.lookups import load_lookups

    table = load_lookups(language, [table_name]).get_table(table_name)
    known: Dict[str, bool] = {}
    lemmas = {}
    for form_id, lemma in table.items():
        if not isinstance(lemma, str):
            continue
        if lemma not in known:
            known[lemma] = is_place(lemma)
        if known[lemma]:
            lemmas[form_id] = lemma
    return lemmas
