"""The conversation held start to finish in each of the ten languages, on the trained model.

Each language gets the same path: greeting with the picker, choosing the language, safe to
talk, a kind of help typed in that language, London named in that language, danger, thanks.
What the user receives is compared with that language's catalog. All messages are synthetic.
"""

import functools
import json
import re

import pytest

from bot.language.catalogs import catalog
from bot.language.supported import load

pytestmark = pytest.mark.model

# What a user types, per language: yes, a kind of help, London, danger, thanks, and a
# sentence that should switch an English conversation into the language by itself.
TYPED = {
    "en": ("yes it is safe", "i need somewhere to sleep tonight", "london", "he is coming back i am scared", "thank you so much", None),
    "es": ("sí, es seguro", "necesito un lugar para dormir esta noche", "londres", "me quitaron el pasaporte y no me dejan salir", "muchas gracias", "necesito un abogado para mis papeles por favor"),
    "fr": ("oui je peux parler", "j'ai besoin d'un endroit pour dormir ce soir", "londres", "il m'a pris mon passeport et je peux pas sortir", "merci beaucoup", "j'ai besoin d'un avocat pour mes papiers svp"),
    "uk": ("так, можу говорити", "мені потрібно де переночувати сьогодні", "лондон", "вони забрали паспорт і не випускають мене", "дуже дякую", "мені потрібен юрист щодо документів будь ласка"),
    "ru": ("да, могу говорить", "мне нужно где переночевать сегодня", "лондон", "у меня забрали паспорт и не выпускают", "большое спасибо", "мне нужен юрист по документам пожалуйста"),
    "ro": ("da pot vorbi", "am nevoie de un loc unde sa dorm la noapte", "londra", "mi-au luat pasaportul si nu ma lasa sa plec", "multumesc mult", "am nevoie de un avocat pentru actele mele va rog"),
    "pl": ("tak moge pisac", "potrzebuje miejsca do spania na dzis", "londyn", "zabrali mi paszport i nie pozwalaja wyjsc", "dziekuje bardzo", "potrzebuje prawnika w sprawie dokumentow prosze"),
    "pt": ("sim posso falar", "preciso de um lugar para dormir hoje", "londres", "tiraram meu passaporte e nao me deixam sair", "muito obrigada", "preciso de um advogado para os meus documentos por favor"),
    "ar": ("ايوه اقدر اتكلم", "أحتاج مكان أنام فيه الليلة", "لندن", "أخذوا جواز سفري ولا يسمحون لي بالخروج", "شكرا جزيلا", "أحتاج محامي بخصوص أوراقي من فضلك"),
    "vi": ("vâng tôi nói được", "tôi cần chỗ ngủ tối nay", "luân đôn", "họ lấy hộ chiếu của tôi và không cho tôi đi", "cảm ơn nhiều", "tôi muốn gặp luật sư miễn phí"),
}
LANGUAGES = list(load().codes)


def variants(language, response):
    """A response's variants in a catalog (English: domain.yml)."""
    return (catalog(language) if language != "en" else english_responses())[response]


@functools.lru_cache(maxsize=1)
def english_responses():
    from rasa.shared.core.domain import Domain

    from tests.conversation.conftest import ROOT

    return Domain.load(str(ROOT / "domain.yml")).responses


def expected(language, response):
    """The text of a response's plain variant (no channel, no condition) in a language."""
    found = variants(language, response)
    return ([v for v in found if not v.get("channel") and not v.get("condition")] or found)[0]["text"]


def fixed_part(template):
    """The longest stretch of a template without placeholders: it must appear in the reply."""
    return max(re.split(r"{\w+}", template), key=len).strip()


def texts(messages):
    return [m.get("text") or "" for m in messages]


def payloads(messages):
    return [b["payload"] for m in messages for b in m.get("buttons") or []]


def choose(language):
    return f"/set_language{json.dumps({'language': language})}"


def test_every_language_has_typed_messages():
    assert set(TYPED) == set(LANGUAGES)


@pytest.mark.parametrize("language", LANGUAGES)
async def test_a_whole_conversation_in_each_language(chat, language):
    yes, shelter, london, danger, thanks, _ = TYPED[language]
    greeting = await chat.say("hi")
    assert choose(language) in payloads(greeting)

    chosen = texts(await chat.say(choose(language)))
    assert chosen == [expected(language, "utter_language_changed"), expected(language, "utter_ask_safe_to_talk")]

    assert texts(await chat.say(yes)) == [expected(language, "utter_ask_help_category")]
    assert texts(await chat.say(shelter)) == [expected(language, "utter_ask_place")]

    results = texts(await chat.say(london))
    found = [fixed_part(expected(language, r)) for r in ("utter_place_found", "utter_place_found_ambiguous")]
    assert any(part in results[0] for part in found)
    start = results.index(expected(language, "utter_results_intro")) + 1
    listings = [t for t in results[start:-1] if t != expected(language, "utter_results_sample_notice")]
    assert len(listings) == 3 and all("London" in t for t in listings[:1])
    assert results[-1] == expected(language, "utter_what_next")

    emergency = " ".join(texts(await chat.say(danger)))
    assert "999" in emergency and "08000 121 700" in emergency
    # The first variant is the one for a country with a known hotline (the UK here).
    assert fixed_part(variants(language, "utter_emergency")[0]["text"]) in emergency

    assert expected(language, "utter_you_are_welcome") in texts(await chat.say(thanks))


