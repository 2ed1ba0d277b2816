"""SHA-256 checks of a model directory before anything in it is loaded.

Every model directory carries the SHA-256 of each artifact in its
``meta.json``; :func:`verify_model_dir` checks them all before spaCy opens
anything, so that a modified, missing or extra file is refused. The SHA-256
of each bundled model's ``meta.json`` is pinned here, in the package code, so
that a swapped ``meta.json`` is refused too. Model files hold JSON, text and
numpy arrays read with ``allow_pickle=False``: nothing in a model directory is
unpickled (:func:`refuse_pickled_models` rejects the joblib files of older
models).
"""

import hashlib
import json
from pathlib import Path

from .errors import Errors, IntegrityError

#: the default bundled model
BUNDLED_MODEL = "en_spasmtext"
#: SHA-256 of ``models/<name>/meta.json`` of each bundled model; written by
#: ``spasmtext pin models/<name> --write`` when a bundled model is retrained.
PINNED_META_SHA256 = {
    "en_spasmtext": "a102bef1209dd9274634c9beaa6df12966ce0101f100308a5d332843919f8ef1",
    "en_spasmtext_ner": "8febbe69447853111a5e7e76700fdc929c927dc2ad940fb110efa34cd6701fab",
}
BUNDLED_META_SHA256 = PINNED_META_SHA256[BUNDLED_MODEL]

META_NAME = "meta.json"


def sha256_file(path):
    """Hex SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def artifact_hashes(model_dir):
    """``{relative path: sha256}`` of every file under ``model_dir`` but meta.json."""
    model_dir = Path(model_dir)
    return {
        p.relative_to(model_dir).as_posix(): sha256_file(p)
        for p in sorted(model_dir.rglob("*"))
        if p.is_file() and p.name != META_NAME and "__pycache__" not in p.parts
        and p.name != "__init__.py"
    }


def write_meta(model_dir, meta, card):
    """Write the model card ``card`` (``README.md``) in ``model_dir``, then ``meta.json``: ``meta``
    with the SHA-256 of every artifact, the card included (any ``artifacts`` it held are
    replaced). Return the meta written; :func:`verify_model_dir` checks against it."""
    model_dir = Path(model_dir)
    meta = {key: value for key, value in meta.items() if key != "artifacts"}
    (model_dir / "README.md").write_text(card, encoding="utf8")
    meta["artifacts"] = artifact_hashes(model_dir)
    (model_dir / META_NAME).write_text(json.dumps(meta, indent=1, sort_keys=True) + "\n", encoding="utf8")
    return meta


def verify_model_dir(model_dir, expected_meta_sha256=None):
    """Check every artifact of ``model_dir`` against ``meta.json``; return the meta.

    Raises :class:`IntegrityError` on a missing, extra or modified file, or when
    ``meta.json`` itself does not have ``expected_meta_sha256``.
    """
    model_dir = Path(model_dir)
    meta_path = model_dir / META_NAME
    if not meta_path.is_file():
        raise IntegrityError(Errors.E003.format(path=model_dir))
    if expected_meta_sha256 is not None:
        got = sha256_file(meta_path)
        if got != expected_meta_sha256:
            raise IntegrityError(Errors.E005.format(got=got, expected=expected_meta_sha256))
    meta = json.loads(meta_path.read_text(encoding="utf8"))
    expected = meta.get("artifacts", {})
    actual = artifact_hashes(model_dir)
    for name in actual:
        if name not in expected:
            raise IntegrityError(Errors.E006.format(path=model_dir, name=name))
    for name, digest in expected.items():
        if name not in actual:
            raise IntegrityError(Errors.E004.format(name=name, path=model_dir))
        if actual[name] != digest:
            raise IntegrityError(Errors.E002.format(
                path=model_dir / name, got=actual[name], expected=digest))
    return meta


def refuse_pickled_models(folder):
    """Raise :class:`IntegrityError` if ``folder`` holds joblib pickles (models saved by
    spasmtext before 0.2 stored its classifiers so; loading one could run code)."""
    pickled = sorted(p.name for p in Path(folder).glob("*.joblib"))
    if pickled:
        raise IntegrityError(Errors.E021.format(path=folder, files=", ".join(pickled)))
