"""Build and load spasmtext pipelines."""

import json
import shutil
from importlib import resources
from pathlib import Path

import spacy

from . import candidates, classifier, context, sections, sentences  # noqa: F401  (register factories)
from . import spelling as spelling_component
from .candidates import GERUND_SPAN
from .errors import Errors
from .integrity import (
    BUNDLED_MODEL,
    META_NAME,
    PINNED_META_SHA256,
    verify_model_dir,
    write_meta,
)
from .ner import NER_NAME
from .tokens import add_capital_contractions, add_glued_punctuation_infixes

PIPE_NAMES = ("spasmtext_sentences", "spasmtext_sections", NER_NAME, "spasmtext_candidates",
              "spasmtext_classifier", "spasmtext_context")


#: the setting of the topic rule in the components that apply it (the candidate stage and
#: the entity recognizer): a text of this many sentences or more that never speaks of the
#: complaint gets no candidates; 0 turns the rule off (``topic_rule=False`` of :func:`load`)
TOPIC_SETTING = "topic_min_sentences"


def build_pipeline(nlp=None, *, threshold=0.5, ner=None, topic_rule=True):
    """Add spasmtext's components (classifier unfitted) to ``nlp`` or a blank English pipeline.

    A user's own pipeline keeps its components; if it already sets sentence
    boundaries (a parser or senter), spasmtext's sentence rules are not added.
    ``ner``: a trained ``ner`` component (:func:`spasmtext.ner.train_ner`), or
    ``True`` for an untrained one (to be read from disk): added as
    ``spasmtext_ner`` before the candidate stage, which then takes its entities
    as candidates (the ``en_spasmtext_ner`` model). ``topic_rule``: as for :func:`load`.
    """
    off = {} if topic_rule else {TOPIC_SETTING: 0}
    if nlp is None:
        nlp = spacy.blank("en")
        add_capital_contractions(nlp.tokenizer)
        add_glued_punctuation_infixes(nlp)
    has_sents = any(name in nlp.pipe_names for name in ("parser", "senter", "sentencizer"))
    if not has_sents:
        nlp.add_pipe("spasmtext_sentences")
    nlp.add_pipe("spasmtext_sections")
    with_ner = ner is not None and ner is not False
    if with_ner:
        recognizer = nlp.add_pipe(NER_NAME, config=off)
        if ner is not True:  # the weights and labels, not the trained pipeline's vocabulary
            recognizer.from_bytes(ner.to_bytes(exclude=["vocab"]), exclude=["vocab"])
    nlp.add_pipe("spasmtext_candidates", config={"use_entities": with_ner, "gerund_span": GERUND_SPAN, **off})
    nlp.add_pipe("spasmtext_classifier", config={"threshold": threshold})
    nlp.add_pipe("spasmtext_context")
    return nlp


def add_to_pipeline(nlp, path=None, *, topic_rule=True):
    """Add spasmtext's trained components to a user's own pipeline ``nlp`` and return it.

    Every spasmtext component is read from the model directory ``path`` (default:
    the bundled model), after the same integrity check as :func:`load`: the
    candidate lexicon and triggers, the section rules, both classifiers and the
    calibration, and the context rules with the trained negation or experiencer
    model. ``nlp`` keeps its own components; its sentence boundaries are kept if
    it sets them (a parser, senter or sentencizer). Reading only the classifier, as
    ``build_pipeline`` plus ``from_disk`` of one component would, leaves
    negation and experiencer to the rules alone.

    Parameters
    ----------
    nlp : spacy.language.Language
        An English pipeline.
    path : str or Path, optional
        A model directory written by ``spasmtext train``, or a bundled model's
        name (as :func:`load`). With ``en_spasmtext_ner``, its entity recognizer
        is added too, and the candidate stage reads the CAUSE and REMEDY
        entities of ``doc.ents``. Entities that a recognizer of ``nlp``'s own
        set before it are kept (spaCy's ``ner`` predicts around preset
        entities), so on their tokens spasmtext's recognizer proposes nothing
        and only the rules do.
    topic_rule : bool, default True
        As for :func:`load`.

    Returns
    -------
    spacy.language.Language
        ``nlp``, with the spasmtext components added at its end.
    """
    path = _verified(path)
    build_pipeline(nlp, ner=(path / NER_NAME).is_dir(), topic_rule=topic_rule)
    for name in PIPE_NAMES:
        if name in nlp.pipe_names and (path / name).is_dir():
            nlp.get_pipe(name).from_disk(path / name, exclude=["vocab"])  # as spacy.load reads them
    return nlp


def bundled_model_path(name=BUNDLED_MODEL):
    """Directory of a model shipped in the package (default ``models/en_spasmtext``)."""
    try:
        return Path(str(resources.files("spasmtext._models").joinpath(name)))
    except ModuleNotFoundError:  # this source tree imported as it is (Python run from the checkout's root,
        return Path(__file__).resolve().parent.parent / "models" / name  # not installed): the models beside it


