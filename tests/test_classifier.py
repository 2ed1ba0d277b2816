import pytest

from spasmtext.classifier import SpanClassifier
from spasmtext.errors import IntegrityError
from spasmtext.extensions import SPANS_KEY


def test_classifier_unfitted_raises(blank_pipeline):
    with pytest.raises(ValueError, match="E007"):
        blank_pipeline("ice helps")


def test_classifier_one_predict_proba_per_minibatch(nlp, monkeypatch):
    clf, context = nlp.get_pipe("spasmtext_classifier"), nlp.get_pipe("spasmtext_context")
    models = [(clf, "model", "label"), (clf, "category_model", "category")]
    models += [(context, attr, attr) for attr in ("negation_model", "experiencer_model")
               if getattr(context, attr) is not None]
    calls = {key: 0 for _, _, key in models}
    for owner, attr, key in models:
        est = getattr(owner, attr)  # a LinearModel, as loaded
        original = est.probabilities  # what predict_proba and the label model's sums end in

        def counting(X, _original=original, _key=key):
            calls[_key] += 1
            return _original(X)

        monkeypatch.setattr(est, "probabilities", counting)
    texts = ["Ice helps.", "Lifting boxes hurt my back.", "Heat and stretching help."] * 10
    docs = list(nlp.pipe(texts, batch_size=64))
    assert sum(len(d.spans[SPANS_KEY]) for d in docs) >= 30
    assert set(calls.values()) == {1}, calls  # one call per model for the minibatch


def test_classifier_round_trip_same_predictions(nlp, tmp_path):
    from spasmtext.pipeline import build_pipeline

    clf = nlp.get_pipe("spasmtext_classifier")
    clf.to_disk(tmp_path)
    other = build_pipeline()
    other.replace_pipe("spasmtext_classifier", "spasmtext_classifier")
    other.get_pipe("spasmtext_classifier").from_disk(tmp_path)
    text = "After a fall I tried ibuprofen and physical therapy, which helped."
    doc_a, doc_b = nlp(text), other(text)
    a = [(s.start, s.end, s.label_, s._.category, s._.score) for s in doc_a.spans[SPANS_KEY]]
    b = [(s.start, s.end, s.label_, s._.category, s._.score) for s in doc_b.spans[SPANS_KEY]]
    assert a == b and a


def test_classifier_saves_no_pickles_and_refuses_old_ones(nlp, tmp_path):
    nlp.get_pipe("spasmtext_classifier").to_disk(tmp_path)
    assert {p.suffix for p in tmp_path.iterdir()} == {".json", ".npy"}
    (tmp_path / "model.joblib").write_bytes(b"a pickle of spasmtext < 0.2")
    with pytest.raises(IntegrityError, match="E021"):
        SpanClassifier().from_disk(tmp_path)


def test_classifier_binary_matrix_equals_dictvectorizer():
    from sklearn.feature_extraction import DictVectorizer

    from spasmtext.classifier import binary_matrix

    train = [{"w=ice": 1, "bias": 1}, {"w=heat": 1, "L1=<s>": 1, "bias": 1}]
    vec = DictVectorizer().fit(train)
    new = [{"w=heat": 1, "w=unknown": 1, "bias": 1}, {"bias": 1, "w=ice": 1}, {}]
    got, want = binary_matrix(vec, new), vec.transform(new)
    assert got.shape == want.shape and (got != want).nnz == 0
    assert got.indices.dtype.itemsize == 4  # int32 indices: accepted by every scikit-learn estimator


def test_classifier_array_decision_equals_decision_over_feature_dicts(nlp):
    """The candidates the classifier scores are those featurize() gives, and their decision
    values those of the feature dicts (more cases in test_scoring.py)."""
    import numpy as np

    clf = nlp.get_pipe("spasmtext_classifier")
    texts = ["After lifting boxes my back seized up. Ice, heat and stretching helped; bed rest did not.",
             "Pt c/o LBP x3 days s/p MVA.\nPlan: PT 2x/week, NSAIDs, HEP.", "Ice helps."]
    docs = list(nlp.pipe(texts, disable=["spasmtext_classifier", "spasmtext_context"]))
    candidates, feats = clf.featurize(docs)
    array_candidates, batch = clf._label_decision(docs)
    assert array_candidates == candidates and len(feats) > 40
    np.testing.assert_allclose(batch.decision(0), clf.model.decision_function(feats), rtol=0, atol=1e-12)


@pytest.mark.parametrize("text,bounds,label,expected", [
    ("No opioids.", (0, 2), "REMEDY", (1, 2)),  # advice against a remedy: the remedy, read as negated
    ("Avoid bed rest.", (0, 3), "REMEDY", (1, 3)),
    ("Avoid heavy lifting.", (0, 3), "REMEDY", (0, 3)),  # an avoidance that is a remedy of its own
    ("No lifting over 10 lbs.", (0, 5), "REMEDY", (0, 5)),
    ("No exercise for years.", (0, 2), "CAUSE", (0, 2)),  # a cause keeps its words
    ("Try opioids.", (0, 2), "REMEDY", (0, 2)),  # not advice against
])
def test_classifier_cuts_advice_against_a_remedy(blank_pipeline, text, bounds, label, expected):
    from spasmtext.classifier import _without_advice_against

    doc = blank_pipeline.get_pipe("spasmtext_candidates")(
        blank_pipeline.get_pipe("spasmtext_sentences")(blank_pipeline.make_doc(text)))
    chosen = [(bounds, label, None, 0.9, "chunk")]
    assert _without_advice_against(doc, chosen) == [(expected, label, None, 0.9, "chunk")]
