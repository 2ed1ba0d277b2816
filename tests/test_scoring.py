"""The array scorer gives the decision values of the candidates' feature dicts."""

import numpy as np
import pytest

from spasmtext import scoring
from spasmtext.classifier import with_label
from spasmtext.features import candidate_features

# texts that reach the edges of the arrays: a candidate at the end of a text, words repeated
# inside a span and in the windows, line breaks and spaces inside windows, sections, lists
EDGE_TEXTS = [
    "Ice",
    "my back hurts. ice",
    "Lifting lifting heavy heavy boxes boxes hurt my back, back pain, ice ice ice.",
    "HPI: pt c/o LBP after lifting.\n\nPLAN:\n- PT\n- ice\n- NSAIDs\n\n\n  heat   and   rest",
    "",
    "Back pain.\nStretching, yoga, a heating pad, and a new mattress helped; sitting all day did not.",
    "No mentions here at all.",
    # sentences in capitals read as lower case; "PT" or "MVA" in ordinary text stays upper
    "ICE DID NOTHING FOR MY BACK. Heat helped, so did PT after the MVA.\nLIFTING BOXES HURT IT",
    "HPI: PT C/O LBP AFTER LIFTING BOXES. NO RELIEF WITH NSAIDS.",
]


def _docs(nlp, texts):
    return list(nlp.pipe(texts, disable=["spasmtext_classifier", "spasmtext_context"]))


def _expected(clf, docs):
    feats = []
    for doc in docs:
        feats += candidate_features(doc, clf.candidate_bounds(doc), clf.origins(doc))
    return feats


def _check(clf, docs):
    candidates, batch = clf._label_decision(docs)
    feats = _expected(clf, docs)
    assert sum(map(len, candidates)) == len(feats)
    got = batch.decision(0)
    assert got.shape == (len(feats), clf.model.coef_.shape[0])
    if not feats:
        return 0
    np.testing.assert_allclose(got, clf.model.decision_function(feats), rtol=0, atol=1e-9)
    rows = np.arange(len(feats))
    for label in ("CAUSE", "REMEDY"):
        cols = [batch.scorer.get("label=" + label)] * len(feats)
        want = clf.category_model.decision_function([with_label(f, label) for f in feats])
        np.testing.assert_allclose(batch.decision(1, rows, cols), want, rtol=0, atol=1e-9)
    return len(feats)


def test_decisions_equal_those_of_the_feature_dicts_on_the_corpus(nlp, records, splits):
    """Dev documents in minibatches of 32, docs without candidates among them."""
    clf = nlp.get_pipe("spasmtext_classifier")
    dev = set(splits["dev"])
    texts = [r["text"] for r in records if r["id"] in dev]
    checked = 0
    for k in range(0, len(texts), 32):
        checked += _check(clf, _docs(nlp, texts[k:k + 32]))
    assert checked > 5_000


def test_decisions_equal_those_of_the_feature_dicts_at_the_edges(nlp):
    clf = nlp.get_pipe("spasmtext_classifier")
    docs = _docs(nlp, EDGE_TEXTS)
    assert _check(clf, docs) > 20
    for doc in docs:  # each alone: a candidate ending at the end of the minibatch
        _check(clf, [doc])


def test_the_word_table_is_cleared_when_full_and_decisions_stay_right(nlp, records, monkeypatch):
    clf = nlp.get_pipe("spasmtext_classifier")
    monkeypatch.setattr(scoring, "_MAX_WORDS", 50)
    scorer = clf._scorer()
    clears = []
    clear = scorer._clear
    monkeypatch.setattr(scorer, "_clear", lambda *args: (clears.append(scorer.words.size), clear(*args)))
    texts = [r["text"] for r in records[:40]]
    for k in range(0, len(texts), 10):
        _check(clf, _docs(nlp, texts[k:k + 10]))
    assert len(clears) >= 3 and min(clears) > 50  # before each minibatch, once over the limit


def test_a_new_model_gets_a_new_scorer(nlp):
    from spasmtext.classifier import SpanClassifier

    clf = nlp.get_pipe("spasmtext_classifier")
    other = SpanClassifier(model=clf.model, category_model=clf.category_model)
    first = other._scorer()
    assert other._scorer() is first
    other.category_model = clf.model  # any replaced model
    assert other._scorer() is not first


@pytest.mark.parametrize("bits,expected", [(0b0, [0.0, 0.0]), (0b1, [1.0, 2.0]), (0b101, [6.0, 8.0])])
def test_bit_sums(bits, expected):
    weights = np.array([[1.0, 2.0], [10.0, 20.0], [5.0, 6.0]])
    assert scoring._bit_sums(np.array([bits], dtype=np.int64), weights).tolist() == [expected]
