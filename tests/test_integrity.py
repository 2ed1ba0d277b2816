import json
import shutil

import pytest

import spasmtext
from spasmtext.errors import IntegrityError
from spasmtext.integrity import BUNDLED_META_SHA256, PINNED_META_SHA256, sha256_file, verify_model_dir
from spasmtext.pipeline import bundled_model_path


@pytest.fixture()
def model_copy(tmp_path):
    dest = tmp_path / "model"
    shutil.copytree(bundled_model_path(), dest)
    return dest


def test_integrity_bundled_model_is_pinned():
    assert sha256_file(bundled_model_path() / "meta.json") == BUNDLED_META_SHA256


@pytest.mark.parametrize("name", sorted(PINNED_META_SHA256))
def test_integrity_every_bundled_model_is_pinned_and_loads_by_name(name):
    assert sha256_file(bundled_model_path(name) / "meta.json") == PINNED_META_SHA256[name]
    assert "spasmtext_classifier" in spasmtext.load(name).pipe_names


def test_integrity_pin_refuses_a_name_that_is_not_bundled(tmp_path):
    from spasmtext.cli import main

    shutil.copytree(bundled_model_path(), tmp_path / "my_model")
    with pytest.raises(SystemExit) as exc:
        main(["pin", str(tmp_path / "my_model"), "--write"])
    assert exc.value.code == 2


def test_integrity_copy_loads(model_copy):
    nlp = spasmtext.load(model_copy)
    assert nlp.pipe_names[-2:] == ["spasmtext_classifier", "spasmtext_context"]


def test_integrity_one_changed_byte_refused(model_copy):
    target = model_copy / "spasmtext_classifier" / "label_model.npy"
    data = bytearray(target.read_bytes())
    data[200] ^= 0x01
    target.write_bytes(bytes(data))
    with pytest.raises(IntegrityError, match="E002.*label_model.npy"):
        spasmtext.load(model_copy)


def test_integrity_extra_file_refused(model_copy):
    (model_copy / "spasmtext_classifier" / "evil.npy").write_bytes(b"x")
    with pytest.raises(IntegrityError, match="E006"):
        spasmtext.load(model_copy)


def test_integrity_swapped_meta_refused_for_bundled_model(model_copy):
    # an attacker who edits an artifact and rewrites meta.json to match
    target = model_copy / "spasmtext_classifier" / "label_model.npy"
    target.write_bytes(target.read_bytes() + b"\0")
    meta = json.loads((model_copy / "meta.json").read_text())
    meta["artifacts"]["spasmtext_classifier/label_model.npy"] = sha256_file(target)
    (model_copy / "meta.json").write_text(json.dumps(meta))
    verify_model_dir(model_copy)  # self-consistent, so only the pinned hash can catch it
    with pytest.raises(IntegrityError, match="E005"):
        verify_model_dir(model_copy, expected_meta_sha256=BUNDLED_META_SHA256)


def test_integrity_missing_meta(tmp_path):
    with pytest.raises(IntegrityError, match="E003"):
        spasmtext.load(tmp_path)


def test_integrity_pickled_models_refused(model_copy):
    """Models of spasmtext < 0.2 held joblib pickles: refused, even when meta.json lists them."""
    target = model_copy / "spasmtext_classifier" / "model.joblib"
    target.write_bytes(b"not loaded")
    meta = json.loads((model_copy / "meta.json").read_text())
    meta["artifacts"]["spasmtext_classifier/model.joblib"] = sha256_file(target)
    (model_copy / "meta.json").write_text(json.dumps(meta))
    with pytest.raises(IntegrityError, match="E021.*model.joblib"):
        spasmtext.load(model_copy)


