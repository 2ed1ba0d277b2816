"""The entity recognizer of en_spasmtext_ner and how the candidate stage reads it."""

import pytest

from spasmtext import ner as ner_module
from spasmtext.extensions import CANDIDATES_KEY, group_bounds
from spasmtext.ner import out_of_fold_entities, train_ner, with_entities
from spasmtext.pipeline import build_pipeline
from spasmtext.tokens import make_doc


def candidate_origins(nlp, doc):
    for name, proc in nlp.pipeline:
        if name in ("spasmtext_classifier", "spasmtext_context"):
            break
        if name != "spasmtext_ner":
            doc = proc(doc)
    group = doc.spans[CANDIDATES_KEY]
    return {(s, e): origin for (s, e, _), origin in zip(group_bounds(doc, CANDIDATES_KEY), group.attrs["origins"])}


TEXT = "My back went out after hauling firewood all weekend. Ice helped a bit."


def test_candidate_stage_takes_cause_and_remedy_entities_with_their_origin():
    nlp = build_pipeline(ner=True)
    doc = with_entities(make_doc(nlp, TEXT), [
        (23, 51, "CAUSE"),  # "hauling firewood all weekend": one candidate span no rule proposes as is
        (53, 56, "REMEDY"),  # "Ice": a lexicon phrase too
        (0, 2, "PERSON"),  # not a label of ours: ignored
    ])
    origins = candidate_origins(nlp, doc)
    assert doc[5:9].text == "hauling firewood all weekend"
    assert "ner:CAUSE" in origins[(5, 9)].split(",")
    assert doc[10:11].text == "Ice"
    assert {"lex", "ner:REMEDY"} <= set(origins[(10, 11)].split(","))
    assert not any("PERSON" in o for o in origins.values())


def test_candidate_stage_ignores_entities_unless_configured():
    nlp = build_pipeline()
    doc = with_entities(make_doc(nlp, TEXT), [(23, 51, "CAUSE")])
    assert not any("ner:" in o for o in candidate_origins(nlp, doc).values())


def test_word_batches_bound_words_and_documents_and_keep_order():
    from spasmtext.ner import word_batches

    docs = [[0] * n for n in (5, 30, 3, 3, 3, 3, 3, 12, 1)]
    batches = list(word_batches(iter(docs), max_words=10, max_items=3))
    assert [d for b in batches for d in b] == docs  # each once, in order (the same objects)
    assert [[len(d) for d in b] for b in batches] == [[5], [30], [3, 3, 3], [3, 3], [12], [1]]
    # words counted by ``size``: items of size 0 (texts not read) fill a batch by count alone
    sized = list(word_batches(iter(docs), max_words=10, max_items=4, size=lambda d: 0 if len(d) > 10 else len(d)))
    assert [[len(d) for d in b] for b in sized] == [[5, 30, 3], [3, 3, 3], [3, 12, 1]]


def test_out_of_fold_entities_never_come_from_a_model_trained_on_their_record(monkeypatch):
    records = [{"text": f"text {i}", "mentions": []} for i in range(11)]

    class Fake:
        def __init__(self, trained_on):
            self.trained_on = trained_on

    monkeypatch.setattr(ner_module, "train_ner", lambda recs, seed, epochs: Fake({r["text"] for r in recs}))
    monkeypatch.setattr(ner_module, "entities",
                        lambda model, texts: [[(0, 4, "LEAK" if t in model.trained_on else "OK")] for t in texts])
    out = out_of_fold_entities(records, folds=3)
    assert len(out) == len(records)
    assert all(ents == [(0, 4, "OK")] for ents in out)


@pytest.mark.slow
def test_train_ner_is_deterministic_and_keeps_no_corpus_words(records):
    train = records[:40]
    first = train_ner(train, seed=0, epochs=2)
    again = train_ner(train, seed=0, epochs=2)
    assert first.get_pipe("ner").to_bytes(exclude=["vocab"]) == again.get_pipe("ner").to_bytes(exclude=["vocab"])
    assert set(first.get_pipe("ner").labels) == {"CAUSE", "REMEDY"}
    corpus_words = {w for r in train for w in r["text"].split() if len(w) > 8 and w.isalpha()}
    assert corpus_words and not corpus_words & set(first.vocab.strings)


