"""Spelling-tolerant reading (the ``spelling`` extra): misspelt lexicon words read as the
lexicon word; real words, other forms of a word and clean text read as before."""

import json
import pickle
import subprocess
import sys

import pytest

pytest.importorskip("wordfreq")

MISSPELT = "Excercise and streching helped, the chiropracter did nothing. I took ibuprofin."


@pytest.fixture(scope="module")
def spelled():
    import spasmtext

    return spasmtext.load(spelling=True)


def _mentions(records):
    return [[(m["start"], m["end"], m["label"], m["category"], m["negated"], m["experiencer"])
             for m in r["mentions"]] for r in records]


@pytest.mark.parametrize("word, target, slip", [
    ("excercise", "exercise", True),  # a letter added
    ("streching", "stretching", True),  # dropped
    ("muscel", "muscle", True),  # the last two swapped
    ("ibuprofin", "ibuprofen", True),  # a vowel for a vowel
    ("exercize", "exercise", True),  # a key next to it
    ("vesicle", "vehicle", False),  # s and h are far apart
    ("massager", "massage", False),  # a last letter added: another word
    ("massagers", "massages", False),  # ... before a plural's s
    ("herniate", "herniated", False),
    ("arthritus", "arthritis", True),  # "is" is not a plural
    ("stretcher", "stretches", False),
    ("exercise", "exercises", False),
])
def test_one_edit(word, target, slip):
    from spasmtext.spelling import one_edit

    assert one_edit(word, target) is slip


def test_speller_reads_misspellings_not_real_words(spelled):
    speller = spelled.get_pipe("spasmtext_spelling").speller
    assert speller.correct("Excercise") == "exercise"
    assert speller.correct("chiropracter") == "chiropractor"
    for word in ("mowing", "hitting", "batches", "irrigation",  # common English words near a lexicon word
                 "rehydration",  # not "dehydration": the first letter differs
                 "exercise", "lifting",  # lexicon words themselves
                 "sprains", "epidurals", "massager"):  # other forms
        assert speller.correct(word) is None, word


def test_misspelt_mentions_found_with_spelling_only(nlp, spelled):
    import spasmtext

    plain = spasmtext.extract(MISSPELT, nlp)
    found = spasmtext.extract(MISSPELT, spelled)
    assert not {m["text"] for m in plain} & {"Excercise", "chiropracter", "ibuprofin"}
    got = {m["text"]: m for m in found}
    assert {"Excercise", "streching", "chiropracter", "ibuprofin"} <= set(got)  # the text as written
    assert got["Excercise"]["category"] == "EXERCISE" and got["streching"]["category"] == "STRETCHING"
    assert got["chiropracter"]["negated"] and not got["Excercise"]["negated"]
    assert all(MISSPELT[m["start"]:m["end"]] == m["text"] for m in found)


def test_clean_dev_split_reads_the_same_with_spelling(nlp, spelled, records, splits):
    """No word of the dev split is read otherwise: every mention and attribute is the same."""
    from spasmtext import extract_batch
    from spasmtext.corpus import split_records

    texts = [r["text"] for r in split_records(records, splits, "dev")]
    assert _mentions(extract_batch(texts, spelled)) == _mentions(extract_batch(texts, nlp))


def test_spelling_added_after_use_reads_words_met_before(spelled):
    """Words read before the component was added are read again (the word table and the
    classifier's word rows are dropped), so the order of use does not change the output."""
    import spasmtext

    late = spasmtext.load()
    before = spasmtext.extract(MISSPELT, late)
    late.add_pipe("spasmtext_spelling", first=True)
    after = spasmtext.extract(MISSPELT, late)
    assert after != before
    assert after == spasmtext.extract(MISSPELT, spelled)
    assert late("Excercise")[0].lower_ == "exercise"


def test_spelling_survives_pickle_workers_and_disk(spelled, tmp_path):
    import spacy

    import spasmtext

    want = spasmtext.extract(MISSPELT, spelled)
    assert spasmtext.extract(MISSPELT, pickle.loads(pickle.dumps(spelled))) == want  # a spawned worker's copy
    records = list(spasmtext.extract_batch([MISSPELT] * 40, spelled, n_process=2, batch_size=8))
    assert all(r["mentions"] == want for r in records)
    spelled.to_disk(tmp_path / "model")
    reloaded = spacy.load(tmp_path / "model")
    assert reloaded.pipe_names[0] == "spasmtext_spelling"
    assert spasmtext.extract(MISSPELT, reloaded) == want


def test_spelling_without_wordfreq_says_which_extra(monkeypatch):
    import spasmtext
    from spasmtext.errors import MissingExtraError

    monkeypatch.setitem(sys.modules, "wordfreq", None)  # import fails
    with pytest.raises(MissingExtraError, match=r"E030 .*spasmtext\[spelling\]"):
        spasmtext.load(spelling=True)


@pytest.mark.slow
def test_cli_spelling_and_resume_keep_their_reading(tmp_path):
    notes = tmp_path / "in.jsonl"
    notes.write_text("".join(json.dumps({"id": i, "text": MISSPELT}) + "\n" for i in range(3)))
    out = tmp_path / "out.jsonl"

    def run(*args):
        return subprocess.run([sys.executable, "-m", "spasmtext.cli", "extract", str(notes), "-o", str(out), *args],
                              capture_output=True, text=True, cwd=tmp_path, check=False)

    assert run("--spelling").returncode == 0
    first = [json.loads(line) for line in out.read_text().splitlines()]
    assert "Excercise" in {m["text"] for m in first[0]["mentions"]}
    assert json.loads((tmp_path / "out.jsonl.run.json").read_text())["spelling"]["max_zipf"] == 2.5
    out.write_bytes(out.read_bytes()[:-30])  # as if killed mid-line
    mixed = run("--resume")  # without --spelling: another reading, refused
    assert mixed.returncode == 1 and "E024" in mixed.stderr
    assert run("--resume", "--spelling").returncode == 0
    assert [json.loads(line) for line in out.read_text().splitlines()] == first
    assert MISSPELT not in (tmp_path / "out.jsonl.run.json").read_text()
