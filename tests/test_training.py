import json
import subprocess
import sys

import pytest

from spasmtext.cli import training_environment
from spasmtext.integrity import artifact_hashes, verify_model_dir

pytestmark = pytest.mark.slow


def test_training_writes_verified_model_with_provenance(small_model):
    out, meta = small_model
    on_disk = verify_model_dir(out)
    for key in ("spasmtext", "spacy", "scikit-learn"):
        assert on_disk["versions"][key]
    assert isinstance(on_disk["versions"]["blas"], list)  # the kernels the sums ran through
    assert on_disk["corpus"]["sha256"] and on_disk["split"]["test_sha256"]
    assert on_disk["seed"] == 0
    assert set(on_disk["metrics"]) == {"dev", "test"}
    assert set(on_disk["metrics"]["test"]) == {"model", "baseline", "sections"}
    assert on_disk["artifacts"] == artifact_hashes(out)


def test_training_keeps_an_assertion_model_only_when_the_bootstrap_is_sure(small_model):
    from spasmtext.training import ASSERTION_MODEL_P

    out, meta = small_model
    report = meta["assertion"]
    for key, name in (("negation", "negation"), ("experiencer_other", "experiencer")):
        boot = report["bootstrap"][key]
        assert boot["interval_95"][0] <= boot["difference"] <= boot["interval_95"][1]
        sure = boot["difference"] > 0 and boot["p"] < ASSERTION_MODEL_P
        assert report["chosen"][name] == ("model" if sure else "rules")
    context = json.loads((out / "spasmtext_context" / "cfg.json").read_text(encoding="utf8"))
    assert sorted(context["models"]) == sorted(
        f"{name}_model" for name, reading in report["chosen"].items() if reading == "model")
    assert "Paired bootstrap over the" in (out / "README.md").read_text(encoding="utf8")


def test_training_is_deterministic(small_corpus, small_model, tmp_path):
    from spasmtext.training import train

    _, first = small_model
    again = train(*small_corpus, tmp_path / "again", seed=0, grid={"C": (1.0,), "threshold": (0.2,)})
    assert again["metrics"] == first["metrics"]


def test_training_without_test_split_leaves_it_unread(small_corpus, small_model, tmp_path):
    from spasmtext.training import train

    _, first = small_model
    meta = train(*small_corpus, tmp_path / "experiment", seed=0, grid={"C": (1.0,), "threshold": (0.2,)},
                 test=False)
    assert set(meta["metrics"]) == {"dev"} and meta["split"]["test_evaluated"] is False
    assert meta["metrics"]["dev"] == first["metrics"]["dev"]  # the same model, only the test read is left out
    card = (tmp_path / "experiment" / "README.md").read_text(encoding="utf8")
    assert "not for release" in card and "test split was not read" in card
    assert verify_model_dir(tmp_path / "experiment")["artifacts"] == meta["artifacts"]


def test_training_final_fit_refits_on_train_and_dev_after_selection(small_corpus, small_model, tmp_path):
    """The dev figures are the train-only classifier's (as without the final fit); the shipped
    classifier is another one, fitted on train and dev, and calibrated on both out of fold."""
    import numpy as np

    from spasmtext.training import fitted_splits, train

    out, meta = small_model
    split = json.loads(small_corpus[1].read_text(encoding="utf8"))
    assert meta["split"]["trained_on"] == "train+dev" and fitted_splits(meta) == ("train", "dev")
    final = meta["calibration"]["final_fit"]
    assert final["documents"] == len(split["train"]) + len(split["dev"])
    assert final["candidates"] > meta["training_candidates"] and final["mentions_out_of_fold"] > 0
    alone = train(*small_corpus, tmp_path / "alone", seed=0, grid={"C": (1.0,), "threshold": (0.2,)},
                  final_fit=False)
    assert alone["split"]["trained_on"] == "train" and fitted_splits(alone) == ("train",)
    assert "final_fit" not in alone["calibration"]
    assert alone["metrics"]["dev"] == meta["metrics"]["dev"]  # dev measured before the final fit
    weights = [np.load(d / "spasmtext_classifier" / "label_model.npy") for d in (out, tmp_path / "alone")]
    assert weights[0].shape != weights[1].shape or not np.array_equal(*weights)  # another classifier ships
    assert "fitted again on train and dev" in (out / "README.md").read_text(encoding="utf8")
    assert "fitted again on train and dev" not in (tmp_path / "alone" / "README.md").read_text(encoding="utf8")
    assert fitted_splits({}) == ("train",)  # a model from before 0.4.11