def test_train_ner_updates_every_layer_on_numpy_ops(records, monkeypatch):
    """Every layer the recognizer trains multiplies with numpy, the output layer that
    ``nlp.initialize`` makes once the labels are known included (0.4.35 trained it on BLIS)."""
    from spacy.language import Language
    from thinc.api import NumpyOps

    update, on_blis = Language.update, []

    def checked_update(self, *args, **kwargs):
        on_blis.extend(node.name for node in self.get_pipe("ner").model.walk()
                       if type(node.ops) is NumpyOps and node.ops.use_blis)
        return update(self, *args, **kwargs)

    monkeypatch.setattr(Language, "update", checked_update)
    train_ner(records[:5], seed=0, epochs=1)
    assert on_blis == []


@pytest.mark.slow
def test_training_with_a_recognizer_writes_a_model_that_loads_and_uses_it(small_corpus, tmp_path, monkeypatch):
    import json

    import spasmtext
    from spasmtext.training import train

    monkeypatch.setattr(ner_module, "EPOCHS", 2)
    meta = train(*small_corpus, tmp_path / "model", seed=0, grid={"C": (1.0,), "threshold": (0.2,)}, ner=True)
    assert meta["name"] == "spasmtext_ner" and meta["hyperparameters"]["ner"]["epochs"] == 2
    rows = meta["model_selection"]["families_and_features"]
    assert [r["model"].split(" (")[0] for r in rows] == [
        "logistic regression over rule and recognizer candidates", "logistic regression over rule candidates",
        "entity recognizer alone"]
    nlp = spasmtext.load(tmp_path / "model")  # integrity-checked
    assert nlp.pipe_names.index("spasmtext_ner") < nlp.pipe_names.index("spasmtext_candidates")
    assert nlp.get_pipe("spasmtext_candidates").use_entities
    strings = json.loads((tmp_path / "model" / "vocab" / "strings.json").read_text())
    assert "repositioning" not in strings and "Camptocormia" not in strings
    doc = nlp("Lifting boxes at work set off my back spasms. Ice and stretching helped.")
    assert all(m.label_ in ("CAUSE", "REMEDY") for m in doc.spans["spasmtext"])
    # the final fit: the shipped recognizer is the one trained on train and dev
    from spasmtext.corpus import read_jsonl, split_records

    records, splits = read_jsonl(small_corpus[0]), json.loads(small_corpus[1].read_text(encoding="utf8"))
    assert meta["hyperparameters"]["ner"]["recognizer_trained_on"] == "train+dev"
    both = split_records(records, splits, "train") + split_records(records, splits, "dev")
    on_train = split_records(records, splits, "train")
    shipped = _weights(nlp.get_pipe("spasmtext_ner").model)
    assert _same(shipped, _weights(train_ner(both, seed=0).get_pipe("ner").model))
    assert not _same(shipped, _weights(train_ner(on_train, seed=0).get_pipe("ner").model))
    assert "trained from blank on train and dev" in (tmp_path / "model" / "README.md").read_text(encoding="utf8")


def _weights(model):
    """A thinc model's parameters in the order of its layers (``to_bytes`` also holds
    layer ids and other bookkeeping, which a saved and loaded model does not keep)."""
    return [node.get_param(name) for node in model.walk() for name in node.param_names if node.has_param(name)]


def _same(a, b):
    import numpy as np

    return len(a) == len(b) and all(x.shape == y.shape and np.array_equal(x, y) for x, y in zip(a, b))


@pytest.fixture(scope="module")
def ner_nlp():
    import spasmtext

    return spasmtext.load("en_spasmtext_ner")


