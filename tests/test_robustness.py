"""Real clinical text (../shared/data, not part of the project): nothing is lost."""

import csv

import pytest

import spasmtext

from conftest import SHARED_DATA

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def notes():
    if not SHARED_DATA.exists():
        pytest.skip(f"real clinical notes not found at {SHARED_DATA} (../shared/data/mtsamples-partial.csv)")
    with open(SHARED_DATA, encoding="utf8", newline="") as handle:
        return [(row["transcription"], row["id"]) for row in csv.DictReader(handle)]


def test_robustness_every_real_note_gives_one_valid_record(nlp, notes):
    records = list(spasmtext.extract_batch(notes, nlp, batch_size=64))
    assert [r["id"] for r in records] == [i for _, i in notes]
    assert not [r["id"] for r in records if "error" in r]
    for (text, _), record in zip(notes, records):
        for m in record["mentions"]:
            assert text[m["start"]:m["end"]] == m["text"]
            assert m["text"] == m["text"].strip() and "\n" not in m["text"]
