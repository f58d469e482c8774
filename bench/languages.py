"""Language detection and intent accuracy per language, on the held-out data (tests/nlu_heldout:
<code>.yml, the split; <code>_blind.yml, written later without seeing the training data; and
<code>_selfharm.yml, written when self_harm became its own intent).

Prints, per language and per message length (1, 2-3, 4-8, 9+ words), for every held-out
message except set_language ones (they name a language, often another one):
- detector: how often the detector's best guess alone is the message's language;
- switch: starting from another language (English; Spanish for English messages), how often
  the conversation ends up in the message's language, and how often it switched to a wrong one;
- keep: already in the message's language, how often a message wrongly switched it away;
and the intent accuracy and weighted F1 per language from Rasa's own NLU evaluation
(`rasa test nlu`'s code, run on one loaded model), and how many danger and self-harm messages
the conversation acts on as danger (and how many others it wrongly does). The held-out files are never trained on.
Usage: python -m bench.languages [--model models/bot.tar.gz] [--skip-intents]
This is a benchmark: it prints numbers and asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Dict, List, Tuple

ROOT = Path(__file__).resolve().parents[1]
HELDOUT = ROOT / "tests" / "nlu_heldout"
BUCKETS = ("1", "2-3", "4-8", "9+")


def bucket(word_count: int) -> str:
    return "1" if word_count <= 1 else "2-3" if word_count <= 3 else "4-8" if word_count <= 8 else "9+"


def held_out_files(code: str) -> List[Path]:
    """The language's held-out files: `<code>.yml` (the split) and `<code>_*.yml` (parts
    written later, such as `<code>_blind.yml`)."""
    return [HELDOUT / f"{code}.yml", *sorted(HELDOUT.glob(f"{code}_*.yml"))]


def held_out(codes) -> Dict[str, List[Tuple[str, str]]]:
    from rasa.shared.nlu.training_data.loading import load_data

    return {code: [(m.get("text"), m.get("intent")) for path in held_out_files(code) for m in load_data(str(path)).intent_examples] for code in codes}


def part_texts(code: str) -> Dict[str, set]:
    """Which held-out file each text is in, by the file's name ("split", "blind", ...)."""
    from rasa.shared.nlu.training_data.loading import load_data

    return {
        ("split" if path.stem == code else path.stem.split("_", 1)[1]): {m.get("text") for m in load_data(str(path)).intent_examples}
        for path in held_out_files(code)
    }


def measure_detection(data, languages) -> Dict[str, Dict[str, Dict[str, int]]]:
    from bot.language.chat_model import NLU_DIR, ChatLanguageModel, labelled_examples
    from bot.language.detection import LanguageDecider
    from bot.language.supported import words

    started = time.perf_counter()
    model = ChatLanguageModel.fit(labelled_examples(NLU_DIR, languages.codes))
    print(f"chat classifier fitted in {time.perf_counter() - started:.1f} s")
    decider = LanguageDecider(languages, model.probabilities)
    counts: Dict[str, Dict[str, Dict[str, int]]] = defaultdict(lambda: defaultdict(lambda: defaultdict(int)))
    timings = []
    for code, examples in data.items():
        other = "es" if code == "en" else "en"
        for text, intent in examples:
            if intent == "set_language":  # these name a language: explicit choices, not detection
                continue
            row = counts[code][bucket(len(words(text)))]
            row["n"] += 1
            started = time.perf_counter()
            row["guess_ok"] += decider.guess(text) == code
            from_other = decider.decide(text, other).switch_to
            timings.append(time.perf_counter() - started)
            row["switched_ok"] += from_other == code
            row["switched_wrong"] += from_other not in (None, code)
            row["kept_wrongly"] += from_other is None
            row["left_own"] += decider.decide(text, code).switch_to is not None
    timings.sort()
    print(f"decision time per message: p50 {1000 * timings[len(timings) // 2]:.2f} ms, p95 {1000 * timings[int(len(timings) * 0.95)]:.2f} ms")
    return counts


def print_detection(counts) -> None:
    print("\nDetector on the held-out messages (n = messages; % of n)")
    print(f"{'lang':5} {'words':6} {'n':>4} {'detector':>9} {'switch ok':>10} {'wrong sw':>9} {'kept':>6} {'left own':>9}")
    total = defaultdict(lambda: defaultdict(int))
    for code, rows in counts.items():
        for name in BUCKETS:
            row = rows.get(name)
            if not row:
                continue
            for key, value in row.items():
                total[name][key] += value
            _print_row(code, name, row)
    for name in BUCKETS:
        _print_row("all", name, total[name])
    two_plus = defaultdict(int)
    for name in BUCKETS[1:]:
        for key, value in total[name].items():
            two_plus[key] += value
    _print_row("all", "2+", two_plus)


