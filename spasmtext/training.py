"""Deterministic training of the default pipeline from the annotated corpus.

``train`` fits the classifier on the train split, selects its
hyperparameters on the dev split, scores dev and test (held out), and writes
a model directory: ``nlp.to_disk`` output plus ``meta.json`` with provenance,
held-out metrics and the SHA-256 of every artifact.
"""

import hashlib
import json
import platform
import random
from pathlib import Path

import numpy as np
import sklearn
import spacy
from sklearn.feature_extraction import DictVectorizer
from sklearn.pipeline import Pipeline
from threadpoolctl import threadpool_info, threadpool_limits

from .about import __version__
from .classifier import NONE_CLASS, make_estimator, with_label
from .context import model_says_other
from .corpus import (
    file_sha256,
    is_voice_subset,
    read_jsonl,
    split_hash,
    split_records,
    validate,
)
from .errors import CorpusError
from .evaluation import (
    binary_prf,
    ece,
    error_list,
    model_records,
    normalise,
    paired_bootstrap,
    rules_baseline_records,
    score,
    section_scores,
)
from .integrity import write_meta
from .linear import as_linear
from .modelcard import render_experiment_card, render_model_card
from .ner import NER_NAME, out_of_fold_entities, settings, train_ner, with_entities
from .pipeline import build_pipeline, write_model_dir
from .rerank import RERANKER_C, rerank_rows
from .tokens import doc_offset, make_doc, make_docs, original_offset

#: hyperparameter grid searched on the dev split
GRID = {"C": (0.5, 1.0, 2.0), "threshold": (0.1, 0.15, 0.2, 0.25, 0.3)}


def blas_libraries():
    """The BLAS libraries this process loaded, with the kernels each chose (``"openblas 0.3.30
    Haswell"``): kernels chosen by CPU round sums differently, and the ``spasmtext train``
    command pins them (:func:`spasmtext.cli.training_environment`) so that a retrain gives
    the same bytes on another CPU; recorded in ``meta.json`` to check it."""
    return sorted({" ".join(str(part) for part in (lib["internal_api"], lib["version"], lib.get("architecture"))
                                if part)
                   for lib in threadpool_info() if lib["user_api"] == "blas"})


def gold_targets(record):
    """``{(start_char, end_char): (label, category)}`` for a corpus record."""
    return {(m["start"], m["end"]): (m["label"], m["category"]) for m in record["mentions"]}


def candidate_data(nlp, records, entities=None):
    """Feature dicts and target classes for every candidate of ``records``.

    Returns ``(features, targets, candidate_recall)``; a target is
    ``(label, category)`` for a candidate equal to a gold mention, else
    ``(NONE, None)``. Candidate recall is the share of gold mentions proposed
    exactly by the candidate stage (the ceiling of strict recall).
    ``entities``: per record, the ``(start_char, end_char, label)`` entities to
    give the candidate stage instead of running the pipeline's recognizer (the
    out-of-fold entities of :func:`spasmtext.ner.out_of_fold_entities`).
    """
    feats, targets, _, recall = candidate_targets(nlp, candidate_docs(nlp, records, entities), records)
    return feats, targets, recall


def candidate_docs(nlp, records, entities=None):
    """The docs of ``records`` with their candidates, before the classifier (``entities``:
    as :func:`candidate_data`)."""
    inputs = make_docs(nlp, (r["text"] for r in records))
    disable = ["spasmtext_classifier", "spasmtext_context"]
    if entities is not None:
        inputs = (with_entities(make_doc(nlp, r["text"]), ents) for r, ents in zip(records, entities))
        disable.append(NER_NAME)
    return list(nlp.pipe(inputs, disable=disable))


def candidate_targets(nlp, docs, records):
    """``(features, targets, per_doc, candidate_recall)`` of the candidates of ``docs``
    (:func:`candidate_data`); ``per_doc``: how many candidates each doc has."""
    clf = nlp.get_pipe("spasmtext_classifier")
    _, feats = clf.featurize(docs)
    targets, per_doc, found, total = [], [], 0, 0
    for doc, rec in zip(docs, records):
        gold = gold_targets(rec)
        total += len(gold)
        spans = clf.candidates(doc)
        per_doc.append(len(spans))
        for span in spans:
            target = gold.get(_char_bounds(doc, span.start, span.end), (NONE_CLASS, None))
            found += target[0] != NONE_CLASS
            targets.append(target)
    return feats, targets, per_doc, (found / total if total else 0.0)


def fit_classifier(clf, feats, targets, *, C, seed):
    """Fit both models of ``clf`` from candidate features and targets."""
    labels = [t[0] for t in targets]
    mentions = [i for i, t in enumerate(targets) if t[0] != NONE_CLASS]
    cat_feats = [with_label(feats[i], targets[i][0]) for i in mentions]
    categories = [targets[i][1] for i in mentions]
    return clf.fit(feats, labels, make_estimator(C=C, random_state=seed),
                   cat_feats, categories, make_estimator(C=C, random_state=seed))


