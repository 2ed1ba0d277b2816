"""Scoring predicted mentions against the gold corpus.

All figures compare records of the same documents:

* **strict**: a predicted mention counts when its span and label equal a gold
  mention's; **lenient**: when it overlaps a gold mention of the same label
  (one-to-one, in text order);
* **category / negation / experiencer accuracy**: over leniently matched pairs;
  negation also as precision/recall/F1 of ``negated=True``;
* **label accuracy**: share of the gold mentions overlapped by a prediction
  whose overlapping prediction has the same label (CAUSE/REMEDY);
* **unseen recall**: recall (lenient) on gold mentions whose normalised text
  never occurs as a mention in the training split;
* **calibration**: expected calibration error (10 equal-width bins) of
  ``score`` against "this predicted mention is strictly correct";
* **section headers** (:func:`section_scores`): detected headers against the
  headers annotated in note-shaped documents, by line and section name.
"""

from collections import defaultdict

from .extensions import SPANS_KEY
from .lexicon import LABELS
from .ner import NER_NAME
from .records import mention_dicts
from .tokens import make_docs


def normalise(text):
    """Lower-case and collapse whitespace: the key for 'seen' mention strings."""
    return " ".join(text.lower().split())


def _prf(tp, n_pred, n_gold):
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
            "tp": tp, "predicted": n_pred, "gold": n_gold}


def binary_prf(gold, pred):
    """Precision, recall and F1 of the True values of ``pred`` against those of ``gold``
    (two parallel lists of booleans: negated, experiencer ``other``)."""
    gold, pred = [bool(g) for g in gold], [bool(p) for p in pred]  # numpy bools sum to numpy ints
    return _prf(sum(g and p for g, p in zip(gold, pred)), sum(pred), sum(gold))


def paired_bootstrap(gold, pred_a, pred_b, groups, *, samples=2000, seed=0):
    """How sure is it that reading ``b`` has a higher F1 (of True values) than reading ``a``?

    A paired bootstrap over the documents (``groups``: the document of each item;
    Berg-Kirkpatrick et al., 2012): ``samples`` resamples of the documents with
    replacement, each scoring both readings on the same documents. Returns the
    difference F1(b) - F1(a) on all items, its 95% percentile interval, and ``p``,
    the share of resamples in which ``b`` does not beat ``a`` (one-sided).
    Deterministic for a given ``seed``.
    """
    import numpy as np

    _, doc = np.unique(np.asarray(groups), return_inverse=True)
    gold = np.asarray(gold, dtype=bool)
    counts = np.zeros((doc.max() + 1 if len(doc) else 0, 6))  # per document: tp, predicted, gold of a and of b
    for k, pred in enumerate((pred_a, pred_b)):
        pred = np.asarray(pred, dtype=bool)
        for j, column in enumerate((gold & pred, pred, gold)):
            np.add.at(counts[:, 3 * k + j], doc, column)

    def f1(totals):
        tp, predicted, positives = totals[..., 0], totals[..., 1], totals[..., 2]
        return np.divide(2 * tp, predicted + positives, out=np.zeros_like(tp), where=predicted + positives > 0)

    rng = np.random.default_rng(seed)
    n_docs = len(counts)
    weights = np.stack([np.bincount(rng.integers(0, n_docs, n_docs), minlength=n_docs) for _ in range(samples)])
    totals = weights @ counts  # samples x 6
    diffs = f1(totals[:, 3:]) - f1(totals[:, :3])
    all_docs = counts.sum(axis=0)
    low, high = np.percentile(diffs, [2.5, 97.5])
    return {"difference": round(float(f1(all_docs[3:]) - f1(all_docs[:3])), 4), "interval_95": [round(float(low), 4),
            round(float(high), 4)], "p": round(float(np.mean(diffs <= 0)), 4), "samples": samples,
            "documents": n_docs}


def lenient_pairs(gold, pred):
    """One-to-one pairs (gold, pred) that overlap and share a label."""
    used, pairs = set(), []
    for g in sorted(gold, key=lambda m: m["start"]):
        for j, p in enumerate(pred):
            if j in used or p["label"] != g["label"]:
                continue
            if p["start"] < g["end"] and g["start"] < p["end"]:
                used.add(j)
                pairs.append((g, p))
                break
    return pairs


def _key(m):
    return (m["start"], m["end"], m["label"])


def _overlaps(a, b):
    return a["start"] < b["end"] and b["start"] < a["end"]


