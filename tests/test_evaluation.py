"""The scorer of `spasmtext evaluate`, on records small enough to count by hand."""

import pytest

from spasmtext.evaluation import score

TEXT = "After lifting boxes my back hurt. Ice helped, ibuprofen did nothing. Heat too."


def _m(text, phrase, label, category, negated=False, experiencer="patient", score=None):
    start = text.index(phrase)
    m = {"start": start, "end": start + len(phrase), "label": label, "category": category,
         "negated": negated, "experiencer": experiencer}
    if score is not None:
        m["score"] = score
    return m


GOLD = [{"id": "d1", "source": "forum", "text": TEXT, "mentions": [
    _m(TEXT, "lifting boxes", "CAUSE", "LIFTING"),
    _m(TEXT, "Ice", "REMEDY", "HEAT_COLD"),
    _m(TEXT, "ibuprofen", "REMEDY", "MEDICATION", negated=True),
    _m(TEXT, "Heat", "REMEDY", "HEAT_COLD"),
]}]
PRED = [{"id": "d1", "mentions": [
    _m(TEXT, "lifting", "CAUSE", "LIFTING"),  # boundary: lenient only
    _m(TEXT, "Ice", "REMEDY", "HEAT_COLD"),  # exact
    _m(TEXT, "ibuprofen", "REMEDY", "HEAT_COLD", negated=True),  # exact span, wrong category
    _m(TEXT, "my back", "CAUSE", "STRUCTURAL"),  # false positive
]}]  # "Heat" missed


def test_evaluation_strict_lenient_and_per_label():
    r = score(GOLD, PRED)
    assert (r["strict"]["micro"]["precision"], r["strict"]["micro"]["recall"]) == (0.5, 0.5)
    assert (r["lenient"]["micro"]["precision"], r["lenient"]["micro"]["recall"]) == (0.75, 0.75)
    assert r["lenient"]["CAUSE"]["recall"] == 1.0 and r["lenient"]["CAUSE"]["precision"] == 0.5
    assert r["strict"]["REMEDY"]["recall"] == pytest.approx(2 / 3, abs=1e-4)
    assert r["error_classes"] == {"exact": 2, "boundary": 1, "label": 0, "missed": 1, "false_positive": 1}


def test_evaluation_per_category_counts_label_and_category():
    per = score(GOLD, PRED)["per_category"]
    assert per["REMEDY/HEAT_COLD"]["gold"] == 2 and per["REMEDY/HEAT_COLD"]["predicted"] == 2
    assert per["REMEDY/HEAT_COLD"]["f1"] == 0.5  # Ice found; Heat missed; ibuprofen predicted HEAT_COLD
    assert per["REMEDY/MEDICATION"]["f1"] == 0.0  # found, but with the wrong category
    assert per["CAUSE/LIFTING"]["f1"] == 1.0  # lenient span
    assert per["CAUSE/STRUCTURAL"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "tp": 0,
                                       "predicted": 1, "gold": 0}


def test_evaluation_negation_unseen_and_calibration():
    scored = [{"id": "d1", "mentions": [dict(m, score=s) for m, s in zip(PRED[0]["mentions"], (0.9, 0.9, 0.9, 0.1))]}]
    r = score(GOLD, scored, seen_texts={"ice"})
    assert r["negation"]["f1"] == 1.0 and r["matched"] == 3
    assert r["unseen_gold"] == 3 and r["unseen_recall"] == pytest.approx(2 / 3, abs=1e-4)  # "Heat" unseen, missed
    # three mentions scored 0.9, two of them strictly right; one scored 0.1, wrong
    assert r["ece"] == pytest.approx(0.75 * abs(0.9 - 2 / 3) + 0.25 * 0.1, abs=1e-3)
