"""Deciding the conversation's language from one message: keep it, or switch it.

The language is sticky. A message switches it only on evidence that short chat messages
cannot fake:
- an explicit choice: the message names a supported language and asks for it;
- letters only one supported language has (і ї є ґ: Ukrainian; ы э ъ ё: Russian; Arabic
  script; ư ơ đ: Vietnamese; ą ę ł ś ź ż ć ń: Polish; ș ț: Romanian; ñ: Spanish; ã õ:
  Portuguese once Vietnamese is ruled out), found in enough of the words;
- a statistical classifier of chat messages (bot.language.chat_model, learnt from our
  training data), confident on at least two words, with the conversation's current language
  as the prior: a switch needs the current language to be implausible, not just less likely.
Messages of one word never switch automatically ("ok", "hola", "Київ", "1", emoji), and
capitalised words after the first are left out as likely place or person names.

`unsupported(text)` tells whether a long message is in a language we do not support:
langdetect (seeded, so the same text always gets the same answer) over its 55 languages is
sure of another one. It is wrong on ~3% of our own held-out messages of 4+ words, so callers
ask it only about messages that were not understood. Pure logic: no Rasa, no I/O after the
first use.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable, Dict, Optional, Sequence, Tuple

from bot.language.supported import Languages, words

# Statistics need this many words and this probability; shorter messages need more.
MIN_WORDS = 2
CONFIDENCE_SHORT = 0.8  # 2-3 words
CONFIDENCE_LONG = 0.6  # 4 words or more
# The current language stays while the classifier gives it at least this probability.
PRIOR_KEEPS_AT = 0.15
# A message is in an unsupported language only if it is this long and that certain.
UNSUPPORTED_MIN_WORDS = 4
UNSUPPORTED_CONFIDENCE = 0.95
# ... unless our own chat classifier, which has learnt Arabic in Latin letters, transliterated
# Russian and Ukrainian and Vietnamese without marks (langdetect knows none of them), gives one
# of our languages at least this probability. Measured on the held-out messages: langdetect
# calls 63 of 2,237 "unsupported" (Arabizi, translit, Vietnamese without marks), and the chat
# classifier gives 43 of them 0.92 or more; on 38 messages in 18 other languages (German,
# Dutch, Turkish, Italian, Tagalog, Czech, Greek...) it gives at most 0.91: a thin margin.
OURS_DESPITE_LANGDETECT = 0.92
# ... or unless a word is written in a chat alphabet: a digit standing for a sound among Latin
# letters ("7aga", "malja2", "m9awed": Arabic; "o4en": Russian). Langdetect knows no such
# words and calls them Turkish, Indonesian or Croatian; no language it knows writes words that
# way. Numbers with a short ending ("2nd", "10am", "15min") have too few letters or more than
# one digit; "5min" does pass, and costs only that the message is answered, not offered the
# picker.
_CHAT_ALPHABET_WORD = re.compile(r"(?<![0-9])[2-9](?![0-9])")
_CHAT_ALPHABET_MIN_LETTERS = 3
# Languages so close that word statistics must never move a conversation between them: a
# Ukrainian speaker is never answered in Russian because of words both languages share.
LETTERS_ONLY_BETWEEN = (frozenset({"uk", "ru"}),)
# Letters that only one supported language uses (checked in this order).
_DECISIVE_LETTERS: Tuple[Tuple[str, str], ...] = (
    ("vi", "đơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ"),  # not ă: Romanian has it
    ("uk", "іїєґ"),
    ("ru", "ыэъё"),
    ("pl", "ąęłśźżćń"),
    ("ro", "șțşţ"),
    ("es", "ñ¿¡"),
    ("pt", "ãõ"),
)
# At least one word in this many must carry a decisive Latin letter (one word of a name is not
# enough). Between Ukrainian and Russian one word decides: both are Cyrillic, names included.
_DECISIVE_ONE_IN = 3
_ONE_WORD_DECIDES = frozenset({"uk", "ru"})


@dataclass(frozen=True)
class Detection:
    """What one message says about the language. `switch_to` is None to keep the current one."""

    switch_to: Optional[str]
    reason: str  # explicit, letters, script, statistics, too_short, unsure, same, close_language
    best_guess: Optional[str] = None
    confidence: float = 0.0


class LanguageDecider:
    def __init__(self, languages: Languages, statistics: Callable[[str], Dict[str, float]]) -> None:
        self.languages = languages
        self.statistics = statistics

    def decide(self, text: str, current: Optional[str], intent: Optional[str] = None) -> Detection:
        """Keep or switch the conversation's language for one message."""
        if text.startswith("/"):  # a button payload: its entities say everything
            return Detection(None, "too_short")
        named = self.languages.named(text)
        if named and (intent == "set_language" or self.languages.is_only_a_name(text)):
            return Detection(named, "explicit", named, 1.0)
        evidence = content_words(text)
        if len(evidence) < MIN_WORDS:
            return Detection(None, "too_short")
        guess, confidence, reason = self._guess(evidence, current)
        if guess is None:
            return Detection(None, reason, None, confidence)
        if guess == current:
            return Detection(None, "same", guess, confidence)
        if reason == "statistics" and not self._confident(len(evidence), confidence):
            return Detection(None, "unsure", guess, confidence)
        if reason == "statistics" and frozenset({guess, current}) in LETTERS_ONLY_BETWEEN:
            return Detection(None, "close_language", guess, confidence)
        return Detection(guess, reason, guess, confidence)

    def unsupported(self, text: str) -> bool:
        """True when a long message is, for langdetect, surely in a language we do not support,
        no word of it is in a chat alphabet, and our own chat classifier does not know it as
        one of ours."""
        found = content_words(text)
        evidence = " ".join(found)
        if len(found) < UNSUPPORTED_MIN_WORDS or any(map(in_chat_alphabet, found)):
            return False
        if not is_unsupported(evidence, self.languages.codes):
            return False
        ours = [p for code, p in self.statistics(evidence).items() if self.languages.is_supported(code)]
        return max(ours, default=0.0) < OURS_DESPITE_LANGDETECT

    def guess(self, text: str) -> Optional[str]:
        """The detector's best guess alone, with no prior and no minimum length (for measuring)."""
        evidence = content_words(text) or words(text)
        return self._guess(evidence, None)[0] if evidence else None

    def _guess(self, evidence: Sequence[str], current: Optional[str]) -> Tuple[Optional[str], float, str]:
        by_script = script_language(evidence, self.languages.codes)
        if by_script:
            return by_script, 1.0, "script"
        by_letters = decisive_language(evidence, self.languages.codes)
        if by_letters:
            return by_letters, 1.0, "letters"
        text = " ".join(evidence)
        probabilities = {k: v for k, v in self.statistics(text).items() if self.languages.is_supported(k)}
        if not probabilities:
            return None, 0.0, "unsure"
        if current and probabilities.get(current, 0.0) >= PRIOR_KEEPS_AT:
            return current, probabilities[current], "statistics"
        best = max(probabilities, key=probabilities.get)
        return best, probabilities[best], "statistics"

    @staticmethod
    def _confident(word_count: int, confidence: float) -> bool:
        return confidence >= (CONFIDENCE_SHORT if word_count < 4 else CONFIDENCE_LONG)


