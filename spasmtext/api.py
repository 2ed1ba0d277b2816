"""The public functions: :func:`extract` and :func:`extract_batch`."""

import collections
import contextlib
import functools
import gc
import logging
import multiprocessing
import pickle
import sys
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from spacy.util import minibatch

from .errors import Errors
from .extensions import set_extensions
from .pipeline import load
from .records import error_record, mention_dicts
from .tokens import make_doc

logger = logging.getLogger("spasmtext")


@functools.lru_cache(maxsize=1)
def _default_nlp():
    return load()


def _pieces(text, limit):
    """Split ``text`` into ``(offset, piece)`` of at most ``limit`` characters.

    Cuts at the last line break, else the last whitespace, before the limit,
    so sentences are cut only when a single line exceeds the limit.
    """
    offset = 0
    while len(text) - offset > limit:
        window = text[offset:offset + limit]
        cut = window.rfind("\n")
        if cut <= 0:
            cut = max(window.rfind(" "), window.rfind("\t"))
        cut = cut + 1 if cut > 0 else limit
        yield offset, text[offset:offset + cut]
        offset += cut
    yield offset, text[offset:]


def _mentions(nlp, text):
    """Mentions of one text of any length (long texts in pieces). Docs are made by
    :func:`~spasmtext.tokens.make_doc`, whose reading maps every offset back to the input
    (typographic forms, HTML tags and references, soft line breaks), so offsets hold and
    mention texts are cut from the input as given."""
    if len(text) <= nlp.max_length:
        return mention_dicts(nlp(make_doc(nlp, text)))
    out = []
    for offset, piece in _pieces(text, nlp.max_length):
        out.extend(mention_dicts(nlp(make_doc(nlp, piece)), offset=offset))
    return out


def extract(text, nlp=None):
    """Extract the causes and remedies mentioned in ``text``.

    Parameters
    ----------
    text : str
    nlp : spacy.language.Language, optional
        A pipeline from :func:`spasmtext.load`; default: the bundled model.

    Returns
    -------
    list of dict
        One dict per mention: ``start``, ``end``, ``text``, ``label``,
        ``category``, ``score``, ``negated``, ``experiencer``, ``section``.

    Raises
    ------
    TypeError
        If ``text`` is not a ``str``.
    """
    if not isinstance(text, str):
        raise TypeError(Errors.E001.format(type=type(text).__name__, id=None))
    return _mentions(nlp or _default_nlp(), text)


class _NoTextField:
    """The text of a dict item without a "text" key (its keys go in the error, not its values)."""

    def __init__(self, keys):
        self.keys = sorted(map(str, keys))


def _normalise(index, item):
    """``(text, id)`` of an input item: a text, a ``(text, id)`` pair, or a dict with
    ``"text"`` and an optional ``"id"`` (a record, as ``DataFrame.to_dict("records")``
    gives); ``index`` is the id of an item without one."""
    if isinstance(item, tuple) and len(item) == 2:
        return item
    if isinstance(item, dict):
        return item["text"] if "text" in item else _NoTextField(item), item.get("id", index)
    return item, index


