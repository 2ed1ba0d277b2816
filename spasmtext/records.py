"""The one record builder: ``Doc`` -> the record of ANNOTATION.md.

Every output format (JSONL, and anything derived) is built from
:func:`doc_to_record` or :func:`mention_dicts`.
"""

from .extensions import SPANS_KEY

MENTION_FIELDS = ("start", "end", "text", "label", "category", "score", "negated", "experiencer", "section")


def mention_dicts(doc, offset=0):
    """Plain mention dicts of ``doc``; ``offset`` shifts character offsets. ``section`` is
    the note section the mention lies in (``span._.section``: ``"plan"``,
    ``"medications"``...), or ``None`` outside any section; the other fields are those
    of ANNOTATION.md's record, with ``text`` and ``score``."""
    return [
        {
            "start": span.start_char + offset,
            "end": span.end_char + offset,
            "text": span.text,
            "label": span.label_,
            "category": span._.category,
            "score": span._.score,
            "negated": bool(span._.negated),
            "experiencer": span._.experiencer,
            "section": span._.section,
        }
        for span in doc.spans.get(SPANS_KEY, [])
    ]


def doc_to_record(doc, id=None):
    """``{"id": id, "mentions": [...]}`` for a processed ``Doc``."""
    return {"id": id, "mentions": mention_dicts(doc)}


def error_record(id, message):
    """A record for an input that could not be processed; never holds note text."""
    return {"id": id, "mentions": [], "error": message}