def dev_scores(nlp, records):
    """Raw label probabilities of the kept mentions of ``records`` and whether each is
    strictly right (span and label), to fit the calibrator."""
    docs = list(nlp.pipe(make_docs(nlp, (r["text"] for r in records)),
                         disable=["spasmtext_classifier", "spasmtext_context"]))
    return kept_scores(nlp.get_pipe("spasmtext_classifier"), docs, records)


def kept_scores(clf, docs, records, kept=None):
    """``(raw, correct)`` for the mentions ``clf`` keeps in ``docs`` (with candidates):
    each one's raw label probability and whether it is strictly right in its record
    (``kept``: the docs' kept candidates, :meth:`~spasmtext.classifier.SpanClassifier.kept`,
    if already found)."""
    raw, correct = [], []
    for rec, doc, preds in zip(records, docs, clf.decode(docs, clf.kept(docs) if kept is None else kept)):
        gold = {(m["start"], m["end"], m["label"]) for m in rec["mentions"]}
        for span, label, _, raw_score, _ in preds:
            raw.append(raw_score)
            correct.append((*_char_bounds(doc, span.start, span.end), label) in gold)
    return raw, correct


def _char_bounds(doc, start, end):
    """The offsets in the record's text of the tokens ``start:end`` of ``doc``."""
    span = doc[start:end]
    return original_offset(doc, span.start_char), original_offset(doc, span.end_char)


def reranker_data(doc, record, chosen):
    """The reranker's training data in one document: ``(rows, targets)``, the feature dicts
    of each group of overlapping kept candidates ``chosen`` (:func:`~spasmtext.rerank.rerank_rows`)
    and whether each is a gold span of ``record``."""
    gold = {(m["start"], m["end"]) for m in record["mentions"]}
    rows, targets = [], []
    for group, group_rows in rerank_rows(doc, chosen):
        rows += group_rows
        targets += [int(_char_bounds(doc, *chosen[i][0]) in gold) for i in group]
    return rows, targets


#: folds (by document) of the train predictions the calibrator and the reranker are fitted on
CALIBRATION_FOLDS = 5


def out_of_fold_scores(nlp, docs, records, feats, targets, per_doc, *, C, seed):
    """Out-of-fold training data of the calibrator and the reranker, and the reranker.

    Each document's candidates are kept by a classifier fitted (with ``C``, at the
    classifier's threshold) on the other ``CALIBRATION_FOLDS - 1`` folds, as far from
    the fitted data as dev is. The reranker of ``nlp``'s classifier is fitted on the groups
    of overlapping kept candidates of every document (:func:`reranker_data`); the
    calibrator's data, ``(raw, correct)`` (:func:`kept_scores`), are each fold's mentions
    as a reranker fitted on the other folds' groups picks them. Returns ``(raw, correct,
    reranker)``: what :func:`fit_reranker` reports. Leaves the classifier fitted on the last
    fold's rest (fit it again after)."""
    from sklearn.model_selection import GroupKFold

    clf = nlp.get_pipe("spasmtext_classifier")
    offsets = np.concatenate([[0], np.cumsum(per_doc)]).astype(int)
    folds = list(GroupKFold(CALIBRATION_FOLDS).split(docs, groups=np.arange(len(docs))))
    kept = [None] * len(docs)
    for fit_docs, held_docs in folds:
        rows = [row for d in fit_docs for row in range(offsets[d], offsets[d + 1])]
        fit_classifier(clf, [feats[r] for r in rows], [targets[r] for r in rows], C=C, seed=seed)
        for d, chosen in zip(held_docs, clf.kept([docs[d] for d in held_docs])):
            kept[d] = chosen
    data = [reranker_data(doc, rec, chosen) for doc, rec, chosen in zip(docs, records, kept)]
    raw, correct = [], []
    for fit_docs, held_docs in folds:
        fit_reranker(clf, [data[d] for d in fit_docs], seed=seed)
        r, c = kept_scores(clf, [docs[d] for d in held_docs], [records[d] for d in held_docs],
                           [kept[d] for d in held_docs])
        raw += r
        correct += c
    return raw, correct, fit_reranker(clf, data, seed=seed)


def fit_reranker(clf, data, *, seed):
    """Fit the reranker of ``clf`` (:mod:`spasmtext.rerank`) on per-document ``(rows,
    targets)`` (:func:`reranker_data`); none (the label probability decides) if they hold
    no choice to learn from. Returns how many candidates and gold spans it was fitted on."""
    rows = [row for doc_rows, _ in data for row in doc_rows]
    gold = [target for _, doc_targets in data for target in doc_targets]
    clf.reranker = (as_linear(make_estimator(C=RERANKER_C, random_state=seed).fit(rows, gold))
                    if len(set(gold)) > 1 else None)
    return {"candidates": len(rows), "gold_spans": int(sum(gold))}


