import copy
import json

import pytest

from spasmtext.corpus import (
    GENRES, build, consistency_report, make_splits, parse_markup, split_hash, split_records, stats, validate,
)
from spasmtext.errors import CorpusError

from conftest import CORPUS, ROOT


def test_corpus_shipped_is_valid(records):
    assert validate(records) == []


def test_corpus_meets_v1_size_and_coverage(records):
    """The floors of corpus 1.0 (the corpus issue)."""
    s = stats(records)
    n = s["documents"]
    assert n >= 1500 and s["mentions"] >= 6000
    assert all(s["genre"][g] >= 0.2 * n for g in ("complaint", "forum", "clinical", "article"))
    assert all(k >= 40 for k in s["category"].values()), s["category"]
    assert s["no_mention_documents"] >= 0.1 * n and s["documents_with_negation"] >= 0.15 * n
    assert s["experiencer_other"] > 0 and s["long_documents"] >= 2


def test_corpus_different_voice_subset_is_test_only(records, splits):
    from spasmtext.corpus import is_voice_subset

    voice = {r["id"] for r in records if is_voice_subset(r["id"])}
    assert len(voice) >= 60
    assert voice <= set(splits["test"]) and not voice & (set(splits["train"]) | set(splits["dev"]))
    assert not is_voice_subset("v2x") and is_voice_subset("v001")


def test_corpus_jsonl_is_built_from_sources(tmp_path):
    out = tmp_path / "corpus.jsonl"
    build(ROOT / "corpus" / "src", out)
    assert out.read_bytes() == CORPUS.read_bytes(), "run `spasmtext corpus build` after editing corpus/src"


def test_corpus_splits_are_fixed_disjoint_and_complete(records, splits):
    ids = [r["id"] for r in records]
    assert sorted(sum(splits.values(), [])) == sorted(ids)
    assert not set(splits["train"]) & set(splits["test"])
    assert not set(splits["dev"]) & set(splits["test"])
    assert make_splits(records, previous=splits) == splits, "splits.json must be the rule's fixed point"


def test_corpus_splits_frozen_when_corpus_grows(records, splits):
    extra = [{"id": f"new-{i}", "source": "forum", "text": f"text {i}", "mentions": []} for i in range(40)]
    grown = make_splits(records + extra, previous=splits)
    for name in ("train", "dev", "test"):
        assert set(splits[name]) <= set(grown[name])
    assert any(i.startswith("new-") for i in grown["test"])  # new documents reach every split


def test_corpus_splits_stratified_by_genre(records, splits):
    test = split_records(records, splits, "test")
    assert {r["source"] for r in test} == {r["source"] for r in records}


def test_corpus_test_hash_recorded_in_model(records, splits):
    from spasmtext.pipeline import bundled_model_path

    meta = json.loads((bundled_model_path() / "meta.json").read_text())
    assert meta["split"]["test_sha256"] == split_hash(records, splits, "test")


def test_corpus_markup_offsets():
    recs = parse_markup("### d1 forum\nAfter [[lifting boxes|LIFT]] I tried [[ibuprofen|MED!]] and my wife [[heat|HC@]].\n")
    (rec,) = recs
    got = [(rec["text"][m["start"]:m["end"]], m["label"], m["category"], m["negated"], m["experiencer"])
           for m in rec["mentions"]]
    assert got == [("lifting boxes", "CAUSE", "LIFTING", False, "patient"),
                   ("ibuprofen", "REMEDY", "MEDICATION", True, "patient"),
                   ("heat", "REMEDY", "HEAT_COLD", False, "other")]


def test_corpus_markup_unknown_code():
    with pytest.raises(CorpusError, match="unknown code"):
        parse_markup("### d1 forum\n[[ice|COLD]]\n")


