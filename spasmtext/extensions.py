"""The one table of spasmtext's ``Doc`` and ``Span`` extension attributes.

Extensions are set once, on import of the components, guarded by
``has_extension``. An attribute of the same name already registered by
another package is left alone and reported, never overwritten.
"""

import warnings

from spacy.tokens import Span, SpanGroup

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



def span_group(doc, name, bounds):
    """A ``SpanGroup`` of ``doc`` from ``(start, end, label)`` triples, which it also keeps in
    ``attrs["bounds"]`` so that spasmtext's components read them back without making a
    ``Span`` (and its ``Token`` objects) per item: see :func:`group_bounds`."""
    bounds = list(bounds)
    return SpanGroup(doc, name=name, spans=[Span(doc, s, e, label=label) for s, e, label in bounds],
                     attrs={"bounds": bounds})


def group_bounds(doc, name):
    """``[(start, end, label)]`` of the span group ``name`` of ``doc`` (``[]`` if absent):
    its ``attrs["bounds"]`` (see :func:`span_group`), or its spans if it has none or holds
    another number of spans (a group changed since it was made)."""
    group = doc.spans.get(name)
    if group is None:
        return []
    bounds = group.attrs.get("bounds")
    if bounds is None or len(bounds) != len(group):
        return [(s.start, s.end, s.label_) for s in group]
    return bounds


def _section_of(span):
    """Name of the note section (``doc.spans["spasmtext_sections"]``) holding ``span``."""
    for start, end, label in group_bounds(span.doc, SECTIONS_KEY):
        if start <= span.start < end:
            return label
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
