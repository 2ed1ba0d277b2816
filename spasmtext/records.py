"""The one record builder: ``Doc`` -> the record of ANNOTATION.md.

Every output format (JSONL, and anything derived) is built from
:func:`doc_to_record` or :func:`mention_dicts`.
"""

from .extensions import SPANS_KEY
from .tokens import READING_KEY

MENTION_FIELDS = ("start", "end", "text", "label", "category", "score", "negated", "experiencer", "section")


def mention_dicts(doc, offset=0):
    """Plain mention dicts of ``doc``; ``offset`` shifts character offsets. ``section`` is
    the note section the mention lies in (``span._.section``: ``"plan"``,
    ``"medications"``...), or ``None`` outside any section; the other fields are those
    of ANNOTATION.md's record, with ``text`` and ``score``. For a doc made by
    :func:`~spasmtext.tokens.make_doc`, offsets and ``text`` are those of the text it was
    made from (its reading may differ: typographic forms, soft line breaks, HTML
    references); for another doc, those of ``doc.text``."""
    text, offsets = doc.user_data.get(READING_KEY) or (None, None)
    out = []
    for span in doc.spans.get(SPANS_KEY, []):
        start, end = span.start_char, span.end_char
        if offsets is not None:
            start, end = int(offsets[start]), int(offsets[end])
        out.append({
            "start": start + offset,
            "end": end + offset,
            "text": span.text if text is None else text[start:end],
            "label": span.label_,
            "category": span._.category,
            "score": span._.score,
            "negated": bool(span._.negated),
            "experiencer": span._.experiencer,
            "section": span._.section,
        })
    return out


def doc_to_record(doc, id=None):
    """``{"id": id, "mentions": [...]}`` for a processed ``Doc``."""
    return {"id": id, "mentions": mention_dicts(doc)}


def error_record(id, message):
    """A record for an input that could not be processed; never holds note text."""
    return {"id": id, "mentions": [], "error": message}
