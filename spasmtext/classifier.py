"""The trained classifier: CAUSE, REMEDY or no mention, with a category.

Logistic regressions over :mod:`spasmtext.features` (and the reranker's own), trained with
scikit-learn (``DictVectorizer`` then ``LogisticRegression``) and saved and
applied as :class:`~spasmtext.linear.LinearModel` arrays (no pickles, no
scikit-learn needed to run them):

* the **label model** gives each candidate P(CAUSE), P(REMEDY), P(NONE).
  Candidates whose best label reaches ``threshold`` are kept, highest score
  first, skipping any that overlap one already kept; ``score`` is that
  label's probability. Where kept candidates overlap, a fitted **reranker**
  (:mod:`spasmtext.rerank`, models from 0.4.31) orders them instead of their
  score. A kept REMEDY that is "no" or "avoid" before a remedy
  of the lexicon ("No opioids") is cut to the remedy, which the context
  stage reads as advised against (:func:`_without_advice_against`);
* the **category model**, trained on gold mentions, picks the category among
  the kept label's categories;
* the **reranker**, trained on the groups of overlapping candidates the label
  model keeps in train documents it was not fitted on (out of fold), picks
  which of them is the mention ("pinched nerve" or "pinched nerve at L5-S1");
* the **calibrator** (Platt scaling fitted on the dev split's mentions and the
  train split's, predicted out of fold) maps the label
  probability of a kept mention to ``score``, the probability that the
  mention is right, span and label (the threshold applies to the uncalibrated
  probability; scaling is monotone, so the ranking is the same).

The result is ``doc.spans["spasmtext"]``. ``predict`` scores all candidates
of a minibatch of documents at once: :class:`~spasmtext.scoring.ArrayScorer`
sums the weights of their features from arrays, without building the feature
dicts (the same sums; ``tests/test_scoring.py`` compares them). While
training, the estimators are scikit-learn's, and their sparse matrix is
built from the fitted ``DictVectorizer``'s vocabulary directly
(:func:`binary_matrix`: every feature value is 1, so the per-value checks of
``DictVectorizer.transform`` are not needed; same matrix).
"""

import json
from pathlib import Path

import numpy as np
from spacy.language import Language
from spacy.tokens import Span

from .candidates import LEXICON_KEY
from .component import BatchComponent
from .errors import Errors
from .extensions import CANDIDATES_KEY, SPANS_KEY, group_bounds, set_extensions
from .features import DocContext, candidate_features
from .integrity import refuse_pickled_models
from .lexicon import CATEGORIES
from .linear import LinearModel, as_linear
from .rerank import rerank_rows
from .scoring import ArrayScorer
from .tokens import word_table

NONE_CLASS = "NONE"
DEFAULT_CONFIG = {"threshold": 0.5}
#: file stems of the saved models (``.json`` + ``.npy`` each, see :mod:`spasmtext.linear`)
MODEL_FILE = "label_model"
CATEGORY_MODEL_FILE = "category_model"
CALIBRATOR_FILE = "calibrator"
RERANKER_FILE = "reranker"


def make_estimator(*, C=1.0, random_state=0):
    """The unfitted scikit-learn estimator used by the classifier."""
    from sklearn.feature_extraction import DictVectorizer  # scikit-learn is needed to train only
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    return Pipeline([
        ("vectorizer", DictVectorizer()),
        ("classifier", LogisticRegression(C=C, max_iter=5000, random_state=random_state)),
    ])


@Language.factory("spasmtext_classifier", default_config=DEFAULT_CONFIG)
def make_classifier(nlp, name, threshold):
    """Create an unfitted classifier; load a trained one with ``from_disk``."""
    return SpanClassifier(name=name, threshold=threshold)


