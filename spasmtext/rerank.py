"""Which of overlapping mentions to keep: a reranker over the classifier's kept candidates.

The label model scores each candidate on its own, so two overlapping candidates
can both pass the threshold: "pinched nerve" and "pinched nerve at L5-S1",
"kidney stone" and "ruling out kidney stone". Without a reranker the one with
the higher label probability is kept (then the longer). With one, the
candidates of each group of overlapping kept candidates (connected by overlap)
are ranked by a logistic regression trained on where such groups hold the gold
span. It reads what a single candidate's features cannot: how each competitor
differs from the best-scored one (the words it adds or drops on either side),
how far its label probability is behind, whether it is the longest or shortest.

Its training data are the groups the classifier keeps on train documents it
was not fitted on (out of fold, as for the calibrator): the reranker learns the
classifier's mistakes on unseen text, not on its own training data. Only groups
of two or more candidates are ranked; a candidate that overlaps nothing is kept
as before, and the label, category and ``score`` of a mention are the
classifier's, whichever is kept.
"""

import math

#: words of a competitor's extension or cut, relative to the best-scored candidate, read as features
EDGE_WORDS = 3


def overlap_groups(bounds):
    """Indices of ``bounds`` (``(start, end)`` token offsets) grouped by overlap (connected
    components: A and C are in one group if both overlap B), each group in start order."""
    order = sorted(range(len(bounds)), key=lambda i: bounds[i])
    groups, current, reach = [], [], -1
    for i in order:
        start, end = bounds[i]
        if current and start >= reach:
            groups.append(current)
            current, reach = [], -1
        current.append(i)
        reach = max(reach, end)
    if current:
        groups.append(current)
    return groups


def _logit(p):
    """The scalar twin of :func:`spasmtext.classifier._logit` (numpy, for the calibrator's
    arrays), with the same clipping. Not shared: numpy's log differs from ``math.log`` in
    the last bit for about 0.1% of probabilities, and the shipped rerankers were fitted with
    this one, so sharing it would move a retrained model off the shipped one."""
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


def group_features(doc, group):
    """Feature dicts of the candidates of one group, each ``((start, end), label, category,
    score, origin)`` (``score``: the label model's probability), in the order given."""
    top = max(range(len(group)), key=lambda k: (group[k][3], group[k][0][1] - group[k][0][0]))
    (top_start, top_end), _, _, top_score, _ = group[top]
    lengths = [end - start for (start, end), *_ in group]
    rows = []
    for k, ((start, end), label, _, score, origin) in enumerate(group):
        n = lengths[k]
        row = {"p": score, "len": n, "logit": _logit(score), "gap": _logit(score) - _logit(top_score),
               "is_top": k == top, "longest": n == max(lengths), "shortest": n == min(lengths),
               "origin=" + origin: 1, "label=" + label: 1, f"nlen={min(n, 6)}": 1,
               "first=" + doc[start].lower_: 1, "last=" + doc[end - 1].lower_: 1}
        if k != top:
            edges = (("Lext", start, top_start), ("Lcut", top_start, start),
                     ("Rext", top_end, end), ("Rcut", end, top_end))
            for name, a, b in edges:
                for i in range(a, min(b, a + EDGE_WORDS)):
                    row[f"{name}={doc[i].lower_}"] = 1
        rows.append({key: float(value) for key, value in row.items()})
    return rows


def rerank_rows(doc, kept):
    """Per group of two or more overlapping items of ``kept`` (a doc's kept candidates, as
    :meth:`~spasmtext.classifier.SpanClassifier.kept` gives them), ``(indices, feature dicts)``."""
    out = []
    for group in overlap_groups([item[0] for item in kept]):
        if len(group) > 1:
            out.append((group, group_features(doc, [kept[i] for i in group])))
    return out


#: the reranker's ``C`` (a :func:`~spasmtext.classifier.make_estimator` like the label model's), chosen
#: on dev (classifier and reranker fitted on train; 0.4.31): dev strict / lenient F1 0.725 / 0.827 with
#: C=0.3, 0.728 / 0.827 with 1, 0.729 / 0.826 with 3, against 0.719 / 0.825 without a reranker
RERANKER_C = 1.0
