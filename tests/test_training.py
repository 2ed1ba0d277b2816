import json
import subprocess
import sys

import pytest

from spasmtext.integrity import artifact_hashes, verify_model_dir

pytestmark = pytest.mark.slow


def test_training_writes_verified_model_with_provenance(small_model):
    out, meta = small_model
    on_disk = verify_model_dir(out)
    for key in ("spasmtext", "spacy", "scikit-learn", "joblib"):
        assert on_disk["versions"][key]
    assert on_disk["corpus"]["sha256"] and on_disk["split"]["test_sha256"]
    assert on_disk["seed"] == 0
    assert set(on_disk["metrics"]) == {"dev", "test"}
    assert set(on_disk["metrics"]["test"]) == {"model", "baseline", "sections"}
    assert on_disk["artifacts"] == artifact_hashes(out)


def test_training_is_deterministic(small_corpus, small_model, tmp_path):
    from spasmtext.training import train

    _, first = small_model
    again = train(*small_corpus, tmp_path / "again", seed=0, grid={"C": (1.0,), "threshold": (0.2,)})
    assert again["metrics"] == first["metrics"]


def test_training_vocab_holds_no_corpus_text(small_model):
    out, _ = small_model
    strings = json.loads((out / "vocab" / "strings.json").read_text())
    assert "repositioning" not in strings and "Camptocormia" not in strings


def test_training_shipped_model_equals_a_cli_retrain(tmp_path):
    """`spasmtext train` in a fresh process rebuilds the shipped model byte for byte."""
    from conftest import CORPUS, SPLITS
    from spasmtext.pipeline import bundled_model_path

    shipped = json.loads((bundled_model_path() / "meta.json").read_text())
    proc = subprocess.run(
        [sys.executable, "-m", "spasmtext.cli", "train", "--corpus", str(CORPUS), "--splits", str(SPLITS),
         "--seed", str(shipped["seed"]), "-o", str(tmp_path / "model")],
        capture_output=True, text=True, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    retrained = json.loads((tmp_path / "model" / "meta.json").read_text())
    assert retrained["metrics"] == shipped["metrics"]
    assert retrained["artifacts"] == shipped["artifacts"]


def test_training_same_fitted_values_in_one_process(small_corpus, small_model, tmp_path):
    """Within one process, a retrain has identical fitted parameters (pickle bytes can differ:
    joblib's output depends on the process's history, not only on the values)."""
    import joblib
    import numpy as np

    from spasmtext.training import train

    first_dir, _ = small_model
    train(*small_corpus, tmp_path / "again", seed=0, grid={"C": (1.0,), "threshold": (0.2,)})
    for name in ("model.joblib", "category_model.joblib"):
        a = joblib.load(first_dir / "spasmtext_classifier" / name)
        b = joblib.load(tmp_path / "again" / "spasmtext_classifier" / name)
        assert a[0].vocabulary_ == b[0].vocabulary_
        assert np.array_equal(a[-1].coef_, b[-1].coef_) and list(a[-1].classes_) == list(b[-1].classes_)
