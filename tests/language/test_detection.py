"""Deciding the conversation's language: sticky, explicit choices win, short messages never switch."""

import pytest

from bot.language.detection import LanguageDecider, content_words, decisive_language, in_chat_alphabet, is_unsupported
from bot.language.supported import load


def fixed(probabilities):
    """A stand-in for the chat classifier that always answers the same."""
    return lambda text: dict(probabilities)


@pytest.fixture(scope="module")
def languages():
    return load()


@pytest.mark.parametrize(
    "text, current, intent, switch_to, reason",
    [
        # Explicit choices always win, in any script, with or without accents.
        ("español?", "en", None, "es", "explicit"),
        ("espanol", "ru", None, "es", "explicit"),
        ("по-українськи", "ru", None, "uk", "explicit"),
        ("po russki", "uk", None, "ru", "explicit"),
        ("Tiếng Việt", "en", None, "vi", "explicit"),
        ("العربية", "en", None, "ar", "explicit"),
        ("can we talk in french please", "en", "set_language", "fr", "explicit"),
        # A language named inside another request is not a choice.
        ("i need a lawyer who speaks french", "en", "find_legal_aid", None, "same"),
        # One word never switches: greetings, answers, numbers, emoji, place names.
        ("hola", "en", None, None, "too_short"),
        ("ok", "uk", None, None, "too_short"),
        ("1", "es", None, None, "too_short"),
        ("👍👍", "es", None, None, "too_short"),
        ("Київ", "en", None, None, "too_short"),
        ("Kraków", "en", None, None, "too_short"),
        # A capitalised place name after the first word is not evidence.
        ("I am in Київ", "en", None, None, "same"),
        # Letters only one language has decide.
        ("мені потрібна допомога", "en", None, "uk", "letters"),
        ("мне нужны вы", "uk", None, "ru", "letters"),
        ("tôi cần giúp đỡ", "en", None, "vi", "letters"),
        ("potrzebuję pomocy szybko", "en", None, "pl", "letters"),
        ("am nevoie de ajutor în București acum", "en", None, "ro", "statistics"),
        ("أحتاج مساعدة الآن", "en", None, "ar", "script"),
        # Zero-width characters and direction marks are not words.
        ("\u200f\u200b", "en", None, None, "too_short"),
    ],
)
def test_decisions(languages, text, current, intent, switch_to, reason):
    statistics = fixed({"en": 0.9, "es": 0.05, "ro": 0.05}) if current == "en" and reason == "same" else fixed({"ro": 0.9, "en": 0.01})
    decision = LanguageDecider(languages, statistics).decide(text, current, intent)
    assert (decision.switch_to, decision.reason) == (switch_to, reason)


def test_the_current_language_is_the_prior(languages):
    # Spanish is likelier, but Portuguese (the conversation's language) is still plausible.
    decider = LanguageDecider(languages, fixed({"es": 0.7, "pt": 0.3}))
    assert decider.decide("preciso de ajuda agora", "pt").switch_to is None
    assert decider.decide("preciso de ajuda agora", "en").switch_to == "es"


@pytest.mark.parametrize("words, confidence, switches", [(2, 0.79, False), (2, 0.81, True), (4, 0.59, False), (4, 0.61, True)])
def test_short_messages_need_more_confidence(languages, words, confidence, switches):
    decider = LanguageDecider(languages, fixed({"fr": confidence, "en": 0.0}))
    text = " ".join(["bonjour"] * words)
    assert (decider.decide(text, "en").switch_to == "fr") is switches


def test_a_payload_never_switches(languages):
    decider = LanguageDecider(languages, fixed({"fr": 1.0}))
    assert decider.decide('/set_language{"language": "fr"}', "en").switch_to is None


@pytest.mark.parametrize(
    "text, unsupported",
    [
        ("ich brauche jetzt sofort hilfe bitte", True),
        ("ik heb nu meteen hulp nodig alstublieft", True),
        ("necesito ayuda con mis papeles por favor", False),
        ("мені потрібна допомога з документами", False),
        ("hilfe bitte", False),  # too short to say
    ],
)
def test_long_messages_in_other_languages_are_recognised(languages, text, unsupported):
    assert LanguageDecider(languages, fixed({"es": 0.9})).unsupported(text) is unsupported


def test_arabic_in_latin_letters_is_ours_when_our_classifier_knows_it(languages):
    text = "ana fi zenqa bla dar"  # langdetect knows no Arabizi
    assert LanguageDecider(languages, fixed({"ar": 0.5})).unsupported(text) is True
    assert LanguageDecider(languages, fixed({"ar": 0.97})).unsupported(text) is False


@pytest.mark.parametrize(
    "text",
    [
        "mesh malja2, 7aga tanya",  # Egyptian: ء as 2, ح as 7
        "3andi mochkil kbir m3a lkhedma dyali",  # Moroccan: ع as 3
        "3ayez 7ad ye2dar yesa3dni",  # Egyptian: ع as 3, ح as 7, ء as 2
        "ja o4en bojus ego",  # Russian: ч as 4
    ],
)
def test_a_word_in_a_chat_alphabet_is_never_an_unsupported_language(languages, text):
    # Even when our own classifier does not know the message: digits for sounds are how
    # Arabic and Russian are typed in Latin letters, and no language langdetect knows does it.
    assert is_unsupported(text.replace(",", ""), languages.codes)  # langdetect alone is sure
    assert LanguageDecider(languages, fixed({"ar": 0.2})).unsupported(text) is False


@pytest.mark.parametrize("text", ["wir treffen uns am 2nd", "ich komme um 10am zum bahnhof", "ich warte seit 15min am bahnhof"])
def test_numbers_with_a_short_ending_are_not_a_chat_alphabet(languages, text):
    assert not any(in_chat_alphabet(w) for w in text.split())


@pytest.mark.parametrize(
    "text, expected",
    [
        ("I am in Kraków now", ("I", "am", "in", "now")),
        ("KYIV IS FAR", ("KYIV", "IS", "FAR")),
        ("أنا في دبي", ("أنا", "في", "دبي")),
        ("ok 123 👍", ("ok",)),
    ],
)
def test_content_words(text, expected):
    assert content_words(text) == expected


def test_one_decisive_word_among_many_is_not_enough():
    assert decisive_language(("estoy", "en", "la", "calle", "łódź", "ahora"), ("es", "pl")) is None


def test_word_statistics_never_move_ukrainian_to_russian(languages):
    decider = LanguageDecider(languages, fixed({"ru": 0.95, "uk": 0.05}))
    assert decider.decide("я в Брно зараз", "uk").switch_to is None
    assert decider.decide("я в Брно зараз", "en").switch_to == "ru"
    # Letters only Russian has still switch.
    assert LanguageDecider(languages, fixed({"ru": 0.95})).decide("мы здесь ещё", "uk").switch_to == "ru"


def test_one_ukrainian_word_decides_between_ukrainian_and_russian():
    assert decisive_language(("я", "вже", "не", "там", "я", "переїхала"), ("uk", "ru")) == "uk"
    assert decisive_language(("я", "уже", "не", "там", "я", "переехала", "ещё"), ("uk", "ru")) == "ru"
