"""The entity recognizer of the ``en_spasmtext_ner`` model: spaCy's ``ner`` trained from blank.

The default model's candidates come from rules (lexicon phrases, triggers,
phrase chunks) and its classifier sees each candidate's words, lexicon
categories and context. A statistical entity recognizer reads text another
way: a convolutional token encoder over hashed word forms, prefixes, suffixes
and shapes (spaCy's ``HashEmbedCNN``, no pretrained vectors), and a
transition-based decoder that chooses spans token by token. It finds
mentions that no rule proposes and recognises words by their form, and the
two disagree often enough that together they find more than either alone.

In ``en_spasmtext_ner`` this recognizer runs before the candidate stage; each
entity it finds becomes a candidate (or adds to the origins of an equal one)
with origin ``ner:CAUSE`` or ``ner:REMEDY``, which is one more feature of the
classifier: the classifier, not the recognizer, keeps or drops the span, so
the output has the same fields, categories and calibrated scores as the
default model's. To learn how far the recognizer's word can be trusted, the
classifier is trained on *out-of-fold* entities: each train document's
entities come from a recognizer trained on the other folds, as they would on
text it never saw.

Training is deterministic: the same records and seed give the same weights
(spaCy fixes the seeds of its random generators; the batches are shuffled
with a seeded generator; BLAS runs on one thread while training).
"""

import functools
import random
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context

import spacy
from spacy.language import Language
from spacy.pipeline.ner import DEFAULT_NER_MODEL, EntityRecognizer
from spacy.tokens import Doc, Span
from spacy.training import Example
from spacy.util import fix_random_seed, registry
from thinc.api import NumpyOps, compounding

from .candidates import COMPLAINT_KEY, complaint_bounds, complaint_group
from .features import shouted_sentences
from .sentences import SentenceSegmenter
from .tokens import doc_offset, make_doc, make_docs, word_table
from .topic import TOPIC_MIN_SENTENCES, off_topic

#: the name (and factory) of the recognizer in a spasmtext pipeline
NER_NAME = "spasmtext_ner"
EPOCHS = 30
DROPOUT = 0.1
FOLDS = 5
#: at most this many tokens in one minibatch of the recognizer (see :class:`Recognizer`)
MAX_BATCH_WORDS = 2000


@Language.factory(NER_NAME, default_config={
    "model": DEFAULT_NER_MODEL, "moves": None, "update_with_oracle_cut_size": 100, "incorrect_spans_key": None,
    "max_batch_words": MAX_BATCH_WORDS, "topic_min_sentences": TOPIC_MIN_SENTENCES})
def make_recognizer(nlp, name, model, moves, update_with_oracle_cut_size, incorrect_spans_key, max_batch_words,
                    topic_min_sentences):
    """spaCy's ``ner`` (its default model) as :class:`Recognizer`."""
    return Recognizer(nlp.vocab, model, name=name, moves=moves, max_batch_words=max_batch_words,
                      topic_min_sentences=topic_min_sentences,
                      update_with_oracle_cut_size=update_with_oracle_cut_size,
                      incorrect_spans_key=incorrect_spans_key)


class Recognizer(EntityRecognizer):
    """spaCy's ``EntityRecognizer`` that reads only the texts the candidate stage can use,
    in minibatches of at most ``max_batch_words`` tokens (and ``batch_size`` documents).

    A text of ``topic_min_sentences`` sentences or more in which no sentence speaks
    of the complaint gets no candidates (the candidate stage's topic rule, with the
    same setting; 0 reads every text), so the recognizer does not read it: its
    ``doc.ents`` stay as they were. Most notes of a hospital's export are not about
    back pain, and the recognizer is by far the slowest stage of its pipeline.

    The recognizer keeps its activations for every token of a minibatch: 256 long
    notes at once (spaCy's ``nlp.pipe`` hands each component minibatches of
    ``batch_size`` documents, 1,000 by default) took over 1 GB where 16 took
    260 MB, and were slower too. Same entities, whatever the batching.

    Its layers multiply matrices with numpy (OpenBLAS) rather than thinc's default BLIS
    (:func:`numpy_matmul`): on this project's machine BLIS 1.3 took 3.3 times as long
    for the recognizer's products, and the recognizer is most of the model's time. It runs
    them on one thread (:func:`one_blas_thread`), as BLIS did: processes side by side
    (``n_process``, Dask workers) each get a core instead of fighting over them."""

    def __init__(self, vocab, model, name=NER_NAME, moves=None, *, max_batch_words=MAX_BATCH_WORDS,
                 topic_min_sentences=TOPIC_MIN_SENTENCES, **kwargs):
        super().__init__(vocab, model, name, moves, **kwargs)
        self.max_batch_words = max_batch_words
        self.topic_min_sentences = topic_min_sentences
        numpy_matmul(self.model)

    def _reads(self, doc):
        """False if the candidate stage's topic rule will give ``doc`` no candidates. The
        complaint sentences found for it are kept for the candidate stage
        (``doc.spans["spasmtext_complaint"]``), which does not look for them again."""
        if not self.topic_min_sentences:
            return True
        words = word_table(doc.vocab)(doc)[0]
        complaint = complaint_bounds(doc, words)
        doc.spans[COMPLAINT_KEY] = complaint_group(doc, complaint)
        return not off_topic(doc, self.topic_min_sentences, complaint, words)

    def __call__(self, doc):
        if self._reads(doc):
            reading = lower_case_reading(doc)
            with one_blas_thread():
                super().__call__(reading)
            _copy_entities(reading, doc)
        return doc

    def pipe(self, stream, *, batch_size=256):
        marked = ((doc, self._reads(doc)) for doc in stream)
        for batch in word_batches(marked, self.max_batch_words, batch_size, size=_read_words):
            read = [doc for doc, reads in batch if reads]
            if read:
                readings = [lower_case_reading(doc) for doc in read]
                with one_blas_thread():
                    for _ in super().pipe(readings, batch_size=len(readings)):  # annotates them in place
                        pass
                for reading, doc in zip(readings, read):
                    _copy_entities(reading, doc)
            for doc, _ in batch:
                yield doc