def assertion_data(nlp, records):
    """Assertion features, rule readings and gold attributes of the gold mentions of
    ``records``, and the index of each mention's record (for splits by document)."""
    context = nlp.get_pipe("spasmtext_context")
    docs = nlp.pipe(make_docs(nlp, (r["text"] for r in records)),
                    disable=[NER_NAME, "spasmtext_candidates", "spasmtext_classifier", "spasmtext_context"])
    feats, rules, negated, experiencer, groups = [], [], [], [], []
    for k, (doc, rec) in enumerate(zip(docs, records)):
        spans, gold = [], []
        for m in rec["mentions"]:
            span = doc.char_span(doc_offset(doc, m["start"]), doc_offset(doc, m["end"]), label=m["label"])
            if span is not None:
                spans.append(span)
                gold.append(m)
        f, r = context.featurize(doc, spans)
        feats += f
        rules += r
        negated += [m["negated"] for m in gold]
        experiencer += [m["experiencer"] for m in gold]
        groups += [k] * len(gold)
    return feats, rules, negated, experiencer, groups


ASSERTION_FOLDS = 5
#: a trained assertion model replaces the rules only if the paired bootstrap finds it no
#: better than them in fewer than this share of resamples (one-sided p)
ASSERTION_MODEL_P = 0.05


def _cv_predictions(context, feats, negated, experiencer, groups, seed):
    """Out-of-fold predictions (negated, other) for train mentions: ``ASSERTION_FOLDS``
    folds by document, each predicted by models fitted on the other folds."""
    from sklearn.model_selection import GroupKFold

    neg_pred, other_pred = [False] * len(feats), [False] * len(feats)
    for fit_rows, held_rows in GroupKFold(n_splits=ASSERTION_FOLDS).split(feats, groups=groups):
        context.fit([feats[i] for i in fit_rows], [negated[i] for i in fit_rows],
                    [experiencer[i] for i in fit_rows], random_state=seed)
        held = [feats[i] for i in held_rows]
        for i, p_neg, p_other in zip(held_rows, context.negation_model.predict_proba(held)[:, 1],
                                     context.experiencer_model.predict_proba(held)[:, 1]):
            neg_pred[i], other_pred[i] = bool(p_neg >= 0.5), model_says_other(p_other, feats[i])
    return neg_pred, other_pred


def fit_calibration(nlp, dev_recs, oof_raw, oof_correct, *, seed):
    """Fit the classifier's calibrator (Platt scaling) on the out-of-fold train mentions
    and the dev mentions together, and return what the model card reports of it: the
    mentions it was fitted on, and the dev calibration error of the score uncalibrated
    and of a calibrator fitted on the train mentions alone (dev held out from it)."""
    clf = nlp.get_pipe("spasmtext_classifier")
    dev_raw, dev_correct = dev_scores(nlp, dev_recs)
    clf.fit_calibrator(oof_raw, oof_correct, random_state=seed)
    held_out = ece(list(zip(clf.calibrate(dev_raw).tolist(), dev_correct)))[0]
    clf.fit_calibrator(oof_raw + dev_raw, oof_correct + dev_correct, random_state=seed)
    return {"method": "Platt scaling, strict correctness",
            "mentions": {"train_out_of_fold": len(oof_raw), "dev": len(dev_raw)},
            "folds": CALIBRATION_FOLDS,
            "dev_ece_uncalibrated": ece(list(zip(dev_raw, dev_correct)))[0],
            "dev_ece_fitted_on_train_only": held_out}


