import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import spasmtext
from spasmtext.records import MENTION_FIELDS


def test_api_extract_record_fields(nlp):
    text = "After lifting boxes my back seized up. Ice helped a lot."
    mentions = spasmtext.extract(text, nlp)
    assert mentions
    for m in mentions:
        assert tuple(m) == MENTION_FIELDS
        assert text[m["start"]:m["end"]] == m["text"]
        assert m["label"] in ("CAUSE", "REMEDY")
        assert type(m["category"]) is str and 0.0 <= m["score"] <= 1.0
        assert m["experiencer"] in ("patient", "other")
        assert m["section"] is None  # no section headers in the text


def test_api_extract_gives_each_mention_its_note_section(nlp):
    text = ("HPI: 54 yo M with low back pain after lifting a heavy box at work.\n"
            "MEDICATIONS: Ibuprofen 400 mg as needed for his back.\n"
            "PLAN: Heat, walking daily, PT referral.")
    sections = {m["text"].split()[0]: m["section"] for m in spasmtext.extract(text, nlp)}  # first words
    assert sections.get("lifting") == "history_of_present_illness"
    assert sections.get("Ibuprofen") == "medications"
    assert sections.get("Heat") == "plan"
    records = list(spasmtext.extract_batch([text], nlp, n_process=1))
    assert {m["text"].split()[0]: m["section"] for m in records[0]["mentions"]} == sections


@pytest.mark.parametrize("bad", [None, 42, b"ice helps", ["ice"]])
def test_api_extract_non_string_raises_type_error(nlp, bad):
    with pytest.raises(TypeError, match=type(bad).__name__):
        spasmtext.extract(bad, nlp)


@pytest.mark.parametrize("text", ["", "   ", "\n\t\r\n"])
def test_api_extract_empty_gives_no_mentions(nlp, text):
    assert spasmtext.extract(text, nlp) == []


def test_api_long_text_processed_in_pieces(nlp, monkeypatch):
    unit = "Lifting boxes hurt my back.\nIce helped a lot.\n"
    text = unit * 50
    whole = spasmtext.extract(text, nlp)
    monkeypatch.setattr(nlp, "max_length", 200)
    pieces = spasmtext.extract(text, nlp)
    assert len(text) > nlp.max_length
    assert pieces == whole
    assert all(text[m["start"]:m["end"]] == m["text"] for m in pieces)


def test_api_batch_one_record_per_input_in_order(nlp):
    items = ["Ice helps.", ("Lifting boxes hurt my back.", "note-7"), 12, "", ("Heat helps.", None)]
    records = list(spasmtext.extract_batch(items, nlp, batch_size=2))
    assert [r["id"] for r in records] == [0, "note-7", 2, 3, None]
    assert records[0]["mentions"] and records[1]["mentions"]
    assert "error" in records[2] and "int" in records[2]["error"] and records[2]["mentions"] == []
    assert records[3] == {"id": 3, "mentions": []}


def test_api_batch_takes_records_as_dicts(nlp):
    items = [{"id": "n1", "text": "Lifting boxes hurt my back.", "ward": "A"}, {"text": "Ice helps."},
             {"id": "n3", "body": "Heat helps."}, {"id": "n4", "text": None}]
    records = list(spasmtext.extract_batch(items, nlp))
    assert [r["id"] for r in records] == ["n1", 1, "n3", "n4"]
    assert records[0]["mentions"] == spasmtext.extract("Lifting boxes hurt my back.", nlp)
    assert records[1]["mentions"] and "error" not in records[1]
    assert records[2]["error"] == ("E029 Expected a dict item with a 'text' key, got keys ['body', 'id'] "
                                   "(record n3).")
    assert "E001" in records[3]["error"]


def test_api_batch_pipeline_failure_is_recorded_not_raised(nlp, monkeypatch):
    clf = nlp.get_pipe("spasmtext_classifier")
    original = clf.predict

    def failing(docs):
        if any("EXPLODE" in d.text for d in docs):
            raise RuntimeError("boom")
        return original(docs)

    monkeypatch.setattr(clf, "predict", failing)
    items = ["Ice helps.", "EXPLODE secret patient text", "Heat helps."]
    records = list(spasmtext.extract_batch(items, nlp))
    assert [r["id"] for r in records] == [0, 1, 2]
    assert records[0]["mentions"] and records[2]["mentions"]
    assert records[1]["mentions"] == [] and "RuntimeError" in records[1]["error"]
    assert "secret" not in records[1]["error"] and "EXPLODE" not in records[1]["error"]