def test_integrity_bundled_model_found_from_a_source_checkout(tmp_path):
    """Python started in the checkout's root imports the source tree, which has no
    ``spasmtext._models`` (an install maps it to ``models/``): the models beside it load."""
    import subprocess
    import sys

    from conftest import ROOT

    code = ("import spasmtext, pathlib; print(pathlib.Path(spasmtext.__file__).parent.parent == pathlib.Path.cwd()); "
            "print(len(spasmtext.extract('After lifting boxes my back hurt. Ice helped.')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.split() == ["True", "2"]


def test_integrity_loading_imports_no_scikit_learn(tmp_path):
    """Inference needs neither scikit-learn nor scipy (start-up time, and no pickles)."""
    import subprocess
    import sys

    code = ("import sys, spasmtext; spasmtext.extract('Ice helps.'); "
            "print(sorted({'sklearn', 'scipy', 'joblib'} & set(sys.modules)))")
    # run from an empty folder: the installed package, not a source tree in the working directory
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=tmp_path)
    assert out.stdout.strip() == "[]"


def test_integrity_installed_scikit_learn_matches_bundled_model():
    import sklearn

    meta = json.loads((bundled_model_path() / "meta.json").read_text())
    assert meta["versions"]["scikit-learn"].split(".")[:2] == sklearn.__version__.split(".")[:2]


def test_integrity_card_rerenders_the_model_card_and_its_hashes(model_copy, monkeypatch, capsys):
    """`spasmtext card` writes the card of meta.json anew (as training does) and the
    artifact hashes with it: the copy still loads; a changed artifact is refused first."""
    from spasmtext import training
    from spasmtext.cli import main

    monkeypatch.setattr(training, "render_model_card", lambda meta: f"# {meta['name']} card, re-rendered\n")
    assert main(["card", str(model_copy)]) == 0
    name = json.loads((model_copy / "meta.json").read_text(encoding="utf8"))["name"]
    assert (model_copy / "README.md").read_text(encoding="utf8") == f"# {name} card, re-rendered\n"
    assert capsys.readouterr().out.strip() == sha256_file(model_copy / "meta.json")
    assert spasmtext.load(model_copy).meta["name"] == name
    (model_copy / "spasmtext_classifier" / "evil.npy").write_bytes(b"x")
    with pytest.raises(SystemExit) as exc:
        main(["card", str(model_copy)])
    assert exc.value.code == 2
    assert "evil.npy" not in json.loads((model_copy / "meta.json").read_text(encoding="utf8"))["artifacts"]


def test_save_writes_a_changed_pipeline_that_load_verifies(tmp_path):
    """``nlp.to_disk`` of a loaded model keeps the old artifact hashes, so ``load`` refuses it;
    ``spasmtext.save`` writes them again and keeps the changes (cues, topic rule off)."""
    text = "Three weeks of physio and my back is exactly the same."
    nlp = spasmtext.load(topic_rule=False)
    nlp.get_pipe("spasmtext_context").add_cues("negation_backward_remedy", ["exactly the same"])
    want = spasmtext.extract(text, nlp)
    assert want and want[0]["negated"]
    nlp.to_disk(tmp_path / "plain")
    with pytest.raises(IntegrityError):
        spasmtext.load(tmp_path / "plain")
    out = spasmtext.save(nlp, tmp_path / "site")
    again = spasmtext.load(out)
    assert spasmtext.extract(text, again) == want
    assert again.get_pipe("spasmtext_candidates").topic_min_sentences == 0
    assert again.meta["derived_from"] == f"en_spasmtext {nlp.meta['version']}"
    assert "measured before those changes" in (out / "README.md").read_text()
    (out / "stale.txt").write_text("x")  # a model directory is replaced as a whole
    spasmtext.save(again, out)
    assert not (out / "stale.txt").exists() and spasmtext.load(out).meta["derived_from"] == again.meta["derived_from"]


def test_save_refuses_a_folder_of_other_files_and_the_bundled_model(tmp_path):
    nlp = spasmtext.load()
    (tmp_path / "notes.txt").write_text("keep me")
    with pytest.raises(FileExistsError, match="E031"):
        spasmtext.save(nlp, tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]
    with pytest.raises(ValueError, match="E032"):
        spasmtext.save(nlp, bundled_model_path())