def select_assertion(nlp, train_recs, dev_recs, seed):
    """Rules or trained model, for negation and for experiencer ``other``.

    The models are logistic regressions over the gold mentions of train. Each is
    kept only if it beats the rules (F1 of negated / of experiencer ``other``) on
    the gold mentions of train, predicted by 5-fold cross-validation by document,
    and of dev together (a few dozen dev mentions alone made the choice a coin
    toss), and beats them surely: a paired bootstrap over those documents
    (:func:`~spasmtext.evaluation.paired_bootstrap`) must find the model no better
    in under ``ASSERTION_MODEL_P`` of its resamples. Otherwise the rules stay: their
    reading names the cue that made it, and a choice made on a difference within
    noise flipped from release to release. Dev figures are reported on their own too.
    """
    context = nlp.get_pipe("spasmtext_context")
    feats, rules, neg, exp, groups = assertion_data(nlp, train_recs)
    dev_feats, dev_rules, dev_neg, dev_exp, dev_groups = assertion_data(nlp, dev_recs)
    cv_neg, cv_other = _cv_predictions(context, feats, neg, exp, groups, seed)
    context.fit(feats, neg, exp, random_state=seed)
    model_neg = [p >= 0.5 for p in context.negation_model.predict_proba(dev_feats)[:, 1]]
    model_other = [model_says_other(p, f) for p, f in zip(context.experiencer_model.predict_proba(dev_feats)[:, 1],
                                                          dev_feats)]
    gold_other, dev_gold_other = [e == "other" for e in exp], [e == "other" for e in dev_exp]
    docs = list(groups) + [len(train_recs) + k for k in dev_groups]  # dev documents after train's
    report = {
        "negation": {"rules": binary_prf(dev_neg, [r[0] for r in dev_rules]),
                     "model": binary_prf(dev_neg, model_neg)},
        "experiencer_other": {"rules": binary_prf(dev_gold_other, [r[2] == "other" for r in dev_rules]),
                              "model": binary_prf(dev_gold_other, model_other)},
        "decided_on": {
            "negation": {"rules": binary_prf(neg + dev_neg, [r[0] for r in rules + dev_rules]),
                         "model": binary_prf(neg + dev_neg, cv_neg + model_neg)},
            "experiencer_other": {
                "rules": binary_prf(gold_other + dev_gold_other, [r[2] == "other" for r in rules + dev_rules]),
                "model": binary_prf(gold_other + dev_gold_other, cv_other + model_other)},
        },
        "bootstrap": {
            "negation": paired_bootstrap(neg + dev_neg, [r[0] for r in rules + dev_rules], cv_neg + model_neg,
                                         docs, seed=seed),
            "experiencer_other": paired_bootstrap(gold_other + dev_gold_other,
                                                  [r[2] == "other" for r in rules + dev_rules],
                                                  cv_other + model_other, docs, seed=seed),
        },
        "model_kept_below_p": ASSERTION_MODEL_P,
        "scope": "gold mentions (extraction errors excluded); the choice is made on train (5-fold CV "
                 "by document) plus dev, with a paired bootstrap over their documents (model F1 minus "
                 "rules F1); the rows below are dev alone",
    }
    keep = [name for key, name in (("negation", "negation"), ("experiencer_other", "experiencer"))
            if report["bootstrap"][key]["difference"] > 0 and report["bootstrap"][key]["p"] < ASSERTION_MODEL_P]
    context.fit(feats, neg, exp, which=keep, random_state=seed)
    report["chosen"] = {"negation": "model" if "negation" in keep else "rules",
                        "experiencer": "model" if "experiencer" in keep else "rules"}
    return report


def _seed_everything(seed):
    random.seed(seed)
    np.random.seed(seed)


def evaluate_split(nlp, records, seen_texts, *, voice_subset=True, errors=False):
    """Model and rules-only baseline figures on ``records`` and, with ``voice_subset``
    (the corpus's own splits), on its documents of the different-voice subset, and
    section header detection on its records with annotated headers. ``errors``: the
    report holds the model's errors too (``"errors"``, :func:`~spasmtext.evaluation.error_list`)."""
    texts = [r["text"] for r in records]
    model, baseline = model_records(nlp, texts), rules_baseline_records(nlp, texts)
    report = {
        "model": score(records, model, seen_texts),
        "baseline": score(records, baseline, seen_texts),
        "sections": evaluate_sections(nlp, records),
    }
    if errors:
        report["errors"] = error_list(records, model, seen_texts)
    voice = [k for k, r in enumerate(records) if voice_subset and is_voice_subset(r["id"])]
    if voice:  # the different-voice subset of the test split, on its own
        subset = [records[k] for k in voice]
        report["different_voice"] = {
            "documents": len(voice),
            "model": score(subset, [model[k] for k in voice], seen_texts),
            "baseline": score(subset, [baseline[k] for k in voice], seen_texts),
        }
    return report


def evaluate_sections(nlp, records):
    """:func:`~spasmtext.evaluation.section_scores` of the pipeline's section detector,
    on the clinical documents and on all documents with annotated headers."""
    detector = nlp.get_pipe("spasmtext_sections")
    annotated = [r for r in records if "sections" in r]
    predicted = [[(original_offset(doc, doc[start].idx), section) for section, start, _ in detector.headers(doc)]
                 for doc in make_docs(nlp, (r["text"] for r in annotated))]
    clinical = [k for k, r in enumerate(annotated) if r["source"] == "clinical"]
    return {
        "clinical": section_scores([annotated[k] for k in clinical], [predicted[k] for k in clinical]),
        "all_annotated": section_scores(annotated, predicted),
    }


def fitted_splits(meta):
    """The corpus splits a model's classifier was fitted on, from its ``meta.json``
    (``split.trained_on``): ``("train", "dev")`` after a final fit, ``("train",)`` before
    (models up to 0.4.10, ``--no-final-fit``, a model without that field)."""
    return tuple(((meta or {}).get("split") or {}).get("trained_on", "train").split("+"))


