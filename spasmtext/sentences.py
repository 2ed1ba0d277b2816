"""Sentence boundaries for prose and clinical notes.

spaCy's blank English pipeline has no sentence boundaries. Clinical notes
break sentences with line breaks, section headers (``HISTORY OF PRESENT
ILLNESS:``) and list items rather than final periods, so a punctuation-only
splitter joins whole sections into one "sentence". This component marks a
sentence start:

* after ``.``, ``!``, ``?`` (and runs of them), unless the period ends a known
  abbreviation such as ``Dr.`` or ``e.g.``;
* after any whitespace token holding a line break;
* after a header colon: a colon that follows a line-initial run of upper-case
  words (``HPI:``, ``PLAN:``, ``Chief Complaint:``);
* after ``;`` when a list item follows.
"""

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language

from .component import DocComponent

DEFAULT_CONFIG = {}

ABBREVIATIONS = frozenset(
    "dr mr mrs ms st vs etc e.g i.e approx pt pts no fig hx dx tx rx yo y.o a.m p.m "
    "min max mg mcg ml q qd bid tid qid prn".split()
)
FINAL = frozenset({".", "!", "?", "..", "...", "!!", "?!", "!?"})


@Language.factory("spasmtext_sentences", default_config=DEFAULT_CONFIG)
def make_sentences(nlp, name):
    """Create the sentence-boundary component (no settings)."""
    return SentenceSegmenter()


class SentenceSegmenter(DocComponent):
    """Rule-based sentence boundaries for prose and clinical notes."""

    def __call__(self, doc):
        if not len(doc):
            return doc
        starts = sentence_starts(doc)
        flags = numpy.array([[1 if i in starts else -1] for i in range(len(doc))], dtype="int64")
        flags = flags.astype("uint64")  # spaCy's array type; -1 ("not a start") wraps as spaCy expects
        doc.from_array([SENT_START], flags)  # one C call, not one per token
        return doc

    def to_disk(self, path, *, exclude=tuple()):
        """Stateless: nothing to write."""

    def from_disk(self, path, *, exclude=tuple()):
        return self


def _is_header_colon(toks, i):
    """True if the ':' at ``i`` ends a line-initial header of 1-6 words."""
    j = i - 1
    words = 0
    while j >= 0 and not ("\n" in toks[j].text and toks[j].is_space):
        tok = toks[j]
        if tok.is_alpha:
            words += 1
            if not (tok.is_upper or tok.is_title or tok.text in {"of", "and", "for", "&"}):
                return False
        elif tok.text not in {"/", "&", "-", "(", ")"}:
            return False
        j -= 1
    return 1 <= words <= 6


def sentence_starts(doc):
    """Return the set of token indices that start a sentence."""
    toks = list(doc)
    n = len(toks)
    starts = {0} if n else set()
    final_chars = set(".!?")
    for i in range(n - 1):
        tok, nxt = toks[i], toks[i + 1]
        text = tok.text
        if tok.is_space:
            if "\n" in text:
                starts.add(i + 1)
        elif text in FINAL or (len(text) > 1 and set(text) <= final_chars):
            if nxt.text in FINAL or nxt.is_punct and nxt.text in {")", "\"", "'"}:
                continue
            if text == "." and i > 0 and toks[i - 1].lower_.rstrip(".") in ABBREVIATIONS \
                    and not toks[i - 1].whitespace_ and nxt.is_lower:
                continue
            starts.add(i + 1)
        elif text.endswith(".") and len(text) > 1 and tok.lower_.rstrip(".") not in ABBREVIATIONS \
                and tok.whitespace_ and nxt.is_title and not tok.like_num:
            starts.add(i + 1)
        elif text == ":" and _is_header_colon(toks, i):
            starts.add(i + 1)
        elif text == ";" and nxt.text in {"-", "*", "•"}:
            starts.add(i + 1)
    return starts