def test_bundled_recognizer_same_entities_in_any_minibatches(ner_nlp, records):
    recognizer = ner_nlp.get_pipe("spasmtext_ner")
    texts = [r["text"] for r in records[:200]]

    def ents(max_words, batch_size):
        recognizer.max_batch_words = max_words
        docs = recognizer.pipe((ner_nlp.make_doc(t) for t in texts), batch_size=batch_size)
        return [[(e.start, e.end, e.label_) for e in doc.ents] for doc in docs]

    try:
        assert ents(50, 256) == ents(10**6, 7) == ents(2000, 1000)
    finally:
        recognizer.max_batch_words = 2000


def test_bundled_recognizer_model_scores_from_arrays_as_from_dicts(ner_nlp, records, splits):
    from test_scoring import EDGE_TEXTS, _check, _docs

    clf = ner_nlp.get_pipe("spasmtext_classifier")
    dev = set(splits["dev"])
    texts = [r["text"] for r in records if r["id"] in dev] + EDGE_TEXTS
    checked, from_recognizer = 0, 0
    for k in range(0, len(texts), 32):
        docs = _docs(ner_nlp, texts[k:k + 32])
        from_recognizer += sum("ner:" in o for doc in docs for o in clf.origins(doc))
        checked += _check(clf, docs)
    assert checked > 5_000 and from_recognizer > 500


def test_bundled_recognizer_multiplies_with_numpy_and_finds_the_entities_blis_finds(ner_nlp, records):
    from thinc.api import NumpyOps

    recognizer = ner_nlp.get_pipe("spasmtext_ner")
    nodes = list(recognizer.model.walk())
    assert nodes and all(type(n.ops) is NumpyOps and not n.ops.use_blis for n in nodes)
    texts = [r["text"] for r in records[:150]]

    def ents():
        docs = recognizer.pipe(ner_nlp.make_doc(t) for t in texts)
        return [[(e.start, e.end, e.label_) for e in doc.ents] for doc in docs]

    with_numpy = ents()
    blis = NumpyOps(use_blis=True)
    try:
        for node in nodes:
            node.ops = blis
        assert ents() == with_numpy
    finally:
        ner_module.numpy_matmul(recognizer.model)
    assert all(not n.ops.use_blis for n in nodes)
    assert sum(map(len, with_numpy)) > 100


