"""LinearModel, the arrays a fitted logistic regression is saved and applied as, gives
what scikit-learn's predict_proba gives."""

import numpy as np
import pytest
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline

from spasmtext.linear import LinearModel, as_linear


def _data(n_classes, seed=0):
    rng = np.random.default_rng(seed)
    words = [f"w={i}" for i in range(40)]
    rows, labels = [], []
    for k in range(300):
        label = k % n_classes
        chosen = rng.choice(len(words), size=6, replace=False)
        row = {words[i]: 1 for i in chosen if i % n_classes == label or rng.random() < 0.3}
        row["bias"] = 1
        row["flag"] = int(rng.random() < 0.5)  # a feature that is sometimes 0, as the context models have
        rows.append(row)
        labels.append(["CAUSE", "NONE", "REMEDY", "X"][label])
    return rows, labels


@pytest.mark.parametrize("n_classes", [2, 3, 4])
def test_linear_model_equals_scikit_learn(n_classes, tmp_path):
    rows, labels = _data(n_classes)
    pipe = Pipeline([("v", DictVectorizer()), ("lr", LogisticRegression(max_iter=2000))]).fit(rows, labels)
    new_rows = rows[:50] + [{"unknown=1": 1}, {}, {"bias": 1, "w=3": 1, "unknown": 1}]
    linear = as_linear(pipe)
    want = pipe.predict_proba(new_rows)
    np.testing.assert_allclose(linear.predict_proba(new_rows), want, rtol=0, atol=1e-12)
    binary = [row for row in new_rows if set(row.values()) <= {1}]  # the path without value products
    assert 0 < len(binary) < len(new_rows)
    np.testing.assert_allclose(linear.predict_proba(binary), pipe.predict_proba(binary), rtol=0, atol=1e-12)
    assert list(linear.classes_) == list(pipe.classes_)
    linear.to_disk(tmp_path / "m")
    again = LinearModel.from_disk(tmp_path / "m")
    np.testing.assert_array_equal(again.predict_proba(new_rows), linear.predict_proba(new_rows))
    first = [f.read_bytes() for f in LinearModel.files(tmp_path / "m")]
    again.to_disk(tmp_path / "m")
    assert [f.read_bytes() for f in LinearModel.files(tmp_path / "m")] == first  # deterministic files


def test_linear_model_dense_input_equals_scikit_learn():
    rng = np.random.default_rng(1)
    x = rng.normal(size=(200, 1))
    y = (x[:, 0] + rng.normal(scale=0.5, size=200) > 0).astype(int)
    lr = LogisticRegression(C=1e4).fit(x, y)
    np.testing.assert_allclose(as_linear(lr, ["logit"]).predict_proba(x), lr.predict_proba(x), rtol=0, atol=1e-12)


def test_linear_model_rejects_mismatched_shapes():
    with pytest.raises(ValueError, match="E020"):
        LinearModel(["a", "b"], ["x", "y"], np.zeros((1, 3)), np.zeros(1))
