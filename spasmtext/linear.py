"""Fitted logistic regressions as plain arrays: inference without pickles or scikit-learn.

spasmtext trains scikit-learn ``LogisticRegression`` models (behind a
``DictVectorizer`` for feature dicts). To apply one, all that is needed is its
feature names, classes, coefficients and intercepts, so the shipped model
stores those (:meth:`LinearModel.to_disk`: a JSON file and a ``.npy`` array,
read back with ``allow_pickle=False``) instead of pickles. Loading a model
then runs no code from the model directory, and neither a worker process nor
a user's script has to import scikit-learn (about 0.8 s of start-up).

:meth:`LinearModel.predict_proba` computes what the fitted estimator's
``predict_proba`` computes, the same way: the decision function
``X @ coef.T + intercept``, then the logistic function for two classes and
softmax for more. Sums may be taken in another order than scikit-learn's, so
the probabilities agree to about 1e-15, not bit for bit (a test compares
them).
"""

import itertools
import json
from pathlib import Path

import numpy as np

from .errors import Errors


class LinearModel:
    """A fitted multinomial or binary logistic regression over named features."""

    def __init__(self, features, classes, coef, intercept):
        self.feature_names = list(features)
        self.vocabulary_ = {name: i for i, name in enumerate(self.feature_names)}
        self.classes_ = np.asarray(classes)
        self.coef_ = np.ascontiguousarray(coef, dtype=np.float64)  # (1 or n_classes, n_features)
        self.intercept_ = np.asarray(intercept, dtype=np.float64)
        if self.coef_.shape != (len(self.intercept_), len(self.feature_names)):
            raise ValueError(Errors.E020.format(coef=self.coef_.shape, n=len(self.feature_names)))
        # per decision column, the weight of each feature and a zero for unknown names
        self._class_weights = [np.append(row, 0.0) for row in self.coef_]

    @classmethod
    def from_sklearn(cls, estimator, features=None):
        """From a fitted ``Pipeline([DictVectorizer, LogisticRegression])``, or a bare
        ``LogisticRegression`` whose input columns are named ``features``."""
        if hasattr(estimator, "steps"):
            vectorizer, model = estimator[0], estimator[-1]
            features = vectorizer.get_feature_names_out()
        else:
            model = estimator
        return cls([str(f) for f in features], [c.item() if hasattr(c, "item") else c for c in model.classes_],
                   model.coef_, model.intercept_)

    # -- inference -------------------------------------------------------------
    def decision_function(self, rows):
        """``X @ coef.T + intercept`` for feature dicts (name -> value; unknown names are
        ignored, as ``DictVectorizer`` does) or a dense array of shape (n, n_features)."""
        if isinstance(rows, np.ndarray):
            return rows @ self.coef_.T + self.intercept_
        get, unknown = self.vocabulary_.get, itertools.repeat(len(self.feature_names))
        columns, values, lengths = [], [], []
        for row in rows:  # map() and extend() keep the per-feature work in C
            columns.extend(map(get, row, unknown))  # an unknown name gets the all-zero last row
            values.extend(row.values())
            lengths.append(len(row))
        binary = values.count(1) == len(values)  # spasmtext's features: every value is 1
        return self._sums(columns, lengths, None if binary else values) + self.intercept_

    def _sums(self, columns, lengths, values=None):
        n = len(lengths)
        owner = np.repeat(np.arange(n), lengths)  # the row of each term
        columns = np.fromiter(columns, dtype=np.intp, count=len(columns))
        if values is not None:
            values = np.fromiter(values, dtype=np.float64, count=len(values))
        sums = np.empty((n, len(self._class_weights)))
        for k, weights in enumerate(self._class_weights):
            terms = weights[columns]
            if values is not None:
                terms *= values
            sums[:, k] = np.bincount(owner, weights=terms, minlength=n)
        return sums

    def probabilities(self, decision):
        """Class probabilities (columns in the order of ``classes_``) from decision values,
        as scikit-learn computes them: the logistic function for two classes, softmax for
        more. ``decision`` is overwritten."""
        if len(self.classes_) <= 2:  # binary: the logistic function of the one column
            positive = 1.0 / (1.0 + np.exp(-decision[:, 0]))
            return np.stack([1 - positive, positive], axis=1)
        decision -= decision.max(axis=1, keepdims=True)
        np.exp(decision, out=decision)
        decision /= decision.sum(axis=1, keepdims=True)
        return decision

    def predict_proba(self, rows):
        """Class probabilities, columns in the order of ``classes_``."""
        return self.probabilities(self.decision_function(rows))

    # -- serialization ------------------------------------------------------------
    def to_disk(self, path):
        """Write ``path`` + ``.json`` (features, classes) and ``.npy`` (coefficients, the
        intercepts as the last column); both byte-identical for identical values."""
        path = Path(path)
        meta = {"kind": "logistic_regression", "classes": self.classes_.tolist(), "features": self.feature_names}
        path.with_suffix(".json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf8")
        np.save(path.with_suffix(".npy"), np.hstack([self.coef_, self.intercept_[:, None]]), allow_pickle=False)

    @classmethod
    def from_disk(cls, path):
        path = Path(path)
        meta = json.loads(path.with_suffix(".json").read_text(encoding="utf8"))
        weights = np.load(path.with_suffix(".npy"), allow_pickle=False)
        return cls(meta["features"], meta["classes"], weights[:, :-1], weights[:, -1])

    @staticmethod
    def files(path):
        """The two files :meth:`to_disk` writes for ``path``."""
        return [Path(path).with_suffix(".json"), Path(path).with_suffix(".npy")]


def as_linear(model, features=None):
    """``model`` as a :class:`LinearModel` (converted if it is a fitted scikit-learn
    estimator; ``features``: its column names if it has no vectorizer)."""
    return model if isinstance(model, LinearModel) else LinearModel.from_sklearn(model, features)
