"""Compare classifier families and feature sets on dev, and draw a learning curve.

    python benchmarks/model_selection.py

Every configuration is trained on the train split and scored on the dev split
(the test split is not touched); the threshold is chosen per configuration on
dev from the training grid, so each family gets its best setting. Prints
strict and lenient micro F1 and the unseen-mention recall.
"""

import json
import random
from pathlib import Path

from sklearn.calibration import CalibratedClassifierCV
from sklearn.ensemble import RandomForestClassifier
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.svm import LinearSVC

from spasmtext.classifier import with_label
from spasmtext.corpus import read_jsonl, split_records
from spasmtext.evaluation import model_records, score
from spasmtext.pipeline import build_pipeline
from spasmtext.training import CONTEXT_FEATURES as CONTEXT
from spasmtext.training import GRID, NONE_CLASS, candidate_data, seen_mention_texts
from spasmtext.training import LEXICON_FEATURES as LEXICON

ROOT = Path(__file__).resolve().parents[1]


def families():
    return {
        "logistic regression (shipped)": lambda: LogisticRegression(C=1.0, max_iter=5000, random_state=0),
        "linear SVM + sigmoid calibration": lambda: CalibratedClassifierCV(
            LinearSVC(C=0.1, random_state=0), method="sigmoid", cv=3),
        "random forest (300 trees)": lambda: RandomForestClassifier(
            n_estimators=300, min_samples_leaf=2, n_jobs=2, random_state=0),
    }


def drop(feats, prefixes):
    return [{k: v for k, v in f.items() if not k.startswith(prefixes)} for f in feats]


def evaluate(nlp, train, dev, seen, make, prefixes=()):
    """Fit the label model ``make()`` (category model: logistic regression) and score dev."""
    import spasmtext.features as features

    original = features._features  # what span_features and doc_features both call
    if prefixes:
        features._features = lambda *args: {k: v for k, v in original(*args).items()
                                            if not k.startswith(prefixes)}
    try:
        clf = nlp.get_pipe("spasmtext_classifier")
        feats, targets, _ = candidate_data(nlp, train)
        labels = [t[0] for t in targets]
        idx = [i for i, t in enumerate(targets) if t[0] != NONE_CLASS]
        clf.fit(feats, labels, Pipeline([("vectorizer", DictVectorizer()), ("classifier", make())]),
                [with_label(feats[i], targets[i][0]) for i in idx], [targets[i][1] for i in idx],
                Pipeline([("vectorizer", DictVectorizer()),
                          ("classifier", LogisticRegression(max_iter=5000, random_state=0))]))
        clf.calibrator = None
        best = None
        for threshold in GRID["threshold"]:
            clf.threshold = threshold
            d = score(dev, model_records(nlp, [r["text"] for r in dev]), seen)
            key = d["strict"]["micro"]["f1"] + d["lenient"]["micro"]["f1"]
            if best is None or key > best[0]:
                best = (key, threshold, d)
        return best[1], best[2]
    finally:
        features._features = original


def main():
    records = read_jsonl(ROOT / "corpus" / "corpus.jsonl")
    splits = json.loads((ROOT / "corpus" / "splits.json").read_text())
    train, dev = split_records(records, splits, "train"), split_records(records, splits, "dev")
    seen = seen_mention_texts(train)
    nlp = build_pipeline()

    def row(name, threshold, d):
        print(f"{name:44} {threshold:>5} {d['strict']['micro']['f1']:8.3f} {d['lenient']['micro']['f1']:8.3f} "
              f"{d['unseen_recall']:8.3f}")

    header = f"{'dev split':44} {'thr':>5} {'strict':>8} {'lenient':>8} {'unseen':>8}"
    print("\nClassifier families (all features)\n" + header)
    for name, make in families().items():
        row(name, *evaluate(nlp, train, dev, seen, make))
    lr = families()["logistic regression (shipped)"]
    print("\nFeature sets (logistic regression)\n" + header)
    row("without context features", *evaluate(nlp, train, dev, seen, lr, CONTEXT))
    row("without lexicon features", *evaluate(nlp, train, dev, seen, lr, LEXICON))
    print("\nLearning curve (logistic regression, share of train documents)\n" + header)
    for share in (0.25, 0.5, 0.75, 1.0):
        subset = random.Random(0).sample(train, round(len(train) * share))
        row(f"{share:.0%} of train ({len(subset)} documents)", *evaluate(nlp, subset, dev, seen, lr))


if __name__ == "__main__":
    main()