def numpy_matmul(model):
    """Make the layers of the thinc ``model`` that run on thinc's CPU ops with BLIS
    (``NumpyOps``, the default) multiply matrices with numpy instead (OpenBLAS in numpy's
    wheels), in place. Layers on other ops (a GPU's, after ``spacy.require_gpu()``) keep
    theirs. The products are the same up to the order of float32 additions: on the 1,902
    corpus texts and the MTSamples notes the records of ``en_spasmtext_ner`` 0.4.34 (trained
    with BLIS) did not change. The transition decoder's own products, in spaCy's C code,
    still use BLIS."""
    ops = NumpyOps(use_blis=False)
    for node in model.walk():
        if type(node.ops) is NumpyOps and node.ops.use_blis:
            node.ops = ops
    return model


def one_blas_thread():
    """A context in which numpy's BLAS runs on one thread (``threadpoolctl``; restored on
    exit). It is the process's setting while it lasts: numpy code of other threads of the
    process runs on one thread meanwhile, and of two threads running a recognizer at once,
    the one that leaves last restores the setting it found (perhaps the other's one thread)."""
    return _blas_controller().limit(limits=1, user_api="blas")


@functools.cache
def _blas_controller():
    """The process's ``ThreadpoolController``: made once (it lists the loaded libraries), at
    first use, so that entering :func:`one_blas_thread` costs microseconds."""
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


def lower_case_reading(doc):
    """``doc`` itself, or if it has sentences written in capitals (:func:`~spasmtext.features.
    shouted_sentences`) a new ``Doc`` of the same tokens with those sentences in lower case.

    The recognizer reads words by their form (prefix, suffix and shape besides the
    lower-case norm), and the corpus it learnt from is written in ordinary case: in
    capitals, "ICE DID NOTHING" is a row of abbreviations to it. The classifier reads such
    sentences as lower case too (``DocContext.shouted``)."""
    shouted = shouted_sentences(doc)
    if not shouted:
        return doc
    words = [token.text for token in doc]
    for start, end in shouted:  # a lower case of another length ("İ") stays: offsets hold
        words[start:end] = [low if len(low := word.lower()) == len(word) else word for word in words[start:end]]
    reading = Doc(doc.vocab, words=words, spaces=[bool(token.whitespace_) for token in doc])
    _copy_entities(doc, reading)  # entities set before (a user's own ``ner``) stay, as spaCy's ner keeps them
    return reading


def _copy_entities(source, target):
    """Set the entities of ``source`` on ``target``, a doc of the same tokens (the recognizer's
    :func:`lower_case_reading` and the doc it was made of); nothing if they are one doc."""
    if source is not target:
        target.ents = [Span(target, ent.start, ent.end, label=ent.label) for ent in source.ents]


def _read_words(item):
    doc, reads = item
    return len(doc) if reads else 0


def word_batches(items, max_words, max_items, size=len):
    """Lists of consecutive ``items``, each of at most ``max_items`` items and
    ``max_words`` words (``size(item)`` each; an item of more words alone)."""
    batch, words = [], 0
    for item in items:
        n = size(item)
        if batch and (words + n > max_words or len(batch) >= max_items):
            yield batch
            batch, words = [], 0
        batch.append(item)
        words += n
    if batch:
        yield batch


def settings():
    """The training settings, as recorded in a model's ``meta.json``."""
    return {"epochs": EPOCHS, "dropout": DROPOUT, "folds": FOLDS}


def examples(nlp, records):
    """``spacy.training.Example``s of corpus ``records``, their mentions as entities
    (mentions never overlap, ANNOTATION.md; a boundary inside a token takes the whole token)."""
    out = []
    for record in records:
        doc = make_doc(nlp, record["text"])
        ents = sorted((m["start"], m["end"], m["label"]) for m in record["mentions"])
        entities = [(span.start_char, span.end_char, label)
                    for start, end, label in ents
                    if (span := doc.char_span(doc_offset(doc, start), doc_offset(doc, end),
                                              alignment_mode="expand")) is not None]
        out.append(Example.from_dict(doc, {"entities": entities}))
    return out


