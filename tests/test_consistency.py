"""Consistency between the parts: domain, actions, training data, configuration and docs."""

import re
import subprocess
import sys
from pathlib import Path

import yaml
from rasa_sdk.executor import ActionExecutor

ROOT = Path(__file__).resolve().parent.parent
DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))


def registered_actions():
    executor = ActionExecutor()
    executor.register_package("bot.actions")
    return set(executor.actions)


def test_every_domain_action_is_registered_and_vice_versa():
    assert set(DOMAIN["actions"]) == registered_actions()


def test_every_response_an_action_sends_exists_in_the_domain():
    sent = set()
    for path in (ROOT / "bot" / "actions").glob("*.py"):
        sent |= set(re.findall(r"""["'](utter_[a-z0-9_]+)["']""", path.read_text(encoding="utf-8")))
    assert sent, "the scan found no responses at all"
    assert sent <= set(DOMAIN["responses"])


def test_every_response_used_in_rules_exists_in_the_domain():
    used = set()
    for path in (ROOT / "bot" / "data").rglob("*.yml"):
        used |= set(re.findall(r"action: (utter_[a-z0-9_]+)", path.read_text(encoding="utf-8")))
    assert used <= set(DOMAIN["responses"])


def test_form_questions_exist_for_every_required_slot():
    for form in DOMAIN["forms"].values():
        for slot in form["required_slots"]:
            assert f"utter_ask_{slot}" in DOMAIN["responses"]


def test_every_intent_has_training_examples():
    trained = set()
    for path in (ROOT / "bot" / "data" / "nlu").rglob("*.yml"):
        for block in yaml.safe_load(path.read_text(encoding="utf-8"))["nlu"]:
            if "intent" in block:
                trained.add(block["intent"])
    assert set(DOMAIN["intents"]) == trained


def test_rasa_data_validation_has_no_warnings():
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "validate_data.py")], capture_output=True, text=True, cwd=ROOT
    )
    assert result.returncode == 0, result.stderr[-3000:]


def test_make_help_lists_every_target():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    phony = set(re.findall(r"^\.PHONY: (\S+)", makefile, re.M))
    documented = set(re.findall(r"^([a-zA-Z_-]+):.*## ", makefile, re.M))
    assert phony == documented


def test_readme_leads_with_the_two_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first_commands = re.findall(r"^make \w+", readme, re.M)[:2]
    assert first_commands == ["make run", "make test"]


def test_ci_runs_make_test():
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_every_category_has_a_display_label():
    from resources_db.models import CATEGORIES

    categories = set(CATEGORIES) | {"any"}
    assert set(DOMAIN["slots"]["help_category"]["values"]) == categories
    for category in categories | {"unknown"}:
        assert f"utter_label_{category}" in DOMAIN["responses"], category


def test_every_category_can_be_asked_for_by_intent():
    mapped = {m["value"] for m in DOMAIN["slots"]["help_category"]["mappings"] if m["type"] == "from_intent"}
    assert mapped == set(DOMAIN["slots"]["help_category"]["values"])


def test_every_intent_that_sets_the_kind_of_help_starts_the_search():
    rules = (ROOT / "bot" / "data" / "rules" / "search.yml").read_text(encoding="utf-8")
    for mapping in DOMAIN["slots"]["help_category"]["mappings"]:
        if mapping["type"] == "from_intent" and not mapping.get("conditions"):
            assert f"intent: {mapping['intent']}\n" in rules, mapping["intent"]


def test_every_label_key_an_action_can_send_has_a_catalog_text():
    import datetime as dt

    from bot.actions.formatting import template_values
    from tests.bot.fakes import record

    keys = set()
    for open_now in (True, False, None):
        for assured, stale in ((dt.date(2026, 1, 1), False), (dt.date(2020, 1, 1), True), (None, True)):
            values = template_values(record(open_now=open_now, assured_date=assured, is_stale=stale))
            keys |= {v for k, v in values.items() if k.endswith("_label_key")}
    assert len(keys) == 6
    for key in keys:
        assert f"utter_label_{key}" in DOMAIN["responses"], key