def extract_batch(items, nlp=None, *, batch_size=256, n_process=1):
    """Yield one record per input, in input order.

    Parameters
    ----------
    items : iterable of str, (str, id) or dict
        Texts, ``(text, id)`` pairs, or dicts with ``"text"`` and an optional
        ``"id"`` (records, as ``DataFrame.to_dict("records")`` gives; other
        keys are ignored). An item without an id gets its 0-based position as
        id. Read lazily: memory does not grow with the number of items.
    nlp : spacy.language.Language, optional
        Default: the bundled model.
    batch_size : int
        Documents per minibatch (one ``predict_proba`` call each).
    n_process : int
        Worker processes. Each loads the pipeline once and sends back plain
        records (not ``Doc`` objects, whose pickling costs more than the
        work); order and ids are kept. A minibatch holding more than
        ``WORKER_CHUNK_CHARS`` characters of text goes to the workers in
        pieces of about that size, so that the workers finish together (a
        few thousand long notes make only a few minibatches). 1 runs in
        this process; while it runs, the objects that existed before it
        (the loaded model among them) are kept out of the cyclic garbage
        collector's scans (``gc.freeze()``, undone by ``gc.unfreeze()`` when
        the batch ends or the generator is closed), unless something has
        frozen objects already: on short texts the collector's full scans
        of the model otherwise cost about a seventh of the time.

    Yields
    ------
    dict
        ``{"id": ..., "mentions": [...]}``; an input that cannot be processed
        (not a string, or an error inside the pipeline or a worker) gives
        ``{"id": ..., "mentions": [], "error": "..."}`` and the batch goes on.
        Error messages hold the record id and the error type, never text.
    """
    batches = minibatch(((i, item) for i, item in enumerate(items)), size=batch_size)
    if n_process > 1:
        yield from _parallel(batches, nlp, n_process)
        return
    nlp = nlp or _default_nlp()
    with _model_out_of_gc_scans():
        for batch in batches:
            yield from _process_batch(nlp, batch)


@contextlib.contextmanager
def _model_out_of_gc_scans():
    """``gc.freeze()`` for the duration of a batch, ``gc.unfreeze()`` after it; nothing if the
    collector is disabled or objects are frozen already (by the CLI, a worker, or the
    caller's own code, whose choice is kept). Objects made during the batch are collected
    as usual; a cycle of objects that existed before it is freed after it."""
    if not gc.isenabled() or gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


#: characters of text a worker is given at a time (see ``extract_batch``): a minibatch of
#: 256 short texts stays whole, one of 256 long notes goes in about seven pieces
WORKER_CHUNK_CHARS = 100_000


def _worker_chunks(batches):
    """Each minibatch of ``batches`` cut into runs of consecutive records holding at most
    ``WORKER_CHUNK_CHARS`` characters of text (a longer record alone), in order."""
    for batch in batches:
        chunk, size = [], 0
        for index, item in batch:
            text = _normalise(index, item)[0]
            n = len(text) if isinstance(text, str) else 0
            if chunk and size + n > WORKER_CHUNK_CHARS:
                yield chunk
                chunk, size = [], 0
            chunk.append((index, item))
            size += n
        if chunk:
            yield chunk


def evaluate(records, nlp=None, *, seen_texts=(), name="the records", errors=False):
    """Score ``nlp`` on annotated ``records``, beside the rules-only baseline.

    Parameters
    ----------
    records : iterable of dict
        Annotated documents in the record format of ``ANNOTATION.md`` (``id``,
        ``source``, ``text``, ``mentions``), checked first as the corpus is.
    nlp : spacy.language.Language, optional
        Default: the bundled model.
    seen_texts : iterable of str
        Mention texts of the training data, compared lower-cased with
        whitespace collapsed: the mentions whose text is not among them count
        as unseen. Empty (the default): every mention counts as unseen.
    name : str
        What the records are called in an error message (a file name, say).
    errors : bool
        Also list the model's errors, under ``"errors"``: one dict per gold
        mention not found exactly (``boundary``, ``label``, ``missed``), per
        wrong attribute of a matched mention (``category``, ``negated``,
        ``experiencer``) and per false positive, with the record id and both
        mentions as offsets and attributes, never text
        (:func:`spasmtext.evaluation.error_list`).

    Returns
    -------
    dict
        ``{"model": ..., "baseline": ..., "sections": ...}``: the figures
        ``spasmtext evaluate`` prints (strict and lenient precision, recall
        and F1 per label, genre and category; negation, experiencer,
        unseen-mention recall, calibration; section headers).

    Raises
    ------
    CorpusError
        E025 if a record does not follow the format (the first problem, by id
        and offsets).
    """
    from .corpus import check_records
    from .evaluation import normalise
    from .training import evaluate_split  # imports scikit-learn: only when evaluating

    records = check_records(records, name)
    seen = frozenset(normalise(text) for text in seen_texts)
    return evaluate_split(nlp or _default_nlp(), records, seen, voice_subset=False, errors=errors)