def test_corpus_markup_section_headers():
    (rec,) = parse_markup("### k1 clinical\n{{HPI|history_of_present_illness}}: [[lifting|LIFT]].\n"
                          "- {{Plan|plan}}: [[ice|HC]]\n")
    assert [(rec["text"][h["start"]:h["end"]], h["section"]) for h in rec["sections"]] == [
        ("HPI", "history_of_present_illness"), ("Plan", "plan")]
    assert [rec["text"][m["start"]:m["end"]] for m in rec["mentions"]] == ["lifting", "ice"]
    assert validate([rec]) == []
    (forum,) = parse_markup("### f1 forum\nIce helps.\n")
    assert "sections" not in forum  # headers are annotated in note genres only


@pytest.mark.parametrize("source,error", [
    ("### k1 clinical\n{{HPI|hpi}}: x\n", "unknown section"),
    ("### f1 forum\n{{Plan|plan}}: ice\n", "section headers in a forum document"),
])
def test_corpus_markup_section_errors(source, error):
    with pytest.raises(CorpusError, match=error):
        parse_markup(source)


def test_corpus_validator_header_must_open_its_line():
    rec = {"id": "k1", "source": "clinical", "text": "Seen today. Plan: ice", "mentions": [],
           "sections": [{"start": 12, "end": 16, "section": "plan"}]}
    assert any("must open its line" in p for p in validate([rec]))
    rec["sections"][0]["section"] = "dessert"
    assert any("unknown section" in p for p in validate([rec]))


def test_corpus_note_headers_annotated(records):
    notes = [r for r in records if r["source"] == "clinical"]
    assert all("sections" in r for r in notes)
    assert sum(len(r["sections"]) for r in notes) >= 200


GOOD = {"id": "d1", "source": "forum", "text": "Ice helps and heat too.",
        "mentions": [{"start": 0, "end": 3, "label": "REMEDY", "category": "HEAT_COLD",
                      "negated": False, "experiencer": "patient"}]}


@pytest.mark.parametrize(
    "change,problem",
    [
        (lambda r: r["mentions"][0].update(end=99), "offsets"),
        (lambda r: r["mentions"][0].update(label="CURE"), "label"),
        (lambda r: r["mentions"][0].update(category="LIFTING"), "category"),
        (lambda r: r["mentions"][0].update(negated="no"), "negated"),
        (lambda r: r["mentions"][0].update(experiencer="wife"), "experiencer"),
        (lambda r: r["mentions"][0].update(end=4), "whitespace or punctuation"),
        (lambda r: r["mentions"].append(dict(r["mentions"][0], start=1, end=3)), "overlapping"),
        (lambda r: r["mentions"].append(dict(r["mentions"][0])), "duplicate mention"),
        (lambda r: r.update(source="tweet"), "source"),
    ],
)
def test_corpus_validator_catches(change, problem):
    rec = copy.deepcopy(GOOD)
    change(rec)
    problems = validate([rec])
    assert any(problem in p for p in problems), problems
    assert all("Ice helps" not in p for p in problems)  # ids and offsets only


def test_corpus_validator_duplicate_documents():
    problems = validate([GOOD, dict(copy.deepcopy(GOOD), id="d2")])
    assert any("same text" in p for p in problems)


def test_corpus_consistency_report_conflicts_are_role_contrasts(records):
    report = consistency_report(records)
    for conflict in report["label_conflicts"]:
        labels = {k.split("/")[0] for k in conflict["readings"]}
        assert labels == {"CAUSE", "REMEDY"}, conflict  # same label, two categories = an error
    assert all(set(u) == {"id", "start", "end", "text"} for u in report["unannotated"])


def test_corpus_genres_known():
    assert set(GENRES) == {"complaint", "forum", "clinical", "article", "other"}


def test_corpus_no_near_duplicates(records):
    from spasmtext.corpus import max_similarity

    similarity, a, b = max_similarity(records)
    assert similarity < 0.6, (a, b)


def test_corpus_similarity_detects_a_near_duplicate():
    from spasmtext.corpus import max_similarity

    base = "after lifting boxes at work my back seized up and ice helped a lot the next day"
    docs = [{"id": "a", "text": base}, {"id": "b", "text": base + " really"},
            {"id": "c", "text": "heat and stretching helped my sciatica"}]
    similarity, x, y = max_similarity(docs)
    assert (x, y) == ("a", "b") and similarity > 0.9