def _print_row(code, name, row) -> None:
    n = row["n"] or 1
    pct = lambda key: f"{100 * row[key] / n:.1f}%"  # noqa: E731
    print(f"{code:5} {name:6} {row['n']:>4} {pct('guess_ok'):>9} {pct('switched_ok'):>10} {pct('switched_wrong'):>9} {pct('kept_wrongly'):>6} {pct('left_own'):>9}")


async def measure_intents(model_path: Path, codes) -> None:
    import logging

    from rasa.core.agent import Agent
    from rasa.nlu.test import run_evaluation
    from rasa.utils.log_utils import configure_structlog

    from bot.nlu.danger_first import DANGER_INTENTS

    configure_structlog(logging.INFO)  # Rasa's per-message debug lines carry the text
    logging.getLogger("rasa").setLevel(logging.WARNING)
    agent = Agent.load(str(model_path))
    print("\nIntents on the held-out split (Rasa NLU evaluation: the classifier's top intent;")
    print("'answered' = the intent the conversation acts on, after the fallback threshold;")
    print("'split', 'blind', 'selfharm' = accuracy on each held-out file alone: <code>.yml, <code>_<part>.yml)")
    names = list(part_texts(codes[0]))
    print(f"{'lang':5} {'n':>4} {'accuracy':>9} {'F1 (w)':>7} {'answered':>9} {'fallback':>9} " + " ".join(f"{n:>8}" for n in names))
    data = held_out(codes)
    # danger and self_harm are both answered with the emergency numbers (DANGER_INTENTS)
    danger = {gold: {"caught": 0, "missed": 0} for gold in DANGER_INTENTS}
    others = {"false": 0, "n": 0}
    totals: Dict[str, List[int]] = defaultdict(lambda: [0, 0])
    for code in codes:
        with tempfile.TemporaryDirectory() as out, tempfile.TemporaryDirectory() as files:
            for path in held_out_files(code):  # Rasa evaluates a file or a whole directory
                (Path(files) / path.name).write_bytes(path.read_bytes())
            result = await run_evaluation(files, agent.processor, output_directory=out, disable_plotting=True, report_as_dict=True)
        intents = result["intent_evaluation"]
        n = int(intents["report"]["weighted avg"]["support"])
        parts = []
        for name, texts in part_texts(code).items():
            rows = [p for p in intents["predictions"] if p["text"] in texts]
            right = sum(p["intent"] == p["predicted"] for p in rows)
            totals[name][0] += right
            totals[name][1] += len(rows)
            parts.append(f"{100 * right / max(len(rows), 1):>7.1f}%")
        totals["all"][0] += round(intents["accuracy"] * n)
        totals["all"][1] += n
        acted = [(await agent.parse_message(text))["intent"]["name"] for text, _ in data[code]]
        answered = sum(a == gold for a, (_, gold) in zip(acted, data[code])) / len(acted)
        fallback = acted.count("nlu_fallback") / len(acted)
        for a, (_, gold) in zip(acted, data[code]):
            if gold in DANGER_INTENTS:
                danger[gold]["caught" if a in DANGER_INTENTS else "missed"] += 1
            else:
                others["n"] += 1
                others["false"] += a in DANGER_INTENTS
        print(f"{code:5} {n:>4} {100 * intents['accuracy']:>8.1f}% {100 * intents['f1_score']:>6.1f}% {100 * answered:>8.1f}% {100 * fallback:>8.1f}% {' '.join(parts)}")
    print("all   " + ", ".join(f"{name} {100 * right / max(count, 1):.1f}% of {count}" for name, (right, count) in totals.items()))
    print("\nDanger (after the fallback and danger-first; self_harm is answered as danger):")
    for gold, count in danger.items():
        print(f"{count['caught']} of {count['caught'] + count['missed']} {gold} messages acted on as danger;")
    print(f"{others['false']} of {others['n']} other messages ({100 * others['false'] / max(others['n'], 1):.1f}%) too.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=ROOT / "models" / "bot.tar.gz")
    parser.add_argument("--skip-intents", action="store_true", help="only the language detector")
    args = parser.parse_args()
    from bot.language.supported import load

    languages = load()
    data = held_out(languages.codes)
    print_detection(measure_detection(data, languages))
    if not args.skip_intents:
        asyncio.run(measure_intents(args.model, languages.codes))


if __name__ == "__main__":
    main()