_WORKER_NLP = []
_WORKER_LOAD_ERROR = []  # the type of the error that kept this worker from loading the pipeline


def _init_worker(nlp):
    """``nlp``: the parent's pipeline itself (a forked worker shares its memory), or
    pickled (a spawned worker). A pipeline that cannot be loaded here is recorded, not
    raised: the parent asks (``_worker_ready``) and runs the batches itself."""
    set_extensions()  # an unpickled pipeline does not run the components' __init__
    try:
        _WORKER_NLP.append(pickle.loads(nlp) if isinstance(nlp, bytes) else nlp)
    except Exception as exc:  # e.g. a user's component defined in an interactive session
        _WORKER_LOAD_ERROR.append(type(exc).__name__)
        return
    # the worker only runs batches: move the loaded model out of the cyclic GC's reach,
    # whose full collections otherwise rescan it (10-17% of the run time in bench.py)
    gc.freeze()


def _worker_batch(batch):
    return _process_batch(_WORKER_NLP[0], batch)


def _worker_ready():
    """None if this worker holds the pipeline, else the type of the error that stopped it."""
    return None if _WORKER_NLP else (_WORKER_LOAD_ERROR or ["unknown error"])[0]


def _start_method(nlp):
    """How worker processes start. ``fork`` on Linux when no other thread runs in this
    process and ``nlp`` holds spasmtext's components alone (as ``nlp.pipe(n_process=...)``
    forks): a worker starts in milliseconds with the parent's loaded pipeline, where a
    spawned one imports spaCy and loads the model (~0.6 s each, a sixth of a run over 800k
    words). ``spawn`` otherwise: forking a process with threads can copy a lock held by one
    of them, a user's own components may hold native thread pools or a GPU context that do
    not survive a fork (PyTorch's), and macOS cannot fork safely at all."""
    if sys.platform.startswith("linux") and threading.active_count() == 1 \
            and all(name.startswith("spasmtext_") for name in nlp.pipe_names):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def _parallel(batches, nlp, n_process):
    """Run batches in ``n_process`` workers (cut by :func:`_worker_chunks`), at most 2 a worker in flight, in order.

    If a worker dies (killed, out of memory, a crash in native code), the pool
    breaks and every batch in flight is lost with it. A new pool is started and
    those batches are run again one record at a time, each waited for, so that
    the record that kills a worker gets an error record of its own and every
    other record its result; then the run goes on.

    If the workers cannot load the pipeline at all (a spawned worker cannot
    import a component the pipeline holds, such as one defined in an
    interactive session), the batches run in this process instead, with a
    warning: every record still gets its result.
    """
    nlp = nlp or _default_nlp()
    context = _start_method(nlp)
    worker_nlp = nlp if context.get_start_method() == "fork" else pickle.dumps(nlp)

    def new_pool():
        return ProcessPoolExecutor(n_process, mp_context=context, initializer=_init_worker, initargs=(worker_nlp,))

    pool = new_pool()
    try:
        load_error = pool.submit(_worker_ready).result()
    except BrokenProcessPool:
        load_error = "the worker died"
    if load_error is not None:
        pool.shutdown(wait=False, cancel_futures=True)
        logger.warning("worker processes could not load the pipeline (%s, %s start); running in this process",
                       load_error, context.get_start_method())
        for batch in batches:
            yield from _process_batch(nlp, batch)
        return
    pending = collections.deque()  # (batch, future or None if it could not be submitted)
    batches = _worker_chunks(batches)
    try:
        while True:
            while len(pending) < 2 * n_process and (batch := next(batches, None)) is not None:
                try:
                    pending.append((batch, pool.submit(_worker_batch, batch)))
                except BrokenProcessPool:
                    pending.append((batch, None))
                    break
            if not pending:
                return
            batch, future = pending[0]
            try:
                if future is None:
                    raise BrokenProcessPool("not submitted")
                results = future.result()
            except BrokenProcessPool:
                pool.shutdown(wait=False, cancel_futures=True)
                pool = new_pool()
                lost = [item for b, _ in pending for item in b]
                pending.clear()
                logger.warning("a worker died; records %r..%r are run again one by one",
                               lost[0][0], lost[-1][0])
                for item in lost:
                    result, pool = _run_alone(pool, new_pool, item)
                    yield from result
                continue
            except Exception:  # e.g. a record that cannot be pickled: run the batch's records alone
                pending.popleft()
                for item in batch:
                    result, pool = _run_alone(pool, new_pool, item)
                    yield from result
                continue
            pending.popleft()
            yield from results
    finally:  # on the normal path nothing is left in flight; an early close cancels what is queued
        pool.shutdown(wait=True, cancel_futures=True)