def seen_mention_texts(records):
    return frozenset(normalise(r["text"][m["start"]:m["end"]]) for r in records for m in r["mentions"])


def train(corpus_path, splits_path, output=None, *, seed=0, grid=None, compare=True, ner=False, n_process=1,
          test=True, final_fit=True):
    """Train, select on dev, evaluate on dev and test; write ``output`` if given.

    ``final_fit`` (the default): once dev has chosen ``C`` and the threshold and
    given its figures (``metrics.dev``: a classifier fitted on train alone), the
    classifier is fitted again on train and dev together
    (:func:`fit_on_train_and_dev`), and the test figures are that model's, with
    unseen mentions those absent from train and dev (``split.trained_on`` says
    which). ``final_fit=False`` ships the classifier fitted on train.

    ``test=False`` leaves the test split unread, for experiments between
    releases (the test split is read once per release): the meta then holds
    dev metrics only, ``split.test_evaluated`` is false and the model card
    says the model is not for release.

    Returns the meta dict (also written as ``meta.json``). BLAS runs on one
    thread while training: the solver's sums are then done in one order, so the
    fitted values (and the saved files) do not depend on the number of cores
    or on OMP/OPENBLAS_NUM_THREADS. They do depend on the kernels OpenBLAS chose
    for the CPU when it loaded (``meta["versions"]["blas"]`` records them): the
    ``spasmtext train`` command pins them on x86-64
    (:func:`spasmtext.cli.training_environment`), so that a retrain gives the same
    bytes on another CPU; called from Python, set ``OPENBLAS_CORETYPE=Haswell``
    before numpy is imported for the same effect.

    ``ner=True`` trains the ``en_spasmtext_ner`` kind of model
    (:mod:`spasmtext.ner`): an entity recognizer on train, whose entities are
    candidates of the classifier, which is fitted on out-of-fold entities
    (``n_process`` folds train at once). Its comparison on dev is
    :func:`compare_recognizer` (the default model's families and learning
    curve are not repeated).
    """
    with threadpool_limits(limits=1):
        return _train(corpus_path, splits_path, output, seed=seed, grid=grid, compare=compare, ner=ner,
                      n_process=n_process, test=test, final_fit=final_fit)


#: feature-name prefixes of the two feature groups compared by :func:`compare_models`
CONTEXT_FEATURES = ("lw=", "rw=", "L1=", "R1=", "pre=", "post=", "sent_trig=", "complaint=", "section=")
LEXICON_FEATURES = ("lex_", "wcat=", "head_cat=", "origin=")


def _dev_rows(nlp, dev_recs, seen, thresholds):
    """For the classifier as fitted, per threshold: dev strict and lenient F1 and unseen recall."""
    clf = nlp.get_pipe("spasmtext_classifier")
    texts, rows = [r["text"] for r in dev_recs], []
    for threshold in thresholds:
        clf.threshold = threshold
        dev = score(dev_recs, model_records(nlp, texts), seen)
        rows.append({"threshold": threshold, "dev_strict_f1": dev["strict"]["micro"]["f1"],
                     "dev_lenient_f1": dev["lenient"]["micro"]["f1"], "dev_unseen_recall": dev["unseen_recall"]})
    return rows


#: dev strict + lenient F1 sums closer than this to the best are level (dev holds ~1,000
#: mentions: differences this small are noise), and the higher unseen-mention recall decides
SELECTION_TOLERANCE = 0.005


def select_row(rows):
    """The grid row chosen on dev: among the rows whose dev strict + lenient F1 is within
    ``SELECTION_TOLERANCE`` of the best, the one with the highest dev unseen-mention recall
    (ties: the lower ``C``, then the higher threshold)."""
    def total(row):
        return row["dev_strict_f1"] + row["dev_lenient_f1"]

    best = max(total(r) for r in rows)
    level = [r for r in rows if total(r) >= best - SELECTION_TOLERANCE]
    return max(level, key=lambda r: (r["dev_unseen_recall"], -r.get("C", 0), r["threshold"]))


