"""Run Rasa's own data validation (what `rasa data validate --fail-on-warnings` checks) and
fail on every warning, except the ones Rasa 3.6 raises for things it cannot see:

- a display label that bot/nlg.py looks up by name (utter_label_<category>);
- a response sent by a custom action (bot/actions: `response="utter_..."`), by a form asking
  for a slot (`utter_ask_<slot>`), or by a default action (utter_default, utter_restart)
  is reported as "not used in any story or rule";
- an intent used only inside a form, in a slot mapping conditioned on that form (e.g. `skip`
  when the search form asks a question), is reported as "not used in any story or rule".
  An intent with only unconditioned mappings is NOT exempt: it needs a rule to do anything.

Each exemption is checked: the response or intent must really be used where we say it is.
Usage: python scripts/validate_data.py   (exit 0 when clean, 1 with the warnings listed)
"""

from __future__ import annotations

import logging
import re
import sys
import warnings
from pathlib import Path
from typing import List, Set

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_ACTION_RESPONSES = {"utter_default", "utter_restart"}
LABEL_PREFIX = "utter_label_"  # display texts that bot/nlg.py looks up by name
UNUSED_RESPONSE = re.compile(r"The utterance '([^']+)' is not used in any story or rule\.")
UNUSED_INTENT = re.compile(r"The intent '([^']+)' is not used in any story or rule\.")


def responses_sent_by_actions() -> Set[str]:
    pattern = re.compile(r"""["'](utter_[a-z0-9_]+)["']""")
    found: Set[str] = set()
    for path in (ROOT / "bot" / "actions").glob("*.py"):
        found.update(pattern.findall(path.read_text(encoding="utf-8")))
    return found


def explained(message: str, domain) -> bool:
    response = UNUSED_RESPONSE.search(message)
    if response:
        name = response.group(1)
        form_questions = {f"utter_ask_{slot}" for form in domain.forms.values() for slot in form["required_slots"]}
        uses_labels = LABEL_PREFIX in (ROOT / "bot" / "nlg.py").read_text(encoding="utf-8")
        if uses_labels and name.startswith(LABEL_PREFIX):
            return True
        return name in responses_sent_by_actions() | form_questions | DEFAULT_ACTION_RESPONSES
    intent = UNUSED_INTENT.search(message)
    if intent:
        name = intent.group(1)
        return any(
            (mapping.get("intent") == name or name in (mapping.get("intent") or []))
            and any(condition.get("active_loop") for condition in mapping.get("conditions") or [])
            for slot in domain.slots
            for mapping in slot.mappings
        )
    return False


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.messages: List[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def main() -> int:
    from rasa.shared.importers.importer import TrainingDataImporter
    from rasa.validator import Validator

    importer = TrainingDataImporter.load_from_config(
        str(ROOT / "config.yml"), str(ROOT / "domain.yml"), [str(ROOT / "bot" / "data")]
    )
    collector = _Collect()
    logging.getLogger("rasa").addHandler(collector)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        validator = Validator.from_importer(importer)
        checks = [
            validator.verify_domain_validity(),
            validator.verify_actions_in_stories_rules(),
            validator.verify_forms_in_stories_rules(),
            validator.verify_form_slots(),
            validator.verify_slot_mappings(),
            validator.verify_nlu(True),
            validator.verify_story_structure(True),
        ]
        validator.warn_if_config_mandatory_keys_are_not_set()
    domain = importer.get_domain()
    from rasa.utils.common import EXPECTED_WARNINGS  # what the rasa CLI itself hides

    def expected_by_rasa(warning: warnings.WarningMessage) -> bool:
        return any(
            issubclass(warning.category, category) and re.match(pattern, str(warning.message))
            for category, pattern in EXPECTED_WARNINGS
        )

    raised = [
        str(w.message) for w in caught if issubclass(w.category, UserWarning) and not expected_by_rasa(w)
    ]
    problems = [m for m in raised + collector.messages if not explained(m, domain)]
    for message in problems:
        print(f"warning: {message}", file=sys.stderr)
    if not all(checks) or problems:
        print(f"Validation failed: {len(problems)} unexplained warning(s).", file=sys.stderr)
        return 1
    print(f"Training data and domain are valid ({len(raised)} known false positives of Rasa 3.6 explained).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