class SpanClassifier(BatchComponent):
    """Label candidate spans with a fitted scikit-learn estimator."""

    def __init__(self, *, name="spasmtext_classifier", threshold=0.5, model=None, category_model=None,
                 calibrator=None, reranker=None):
        set_extensions()
        self.name = name
        self.threshold = threshold
        self.model = model
        self.category_model = category_model
        self.calibrator = calibrator
        self.reranker = reranker
        self._array_scorer = (None, None)  # ((model, category model), their ArrayScorer)

    # -- training ---------------------------------------------------------
    @staticmethod
    def candidates(doc):
        """The candidates to classify (from ``spasmtext_candidates``)."""
        return list(doc.spans.get(CANDIDATES_KEY, []))

    @staticmethod
    def origins(doc):
        """Per candidate, the rules that proposed it (the group's ``attrs["origins"]``)."""
        group = doc.spans.get(CANDIDATES_KEY)
        return list(group.attrs.get("origins", [])) if group is not None else []

    @staticmethod
    def candidate_bounds(doc):
        """Per candidate ``(start, end, reading)``, from the group's ``attrs["bounds"]``
        without making a ``Span`` per candidate (from its spans if the group has changed)."""
        return group_bounds(doc, CANDIDATES_KEY)

    def featurize(self, docs):
        """Per doc, its candidates' ``((start, end, reading), origin)``; and their feature
        dicts, flattened over ``docs``."""
        candidates, feats = [], []
        for doc in docs:
            bounds, origins = self.candidate_bounds(doc), self.origins(doc)
            candidates.append(list(zip(bounds, origins)))
            feats.extend(candidate_features(doc, bounds, origins, word_table(doc.vocab)))
        return candidates, feats

    def _scorer(self):
        """The :class:`~spasmtext.scoring.ArrayScorer` of the current models (made again
        when a model is replaced)."""
        key = (self.model, self.category_model)
        if self._array_scorer[0] != key:
            self._array_scorer = (key, ArrayScorer(self.model, self.category_model))
        return self._array_scorer[1]

    def _label_decision(self, docs):
        """``(candidates, batch)``: per doc its candidates as :meth:`featurize` gives them,
        and the :class:`~spasmtext.scoring.Batch` that sums their features' weights."""
        candidates, contexts = [], []
        table = word_table(docs[0].vocab) if docs else None
        for doc in docs:
            bounds = self.candidate_bounds(doc)
            candidates.append(list(zip(bounds, self.origins(doc))))
            contexts.append(DocContext(doc, table) if bounds else None)
        return candidates, self._scorer().decisions(docs, contexts, candidates)

    def fit(self, feats, labels, estimator, cat_feats, categories, cat_estimator):
        """Fit the label model on all candidates and the category model on mentions.

        ``labels`` are ``"CAUSE"``, ``"REMEDY"`` or ``"NONE"`` per candidate;
        ``cat_feats``/``categories`` the features and categories of gold
        mentions (their label added as a feature by :func:`with_label`).
        Returns self.
        """
        self.model = estimator.fit(feats, labels)
        self.category_model = cat_estimator.fit(cat_feats, categories)
        return self

    # -- inference --------------------------------------------------------
    def predict(self, docs):
        """Per doc, a list of ``(span, label, category, score, origin)`` for kept mentions
        (``span``: a new ``Span`` with the chosen label)."""
        return self.decode(docs, self.kept(docs))

    def decode(self, docs, kept):
        """Per doc, the mentions among its kept candidates (``kept``, :meth:`kept`): those that
        do not overlap, ranked by the reranker where they compete (by the label probability
        without one), each a ``(span, label, category, score, origin)``."""
        return [[(Span(doc, start, end, label=label), label, category, score, origin)
                 for (start, end), label, category, score, origin in _without_advice_against(
                     doc, _non_overlapping(chosen, priority))]
                for doc, chosen, priority in zip(docs, kept, self._priorities(docs, kept))]

    def kept(self, docs):
        """Per doc, its candidates that pass the threshold, overlapping ones included, as
        ``((start, end), label, category, score, origin)`` (``score``: the label model's
        probability, before calibration)."""
        if self.model is None or self.category_model is None:
            raise ValueError(Errors.E007)
        classes = list(self.model.classes_)
        batch = None
        if isinstance(self.model, LinearModel) and isinstance(self.category_model, LinearModel):
            candidates, batch = self._label_decision(docs)
            proba = self.model.probabilities(batch.decision(0))
        else:  # a scikit-learn estimator, while training
            candidates, feats = self.featurize(docs)
            proba = predict_proba(self.model, feats) if feats else np.zeros((0, len(classes)))
        labels = [lab for lab in ("CAUSE", "REMEDY") if lab in classes]
        label_proba = proba[:, [classes.index(lab) for lab in labels]]
        best = label_proba.argmax(axis=1)  # the first of equals, CAUSE before REMEDY
        best_proba = label_proba[np.arange(len(best)), best]
        kept, kept_rows, kept_labels = [[] for _ in candidates], [], []
        owner = [k for k, doc_cands in enumerate(candidates) for _ in doc_cands]
        flat = [item for doc_cands in candidates for item in doc_cands]
        for row in np.flatnonzero(best_proba >= self.threshold).tolist():
            label = labels[best[row]]
            (start, end, _), origin = flat[row]
            kept[owner[row]].append(((start, end), label, float(best_proba[row]), origin))
            kept_rows.append(row)
            kept_labels.append(label)
        cat_classes = list(self.category_model.classes_)
        cat_proba = None
        if kept_rows and batch is not None:
            label_cols = [batch.scorer.get("label=" + label) for label in kept_labels]
            cat_proba = self.category_model.probabilities(batch.decision(1, kept_rows, label_cols))
        elif kept_rows:
            cat_proba = predict_proba(self.category_model, [with_label(feats[row], label)
                                                            for row, label in zip(kept_rows, kept_labels)])
        out, row = [], 0
        for doc_kept in kept:
            chosen = []
            for bounds, label, score, origin in doc_kept:
                allowed = [i for i, c in enumerate(cat_classes) if c in CATEGORIES[label]]
                best = max(allowed, key=lambda i: cat_proba[row][i]) if allowed else None
                category = str(cat_classes[best]) if best is not None else CATEGORIES[label][0]
                chosen.append((bounds, label, category, score, origin))
                row += 1
            out.append(chosen)
        return out

    def _priorities(self, docs, kept):
        """Per doc, the order in which :func:`_non_overlapping` takes its kept candidates:
        the reranker's probability for those that overlap another (:mod:`spasmtext.rerank`;
        one call for all of ``docs``), the label probability for the others; None (the label
        probability for all) without a reranker."""
        if self.reranker is None:
            return [None] * len(kept)
        priorities, places, rows = [], [], []
        for k, (doc, chosen) in enumerate(zip(docs, kept)):
            priorities.append([item[3] for item in chosen])
            for group, group_rows in rerank_rows(doc, chosen) if len(chosen) > 1 else ():
                places += [(k, i) for i in group]
                rows += group_rows
        if rows:
            column = list(self.reranker.classes_).index(1)
            for (k, i), p in zip(places, self.reranker.predict_proba(rows)[:, column].tolist()):
                priorities[k][i] = p
        return priorities

    def calibrate(self, raw):
        """Calibrated scores for an array of raw label probabilities (one call a batch)."""
        raw = np.asarray(raw, dtype=float)
        if self.calibrator is None or not raw.size:
            return raw
        return self.calibrator.predict_proba(_logit(raw)[:, None])[:, 1]

    def fit_calibrator(self, raw, correct, *, random_state=0):
        """Platt scaling: fit ``score = P(correct | raw)`` on mentions the classifier was not
        fitted on (dev, and train predicted out of fold)."""
        from sklearn.linear_model import LogisticRegression

        self.calibrator = LogisticRegression(C=1e4, random_state=random_state).fit(
            _logit(np.asarray(raw, dtype=float))[:, None], np.asarray(correct, dtype=int))
        return self

    def set_annotations(self, docs, predictions):
        scores = iter(self.calibrate([p[3] for preds in predictions for p in preds]))
        for doc, preds in zip(docs, predictions):
            mentions = []
            for mention, _, category, _, origin in preds:  # spans made with their label by predict
                mention._.category = category
                mention._.score = round(float(next(scores)), 4)
                mention._.origin = origin
                mentions.append(mention)
            doc.spans[SPANS_KEY] = mentions

    # -- serialization ------------------------------------------------------
    def to_disk(self, path, *, exclude=tuple()):
        """Write ``cfg.json`` and each fitted model as a :class:`~spasmtext.linear.LinearModel`
        (feature names and classes in JSON, weights in ``.npy``: no pickles)."""
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        models = {MODEL_FILE: self.model, CATEGORY_MODEL_FILE: self.category_model, CALIBRATOR_FILE: self.calibrator,
                  RERANKER_FILE: self.reranker}
        for name, model in models.items():
            if model is not None:
                as_linear(model, features=["logit"] if name == CALIBRATOR_FILE else None).to_disk(path / name)
        cfg = {"threshold": self.threshold, "models": sorted(name for name, m in models.items() if m is not None)}
        (path / "cfg.json").write_text(json.dumps(cfg, indent=1, sort_keys=True), encoding="utf8")

    def from_disk(self, path, *, exclude=tuple()):
        path = Path(path)
        refuse_pickled_models(path)
        cfg = json.loads((path / "cfg.json").read_text(encoding="utf8"))
        self.threshold = cfg["threshold"]
        saved = set(cfg.get("models", ()))
        self.model, self.category_model, self.calibrator, self.reranker = (
            LinearModel.from_disk(path / name) if name in saved else None
            for name in (MODEL_FILE, CATEGORY_MODEL_FILE, CALIBRATOR_FILE, RERANKER_FILE))
        return self