def _gold_error(g, pred):
    """``(class, prediction)``: gold mention ``g`` found exactly (``exact``), by an overlapping
    prediction with its label (``boundary``), only by one with the other label (``label``), or
    not at all (``missed``, prediction None)."""
    overlapping = [p for p in pred if _overlaps(p, g)]
    for error, same in (("exact", lambda p: _key(p) == _key(g)), ("boundary", lambda p: p["label"] == g["label"]),
                        ("label", lambda p: True)):
        hit = next((p for p in overlapping if same(p)), None)
        if hit is not None:
            return error, hit
    return "missed", None


def _false_positives(gold, pred):
    """The predictions that overlap no gold mention."""
    return [p for p in pred if not any(_overlaps(p, g) for g in gold)]


def _count_errors(gold, pred, errors):
    """Sort each gold mention into exact / boundary / label / missed, and count
    predictions overlapping no gold mention as false positives."""
    for g in gold:
        errors[_gold_error(g, pred)[0]] += 1
    errors["false_positive"] += len(_false_positives(gold, pred))


#: the attributes of a matched mention that :func:`error_list` checks, in its order
CHECKED_ATTRIBUTES = ("category", "negated", "experiencer")
_ERROR_FIELDS = ("start", "end", "label", "category", "negated", "experiencer", "score")
_ERROR_ORDER = {"boundary": 0, "label": 0, "missed": 0, "category": 1, "negated": 2, "experiencer": 3,
                "false_positive": 4}  # of the rows at one offset


def _offsets_only(mention):
    return None if mention is None else {k: mention[k] for k in _ERROR_FIELDS if k in mention}


def error_list(gold_records, pred_records, seen_texts=frozenset()):
    """Every error of ``pred_records`` against ``gold_records`` (records of the same
    documents, in the same order), for error analysis.

    One row per gold mention not found exactly (``boundary``, ``label`` or ``missed``,
    the classes of the ``error_classes`` figure), per attribute of a leniently matched
    pair that differs (``category``, ``negated``, ``experiencer``: the pairs the
    accuracy figures count), and per prediction overlapping no gold mention
    (``false_positive``), in document order. A row is ``{"id", "source", "error",
    "gold", "predicted"}``: the record's genre, and the mentions as offsets, label,
    category, negation, experiencer (and the prediction's score; the gold mention's
    ``unseen``: its text is not among ``seen_texts``, as the unseen-mention recall counts
    it), None where there is none. No text, so that a list made on patient notes says
    where to look without holding them.
    """
    rows = []
    for gold_rec, pred_rec in zip(gold_records, pred_records):
        gold, pred = gold_rec["mentions"], pred_rec.get("mentions", [])
        found = []
        for g in sorted(gold, key=lambda m: (m["start"], m["end"])):
            error, p = _gold_error(g, pred)
            if error != "exact":
                found.append((g["start"], error, g, p))
        for g, p in lenient_pairs(gold, pred):
            found += [(g["start"], attr, g, p) for attr in CHECKED_ATTRIBUTES if g.get(attr) != p.get(attr)]
        found += [(p["start"], "false_positive", None, p) for p in _false_positives(gold, pred)]
        for _, error, g, p in sorted(found, key=lambda row: (row[0], _ERROR_ORDER[row[1]])):
            gold_row = _offsets_only(g)
            if gold_row is not None:
                gold_row["unseen"] = normalise(gold_rec["text"][g["start"]:g["end"]]) not in seen_texts
            rows.append({"id": gold_rec.get("id"), "source": gold_rec.get("source"), "error": error,
                         "gold": gold_row, "predicted": _offsets_only(p)})
    return rows


def ece(scores_correct, bins=10):
    """Expected calibration error and the reliability table."""
    table = []
    total = len(scores_correct)
    error = 0.0
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        inside = [(s, c) for s, c in scores_correct if lo <= s < hi or (b == bins - 1 and s == 1.0)]
        if not inside:
            continue
        conf = sum(s for s, _ in inside) / len(inside)
        acc = sum(c for _, c in inside) / len(inside)
        error += len(inside) / total * abs(conf - acc)
        table.append({"bin": f"{lo:.1f}-{hi:.1f}", "n": len(inside),
                      "mean_score": round(conf, 4), "accuracy": round(acc, 4)})
    return round(error, 4), table


def negation_genres(result):
    """``(genre, figures)`` of ``result["negation_per_genre"]`` (a :func:`score` result) for the
    genres with a negated gold mention: without one, negation F1 is 0/0, undefined, and the
    report and the model card leave the genre out."""
    return [(genre, figs) for genre, figs in result.get("negation_per_genre", {}).items() if figs["gold"]]