def test_training_fits_the_reranker_out_of_fold_and_ships_it(small_model):
    """The reranker learns from groups of overlapping candidates kept by classifiers that did not
    see their documents; dev is scored with and without it; the final fit refits it on train and
    dev, and it is saved and loaded with the classifier."""
    from spasmtext.classifier import RERANKER_FILE
    from spasmtext.pipeline import load

    out, meta = small_model
    report = meta["reranker"]
    assert 0 < report["fitted_on"]["gold_spans"] < report["fitted_on"]["candidates"]
    assert meta["calibration"]["final_fit"]["reranker_fitted_on"]["candidates"] > report["fitted_on"]["candidates"]
    assert report["dev_without"]["threshold"] == report["dev_with"]["threshold"] == meta["hyperparameters"]["threshold"]
    assert report["dev_with"]["dev_strict_f1"] == meta["metrics"]["dev"]["model"]["strict"]["micro"]["f1"]
    cfg = json.loads((out / "spasmtext_classifier" / "cfg.json").read_text(encoding="utf8"))
    assert RERANKER_FILE in cfg["models"]
    reranker = load(out).get_pipe("spasmtext_classifier").reranker
    assert list(reranker.classes_) == [0, 1] and "gap" in reranker.feature_names


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
    openblas = [lib for lib in retrained["versions"]["blas"] if lib.startswith("openblas")]
    if training_environment() is not None:  # x86-64 with AVX2: OpenBLAS ran with the pinned kernels
        assert all(lib.endswith(" Haswell") for lib in openblas)


@pytest.mark.parametrize("flags, environ, machine, pinned", [
    ("fpu sse2 avx avx2 fma avx512f", {}, "x86_64", True),
    ("fpu sse2 avx avx2 fma", {"PATH": "/bin"}, "x86_64", True),
    ("fpu sse2 avx", {}, "x86_64", False),  # no AVX2: OpenBLAS's Haswell kernels would not run
    ("fpu sse2 avx avx2 fma", {"OPENBLAS_CORETYPE": "Zen"}, "x86_64", False),  # the user's choice is kept
    ("fp asimd", {}, "aarch64", False),
])
def test_training_environment_pins_openblas_kernels_on_x86_64(tmp_path, monkeypatch, flags, environ, machine,
                                                              pinned):
    import platform

    cpuinfo = tmp_path / "cpuinfo"
    cpuinfo.write_text(f"processor\t: 0\nflags\t\t: {flags}\n\nprocessor\t: 1\nflags\t\t: {flags}\n")
    monkeypatch.setattr(platform, "machine", lambda: machine)
    env = training_environment(environ, cpuinfo=cpuinfo)
    if pinned:
        assert env == {**environ, "OPENBLAS_CORETYPE": "Haswell"}
    else:
        assert env is None
    assert training_environment({}, cpuinfo=tmp_path / "missing") is None  # macOS, Windows: left as is


def test_training_same_fitted_values_in_one_process(small_corpus, small_model, tmp_path):
    """Within one process, a retrain saves the same models, byte for byte."""
    from spasmtext.training import train

    first_dir, _ = small_model
    train(*small_corpus, tmp_path / "again", seed=0, grid={"C": (1.0,), "threshold": (0.2,)})
    for name in ("label_model", "category_model"):
        for suffix in (".json", ".npy"):
            a = (first_dir / "spasmtext_classifier" / name).with_suffix(suffix)
            b = (tmp_path / "again" / "spasmtext_classifier" / name).with_suffix(suffix)
            assert a.read_bytes() == b.read_bytes(), a.name

def test_training_grid_selection_prefers_unseen_recall_among_level_rows():
    from spasmtext.training import SELECTION_TOLERANCE, select_row

    def row(C, threshold, strict, lenient, unseen):
        return {"C": C, "threshold": threshold, "dev_strict_f1": strict, "dev_lenient_f1": lenient,
                "dev_unseen_recall": unseen}

    best_sum = row(2.0, 0.2, 0.7195, 0.8138, 0.610)
    level = row(0.5, 0.15, 0.7125, 0.8206, 0.675)  # 0.0002 below: level, and finds more unseen mentions
    behind = row(1.0, 0.1, 0.70, 0.81, 0.72)  # more unseen recall, but clearly worse F1
    assert select_row([best_sum, level, behind]) is level
    far = row(0.5, 0.15, 0.7195 - 2 * SELECTION_TOLERANCE, 0.8138, 0.9)
    assert select_row([best_sum, far]) is best_sum  # beyond the tolerance F1 decides
    twin = row(1.0, 0.15, 0.7125, 0.8206, 0.675)
    assert select_row([twin, level]) is level  # ties: the lower C


def test_training_reads_gold_offsets_of_text_whose_reading_is_shorter(nlp):
    # a corpus of the user's own with wrapped lines (CRLF) or "&amp;": the gold mentions are
    # offsets into the text as written, the docs hold its shorter reading
    import textwrap

    from spasmtext.training import candidate_data

    def record(text):
        return {"id": "w", "text": text, "mentions": [
            {"start": text.index(phrase), "end": text.index(phrase) + len(phrase), "label": label,
             "category": category, "negated": False, "experiencer": "patient"}
            for phrase, label, category in [("lifting boxes", "CAUSE", "LIFTING"),
                                            (text[text.index("physical"):text.index("therapy") + 7],
                                             "REMEDY", "PHYSICAL_THERAPY")]]}

    plain = "I hurt my back lifting boxes at work last week &amp; my doctor sent me to physical therapy for it"
    wrapped = "\r\n".join(textwrap.wrap(plain, 42))  # "...sent me to physical\r\ntherapy for it"
    assert "physical\r\ntherapy" in wrapped
    _, targets, recall = candidate_data(nlp, [record(wrapped)])
    _, plain_targets, plain_recall = candidate_data(nlp, [record(plain)])
    assert recall == plain_recall == 1.0 and sorted(map(str, targets)) == sorted(map(str, plain_targets))