def compare_models(nlp, feats, targets, train_recs, dev_recs, seen, *, C, seed, thresholds, shipped_rows):
    """Classifier families, feature sets and a learning curve, each trained on (part of)
    train and scored on dev with its own best threshold; the model card reports them.

    Families: logistic regression (the shipped one) and a linear SVM with sigmoid
    calibration; feature sets: without the context features, without the lexicon
    features (dropped from training; unknown to the vectorizer at prediction);
    learning curve: 25/50/75% of the train documents (SHA-256 order of their ids).
    ``shipped_rows``: the dev row of the selected `C` and threshold (not fitted again).
    """
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.svm import LinearSVC

    clf = nlp.get_pipe("spasmtext_classifier")
    labels = [t[0] for t in targets]
    mentions = [i for i, t in enumerate(targets) if t[0] != NONE_CLASS]

    def fit(label_estimator, rows_feats):
        clf.fit(rows_feats, labels, label_estimator,
                [with_label(rows_feats[i], targets[i][0]) for i in mentions], [targets[i][1] for i in mentions],
                make_estimator(C=C, random_state=seed))
        clf.calibrator = None

    rows = [{"model": "logistic regression (shipped)", **select_row(shipped_rows)}]
    svm = Pipeline([("vectorizer", DictVectorizer()),
                    ("classifier", CalibratedClassifierCV(LinearSVC(C=C, random_state=seed), cv=3))])
    for name, estimator, dropped in (
            ("linear SVM + sigmoid calibration", svm, ()),
            ("logistic regression without context features", make_estimator(C=C, random_state=seed),
             CONTEXT_FEATURES),
            ("logistic regression without lexicon features", make_estimator(C=C, random_state=seed),
             LEXICON_FEATURES)):
        rows_feats = [{k: v for k, v in f.items() if not k.startswith(dropped)} for f in feats] if dropped else feats
        fit(estimator, rows_feats)
        rows.append({"model": name, **select_row(_dev_rows(nlp, dev_recs, seen, thresholds))})
    curve = []
    ordered = sorted(train_recs, key=lambda r: hashlib.sha256(r["id"].encode()).hexdigest())
    for share in (0.25, 0.5, 0.75):
        part = ordered[:round(share * len(ordered))]
        part_feats, part_targets, _ = candidate_data(nlp, part)
        fit_classifier(clf, part_feats, part_targets, C=C, seed=seed)
        curve.append({"share": share, "documents": len(part),
                      **select_row(_dev_rows(nlp, dev_recs, seen, thresholds))})
    curve.append({"share": 1.0, "documents": len(train_recs),
                  **{k: v for k, v in rows[0].items() if k != "model"}})
    return {"families_and_features": rows, "learning_curve": curve}


def compare_recognizer(nlp, train_recs, dev_recs, seen, *, C, seed, thresholds, shipped_rows):
    """For a model with an entity recognizer: on dev, the shipped classifier beside the
    same classifier over the rule candidates alone (the ``en_spasmtext`` kind of
    model, fitted here on train) and beside the recognizer alone (its entities as
    mentions, no threshold). The model card reports them."""
    rows = [{"model": "logistic regression over rule and recognizer candidates (shipped)",
             **select_row(shipped_rows)}]
    rules_only = build_pipeline()
    feats, targets, _ = candidate_data(rules_only, train_recs)
    fit_classifier(rules_only.get_pipe("spasmtext_classifier"), feats, targets, C=C, seed=seed)
    rows.append({"model": "logistic regression over rule candidates (as en_spasmtext)",
                 **select_row(_dev_rows(rules_only, dev_recs, seen, thresholds))})
    others = [name for name in nlp.pipe_names if name != NER_NAME]
    alone = [{"mentions": [{"start": e.start_char, "end": e.end_char, "label": e.label_, "category": "",
                            "negated": False, "experiencer": "patient"} for e in doc.ents]}
             for doc in nlp.pipe(make_docs(nlp, (r["text"] for r in dev_recs)), disable=others)]
    dev = score(dev_recs, alone, seen)
    rows.append({"model": "entity recognizer alone (spaCy ner; its entities as mentions)", "threshold": None,
                 "dev_strict_f1": dev["strict"]["micro"]["f1"], "dev_lenient_f1": dev["lenient"]["micro"]["f1"],
                 "dev_unseen_recall": dev["unseen_recall"]})
    return {"families_and_features": rows, "learning_curve": []}