def score(gold_records, pred_records, seen_texts=frozenset()):
    """Compare predictions to gold; both are lists of records in the same order.

    ``gold_records`` carry ``source``, ``text`` and ``mentions``;
    ``pred_records`` carry ``mentions`` (with ``score`` when calibration is wanted).
    """
    counts = {mode: {lab: [0, 0, 0] for lab in LABELS} for mode in ("strict", "lenient")}
    genre_counts = defaultdict(lambda: {"strict": [0, 0, 0], "lenient": [0, 0, 0]})
    cat_ok = neg_ok = exp_ok = matched = patient_ok = patient_gold = 0
    genre_neg = defaultdict(lambda: [0, 0, 0])
    category_counts = defaultdict(lambda: [0, 0, 0])  # LABEL/CATEGORY -> [tp, predicted, gold] (lenient)
    neg_tp = neg_pred = neg_gold = 0
    other_tp = other_pred = other_gold = 0
    unseen_gold = unseen_found = 0
    calib = []
    errors = {"exact": 0, "boundary": 0, "label": 0, "missed": 0, "false_positive": 0}
    for gold_rec, pred_rec in zip(gold_records, pred_records):
        gold, pred = gold_rec["mentions"], pred_rec.get("mentions", [])
        genre = gold_rec.get("source", "other")
        _count_errors(gold, pred, errors)
        gold_keys = {_key(m) for m in gold}
        pairs = lenient_pairs(gold, pred)
        for lab in LABELS:
            g = [m for m in gold if m["label"] == lab]
            p = [m for m in pred if m["label"] == lab]
            strict_tp = len({_key(m) for m in p} & {_key(m) for m in g})
            lenient_tp = sum(1 for gm, _ in pairs if gm["label"] == lab)
            for mode, tp in (("strict", strict_tp), ("lenient", lenient_tp)):
                counts[mode][lab][0] += tp
                counts[mode][lab][1] += len(p)
                counts[mode][lab][2] += len(g)
                genre_counts[genre][mode][0] += tp
                genre_counts[genre][mode][1] += len(p)
                genre_counts[genre][mode][2] += len(g)
        for m in gold:
            category_counts[f"{m['label']}/{m['category']}"][2] += 1
        for m in pred:
            category_counts[f"{m['label']}/{m['category']}"][1] += 1
        for gm, pm in pairs:
            matched += 1
            category_counts[f"{gm['label']}/{gm['category']}"][0] += gm["category"] == pm["category"]
            cat_ok += gm["category"] == pm["category"]
            neg_ok += gm["negated"] == pm["negated"]
            exp_ok += gm["experiencer"] == pm["experiencer"]
            neg_tp += gm["negated"] and pm["negated"]
            neg_pred += bool(pm["negated"])
            neg_gold += bool(gm["negated"])
            other_tp += gm["experiencer"] == "other" and pm["experiencer"] == "other"
            other_pred += pm["experiencer"] == "other"
            other_gold += gm["experiencer"] == "other"
            patient_gold += gm["experiencer"] == "patient"
            patient_ok += gm["experiencer"] == "patient" and pm["experiencer"] == "patient"
            genre_neg[genre][0] += gm["negated"] and pm["negated"]
            genre_neg[genre][1] += bool(pm["negated"])
            genre_neg[genre][2] += bool(gm["negated"])
        found = {id(gm) for gm, _ in pairs}
        for gm in gold:
            if normalise(gold_rec["text"][gm["start"]:gm["end"]]) not in seen_texts:
                unseen_gold += 1
                unseen_found += id(gm) in found
        for pm in pred:
            if pm.get("score") is not None:
                calib.append((pm["score"], _key(pm) in gold_keys))
    result = {}
    for mode in ("strict", "lenient"):
        per_label = {lab: _prf(*counts[mode][lab]) for lab in LABELS}
        totals = [sum(counts[mode][lab][i] for lab in LABELS) for i in range(3)]
        result[mode] = {"micro": _prf(*totals), **per_label}
    result["per_genre"] = {
        genre: {"strict": _prf(*c["strict"])["f1"], "lenient": _prf(*c["lenient"])["f1"],
                "gold": c["lenient"][2], "predicted": c["lenient"][1]}
        for genre, c in sorted(genre_counts.items())
    }
    # per category: a mention found (overlapping span, same label) with the right category
    result["per_category"] = {key: _prf(*category_counts[key]) for key in sorted(category_counts)}
    result["matched"] = matched
    result["category_accuracy"] = round(cat_ok / matched, 4) if matched else 0.0
    result["negation_accuracy"] = round(neg_ok / matched, 4) if matched else 0.0
    result["negation"] = _prf(neg_tp, neg_pred, neg_gold)
    result["experiencer_accuracy"] = round(exp_ok / matched, 4) if matched else 0.0
    result["experiencer_other"] = _prf(other_tp, other_pred, other_gold)
    result["experiencer_patient_accuracy"] = round(patient_ok / patient_gold, 4) if patient_gold else 0.0
    result["negation_per_genre"] = {genre: _prf(*c) for genre, c in sorted(genre_neg.items())}
    result["unseen_recall"] = round(unseen_found / unseen_gold, 4) if unseen_gold else 0.0
    result["unseen_gold"] = unseen_gold
    result["error_classes"] = errors
    overlapped = errors["exact"] + errors["boundary"] + errors["label"]
    # CAUSE/REMEDY right on gold mentions that a prediction overlaps (whatever its label)
    result["label_accuracy"] = round((errors["exact"] + errors["boundary"]) / overlapped, 4) if overlapped else 0.0
    if calib:
        result["ece"], result["reliability"] = ece(calib)
    return result