def train_ner(records, *, seed=0, epochs=None):
    """A blank English pipeline holding one ``ner`` component trained on ``records``.

    The component is spaCy's default ``ner``: its own ``HashEmbedCNN`` encoder
    (width 96, depth 4, window 1; NORM hashed into 2,000 rows, PREFIX, SUFFIX
    and SHAPE into 1,000 each) under a transition-based decoder.

    Adam with spaCy's defaults, dropout 0.1, batches of 100 growing to 1,000
    words (spaCy's ``batch_by_words`` schedule), ``epochs`` passes (default
    :data:`EPOCHS`); the returned weights are the optimizer's running
    averages, as spaCy saves them. The returned pipeline's vocabulary is a
    fresh one: the trained one holds every word of ``records``.

    Its layers multiply matrices with numpy on one thread (:func:`numpy_matmul`), as the
    shipped recognizer reads: OpenBLAS's kernels are pinned for training
    (:func:`spasmtext.cli.training_environment`), BLIS's were not, and it trains about
    1.4 times as fast here (models before 0.4.35 were trained with BLIS). The switch is
    made after ``nlp.initialize``, which makes the small output layer once the labels are
    known (since 0.4.36; 0.4.35 switched before it, so that layer trained on BLIS).
    """
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1):
        fix_random_seed(seed)
        nlp = spacy.blank("en")
        ner = nlp.add_pipe("ner")
        for label in ("CAUSE", "REMEDY"):
            ner.add_label(label)
        train = examples(nlp, records)
        optimizer = nlp.initialize(lambda: train)
        numpy_matmul(ner.model)  # after initialize, which makes the output layer once the labels are known
        batcher = registry.batchers.get("spacy.batch_by_words.v1")(
            size=compounding(100.0, 1000.0, 1.001), tolerance=0.2, discard_oversize=False)
        rng = random.Random(seed)
        for _ in range(EPOCHS if epochs is None else epochs):
            order = list(train)
            rng.shuffle(order)
            for batch in batcher(order):
                nlp.update(batch, drop=DROPOUT, sgd=optimizer)
        if optimizer.averages:
            nlp.use_params(optimizer.averages)
    fresh = spacy.blank("en")
    numpy_matmul(fresh.add_pipe("ner").model)
    fresh.get_pipe("ner").from_bytes(nlp.get_pipe("ner").to_bytes(exclude=["vocab"]), exclude=["vocab"])
    return fresh


def entities(nlp, texts):
    """Per text, its entities as ``(start_char, end_char, label)``, in the offsets of the docs
    :func:`~spasmtext.tokens.make_doc` makes of them (as :func:`with_entities` takes them).
    ``nlp``: a pipeline of one ``ner`` (:func:`train_ner`), which reads each text as the
    shipped pipeline's recognizer does, its sentences in capitals in lower case
    (:func:`lower_case_reading`)."""
    segment = SentenceSegmenter()
    readings = [lower_case_reading(segment(doc)) for doc in make_docs(nlp, texts)]
    for _ in nlp.get_pipe("ner").pipe(readings):  # annotates them in place
        pass
    return [[(e.start_char, e.end_char, e.label_) for e in doc.ents] for doc in readings]


def _fold_entities(args):
    train_records, held_texts, seed, epochs = args
    return entities(train_ner(train_records, seed=seed, epochs=epochs), held_texts)


def out_of_fold_entities(records, *, seed=0, folds=None, n_process=1):
    """Per record, the entities of a recognizer trained on the other ``folds - 1`` folds
    (record ``i`` is in fold ``i % folds``; default :data:`FOLDS`); ``n_process`` folds
    train at once."""
    folds = FOLDS if folds is None else folds
    jobs = []
    for k in range(folds):
        train = [r for i, r in enumerate(records) if i % folds != k]
        held = [r["text"] for i, r in enumerate(records) if i % folds == k]
        jobs.append((train, held, seed, EPOCHS))  # read here: a worker has its own module
    if n_process > 1:
        with ProcessPoolExecutor(n_process, mp_context=get_context("spawn")) as pool:
            results = list(pool.map(_fold_entities, jobs))
    else:
        results = [_fold_entities(job) for job in jobs]
    out = [None] * len(records)
    for k, fold in enumerate(results):
        for i, ents in zip(range(k, len(records), folds), fold):
            out[i] = ents
    return out


def with_entities(doc, ents):
    """Set ``doc.ents`` from ``(start_char, end_char, label)`` triples (a boundary inside a
    token takes the whole token) and return ``doc``."""
    spans = [doc.char_span(s, e, label=label, alignment_mode="expand") for s, e, label in ents]
    doc.ents = [span for span in spans if span is not None]
    return doc