def _train(corpus_path, splits_path, output, *, seed, grid, compare=True, ner=False, n_process=1, test=True,
           final_fit=True):
    _seed_everything(seed)
    grid = grid or GRID
    records = read_jsonl(corpus_path)
    problems = validate(records)
    if problems:
        raise CorpusError(f"corpus has {len(problems)} problems, first: {problems[0]}")
    splits = json.loads(Path(splits_path).read_text(encoding="utf8"))
    train_recs = split_records(records, splits, "train")
    dev_recs = split_records(records, splits, "dev")
    test_recs = split_records(records, splits, "test")
    seen = seen_mention_texts(train_recs)

    train_entities = recognizer = None
    if ner:
        train_entities = out_of_fold_entities(train_recs, seed=seed, n_process=n_process)
        recognizer = train_ner(train_recs, seed=seed).get_pipe("ner")
    nlp = build_pipeline(ner=recognizer)
    clf = nlp.get_pipe("spasmtext_classifier")
    train_docs = candidate_docs(nlp, train_recs, train_entities)
    feats, targets, per_doc, train_cand_recall = candidate_targets(nlp, train_docs, train_recs)
    dev_docs = candidate_docs(nlp, dev_recs)  # kept for the final fit
    dev_feats, dev_targets, dev_per_doc, dev_cand_recall = candidate_targets(nlp, dev_docs, dev_recs)

    selection = []
    for C in grid["C"]:
        fit_classifier(clf, feats, targets, C=C, seed=seed)
        selection += [{"C": C, **row} for row in _dev_rows(nlp, dev_recs, seen, grid["threshold"])]
    best = select_row(selection)
    shipped = {key: value for key, value in best.items() if key != "C"}  # its row of the comparisons
    C, threshold = best["C"], best["threshold"]
    comparison = None
    if compare and ner:
        comparison = compare_recognizer(nlp, train_recs, dev_recs, seen, C=C, seed=seed,
                                        thresholds=grid["threshold"], shipped_rows=[shipped])
    elif compare:
        comparison = compare_models(nlp, feats, targets, train_recs, dev_recs, seen, C=C, seed=seed,
                                    thresholds=grid["threshold"], shipped_rows=[shipped])
    clf.threshold = threshold
    oof_raw, oof_correct, fitted_on = out_of_fold_scores(nlp, train_docs, train_recs, feats, targets, per_doc,
                                                         C=C, seed=seed)
    fit_classifier(clf, feats, targets, C=C, seed=seed)
    _as_shipped(nlp)
    reranker = {"fitted_on": fitted_on, "dev_without": shipped,
                "dev_with": _dev_rows(nlp, dev_recs, seen, [threshold])[0]}
    calibration = fit_calibration(nlp, dev_recs, oof_raw, oof_correct, seed=seed)
    assertion = select_assertion(nlp, train_recs, dev_recs, seed)
    _as_shipped(nlp)  # evaluated exactly as saved and loaded
    dev_report = evaluate_split(nlp, dev_recs, seen)  # the selection model's: dev held out from it
    if final_fit:
        seen = seen_mention_texts(train_recs + dev_recs)
        calibration["final_fit"] = fit_on_train_and_dev(
            nlp, (train_docs, train_recs, feats, targets, per_doc),
            (dev_docs, dev_recs, dev_feats, dev_targets, dev_per_doc), C=C, seed=seed)
        if ner:
            recognizer_on_train_and_dev(nlp, train_recs + dev_recs, seed=seed)
        _as_shipped(nlp)
    del train_docs, dev_docs

    meta = {
        "name": "spasmtext_ner" if ner else "spasmtext",
        "version": __version__,
        "description": "Causes and remedies of back pain: rule-based candidates "
                       + ("and a CNN entity recognizer's entities " if ner else "")
                       + "+ logistic regression span classifier + ConText-style negation/experiencer.",
        "versions": {
            "spasmtext": __version__, "spacy": spacy.__version__,
            "scikit-learn": sklearn.__version__,
            "python": platform.python_version(), "blas": blas_libraries(),
        },
        "corpus": {"path": Path(corpus_path).name, "sha256": file_sha256(corpus_path),
                   "documents": len(records),
                   "mentions": sum(len(r["mentions"]) for r in records)},
        "split": {"path": Path(splits_path).name, "sha256": file_sha256(splits_path),
                  "documents": {k: len(v) for k, v in splits.items()},
                  "test_sha256": split_hash(records, splits, "test"),
                  "trained_on": "train+dev" if final_fit else "train", "selected_on": "dev"},
        "seed": seed,
        "hyperparameters": {"C": C, "threshold": threshold, "grid": grid,
                            "selection_tolerance": SELECTION_TOLERANCE,
                            "calibration": ("Platt scaling on out-of-fold train and dev mentions (strict "
                                            "correctness)" if final_fit else
                                            "Platt scaling on out-of-fold train mentions and dev mentions "
                                            "(strict correctness)"),
                            **({"ner": {**settings(), "classifier_trained_on": "out-of-fold entities",
                                        "recognizer_trained_on": "train+dev" if final_fit else "train"}}
                               if ner else {})},
        "selection": selection,
        "model_selection": comparison,
        "candidate_recall": {"train": round(train_cand_recall, 4), "dev": round(dev_cand_recall, 4)},
        "training_candidates": len(targets),
        "assertion": assertion,
        "calibration": calibration,
        "reranker": reranker,
        "train_attributes": {
            "negated": sum(m["negated"] for r in train_recs for m in r["mentions"]),
            "experiencer_other": sum(m["experiencer"] == "other" for r in train_recs for m in r["mentions"]),
        },
        "metrics": {"dev": dev_report},
    }
    if test:
        meta["metrics"]["test"] = evaluate_split(nlp, test_recs, seen)
    else:
        meta["split"]["test_evaluated"] = False
    if output is not None:
        meta = write_model(nlp, meta, output)
    return meta