def _line_of(text, offset):
    return text.count("\n", 0, offset)


def section_scores(gold_records, predicted):
    """Header detection against annotated headers.

    ``gold_records`` carry ``text`` and ``sections`` (``start``, ``end``,
    ``section``); ``predicted`` holds, per record, ``(start_char, section)`` of
    each detected header. A header is identified by its line: a detected header
    is right when the gold standard has a header of the same section on that
    line. ``accuracy`` is right / (gold headers + wrong detections): every
    header either side sees, counted once.
    """
    tp = n_pred = n_gold = 0
    confusions = defaultdict(int)
    for rec, headers in zip(gold_records, predicted):
        text = rec["text"]
        gold = {_line_of(text, h["start"]): h["section"] for h in rec["sections"]}
        pred = {}
        for start, section in headers:
            pred.setdefault(_line_of(text, start), section)
        n_gold += len(gold)
        n_pred += len(pred)
        for line, section in pred.items():
            if gold.get(line) == section:
                tp += 1
            else:
                confusions[f"{gold.get(line, 'none')} -> {section}"] += 1
        for line, section in gold.items():
            if line not in pred:
                confusions[f"{section} -> none"] += 1
    union = n_gold + n_pred - tp
    return {**_prf(tp, n_pred, n_gold), "accuracy": round(tp / union, 4) if union else 1.0,
            "documents": len(gold_records), "errors": dict(sorted(confusions.items()))}


def rules_baseline_records(nlp, texts):
    """Records from the candidate stage's lexicon alone (no classifier).

    Longest lexicon matches win, each labelled with its lexicon reading; the
    context component then sets negation and experiencer, so the baseline
    differs from the model only in the trained classifier.
    """
    candidates = nlp.get_pipe("spasmtext_candidates")
    context = nlp.get_pipe("spasmtext_context")
    records = []
    for doc in nlp.pipe(make_docs(nlp, texts), disable=[NER_NAME, "spasmtext_classifier", "spasmtext_context"]):
        matches = sorted(candidates.lexicon_matches(doc), key=lambda m: (-(m[1] - m[0]), m[0]))
        taken, spans = set(), []
        for start, end, key in matches:
            if any(i in taken for i in range(start, end)):
                continue
            taken.update(range(start, end))
            label, category = key.split("|")
            span = doc[start:end]
            span.label_ = label
            spans.append((span, category))
        spans.sort(key=lambda x: x[0].start)
        doc.spans[SPANS_KEY] = [s for s, _ in spans]
        for span, category in zip(doc.spans[SPANS_KEY], [c for _, c in spans]):
            span._.category = category
        context(doc)
        records.append({"mentions": mention_dicts(doc)})
    return records


def model_records(nlp, texts):
    """Records of the full pipeline, made as :func:`spasmtext.extract_batch` makes them for
    users (so what is scored is what they get); a record that fails raises
    ``RuntimeError`` with its position and the error's type, rather than being scored as
    a text without mentions."""
    from .api import extract_batch

    records = []
    for record in extract_batch(texts, nlp):
        if "error" in record:
            raise RuntimeError(f"text {record['id']} could not be processed: {record['error']}")
        records.append({"mentions": record["mentions"]})
    return records
