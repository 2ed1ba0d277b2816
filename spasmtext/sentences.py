"""Sentence boundaries for prose and clinical notes.

spaCy's blank English pipeline has no sentence boundaries. Clinical notes
break sentences with line breaks, section headers (``HISTORY OF PRESENT
ILLNESS:``) and list items rather than final periods, so a punctuation-only
splitter joins whole sections into one "sentence". This component marks a
sentence start:

* after ``.``, ``!``, ``?`` (and runs of them), unless the period ends a known
  abbreviation such as ``Dr.`` or ``e.g.``; after the closing quote or bracket
  that follows them ('"Bed rest is best." It isn't'), unless a lower-case word
  goes on; before the opening quote of the next sentence ('Myths. "You should');
* after any whitespace token holding a line break (a line break that follows
  one of the ends above belongs to the sentence it ends: no sentence is
  whitespace alone);
* after a header colon: a colon that follows a line-initial run of upper-case
  words (``HPI:``, ``PLAN:``, ``Chief Complaint:``);
* after ``;`` when a list item follows.
"""

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language

from .component import DocComponent
from .tokens import word_table

DEFAULT_CONFIG = {}

ABBREVIATIONS = frozenset(
    "dr mr mrs ms st vs etc e.g i.e approx pt pts no fig hx dx tx rx yo y.o a.m p.m "
    "min max mg mcg ml q qd bid tid qid prn".split()
)
FINAL = frozenset({".", "!", "?", "..", "...", "!!", "?!", "!?"})
#: what may close a sentence after its final punctuation; the straight quotes open the next
#: sentence too when a space comes before them (a curly opening quote starts one anyway)
_CLOSERS = frozenset({")", "]", "\"", "'", "\u201d", "\u2019"})
_OPENERS = frozenset({"\"", "'"})


@Language.factory("spasmtext_sentences", default_config=DEFAULT_CONFIG)
def make_sentences(nlp, name):
    """Create the sentence-boundary component (no settings)."""
    return SentenceSegmenter()


class SentenceSegmenter(DocComponent):
    """Rule-based sentence boundaries for prose and clinical notes."""

    def __call__(self, doc):
        if not len(doc):
            return doc
        starts = sentence_starts(doc, word_table(doc.vocab)(doc))
        flags = numpy.full((len(doc), 1), -1, dtype="int64")
        flags[sorted(starts)] = 1
        flags = flags.astype("uint64")  # spaCy's array type; -1 ("not a start") wraps as spaCy expects
        doc.from_array([SENT_START], flags)  # one C call, not one per token
        return doc

    def to_disk(self, path, *, exclude=tuple()):
        """Stateless: nothing to write."""

    def from_disk(self, path, *, exclude=tuple()):
        return self


def _start_array(doc):
    """Per token, True if it starts a sentence (numpy, one C call; the first token always,
    and it alone if the doc has no sentence boundaries)."""
    if not len(doc):
        return numpy.zeros(0, dtype=bool)
    flags = doc.to_array(SENT_START) == 1  # 0 where unset: no boundary (no has_annotation scan needed)
    flags[0] = True
    return flags


def sentence_start_flags(doc):
    """``[bool]`` per token: does it start a sentence (no Token objects)."""
    return _start_array(doc).tolist()


def sentence_bounds(doc):
    """``[(start, end)]`` of the sentences of ``doc`` (the whole doc if it has no
    sentence boundaries)."""
    starts = numpy.flatnonzero(_start_array(doc)).tolist()
    return list(zip(starts, starts[1:] + [len(doc)]))


def _is_header_colon(words, i):
    """True if the ':' at ``i`` ends a line-initial header of 1-6 words."""
    j = i - 1
    n_words = 0
    while j >= 0 and not words[j].newline:
        word = words[j]
        if word.is_alpha:
            n_words += 1
            if not (word.is_upper or word.is_title or word.text in {"of", "and", "for", "&"}):
                return False
        elif word.text not in {"/", "&", "-", "(", ")"}:
            return False
        j -= 1
    return 1 <= n_words <= 6


def _may_end_sentence(text):
    return text[-1:] in ".!?:;" or (text.isspace() and "\n" in text)


def sentence_starts(doc, table=None):
    """Return the set of token indices that start a sentence (``table``: the doc's
    ``(words, spaces)`` from a :class:`~spasmtext.tokens.WordTable`, if already read)."""
    words, spaces = table if table is not None else word_table(doc.vocab)(doc)
    n = len(words)
    starts = {0} if n else set()
    final_chars = set(".!?")
    # only a line break or a token ending in . ! ? : ; can end a sentence: look at those alone
    for i in word_table(doc.vocab).flagged(doc, _may_end_sentence):
        if i == n - 1:
            break
        tok, nxt = words[i], words[i + 1]
        text = tok.text
        if tok.is_space:
            if tok.newline:
                starts.add(i + 1)
        elif text in FINAL or (len(text) > 1 and set(text) <= final_chars):
            if nxt.text in FINAL:
                continue
            if nxt.text in _CLOSERS:
                if not spaces[i]:  # 'best." It' and '(see below.) Then': the sentence ends after the closer
                    if i + 2 < n and not words[i + 2].is_lower and not words[i + 2].is_punct:
                        starts.add(i + 2)
                    continue
                if nxt.text in _OPENERS:  # 'myths. "You should': an opening quote starts the next one
                    starts.add(i + 1)
                continue
            if text == "." and i > 0 and words[i - 1].lower.rstrip(".") in ABBREVIATIONS \
                    and not spaces[i - 1] and nxt.is_lower:
                continue
            starts.add(i + 1)
        elif text.endswith(".") and len(text) > 1 and tok.lower.rstrip(".") not in ABBREVIATIONS \
                and spaces[i] and nxt.is_title and not tok.like_num:
            starts.add(i + 1)
        elif text == ":" and _is_header_colon(words, i):
            starts.add(i + 1)
        elif text == ";" and nxt.text in {"-", "*", "•"}:
            starts.add(i + 1)
    # the line break after a full stop ("Ice.\n") ends the sentence before it, not one of its own
    return {s for s in starts if not (s and words[s].is_space and (s + 1 in starts or s + 1 == n))}