_UNICODE = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(prefix=_UNICODE, suffix=_UNICODE)
def test_api_offsets_hold_for_any_unicode(nlp, prefix, suffix):
    text = prefix + " after lifting boxes my back hurt, ice helped\r\n" + suffix + " 🙂 \u05e9\u05dc\u05d5\u05dd e\u0301\x07"
    for m in spasmtext.extract(text, nlp):
        assert text[m["start"]:m["end"]] == m["text"]


def test_api_lone_surrogates_keep_offsets(nlp):
    text = "ice helps \ud800 after lifting boxes \udfff my back hurt"
    mentions = spasmtext.extract(text, nlp)
    assert mentions and all(text[m["start"]:m["end"]] == m["text"] for m in mentions)
    (record,) = spasmtext.extract_batch([text], nlp)
    assert record["mentions"] == mentions


@pytest.mark.slow
@pytest.mark.parametrize("start_method", ["fork", "spawn"])
def test_api_batch_n_process_same_records_in_order(nlp, monkeypatch, start_method):
    import multiprocessing

    from spasmtext import api

    monkeypatch.setattr(api, "_start_method", lambda nlp: multiprocessing.get_context(start_method))
    items = [("After lifting boxes my back seized up.", "a"), 7, ("Ice helped a lot.", "b"), ""] * 40
    one = list(spasmtext.extract_batch(items, nlp, batch_size=16))
    two = list(spasmtext.extract_batch(items, batch_size=16, n_process=2))
    assert two == one
    assert [r["id"] for r in two][:4] == ["a", 1, "b", 3] and "error" in two[1]


def test_api_worker_chunks_cut_long_minibatches_by_characters(monkeypatch):
    from spasmtext import api

    monkeypatch.setattr(api, "WORKER_CHUNK_CHARS", 100)
    batches = [[(0, "a" * 60), (1, ("b" * 30, "id1")), (2, "c" * 30), (3, None), (4, "d" * 250), (5, "e")],
               [(6, "f" * 10)]]
    chunks = list(api._worker_chunks(iter(batches)))
    assert [[i for i, _ in chunk] for chunk in chunks] == [[0, 1], [2, 3], [4], [5], [6]]
    assert [entry for chunk in chunks for entry in chunk] == [entry for batch in batches for entry in batch]


@pytest.mark.slow
def test_api_batch_n_process_long_minibatch_in_pieces_same_records(nlp, monkeypatch):
    from spasmtext import api

    monkeypatch.setattr(api, "WORKER_CHUNK_CHARS", 200)  # a minibatch of 16 goes in several pieces
    items = [("After lifting boxes my back seized up. Ice helped a lot, ibuprofen did nothing. " * 2, k)
             for k in range(48)]
    assert list(spasmtext.extract_batch(items, nlp, batch_size=16, n_process=2)) == \
        list(spasmtext.extract_batch(items, nlp, batch_size=16))


@pytest.mark.slow
def test_api_batch_n_process_with_users_pipeline(nlp):
    items = ["Ice helped a lot.", "Denies any trauma."]
    assert list(spasmtext.extract_batch(items, nlp, n_process=2)) == list(spasmtext.extract_batch(items, nlp))


def test_api_workers_are_not_forked_beside_other_threads_or_foreign_components(nlp):
    import threading

    import spacy

    from spasmtext import api

    assert api._start_method(nlp).get_start_method() in ("fork", "spawn")
    users = spacy.blank("en")
    users.add_pipe("sentencizer")  # a component spasmtext did not make
    assert api._start_method(users).get_start_method() == "spawn"
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert api._start_method(nlp).get_start_method() == "spawn"
    finally:
        stop.set()
        thread.join()


class _KillsTheWorker:
    """An input that kills the worker process that unpickles it (as a crash in native code would)."""

    def __reduce__(self):
        import os

        return (os._exit, (3,))


