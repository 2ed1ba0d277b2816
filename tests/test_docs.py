"""The README and the model card quote the shipped model's held-out figures."""

import json

import pytest

from spasmtext.integrity import PINNED_META_SHA256
from spasmtext.modelcard import README_END, readme_start, readme_table, render_model_card
from spasmtext.pipeline import bundled_model_path

from conftest import ROOT

BUNDLED = sorted(PINNED_META_SHA256)


def _meta(name="en_spasmtext"):
    return json.loads((bundled_model_path(name) / "meta.json").read_text(encoding="utf8"))


@pytest.mark.parametrize("name", BUNDLED)
def test_docs_readme_table_matches_meta(name):
    text = (ROOT / "README.md").read_text(encoding="utf8")
    start = text.index(readme_start(name))
    block = text[start:text.index(README_END, start) + len(README_END)]
    assert block == readme_table(_meta(name), name)


@pytest.mark.parametrize("name", BUNDLED)
def test_docs_model_card_matches_meta(name):
    card = (bundled_model_path(name) / "README.md").read_text(encoding="utf8")
    assert card == render_model_card(_meta(name))


def test_docs_readme_opens_with_the_two_commands():
    text = (ROOT / "README.md").read_text(encoding="utf8")
    block = text.split("```bash\n", 1)[1].split("```", 1)[0].strip().splitlines()
    assert block[0].endswith("spasmtext extract examples/notes.jsonl")
    assert block[1] == "bash .ci/run"


def test_docs_corpus_counts_are_current(records, splits):
    n_test = len(splits["test"])
    readme = (ROOT / "README.md").read_text(encoding="utf8")
    corpus_readme = (ROOT / "corpus" / "README.md").read_text(encoding="utf8")
    assert f"**test split** ({n_test} documents" in readme
    assert f"{len(records):,} documents)" in readme
    from spasmtext.corpus import counts_markdown

    assert counts_markdown(records, splits) in corpus_readme  # spasmtext corpus stats --markdown


def test_docs_readme_example_output_is_real(nlp):
    import spasmtext

    text = (ROOT / "README.md").read_text(encoding="utf8")
    start = text.index('```json\n{"id": "example-1"') + len("```json\n")
    shown = json.loads(text[start:text.index("```", start)])
    first = json.loads((ROOT / "examples" / "notes.jsonl").read_text(encoding="utf8").splitlines()[0])
    assert shown == {"id": first["id"], "mentions": spasmtext.extract(first["text"], nlp)}


@pytest.mark.parametrize("name", BUNDLED)
def test_docs_model_card_shows_the_reranker_only_for_models_that_have_one(name):
    meta = _meta(name)
    with_it = render_model_card(meta)
    row = meta["reranker"]["dev_with"]
    assert f"| with the reranker | {row['dev_strict_f1']:.3f} | {row['dev_lenient_f1']:.3f} |" in with_it
    before = render_model_card({key: value for key, value in meta.items() if key != "reranker"})  # up to 0.4.30
    assert "reranker" not in before.split("## Model selection")[0]