def binary_matrix(vectorizer, feats):
    """What ``vectorizer.transform(feats)`` returns for feature dicts whose values are
    all 1 (names unknown to the fitted ``DictVectorizer`` are dropped, as it does)."""
    import scipy.sparse as sp

    lookup = vectorizer.vocabulary_.get
    indices, indptr = [], [0]
    for f in feats:
        indices.extend([i for i in map(lookup, f) if i is not None])
        indptr.append(len(indices))
    index_type = np.int32 if len(indices) < np.iinfo(np.int32).max else np.int64  # as DictVectorizer
    matrix = sp.csr_array((np.ones(len(indices), dtype=vectorizer.dtype), np.asarray(indices, dtype=index_type),
                           np.asarray(indptr, dtype=index_type)), shape=(len(feats), len(vectorizer.vocabulary_)))
    matrix.sort_indices()  # one C pass; the keys of a dict are distinct, so no duplicates
    return matrix


def predict_proba(estimator, feats):
    """``estimator.predict_proba(feats)`` for binary feature dicts: a
    :class:`~spasmtext.linear.LinearModel`, or a fitted ``DictVectorizer`` + classifier
    pipeline (during training), whose matrix :func:`binary_matrix` builds."""
    if isinstance(estimator, LinearModel):
        return estimator.predict_proba(feats)
    vectorizer, model = estimator[0], estimator[-1]
    return model.predict_proba(binary_matrix(vectorizer, feats))