def _run_alone(pool, new_pool, item):
    """One record in the pool, waited for; ``(records, pool)``, with a new pool if it died."""
    try:
        return pool.submit(_worker_batch, [item]).result(), pool
    except BrokenProcessPool as exc:
        logger.warning("record %r: a worker died on it", item[0])
        pool.shutdown(wait=False, cancel_futures=True)
        return _batch_errors([item], exc), new_pool()
    except Exception as exc:
        return _batch_errors([item], exc), pool


def _batch_errors(batch, exc):
    logger.warning("worker failed on records %r..%r: %s", batch[0][0], batch[-1][0], type(exc).__name__)
    return [error_record(_normalise(i, item)[1], Errors.E012.format(error_type=type(exc).__name__,
                                                                      id=_normalise(i, item)[1]))
            for i, item in batch]


def _process_batch(nlp, batch):
    results = [None] * len(batch)
    short = []  # (position, text)
    for pos, (index, item) in enumerate(batch):
        text, id_ = _normalise(index, item)
        if isinstance(text, _NoTextField):
            results[pos] = error_record(id_, Errors.E029.format(keys=text.keys, id=id_))
        elif not isinstance(text, str):
            results[pos] = error_record(id_, Errors.E001.format(type=type(text).__name__, id=id_))
        elif len(text) > nlp.max_length:
            results[pos] = _safe_record(nlp, text, id_)
        else:
            results[pos] = id_
            short.append((pos, text))
    try:
        docs = _pipe_stages(nlp, [make_doc(nlp, text) for _, text in short])
    except Exception:  # isolate the failing record; every other record still gets its result
        docs = None
    for k, (pos, text) in enumerate(short):
        id_ = results[pos]
        if docs is not None:
            results[pos] = {"id": id_, "mentions": mention_dicts(docs[k])}
        else:
            results[pos] = _safe_record(nlp, text, id_)
    return results


def _pipe_stages(nlp, docs):
    """``nlp``'s components over the list ``docs``, each over all of them before the next, with
    the ``batch_size`` that ``nlp.pipe`` gives them. ``nlp.pipe`` streams a doc through every
    component before it makes the next one; stage by stage takes about 11% less CPU time
    over long notes and 5-10% less over short texts (each component's code and tables stay
    hot), and the records are the same."""
    for _, proc in nlp.pipeline:
        if hasattr(proc, "pipe"):
            docs = list(proc.pipe(docs, batch_size=nlp.batch_size))
        else:
            docs = [proc(doc) for doc in docs]
    return docs


def _safe_record(nlp, text, id_):
    try:
        return {"id": id_, "mentions": _mentions(nlp, text)}
    except Exception as exc:  # recorded per record, never raised across the batch
        logger.warning("record %r failed: %s", id_, type(exc).__name__)
        return error_record(id_, Errors.E012.format(error_type=type(exc).__name__, id=id_))