def content_words(text: str) -> Tuple[str, ...]:
    """The words that can tell a language: capitalised words after the first are dropped."""
    found = words(text)
    if not any(w[:1].islower() for w in found):  # all capitals, or a caseless script
        return found
    return tuple(w for i, w in enumerate(found) if i == 0 or not w[:1].isupper())


def in_chat_alphabet(word: str) -> bool:
    """A Latin-letter word with a digit for a sound in it: "3andi", "sa7bi", "malja2"."""
    latin = sum(1 for c in word.lower() if "a" <= c <= "z")
    return latin >= _CHAT_ALPHABET_MIN_LETTERS and _CHAT_ALPHABET_WORD.search(word) is not None


def script_language(evidence: Sequence[str], supported: Sequence[str]) -> Optional[str]:
    """A supported language that the script alone decides: Arabic for Arabic letters."""
    letters = [c for w in evidence for c in w]
    arabic = sum(1 for c in letters if "ARABIC" in unicodedata.name(c, ""))
    return "ar" if "ar" in supported and letters and arabic * 2 > len(letters) else None


def decisive_language(evidence: Sequence[str], supported: Sequence[str]) -> Optional[str]:
    """The language whose own letters appear in enough of the words (Ukrainian 'і', ...)."""
    lowered = [w.lower() for w in evidence]
    counts: Dict[str, int] = {}
    for language, letters in _DECISIVE_LETTERS:
        if language in supported:
            counts[language] = sum(1 for w in lowered if any(c in letters for c in w))
    if counts.get("vi"):  # Vietnamese letters overlap with Romanian and Portuguese ones
        counts = {k: v for k, v in counts.items() if k not in ("ro", "pt")}
    if counts.get("uk") and counts.get("ru"):
        counts["uk" if counts["uk"] > counts["ru"] else "ru"] = 0
    best = max(counts, key=counts.get, default=None)
    if best is None or counts[best] == 0:
        return None
    if best not in _ONE_WORD_DECIDES and counts[best] * _DECISIVE_ONE_IN < len(lowered):
        return None
    return best


def is_unsupported(text: str, supported: Sequence[str]) -> bool:
    """True when langdetect over all its languages is sure the text is in another language."""
    probabilities = _probabilities(_factory(), text)
    best = max(probabilities, key=probabilities.get, default=None)
    return bool(best) and best not in supported and probabilities[best] >= UNSUPPORTED_CONFIDENCE


def _probabilities(factory, text: str) -> Dict[str, float]:
    from langdetect.lang_detect_exception import LangDetectException

    detector = factory.create()
    detector.append(text)
    try:
        return {p.lang: p.prob for p in detector.get_probabilities()}
    except LangDetectException:  # no usable letters
        return {}


@lru_cache(maxsize=1)
def _factory():
    """A langdetect factory with all its language profiles, seeded (deterministic)."""
    import langdetect
    from langdetect.detector_factory import DetectorFactory

    profiles = sorted((Path(langdetect.__file__).parent / "profiles").iterdir())
    factory = DetectorFactory()
    factory.load_json_profile([p.read_text(encoding="utf-8") for p in profiles])
    factory.set_seed(0)
    return factory
