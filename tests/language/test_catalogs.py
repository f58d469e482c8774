"""Every language is complete: configuration, catalog, training data and held-out data agree.

Adding a language is a data-only change (docs/languages.md); these tests say what is missing.
"""

import re
from pathlib import Path

import pytest
import yaml

from bot.language.catalogs import catalog
from bot.language.chat_model import NLU_DIR, language_of_file
from bot.language.supported import FALLBACK_LANGUAGE, load

ROOT = Path(__file__).resolve().parents[2]
HELDOUT_DIR = ROOT / "tests" / "nlu_heldout"
DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
ENGLISH = DOMAIN["responses"]
INTENTS = set(DOMAIN["intents"])
TRANSLATED = [code for code in load().codes if code != FALLBACK_LANGUAGE]
PLACEHOLDER = re.compile(r"{(\w+)}")


def shape(variant):
    """What a translation must keep: channel, conditions, payloads and placeholders."""
    return {
        "channel": variant.get("channel"),
        "condition": variant.get("condition"),
        "payloads": [b["payload"] for b in variant.get("buttons") or []],
        "placeholders": sorted(PLACEHOLDER.findall(variant.get("text", ""))),
    }


def nlu_intents(path):
    return {block["intent"] for block in yaml.safe_load(path.read_text(encoding="utf-8"))["nlu"] if "intent" in block}


def test_ten_languages_english_first():
    assert load().codes[0] == FALLBACK_LANGUAGE
    assert set(load().codes) == {"en", "es", "fr", "uk", "ru", "ro", "pl", "pt", "ar", "vi"}


@pytest.mark.parametrize("code", TRANSLATED)
def test_catalog_has_every_response_and_nothing_else(code):
    assert sorted(catalog(code)) == sorted(ENGLISH)


@pytest.mark.parametrize("code", TRANSLATED)
def test_translations_keep_variants_payloads_and_placeholders(code):
    problems = []
    for name, variants in catalog(code).items():
        english = ENGLISH.get(name) or []
        if [shape(v) for v in variants] != [shape(v) for v in english]:
            problems.append(name)
        if any(not (v.get("text") or "").strip() for v in variants):
            problems.append(f"{name}: empty text")
    assert problems == []


@pytest.mark.parametrize("code", TRANSLATED)
def test_translations_are_not_left_in_english(code):
    same = [name for name, variants in catalog(code).items() if [v.get("text") for v in variants] == [v.get("text") for v in ENGLISH[name]]]
    assert same == []


@pytest.mark.parametrize("code", load().codes)
def test_training_data_covers_every_intent(code):
    files = [p for p in NLU_DIR.glob("*.yml") if language_of_file(p) == code]
    assert files, f"no training data for {code}"
    assert set().union(*(nlu_intents(p) for p in files)) == INTENTS


@pytest.mark.parametrize("code", load().codes)
def test_held_out_data_covers_every_intent_and_is_never_trained_on(code):
    from rasa.shared.nlu.training_data.loading import load_data

    # the split and the parts written later (<code>_blind.yml, <code>_selfharm.yml)
    paths = [HELDOUT_DIR / f"{code}.yml", *HELDOUT_DIR.glob(f"{code}_*.yml")]
    assert set().union(*(nlu_intents(p) for p in paths)) == INTENTS
    held_out = {m.get("text").casefold() for p in paths for m in load_data(str(p)).intent_examples}
    trained = {m.get("text").casefold() for m in load_data(str(NLU_DIR)).intent_examples}
    assert held_out & trained == set()


def test_every_training_file_is_in_a_supported_language():
    assert {language_of_file(p) for p in NLU_DIR.glob("*.yml")} <= set(load().codes)
