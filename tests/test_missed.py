"""benchmarks/missed.py: which stage let a missed gold mention go."""

import sys

from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
import missed


def _record(rid, text, phrase, label="REMEDY", category="HEAT_COLD"):
    start = text.index(phrase)
    return {"id": rid, "source": "forum", "text": text, "mentions": [
        {"start": start, "end": start + len(phrase), "label": label, "category": category, "negated": False,
         "experiencer": "patient"}]}


def test_missed_by_stage_classes(nlp):
    off_topic = ("The garden was lovely this year. We grew beans and peas. The heat in July was hard on the "
                 "lettuce. Next year we will try tomatoes.")
    records = [
        _record("found", "My back hurts. Ice helped a lot.", "Ice"),
        _record("topic", off_topic, "heat"),
        _record("none", "My back hurts. Ice helped a lot.", "My"),  # no candidate starts with a possessive
    ]
    by_class = missed.missed_by_stage(nlp, records)
    assert [rid for rid, _ in by_class["topic rule"]] == ["topic"]
    assert [rid for rid, _ in by_class["no candidate"]] == ["none"]
    assert not by_class["exact candidate rejected"] and not by_class["overlapping candidate rejected"]
    assert set(by_class) <= set(missed.CLASSES)


def test_missed_by_stage_rejected_candidates(nlp):
    """With a threshold no candidate passes, an exact candidate and an overlapping one are rejected."""
    clf = nlp.get_pipe("spasmtext_classifier")
    threshold, clf.threshold = clf.threshold, 1.01
    try:
        by_class = missed.missed_by_stage(nlp, [
            _record("exact", "My back hurts. Ice helped a lot.", "Ice"),
            _record("overlap", "My back hurts. Ice helped a lot.", "Ice helped"),  # not a candidate
        ])
    finally:
        clf.threshold = threshold
    assert [rid for rid, _ in by_class["exact candidate rejected"]] == ["exact"]
    assert [rid for rid, _ in by_class["overlapping candidate rejected"]] == ["overlap"]
