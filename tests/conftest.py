"""Shared fixtures. Models are loaded by fixtures, never at import."""

import json
from pathlib import Path

import pytest
import spacy

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus" / "corpus.jsonl"
SPLITS = ROOT / "corpus" / "splits.json"
SHARED_DATA = ROOT.parent / "shared" / "data" / "mtsamples-partial.csv"


@pytest.fixture(scope="session")
def nlp():
    """The bundled, integrity-checked default pipeline."""
    import spasmtext

    return spasmtext.load()


@pytest.fixture(scope="session")
def records():
    from spasmtext.corpus import read_jsonl

    return read_jsonl(CORPUS)


@pytest.fixture(scope="session")
def splits():
    return json.loads(SPLITS.read_text(encoding="utf8"))


@pytest.fixture()
def blank_pipeline():
    """spasmtext's components on a blank English pipeline, classifier unfitted."""
    from spasmtext.pipeline import build_pipeline

    return build_pipeline()


@pytest.fixture(scope="session")
def small_corpus(tmp_path_factory, records):
    """A 120-document corpus file and its splits, for quick training tests."""
    from spasmtext.corpus import make_splits, write_jsonl

    by_genre = {}
    for rec in records:
        by_genre.setdefault(rec["source"], []).append(rec)
    subset = [rec for genre in sorted(by_genre) for rec in by_genre[genre][:24]]
    folder = tmp_path_factory.mktemp("small_corpus")
    write_jsonl(subset, folder / "corpus.jsonl")
    (folder / "splits.json").write_text(json.dumps(make_splits(subset)), encoding="utf8")
    return folder / "corpus.jsonl", folder / "splits.json"


@pytest.fixture(scope="session")
def small_model(tmp_path_factory, small_corpus):
    """A model trained on the small corpus (fast; not for accuracy claims)."""
    from spasmtext.training import train

    out = tmp_path_factory.mktemp("small_model") / "model"
    meta = train(*small_corpus, out, seed=0, grid={"C": (1.0,), "threshold": (0.2,)})
    return out, meta


@pytest.fixture()
def make_doc():
    return spacy.blank("en").make_doc