def test_bundled_recognizer_runs_blas_on_one_thread_and_restores_the_setting(ner_nlp):
    from thinc.api import NumpyOps
    from threadpoolctl import threadpool_info, threadpool_limits

    def blas_threads():
        return {lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas"}

    seen = set()

    class Recording(NumpyOps):  # the recognizer's products, noting how many threads BLAS has
        def gemm(self, *args, **kwargs):
            seen.update(blas_threads())
            return super().gemm(*args, **kwargs)

    recognizer = ner_nlp.get_pipe("spasmtext_ner")
    nodes = list(recognizer.model.walk())
    originals = [node.ops for node in nodes]
    try:
        for node in nodes:
            node.ops = Recording(use_blis=False)
        with threadpool_limits(limits=2, user_api="blas"):
            docs = list(recognizer.pipe([ner_nlp.make_doc("My back hurts after lifting.")]))
            assert blas_threads() == {2}
    finally:
        for node, ops in zip(nodes, originals):
            node.ops = ops
    assert docs and seen == {1}


def test_numpy_matmul_leaves_layers_on_other_ops_alone():
    from thinc.api import Linear, NumpyOps, chain

    class OtherOps(NumpyOps):  # stands in for a GPU's ops
        pass

    other = Linear(2, 3)
    other.ops = OtherOps()
    model = ner_module.numpy_matmul(chain(Linear(3, 4), other))
    first, second = model.layers
    assert not first.ops.use_blis and type(first.ops) is NumpyOps
    assert type(second.ops) is OtherOps and second.ops.use_blis


@pytest.mark.slow
def test_bundled_recognizer_model_same_records_with_two_processes(ner_nlp, records):
    import spasmtext

    texts = [r["text"] for r in records[:120]] + [None, "", "x" * 50]
    one = list(spasmtext.extract_batch(texts, ner_nlp))
    two = list(spasmtext.extract_batch(texts, ner_nlp, n_process=2))
    assert one == two
    assert sum(len(r.get("mentions", [])) for r in one) > 100
    assert "error" in one[-3] and "error" not in one[-2]  # the non-string record, then the empty text


def test_add_to_pipeline_reads_the_recognizer_of_the_model():
    import spacy

    import spasmtext

    nlp = spasmtext.add_to_pipeline(spacy.blank("en"), "en_spasmtext_ner")
    assert nlp.pipe_names.index("spasmtext_ner") < nlp.pipe_names.index("spasmtext_candidates")
    doc = nlp("My back went out after hauling firewood all weekend. A heating pad helped.")
    assert doc.ents  # the trained recognizer, read from the model directory
    assert any("ner:" in m._.origin for m in doc.spans["spasmtext"])


def test_bundled_recognizer_skips_texts_the_topic_rule_gives_no_candidates(ner_nlp):
    import spasmtext

    off_topic = ("Quarterly report. Sales rose in March. The team met twice. Ice and rest helped the "
                 "sprained ankle. Next meeting on Friday.")
    recognizer = ner_nlp.get_pipe("spasmtext_ner")
    shipped = recognizer.topic_min_sentences
    assert shipped == ner_nlp.get_pipe("spasmtext_candidates").topic_min_sentences == 4
    try:
        recognizer.topic_min_sentences = 0
        read = ner_nlp(off_topic)
        every = spasmtext.extract(off_topic, ner_nlp)
    finally:
        recognizer.topic_min_sentences = shipped
    skipped = ner_nlp(off_topic)
    assert read.ents and not skipped.ents  # read when told to, else not read
    assert every == spasmtext.extract(off_topic, ner_nlp) == []  # no candidates either way


def test_lower_case_reading_lowers_sentences_in_capitals_only_and_keeps_offsets():
    from spasmtext.ner import lower_case_reading

    nlp = build_pipeline()
    mixed = "MY BACK WENT OUT AFTER HAULING FIREWOOD. Ice helped. PT, NSAIDs and ROM exercises."
    doc = nlp.get_pipe("spasmtext_sentences")(make_doc(nlp, mixed))
    reading = lower_case_reading(doc)
    assert reading is not doc and len(reading) == len(doc) and len(reading.text) == len(doc.text)
    assert reading.text == "my back went out after hauling firewood. Ice helped. PT, NSAIDs and ROM exercises."
    plain = nlp.get_pipe("spasmtext_sentences")(make_doc(nlp, "Ice helped. PT and ROM exercises."))
    assert lower_case_reading(plain) is plain  # nothing in capitals: the doc itself


def test_bundled_recognizer_reads_a_sentence_in_capitals_as_lower_case(ner_nlp):
    text = "after lifting a heavy box at work my back went out. ibuprofen and a heating pad did nothing."
    lower = [(e.start_char, e.end_char, e.label_) for e in ner_nlp(text).ents]
    for docs in ([ner_nlp(text.upper())], list(ner_nlp.pipe([text.upper(), text]))):
        assert [(e.start_char, e.end_char, e.label_) for e in docs[0].ents] == lower
        assert docs[0].text == text.upper()
    assert {label for _, _, label in lower} == {"CAUSE", "REMEDY"}


def test_bundled_recognizer_keeps_entities_set_before_it_in_a_text_in_capitals(ner_nlp):
    from spacy.tokens import Span

    doc = ner_nlp.make_doc("MR SMITH HURT HIS BACK LIFTING A HEAVY BOX. IBUPROFEN DID NOTHING.")
    doc = ner_nlp.get_pipe("spasmtext_sentences")(doc)
    doc.ents = [Span(doc, 0, 2, label="PERSON")]  # as a user's own ner before ours would
    doc = ner_nlp.get_pipe("spasmtext_ner")(doc)
    assert (0, 2, "PERSON") in [(e.start, e.end, e.label_) for e in doc.ents]
    assert {"CAUSE", "REMEDY"} & {e.label_ for e in doc.ents}
