"""A language classifier for short chat messages, learnt from our own training data.

General detectors learn from books and web pages: they read "preciso de ajuda" as Spanish,
"toi can giup do" as Romanian and cannot read Russian or Ukrainian typed in Latin letters at
all. Our NLU training data is exactly the kind of text this assistant receives, in every
supported language, typed the way people type (no accents, transliterated, mixed with
English). So the second detector is a linear classifier over character n-grams of those
examples (scikit-learn, which Rasa already depends on; logistic loss, so it gives
probabilities), each labelled with its file's language: `bot/data/nlu/<code>.yml` or
`<code>_<anything>.yml`. Measured on the held-out files (bench/languages), it beat
full logistic regression and naive Bayes and fits in about a second.

Fitting happens when the NLU model is trained; the held-out files under tests/nlu_heldout
are never read here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, Iterable, List, Sequence, Tuple

from bot.language.supported import fold

NLU_DIR = Path(__file__).resolve().parents[1] / "data" / "nlu"


def language_of_file(path: Path) -> str:
    """The language a training file holds, from its name: es.yml, en_safety.yml -> es, en."""
    return path.stem.split("_", 1)[0]


def labelled_examples(directory: Path, languages: Sequence[str]) -> List[Tuple[str, str]]:
    """(text, language) for every example in the training files of the given languages."""
    from rasa.shared.nlu.training_data.loading import load_data

    examples = []
    for path in sorted(directory.glob("*.yml")):
        language = language_of_file(path)
        if language in languages:
            examples.extend((m.get("text"), language) for m in load_data(str(path)).intent_examples)
    return examples


@dataclass
class ChatLanguageModel:
    pipeline: Any

    @classmethod
    def fit(cls, examples: Iterable[Tuple[str, str]]) -> "ChatLanguageModel":
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import SGDClassifier
        from sklearn.pipeline import FeatureUnion, make_pipeline

        texts, labels = zip(*examples)
        features = FeatureUnion(
            [
                # As typed (accents and letters are strong evidence) ...
                ("typed", TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 4), sublinear_tf=True)),
                # ... and folded, so that unaccented typing looks like the accented examples.
                ("folded", TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 4), sublinear_tf=True, preprocessor=fold)),
            ]
        )
        classifier = SGDClassifier(loss="log_loss", alpha=1e-5, max_iter=50, tol=1e-4, random_state=0)
        pipeline = make_pipeline(features, classifier)
        pipeline.fit(list(texts), list(labels))
        return cls(pipeline)

    @property
    def languages(self) -> Tuple[str, ...]:
        return tuple(self.pipeline.classes_)

    def probabilities(self, text: str) -> Dict[str, float]:
        row = self.pipeline.predict_proba([text])[0]
        return {language: float(p) for language, p in zip(self.pipeline.classes_, row)}
