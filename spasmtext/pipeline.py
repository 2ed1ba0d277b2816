"""Build and load spasmtext pipelines."""

from importlib import resources
from pathlib import Path

import spacy

from . import candidates, classifier, context, sections, sentences  # noqa: F401  (register factories)
from .integrity import BUNDLED_META_SHA256, BUNDLED_MODEL, verify_model_dir

PIPE_NAMES = ("spasmtext_sentences", "spasmtext_sections", "spasmtext_candidates", "spasmtext_classifier",
              "spasmtext_context")


def build_pipeline(nlp=None, *, threshold=0.5):
    """Add spasmtext's components (classifier unfitted) to ``nlp`` or a blank English pipeline.

    A user's own pipeline keeps its components; if it already sets sentence
    boundaries (a parser or senter), spasmtext's sentence rules are not added.
    """
    if nlp is None:
        nlp = spacy.blank("en")
    has_sents = any(name in nlp.pipe_names for name in ("parser", "senter", "sentencizer"))
    if not has_sents:
        nlp.add_pipe("spasmtext_sentences")
    nlp.add_pipe("spasmtext_sections")
    nlp.add_pipe("spasmtext_candidates")
    nlp.add_pipe("spasmtext_classifier", config={"threshold": threshold})
    nlp.add_pipe("spasmtext_context")
    return nlp


def add_to_pipeline(nlp, path=None):
    """Add spasmtext's trained components to a user's own pipeline ``nlp`` and return it.

    Every spasmtext component is read from the model directory ``path`` (default:
    the bundled model), after the same integrity check as :func:`load`: the
    candidate lexicon and triggers, the section rules, both classifiers and the
    calibration, and the context rules with the trained negation model. ``nlp``
    keeps its own components; its sentence boundaries are kept if it sets them
    (a parser, senter or sentencizer). Reading only the classifier, as
    ``build_pipeline`` plus ``from_disk`` of one component would, leaves
    negation to the rules alone.

    Parameters
    ----------
    nlp : spacy.language.Language
        An English pipeline.
    path : str or Path, optional
        A model directory written by ``spasmtext train``.

    Returns
    -------
    spacy.language.Language
        ``nlp``, with the spasmtext components added at its end.
    """
    path = _verified(path)
    build_pipeline(nlp)
    for name in PIPE_NAMES:
        if name in nlp.pipe_names and (path / name).is_dir():
            nlp.get_pipe(name).from_disk(path / name)
    return nlp


def bundled_model_path():
    """Directory of the model shipped in the package (``models/en_spasmtext``)."""
    return Path(str(resources.files("spasmtext._models").joinpath(BUNDLED_MODEL)))


def load(path=None):
    """Load a spasmtext pipeline, verifying every artifact's SHA-256 first.

    Parameters
    ----------
    path : str or Path, optional
        A model directory written by ``spasmtext train``. Default: the bundled
        model, whose ``meta.json`` hash is pinned in the package code.

    Returns
    -------
    spacy.language.Language

    Raises
    ------
    spasmtext.errors.IntegrityError
        If an artifact differs from the SHA-256 recorded in ``meta.json``
        (or, for the bundled model, ``meta.json`` differs from the pinned hash),
        or the model holds pickled classifiers (saved by spasmtext before 0.2).
    """
    return spacy.load(_verified(path))


def _verified(path):
    """``path`` (default: the bundled model) as a ``Path``, once every artifact's SHA-256
    matches its ``meta.json`` (and, for the bundled model, ``meta.json`` its pinned hash)."""
    if path is None:
        path = bundled_model_path()
        verify_model_dir(path, expected_meta_sha256=BUNDLED_META_SHA256)
    else:
        verify_model_dir(path)
    return Path(path)
