"""How close a message is to the nearest training example of each intent, as features.

Input rows are sentence embeddings (bot.nlu.sentence_embedding, unit length); output is one
column per intent: the cosine similarity to that intent's most similar training example. A
linear model over the embedding alone draws one flat boundary per intent; this lets it see
that a message is almost exactly one known example ("cya" next to "see ya").

Training rows must not find themselves, or every training row would look like a perfect
match and the classifier would learn to trust these columns blindly: `fit_transform` leaves
each row's own example out (the usual stacking rule), and its twin too where it has one (an
unaccented copy of it, bot.nlu.unaccented_copies: `twins[k]` is row k's twin or -1);
`transform` uses all of them. The training embeddings are kept (float32, 42k x 384, about
64 MB) and pickled with the model.
"""

from __future__ import annotations

from typing import Any, Optional, Sequence

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin

CHUNK = 2048  # rows compared at a time: a 2048 x 42k similarity block is ~340 MB of float32


class NearestExamples(TransformerMixin, BaseEstimator):
    def __init__(self, twins: Optional[Sequence[int]] = None) -> None:
        self.twins = twins

    def fit(self, rows: np.ndarray, y: Sequence[Any]) -> "NearestExamples":
        labels = np.asarray(y)
        # Examples are kept sorted by intent, so each intent is one slice of the columns and
        # one reduceat takes every intent's maximum; `position_` says where each training
        # row went, for leaving it out of its own features.
        order = np.argsort(labels, kind="stable")
        self.classes_, self.starts_ = np.unique(labels[order], return_index=True)
        self.examples_ = np.ascontiguousarray(np.asarray(rows, dtype=np.float32)[order])
        self.position_ = np.empty_like(order)
        self.position_[order] = np.arange(len(order))
        return self

    def transform(self, rows: np.ndarray) -> np.ndarray:
        return self._similarities(np.asarray(rows, dtype=np.float32))

    def fit_transform(self, rows: np.ndarray, y: Sequence[Any] = None, **fit_params: Any) -> np.ndarray:
        self.fit(rows, y)
        left_out = [self.position_]
        if self.twins is not None:
            twins = np.asarray(self.twins)
            if len(twins) != len(rows):
                raise ValueError(f"NearestExamples: {len(twins)} twins for {len(rows)} training rows")
            # a row without a twin leaves itself out twice, which is the same as once
            left_out.append(np.where(twins >= 0, self.position_[np.maximum(twins, 0)], self.position_))
        return self._similarities(np.asarray(rows, dtype=np.float32), left_out)

    def _similarities(self, rows: np.ndarray, left_out: Sequence[np.ndarray] = ()) -> np.ndarray:
        out = np.empty((len(rows), len(self.classes_)), dtype=np.float32)
        for start in range(0, len(rows), CHUNK):
            block = rows[start : start + CHUNK] @ self.examples_.T
            for columns in left_out:
                block[np.arange(len(block)), columns[start : start + len(block)]] = -1.0
            out[start : start + len(block)] = np.maximum.reduceat(block, self.starts_, axis=1)
        return out
