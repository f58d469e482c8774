"""How close a message is to the nearest training example of each intent, as features.

Input rows are sentence embeddings (bot.nlu.sentence_embedding, unit length); output is one
column per intent: the cosine similarity to that intent's most similar training example. A
linear model over the embedding alone draws one flat boundary per intent; this lets it see
that a message is almost exactly one known example ("cya" next to "see ya").

Training rows must not find themselves, or every training row would look like a perfect
match and the classifier would learn to trust these columns blindly: `fit_transform` leaves
each row's own example out (the usual stacking rule); `transform` uses all of them. The
training embeddings are kept (float32, 21k x 384, about 32 MB) and pickled with the model.
"""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin

CHUNK = 2048  # rows compared at a time: a 2048 x 21k similarity block is ~170 MB of float32


class NearestExamples(TransformerMixin, BaseEstimator):
    def fit(self, rows: np.ndarray, y: Sequence[Any]) -> "NearestExamples":
        labels = np.asarray(y)
        self.classes_ = np.unique(labels)
        self.examples_ = np.ascontiguousarray(rows, dtype=np.float32)
        self.example_class_ = np.searchsorted(self.classes_, labels)
        return self

    def transform(self, rows: np.ndarray) -> np.ndarray:
        return self._similarities(np.asarray(rows, dtype=np.float32), leave_own_out=False)

    def fit_transform(self, rows: np.ndarray, y: Sequence[Any] = None, **fit_params: Any) -> np.ndarray:
        self.fit(rows, y)
        return self._similarities(self.examples_, leave_own_out=True)

    def _similarities(self, rows: np.ndarray, leave_own_out: bool) -> np.ndarray:
        out = np.full((len(rows), len(self.classes_)), -1.0, dtype=np.float32)
        members = [np.flatnonzero(self.example_class_ == c) for c in range(len(self.classes_))]
        for start in range(0, len(rows), CHUNK):
            block = rows[start : start + CHUNK] @ self.examples_.T
            if leave_own_out:
                block[np.arange(len(block)), np.arange(start, start + len(block))] = -1.0
            for c, index in enumerate(members):
                out[start : start + len(block), c] = block[:, index].max(axis=1)
        return out