@pytest.mark.parametrize("n_items", [10, 80])  # 80: more batches than workers, some queued behind the crash
def test_api_batch_worker_crash_costs_one_record(nlp, n_items):
    import threading

    import spasmtext

    items = [(f"Ice helped my back {i}.", f"n{i}") for i in range(n_items)]
    items.insert(n_items // 2, (_KillsTheWorker(), "bad"))
    items.append((threading.Lock(), "unpicklable"))  # fails in the parent, before any worker sees it
    out = list(spasmtext.extract_batch(items, n_process=2, batch_size=4))
    assert [r["id"] for r in out] == [i for _, i in items]  # one record per input, in order
    errors = {r["id"] for r in out if "error" in r}
    assert errors == {"bad", "unpicklable"}
    assert all(r["mentions"] for r in out if r["id"] not in errors)


class _CannotBeLoaded:
    """A pipeline component that pickles but cannot be loaded in another process (as one
    defined in an interactive session cannot be imported by a spawned worker)."""

    def __call__(self, doc):
        return doc

    def __reduce__(self):
        return (_refuse_to_load, ())


def _refuse_to_load():
    import multiprocessing

    if multiprocessing.parent_process() is not None:  # in a worker
        raise AttributeError("Can't get attribute 'my_component' on <module '__main__'>")
    return _CannotBeLoaded()


def test_api_batch_workers_that_cannot_load_the_pipeline_fall_back_to_this_process(nlp, caplog):
    import spacy

    from spasmtext.pipeline import add_to_pipeline

    @spacy.Language.factory("test_cannot_be_loaded")
    def make_cannot_be_loaded(nlp, name):
        return _CannotBeLoaded()

    users = spacy.blank("en")
    users.add_pipe("test_cannot_be_loaded")
    add_to_pipeline(users)
    items = [("Ice helped a lot.", "a"), ("Denies any trauma.", "b"), (None, "c")] * 3
    with caplog.at_level("WARNING", logger="spasmtext"):
        out = list(spasmtext.extract_batch(items, users, n_process=2, batch_size=2))
    assert out == list(spasmtext.extract_batch(items, nlp, batch_size=2))  # every record, its own result
    assert any("could not load the pipeline (AttributeError" in r.getMessage() for r in caplog.records)


def test_api_evaluate_scores_annotated_records(nlp):
    text = "After lifting boxes my back seized up. Ice helped a lot."
    records = [{"id": "v1", "source": "complaint", "text": text, "mentions": [
        {"start": 6, "end": 19, "label": "CAUSE", "category": "LIFTING", "negated": False, "experiencer": "patient"},
        {"start": 39, "end": 42, "label": "REMEDY", "category": "HEAT_COLD", "negated": False,
         "experiencer": "patient"}]}]
    found = {(m["start"], m["end"], m["label"]) for m in spasmtext.extract(text, nlp)}
    gold = {(m["start"], m["end"], m["label"]) for m in records[0]["mentions"]}
    report = spasmtext.evaluate(records, nlp, seen_texts=["Ice"])
    strict = report["model"]["strict"]["micro"]
    assert (strict["gold"], strict["predicted"], strict["tp"]) == (2, len(found), len(found & gold))
    assert report["model"]["unseen_gold"] == 1  # "ice" was seen, "lifting boxes" not
    assert set(report) >= {"model", "baseline", "sections"}
    assert "different_voice" not in report  # "v1" is the user's id, not the corpus's different-voice subset
    records[0]["mentions"][1]["category"] = "LIFTING"  # not a REMEDY category
    with pytest.raises(spasmtext.CorpusError, match=r"E025 .*record v1 \[39:42\]"):
        spasmtext.evaluate(records, nlp)


def test_api_batch_freezes_gc_only_while_it_runs_and_keeps_a_callers_freeze(nlp):
    import gc

    gc.unfreeze()  # a known start (freezing is a speed hint only: no object's life depends on it)
    try:
        records = spasmtext.extract_batch(["Ice helped.", "Heat helps.", "Denies trauma."], nlp, batch_size=1)
        next(records)
        assert gc.get_freeze_count() > 0  # the model is out of the collector's scans while the batch runs
        assert len(list(records)) == 2 and gc.get_freeze_count() == 0
        records = spasmtext.extract_batch(["Ice helped."] * 3, nlp, batch_size=1)
        next(records)
        records.close()  # a batch left early unfreezes too
        assert gc.get_freeze_count() == 0
        gc.freeze()  # the caller's own freeze (as the CLI and the workers do) is left as it is
        frozen = gc.get_freeze_count()
        assert len(list(spasmtext.extract_batch(["Ice helped."], nlp))) == 1 and gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()


def test_api_batch_runs_stage_by_stage_with_the_records_of_nlp_pipe(nlp, records):
    """extract_batch runs each component over a whole minibatch before the next; the records
    are those of spaCy's nlp.pipe, which streams each doc through all of them, and a component
    without ``pipe`` (a plain function) still runs once on every doc, in order."""
    import spacy

    from spasmtext.records import mention_dicts
    from spasmtext.tokens import make_docs

    texts = [rec["text"] for rec in records[::40]]  # every genre, long notes and texts without mentions
    expected = [mention_dicts(doc) for doc in nlp.pipe(make_docs(nlp, texts))]
    assert sum(map(len, expected)) > 50
    assert [r["mentions"] for r in spasmtext.extract_batch(texts, nlp, batch_size=7)] == expected

    seen = []

    @spacy.Language.component("spasmtext_test_counts_docs")
    def counts_docs(doc):  # no pipe method: called once per doc
        seen.append(len(doc))
        return doc

    nlp.add_pipe("spasmtext_test_counts_docs", first=True)
    try:
        assert [r["mentions"] for r in spasmtext.extract_batch(texts, nlp, batch_size=7)] == expected
    finally:
        nlp.remove_pipe("spasmtext_test_counts_docs")
    assert seen == [len(doc) for doc in make_docs(nlp, texts)]


#: an article of four sentences on heat that never names the back, neck or shoulders
NEVER_NAMES_THE_BACK = ("Heat therapy: how to do it right\nHeat relaxes tight muscles and increases blood flow. "
                        "Use a heating pad on low for 15 to 20 minutes, a warm bath, or an adhesive heat wrap. "
                        "Never fall asleep on a heating pad.")


def test_api_topic_rule_off_keeps_mentions_of_a_text_that_never_names_the_back(nlp):
    """The topic rule empties a text of four sentences that never speaks of the complaint;
    ``load(topic_rule=False)`` (texts known to be about back pain) keeps its mentions, and the
    setting is in the pipeline's config, so copies sent to worker processes keep it too."""
    import pickle

    assert spasmtext.extract(NEVER_NAMES_THE_BACK, nlp) == []
    open_nlp = spasmtext.load(topic_rule=False)
    mentions = spasmtext.extract(NEVER_NAMES_THE_BACK, open_nlp)
    assert {m["text"] for m in mentions} >= {"heating pad", "warm bath"}
    assert all(m["label"] == "REMEDY" for m in mentions)
    assert [m["negated"] for m in mentions if m["start"] > NEVER_NAMES_THE_BACK.index("Never")] == [True]
    assert spasmtext.extract(NEVER_NAMES_THE_BACK, pickle.loads(pickle.dumps(open_nlp))) == mentions
    records = list(spasmtext.extract_batch([NEVER_NAMES_THE_BACK] * 12, open_nlp, n_process=2, batch_size=4))
    assert all(r["mentions"] == mentions for r in records)
    # a text that names the back reads the same either way
    text = "After lifting boxes my back seized up. Ice helped a lot. I rested. Then I walked."
    assert spasmtext.extract(text, open_nlp) == spasmtext.extract(text, nlp)


def test_api_topic_rule_off_reaches_every_component_that_applies_it():
    """Both the candidate stage and the entity recognizer of ``en_spasmtext_ner`` skip
    off-topic texts; ``topic_rule=False`` turns the rule off in both (and in a user's own
    pipeline through ``add_to_pipeline``)."""
    import spacy

    from spasmtext.pipeline import _topic_rule_off, bundled_model_path

    assert _topic_rule_off(bundled_model_path("en_spasmtext_ner")) == {
        "components.spasmtext_ner.topic_min_sentences": 0, "components.spasmtext_candidates.topic_min_sentences": 0}
    assert _topic_rule_off(bundled_model_path()) == {"components.spasmtext_candidates.topic_min_sentences": 0}
    users = spasmtext.add_to_pipeline(spacy.blank("en"), topic_rule=False)
    assert users.get_pipe("spasmtext_candidates").topic_min_sentences == 0
    assert spasmtext.extract(NEVER_NAMES_THE_BACK, users)
