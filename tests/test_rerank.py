import numpy as np
import pytest

from spasmtext.classifier import SpanClassifier
from spasmtext.linear import LinearModel
from spasmtext.rerank import group_features, overlap_groups, rerank_rows


@pytest.mark.parametrize("bounds,expected", [
    ([(0, 2), (1, 3), (2, 4), (5, 6)], [[0, 1, 2], [3]]),  # a chain is one group: (0, 2) and (2, 4) via (1, 3)
    ([(3, 5), (0, 2)], [[1], [0]]),  # start order, indices of the input
    ([(0, 4), (1, 2), (2, 3)], [[0, 1, 2]]),  # both inside the first
    ([(0, 1), (1, 2)], [[0], [1]]),  # touching is not overlapping
    ([], []),
])
def test_overlap_groups(bounds, expected):
    assert overlap_groups(bounds) == expected


def test_group_features_name_what_a_competitor_adds_or_drops(blank_pipeline):
    doc = blank_pipeline.make_doc("I had a pinched nerve at L5-S1 last year")
    group = [((3, 5), "CAUSE", "injury", 0.8, "lex"), ((3, 7), "CAUSE", "injury", 0.6, "chunk"),
             ((2, 5), "CAUSE", "injury", 0.3, "chunk")]
    top, longer, wider = group_features(doc, group)
    assert top["is_top"] == 1 and top["gap"] == 0 and top["shortest"] == 1
    assert not any(key.startswith(("Rext=", "Lext=")) for key in top)
    assert longer["Rext=at"] == longer["Rext=l5"] == 1 and longer["longest"] == 1 and longer["gap"] < 0
    assert wider["Lext=a"] == 1 and "Rext=at" not in wider
    assert longer["origin=chunk"] == top["origin=lex"] == 1


def test_rerank_rows_only_for_groups_of_two_or_more(blank_pipeline):
    doc = blank_pipeline.make_doc("Ice and heat and a pinched nerve")
    kept = [((0, 1), "REMEDY", "cold", 0.9, "lex"), ((5, 7), "CAUSE", "injury", 0.8, "lex"),
            ((4, 7), "CAUSE", "injury", 0.5, "chunk")]
    (group, rows), = rerank_rows(doc, kept)
    assert group == [2, 1] and len(rows) == 2


def _prefers(feature, weight):
    """A reranker that only reads ``feature`` (positive ``weight``: prefers candidates with it)."""
    return LinearModel([feature], [0, 1], np.array([[weight]]), np.array([0.0]))


@pytest.mark.parametrize("reranker,expected", [
    (None, (3, 7)),  # the label model's highest probability, as before rerankers
    (_prefers("shortest", 5.0), (3, 5)),
    (_prefers("shortest", -5.0), (3, 7)),
])
def test_classifier_decodes_overlapping_mentions_by_the_reranker(blank_pipeline, reranker, expected):
    doc = blank_pipeline.make_doc("I had a pinched nerve at L5-S1 last year. Ice helped.")
    kept = [((3, 5), "CAUSE", "injury", 0.6, "lex"), ((3, 7), "CAUSE", "injury", 0.8, "chunk"),
            ((11, 12), "REMEDY", "cold", 0.2, "lex")]
    clf = SpanClassifier(reranker=reranker)
    (mentions,) = clf.decode([doc], [kept])
    assert [(span.start, span.end) for span, *_ in mentions] == [expected, (11, 12)]
    # the label, category and score are the classifier's, whichever span is kept
    score = {bounds: sc for bounds, _, _, sc, _ in kept}[expected]
    assert mentions[0][1:4] == ("CAUSE", "injury", score)


def test_classifier_reranker_round_trip_and_older_models_without_one(nlp, tmp_path):
    clf = nlp.get_pipe("spasmtext_classifier")
    clf.to_disk(tmp_path / "with")
    loaded = SpanClassifier().from_disk(tmp_path / "with")
    assert (loaded.reranker is None) == (clf.reranker is None)
    if clf.reranker is not None:
        assert loaded.reranker.feature_names == clf.reranker.feature_names
        np.testing.assert_array_equal(loaded.reranker.coef_, clf.reranker.coef_)
    saved, clf.reranker = clf.reranker, None
    try:
        clf.to_disk(tmp_path / "without")  # a model saved before 0.4.31 has no reranker files
    finally:
        clf.reranker = saved
    assert SpanClassifier().from_disk(tmp_path / "without").reranker is None