def fit_on_train_and_dev(nlp, train, dev, *, C, seed):
    """The final fit: the classifier of ``nlp`` fitted again, with the ``C`` and threshold
    chosen on dev, on the candidates of train and dev together, and its calibrator on the
    mentions of both predicted out of fold (``CALIBRATION_FOLDS`` folds by document).

    Dev has done its work by then (the grid, the comparisons, the dev figures of the model
    card, all from a classifier fitted on train alone). With a fifth of train held out (two
    draws), a classifier fitted on the rest gained 0.013 lenient and 0.012-0.018 strict F1
    on it from the dev documents added to its data. The test split stays out. With a
    recognizer, the dev documents' entities are those of the recognizer trained on train:
    out of sample, as the out-of-fold entities of train are. ``train`` and ``dev``: each
    split's candidate docs, records, and their candidates' features, targets and count per
    doc (:func:`candidate_targets`). Returns what the model card reports of it."""
    clf = nlp.get_pipe("spasmtext_classifier")
    docs, records, feats, targets, per_doc = (a + b for a, b in zip(train, dev))
    raw, correct, rerank = out_of_fold_scores(nlp, docs, records, feats, targets, per_doc, C=C, seed=seed)
    fit_classifier(clf, feats, targets, C=C, seed=seed)
    clf.fit_calibrator(raw, correct, random_state=seed)
    return {"documents": len(records), "candidates": len(targets), "mentions_out_of_fold": len(raw),
            "ece_out_of_fold_uncalibrated": ece(list(zip(raw, correct)))[0],
            "reranker_fitted_on": rerank}


def recognizer_on_train_and_dev(nlp, records, *, seed):
    """The final fit of a recognizer: the one in ``nlp`` (trained on train, whose entities
    gave the dev figures and, for the dev documents, the classifier's final fit) replaced by
    one trained on ``records``, train and dev. The classifier's entities stay out of
    sample (out of fold on train, the train recognizer's on dev), so at run time it sees
    entities a little better than it was fitted on: the direction it already had, with a
    recognizer trained on all of train and entities from recognizers trained on four fifths.
    With a fifth of train held out, the recognizer alone (its entities taken as mentions)
    gained strict F1 0.640 -> 0.659, lenient 0.760 -> 0.774 and unseen-mention recall
    0.593 -> 0.658 from the dev documents added to the rest."""
    recognizer = train_ner(records, seed=seed).get_pipe("ner")
    nlp.get_pipe(NER_NAME).from_bytes(recognizer.to_bytes(exclude=["vocab"]), exclude=["vocab"])


def _as_shipped(nlp):
    """Replace the fitted scikit-learn estimators of ``nlp`` by the
    :class:`~spasmtext.linear.LinearModel` arrays they are saved and applied as."""
    clf, context = nlp.get_pipe("spasmtext_classifier"), nlp.get_pipe("spasmtext_context")
    for owner, attr, features in ((clf, "model", None), (clf, "category_model", None),
                                  (clf, "calibrator", ["logit"]), (clf, "reranker", None),
                                  (context, "negation_model", None),
                                  (context, "experiencer_model", None)):
        if getattr(owner, attr) is not None:
            setattr(owner, attr, as_linear(getattr(owner, attr), features))


def write_model(trained, meta, output):
    """Save a pipeline holding the fitted parts of ``trained``, plus ``meta.json``.

    The pipeline is rebuilt fresh before saving, so its string store holds
    the rules' strings only, not the tokens of every text processed during
    training and evaluation. spaCy's own meta fields are kept and extended.
    """
    output = Path(output)
    classifier, context = trained.get_pipe("spasmtext_classifier"), trained.get_pipe("spasmtext_context")
    recognizer = trained.get_pipe(NER_NAME) if NER_NAME in trained.pipe_names else None
    nlp = build_pipeline(threshold=classifier.threshold, ner=recognizer)
    fresh = nlp.get_pipe("spasmtext_classifier")
    fresh.model, fresh.category_model = classifier.model, classifier.category_model
    fresh.calibrator, fresh.reranker = classifier.calibrator, classifier.reranker
    fresh_context = nlp.get_pipe("spasmtext_context")
    fresh_context.negation_model = context.negation_model
    fresh_context.experiencer_model = context.experiencer_model
    nlp.meta["name"] = meta["name"]
    nlp.meta["version"] = meta["version"]
    return write_model_dir(nlp, output, meta, _card)  # an older model there is replaced whole


def _card(meta):
    return render_model_card(meta) if "test" in meta["metrics"] else render_experiment_card(meta)


def write_card(output, meta):
    """Write the model card of ``meta`` (``README.md``) in the model directory ``output``,
    then ``meta.json`` with the SHA-256 of every artifact, the card included; return the
    meta written. Run by ``spasmtext train``, and by ``spasmtext card`` after a change to
    the card's text (no retraining)."""
    return write_meta(output, meta, _card(meta))  # (write_meta drops the old artifact hashes)
