"""The scorer of `spasmtext evaluate`, on records small enough to count by hand."""

import pytest

from spasmtext.evaluation import error_list, paired_bootstrap, score

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


def test_error_list_rows_agree_with_the_error_classes_and_hold_no_text():
    pred = [{"id": "d1", "mentions": [dict(m, text=TEXT[m["start"]:m["end"]], score=0.5) for m in PRED[0]["mentions"]]}]
    pred[0]["mentions"][1]["experiencer"] = "other"  # Ice: exact span, wrong experiencer
    rows = error_list(GOLD, pred, seen_texts={"heat", "lifting boxes"})
    assert [(r["id"], r["error"]) for r in rows] == [
        ("d1", "boundary"),  # "lifting" for "lifting boxes"
        ("d1", "false_positive"),  # "my back"
        ("d1", "experiencer"),  # "Ice"
        ("d1", "category"),  # "ibuprofen" read HEAT_COLD
        ("d1", "missed"),  # "Heat"
    ]
    boundary, fp, experiencer, category, missed = rows
    assert boundary["gold"]["end"] - boundary["gold"]["start"] == len("lifting boxes")
    assert boundary["predicted"]["end"] - boundary["predicted"]["start"] == len("lifting")
    assert fp["gold"] is None and fp["predicted"]["label"] == "CAUSE" and fp["predicted"]["score"] == 0.5
    assert (experiencer["gold"]["experiencer"], experiencer["predicted"]["experiencer"]) == ("patient", "other")
    assert (category["gold"]["category"], category["predicted"]["category"]) == ("MEDICATION", "HEAT_COLD")
    assert missed["predicted"] is None and missed["gold"]["start"] == TEXT.index("Heat")
    assert missed["gold"]["unseen"] is False and category["gold"]["unseen"] is True  # "heat" seen, "ibuprofen" not
    assert {r["source"] for r in rows} == {"forum"}
    classes = score(GOLD, pred)["error_classes"]
    for name in ("boundary", "label", "missed", "false_positive"):
        assert sum(r["error"] == name for r in rows) == classes[name]
    assert "'text'" not in repr(rows) and "Heat" not in repr(rows)  # offsets only: safe to share
    assert error_list(GOLD, GOLD) == []  # gold against itself: nothing to list


def _readings(n_docs, per_doc, b_misses_every):
    """Gold and two readings over ``n_docs`` documents of ``per_doc`` items each, half of them
    True; reading a is right everywhere, b misses one True item in every ``b_misses_every``-th
    document."""
    gold, a, b, groups = [], [], [], []
    for d in range(n_docs):
        for k in range(per_doc):
            g = k % 2 == 0
            gold.append(g)
            a.append(g)
            b.append(g and not (k == 0 and d % b_misses_every == 0))
            groups.append(f"doc{d}")
    return gold, a, b, groups


def test_paired_bootstrap_is_sure_of_a_clear_difference_and_not_of_none():
    gold, a, b, groups = _readings(60, 4, 2)  # b misses 30 of 120 positives
    better = paired_bootstrap(gold, b, a, groups, samples=500)
    assert better["difference"] > 0.1 and better["p"] == 0.0
    assert better["interval_95"][0] > 0 and better["documents"] == 60
    worse = paired_bootstrap(gold, a, b, groups, samples=500)
    assert worse["difference"] < 0 and worse["p"] == 1.0
    same = paired_bootstrap(gold, a, list(a), groups, samples=500)
    assert same["difference"] == 0 and same["p"] == 1.0  # equal is not better


def test_paired_bootstrap_resamples_documents_not_items():
    # every difference sits in one document of 30: a resample leaves it out with probability
    # (1 - 1/30) ** 30 = 0.36, so the gain is not sure (resampling items would call it sure)
    groups = [f"doc{d}" for d in range(30) for _ in range(4)]
    gold = [True] * len(groups)
    a = list(gold)
    b = [grp != "doc0" for grp in groups]  # misses the 4 items of doc0
    result = paired_bootstrap(gold, b, a, groups, samples=1000, seed=3)
    assert result["difference"] > 0
    assert 0.25 < result["p"] < 0.45
    assert paired_bootstrap(gold, b, a, groups, samples=1000, seed=3) == result  # deterministic


def test_model_records_are_extract_batch_records_and_a_failed_text_raises(nlp):
    import spasmtext
    from spasmtext.evaluation import model_records

    texts = ["After lifting boxes my back seized up. Ice helped a lot.", "Denies any trauma."]
    assert model_records(nlp, texts) == [{"mentions": r["mentions"]} for r in spasmtext.extract_batch(texts, nlp)]
    with pytest.raises(RuntimeError, match="text 1 could not be processed: E001"):
        model_records(nlp, [texts[0], None])  # never scored as a text without mentions


def test_report_and_card_leave_out_a_genre_negation_f1_with_no_negated_gold(capsys):
    """A genre whose matched mentions hold no negated gold one has no negation F1 (0/0): the
    printed report and the model card leave its row out rather than print 0.000."""
    from spasmtext.cli import _print_report
    from spasmtext.modelcard import _metrics_table

    gold = GOLD + [{"id": "d2", "source": "other", "text": TEXT, "mentions": [_m(TEXT, "Ice", "REMEDY", "HEAT_COLD")]}]
    pred = PRED + [{"id": "d2", "mentions": [_m(TEXT, "Ice", "REMEDY", "HEAT_COLD")]}]
    report = {"model": score(gold, pred), "baseline": score(gold, pred)}
    assert report["model"]["negation_per_genre"]["other"]["gold"] == 0
    _print_report(report, "t")
    printed = capsys.readouterr().out
    card = _metrics_table(report)
    assert "forum negation F1 (n=1)" in printed and "forum negation F1 (matched, n=1)" in card
    assert "other negation F1" not in printed and "other negation F1" not in card