def load(path=None, *, spelling=False, topic_rule=True):
    """Load a spasmtext pipeline, verifying every artifact's SHA-256 first.

    Parameters
    ----------
    path : str or Path, optional
        A model directory written by ``spasmtext train``, or the name of a
        bundled model: ``"en_spasmtext"`` (the default) or ``"en_spasmtext_ner"``
        (with an entity recognizer: more accurate, much slower; see the
        README). A bundled model's ``meta.json`` hash is pinned in the package
        code.
    spelling : bool, default False
        Read misspelt lexicon words ("excercise", "chiropracter") as the word
        they stand for: adds :mod:`spasmtext.spelling`'s component first. Needs
        the ``spelling`` extra (``pip install 'spasmtext[spelling]'``, for
        wordfreq's English word frequencies). Off by default: the model's
        published figures are measured without it.
    topic_rule : bool, default True
        A text of four sentences or more in which no sentence speaks of the
        complaint (back, neck or shoulder pain, spasm, sciatica, a spinal
        level...) gets no mentions: a note on another problem holds no causes
        or remedies *of the complaint*. ``False`` turns the rule off, for texts
        known to be about back pain (a back-pain forum, a spine clinic's notes),
        where an article on heat therapy or a reply that never names the back
        keeps its mentions. The model's published figures are measured with the
        rule; the README says what turning it off gains on the corpus and costs
        on notes about other problems.

    Returns
    -------
    spacy.language.Language

    Raises
    ------
    spasmtext.errors.IntegrityError
        If an artifact differs from the SHA-256 recorded in ``meta.json``
        (or, for the bundled model, ``meta.json`` differs from the pinned hash),
        or the model holds pickled classifiers (saved by spasmtext before 0.2).
    spasmtext.errors.MissingExtraError
        With ``spelling=True``, if wordfreq is not installed (an ``ImportError``).
    """
    path = _verified(path)
    overrides = {} if topic_rule else _topic_rule_off(path)
    nlp = spacy.load(path, config=overrides)  # in nlp.config too: worker processes get the same setting
    if spelling:
        nlp.add_pipe(spelling_component.NAME, first=True)
    return nlp


DERIVED_CARD = """# {name}, changed in Python

This pipeline is {source} saved by `spasmtext.save` after changes made in
Python: cues of its own (`add_cues`), settings such as `topic_rule=False`, or
spasmtext's components read into another pipeline. The figures in `meta.json`
and in the card of {source} were measured before those changes, not on this
pipeline: measure it on annotated notes of your own with
`spasmtext evaluate --records FILE --model DIR`.
"""


def save(nlp, path):
    """Write a pipeline changed in Python to the directory ``path`` so that :func:`load` and
    the command line's ``--model`` read it, integrity check included.

    ``nlp.to_disk`` alone writes a directory that ``spacy.load`` reads but
    :func:`load` refuses: its ``meta.json`` still lists the SHA-256 of the model it
    was loaded from. This writes ``meta.json`` again with the SHA-256 of every file
    written, as ``spasmtext train`` does, and a short card (``README.md``). The meta
    keeps the figures of the model the pipeline came from, named in
    ``derived_from``: they were not measured on this pipeline.

    Parameters
    ----------
    nlp : spacy.language.Language
        A pipeline from :func:`load` or :func:`add_to_pipeline`, perhaps with cues
        added (``nlp.get_pipe("spasmtext_context").add_cues(...)``) or loaded with
        ``topic_rule=False`` (kept: it is in ``nlp.config``).
    path : str or Path
        A new or empty directory, or a model directory written by ``save`` or
        ``spasmtext train`` (replaced as a whole, so that no stale file remains).

    Returns
    -------
    Path
        ``path``.

    Raises
    ------
    FileExistsError
        If ``path`` holds files but no model (E031): nothing is written.
    ValueError
        If ``path`` is a bundled model's directory (E032).
    """
    path = Path(path)
    if any(path.resolve() == bundled_model_path(name).resolve() for name in PINNED_META_SHA256):
        raise ValueError(Errors.E032.format(path=path))
    if path.is_dir() and any(path.iterdir()) and not (path / META_NAME).is_file():
        raise FileExistsError(Errors.E031.format(path=path))
    meta = dict(nlp.meta)
    meta.setdefault("derived_from", f"{meta.get('lang')}_{meta.get('name')} {meta.get('version')}")
    write_model_dir(nlp, path, meta, lambda m: DERIVED_CARD.format(name=f"{m.get('lang')}_{m.get('name')}",
                                                                  source=m["derived_from"]))
    return path


def write_model_dir(nlp, output, meta, card):
    """Write ``nlp`` to the model directory ``output`` as spasmtext's models are written: a
    directory already holding a model is replaced whole (no stale artifact survives), spaCy's
    own meta fields are kept under ``meta``'s, ``card(meta)`` becomes ``README.md`` and
    ``meta.json`` gets the SHA-256 of every artifact (:func:`~spasmtext.integrity.write_meta`).
    Used by ``spasmtext train`` and :func:`save`; returns the meta written."""
    output = Path(output)
    if output.exists() and (output / META_NAME).exists():
        shutil.rmtree(output)
    nlp.to_disk(output)
    spacy_meta = json.loads((output / META_NAME).read_text(encoding="utf8"))
    (output / META_NAME).unlink()
    meta = {**spacy_meta, **meta}
    return write_meta(output, meta, card(meta))  # (write_meta drops the old artifact hashes)


def _topic_rule_off(path):
    """Config overrides that turn the topic rule off in every component of the model at
    ``path`` that applies it."""
    components = spacy.util.load_config(path / "config.cfg", interpolate=False)["components"]
    return {f"components.{name}.{TOPIC_SETTING}": 0 for name, block in components.items() if TOPIC_SETTING in block}


def _verified(path):
    """``path`` (default: the bundled model) as a ``Path``, once every artifact's SHA-256
    matches its ``meta.json`` (and, for the bundled model, ``meta.json`` its pinned hash)."""
    if path is None:
        path = BUNDLED_MODEL
    if isinstance(path, str) and path in PINNED_META_SHA256 and not Path(path).exists():
        name, path = path, bundled_model_path(path)
        verify_model_dir(path, expected_meta_sha256=PINNED_META_SHA256[name])
    else:
        verify_model_dir(path)
    return Path(path)