def _logit(p):
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))


def with_label(features, label):
    """Category-model features: the span's features plus its label."""
    return {**features, "label=" + label: 1}


#: words of advice against a remedy that a REMEDY mention does not keep ("No opioids", "Avoid bed rest"):
#: two of the context rules' forward cues, which then negate the remedy (the classifier runs before the
#: context stage and does not read its rules)
ADVICE_AGAINST = frozenset({"no", "avoid"})


def _without_advice_against(doc, chosen):
    """``chosen`` with each REMEDY mention that is a word of ``ADVICE_AGAINST`` before a remedy of
    the lexicon ("Avoid opioids") cut to the remedy ("opioids"), which the context stage then
    reads as advised against: ANNOTATION.md's "bed rest is not recommended". An avoidance that is
    a remedy of its own keeps its word: "Avoid heavy lifting", "No lifting over 10 lbs" (lifting
    is a cause in the lexicon). In train, every remedy of the lexicon after "no" or "avoid" is a
    negated mention without the word."""
    if not chosen:
        return chosen
    remedies = {(s, e) for s, e, reading in group_bounds(doc, LEXICON_KEY) if reading.startswith("REMEDY|")}
    out = []
    for (start, end), label, category, score, origin in chosen:
        if label == "REMEDY" and (start + 1, end) in remedies and doc[start].lower_ in ADVICE_AGAINST:
            start += 1
        out.append(((start, end), label, category, score, origin))
    return out


def _non_overlapping(chosen, priority=None):
    """Keep the mentions that do not overlap, highest ``priority`` first (by default the
    score), then the longest."""
    if priority is None:
        priority = [c[3] for c in chosen]
    taken = []
    occupied = set()
    order = sorted(range(len(chosen)), key=lambda i: (-priority[i], -(chosen[i][0][1] - chosen[i][0][0]),
                                                      chosen[i][0][0]))
    for item in (chosen[i] for i in order):
        start, end = item[0]
        if any(i in occupied for i in range(start, end)):
            continue
        occupied.update(range(start, end))
        taken.append(item)
    return sorted(taken, key=lambda c: c[0][0])
