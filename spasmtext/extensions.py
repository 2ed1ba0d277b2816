"""The one table of spasmtext's ``Doc`` and ``Span`` extension attributes.

Extensions are set once, on import of the components, guarded by
``has_extension``. An attribute of the same name already registered by
another package is left alone and reported, never overwritten.
"""

import warnings

from spacy.tokens import Span

SPANS_KEY = "spasmtext"
CANDIDATES_KEY = "spasmtext_candidates"
SECTIONS_KEY = "spasmtext_sections"

#: name -> default value, for ``Span`` extensions.
SPAN_EXTENSIONS = {
    "category": None,  # e.g. "LIFTING"; see ANNOTATION.md
    "score": None,  # probability of the label, from the classifier
    "negated": False,  # cause/remedy absent, did not happen, did not help, advised against
    "experiencer": "patient",  # "patient" or "other"
    "negation_cue": None,  # the cue text that triggered `negated`, for audit
    "origin": None,  # which candidate rule proposed the span
}



def _section_of(span):
    """Name of the note section (``doc.spans["spasmtext_sections"]``) holding ``span``."""
    for section in span.doc.spans.get(SECTIONS_KEY, []):
        if section.start <= span.start < section.end:
            return section.label_
    return None


#: name -> getter, for computed ``Span`` extensions.
SPAN_GETTERS = {
    "section": _section_of,  # e.g. "family_history"; None outside any section
}

_OWNED = set()


def set_extensions():
    """Register spasmtext's extensions; idempotent."""
    for name, default in SPAN_EXTENSIONS.items():
        if name in _OWNED:
            continue
        if Span.has_extension(name):
            warnings.warn(
                f"Span extension '{name}' is already registered by another "
                "package; spasmtext uses it as is.",
                stacklevel=2,
            )
        else:
            Span.set_extension(name, default=default)
        _OWNED.add(name)
    for name, getter in SPAN_GETTERS.items():
        if name in _OWNED:
            continue
        if Span.has_extension(name):
            warnings.warn(f"Span extension '{name}' is already registered by another package; "
                          "spasmtext uses it as is.", stacklevel=2)
        else:
            Span.set_extension(name, getter=getter)
        _OWNED.add(name)