@pytest.mark.parametrize("language", [code for code in LANGUAGES if code != "en"])
async def test_a_sentence_in_a_language_switches_the_conversation(chat, language):
    await chat.say("hello")
    await chat.say("yes")
    reply = texts(await chat.say(TYPED[language][5]))
    assert reply == [expected(language, "utter_ask_place")]


@pytest.mark.parametrize("language", ["es", "uk", "ar"])
async def test_changing_language_keeps_the_open_question(chat, language):
    await chat.say("hello")
    await chat.say("yes")
    await chat.say("i need a lawyer")
    assert texts(await chat.say(choose(language))) == [expected(language, "utter_language_changed"), expected(language, "utter_ask_place")]
    # The answer to that question still works after the switch.
    results = texts(await chat.say("london"))
    assert expected(language, "utter_what_next") == results[-1]


async def test_changing_language_in_the_situation_check_asks_the_same_question(chat):
    await chat.say("am i being trafficked?")
    await chat.say("/affirm")
    assert texts(await chat.say(choose("fr"))) == [expected("fr", "utter_language_changed"), expected("fr", "utter_check_documents")]
    assert texts(await chat.say("/deny")) == [expected("fr", "utter_check_debt")]


@pytest.mark.parametrize("text", ["ok", "1", "👍", "Київ", "hola", "Madrid", "\u200f\u200b", "???"])
async def test_short_messages_never_switch(chat, text):
    await chat.say(choose("pt"))
    await chat.say(text)
    assert texts(await chat.say("/bot_help"))[0] == expected("pt", "utter_help")


@pytest.mark.parametrize("text, language", [("español?", "es"), ("по-українськи", "uk"), ("po russki", "ru"), ("in french please", "fr")])
async def test_a_named_language_is_an_explicit_choice(chat, text, language):
    await chat.say("hello")
    reply = texts(await chat.say(text))
    assert reply == [expected(language, "utter_language_changed"), expected(language, "utter_ask_safe_to_talk")]


async def test_an_explicit_choice_wins_over_the_typing(chat):
    await chat.say(choose("uk"))
    await chat.say("/set_language{\"language\": \"ru\"}")
    # Ukrainian letters, but Russian was chosen last: a one-word answer keeps Russian.
    assert texts(await chat.say("так"))[0] != expected("uk", "utter_language_changed")
    assert texts(await chat.say("/bot_help"))[0] == expected("ru", "utter_help")


async def test_asking_for_another_language_shows_the_picker(chat):
    reply = await chat.say("other language")
    assert texts(reply) == [expected("en", "utter_language_picker")]
    assert [choose(code) for code in LANGUAGES] == payloads(reply)


async def test_an_unsupported_language_gets_english_and_the_picker(chat):
    # (Not "wie spät es jetzt ist": since the self-harm data, ordinary German sentences with
    # "jetzt" or "sofort" can get 0.1 danger or self-harm, and danger first wins over the picker.)
    reply = await chat.say("Guten Tag, können Sie mir bitte sagen, wie spät es bei Ihnen ist")
    assert texts(reply) == [expected("en", "utter_language_picker")]
    assert choose("uk") in payloads(reply)


async def test_a_request_understood_in_an_unsupported_language_is_served_in_english(chat):
    # The sentence embedding understands German it was never taught; a confident request
    # is served (in English) rather than turned into the picker (docs/languages.md).
    # (Without "sofort": with it, the request was at 0.79 and danger at 0.11 since the self-harm
    # data, so danger first answers; see docs/languages.md.)
    reply = await chat.say("Guten Tag, ich brauche bitte eine Unterkunft für heute Nacht")
    assert texts(reply) == [expected("en", "utter_ask_place")]


async def test_the_fallback_does_not_undo_a_language_change(chat):
    await chat.say("hello")
    # Not understood, but the message was clearly Spanish: the reply and what follows stay Spanish.
    assert texts(await chat.say("/nlu_fallback{\"language\": \"es\"}"))[0] == expected("es", "utter_default")
    assert texts(await chat.say("/bot_help"))[0] == expected("es", "utter_help")


@pytest.mark.parametrize("text", ["\u202eолож\u202c", "مرحبا \u200f123\u200e", "hola \u2066меня\u2069 zawsze 👍🏽", "preciso de help por favor please"])
async def test_odd_and_mixed_messages_are_answered(chat, text):
    assert await chat.say(text)
