"""Features of a candidate span: what it says and the role its context gives it.

``span_features(span, context)`` is a pure function ``Span -> dict`` (the
per-document ``context`` only caches what every span of the document shares).
Features describe

* the phrase: its words, first and last word and their suffixes, length, the
  lexicon categories of its words (so a phrase absent from the lexicon,
  "pelvic floor physio", still carries evidence from "physio"), and how it
  relates to lexicon matches (equal to one, one plus extra words, cutting
  through one);
* its boundaries: whether it fills its clause segment (list items, "Plan:
  X, Y, Z"), and the words just outside it;
* its role: the trigger kinds next to it ("caused by _", "_ helps") and in its
  sentence, the words in a window on each side, the note section it is in
  (a medication list, a plan), and how far the nearest sentence about the
  complaint is (a medication list in a note about
  hypertension holds no remedies for back pain).

There is no feature for the whole phrase: the model sees its words, their
lexicon categories and their context, so it cannot rely on memorised mention
strings (dropping the phrase feature cost nothing on dev and helped recall of
unseen mentions).
"""

from functools import lru_cache

from .candidates import (
    COMPLAINT_KEY,
    LEXICON_KEY,
    LEXICON_WORDS_KEY,
    TRIGGERS_KEY,
    blocked_tokens,
    sentence_start_flags,
)
from .extensions import SECTIONS_KEY
from .tokens import word_table
from .topic import complaint_sentences

WINDOW = 5
_DROP_EDGE = frozenset("a an the my your his her our their its this that some any".split())


def _norm(word):
    return "<num>" if word.like_num else word.lower


def _case(text):
    """1 if ``text`` has an upper-case and no lower-case letter, 0 if it has no cased
    letter, -1 otherwise (so a span is ``text.isupper()`` iff no token is -1, one is 1)."""
    if text.isupper():
        return 1
    return 0 if text.lower() == text.upper() else -1


@lru_cache(maxsize=50_000)  # bounded (~10 MB); common words are met again and again
def _word_feats(w):
    """The feature strings of word ``w``: as a span's first word, last word, inner word,
    and in the window left and right of a span."""
    return ("first=" + w, "first_suf3=" + w[-3:], "last=" + w, "last_suf3=" + w[-3:], "last_suf2=" + w[-2:],
            "w=" + w, "lw=" + w, "rw=" + w, "L1=" + w, "R1=" + w)


class DocContext:
    """What the candidates of one document share: triggers, lexicon, segments, and
    each token's feature strings (built once per token, not once per span)."""

    __slots__ = ("pre_end", "post_start", "sent_triggers", "sent_of", "lexicon", "lex_cover",
                 "lex_max", "word_cats", "seg_first", "seg_last", "complaint_sents", "sent_index",
                 "section_of", "spaces", "case", "title", "tok_feats", "_complaint_feature")

    def __init__(self, doc, table=None):
        """``table``: a :class:`~spasmtext.tokens.WordTable` of the doc's vocab (default:
        the pipeline's shared one, :func:`~spasmtext.tokens.word_table`)."""
        n = len(doc)
        words, spaces = (table or word_table(doc.vocab))(doc)
        self.spaces = [w.is_space for w in words]
        self.case = [_case(w.text) for w in words]
        self.title = [w.text[:1].isupper() for w in words]
        self.tok_feats = [_word_feats(_norm(w)) for w in words]
        self.pre_end = {}  # token index right after a pre trigger -> kind
        self.post_start = {}  # token index where a post trigger starts -> kind
        self.sent_triggers = {}  # sentence start -> set of kinds
        starts = sentence_start_flags(doc)
        self.sent_of = [None] * n  # token -> (sentence start, sentence end)
        self.sent_index = {}  # sentence start -> ordinal
        bounds = [i for i in range(n) if starts[i]] + [n]
        for k in range(len(bounds) - 1):
            b, e = bounds[k], bounds[k + 1]
            self.sent_index[b] = k
            self.sent_of[b:e] = [(b, e)] * (e - b)
        if COMPLAINT_KEY in doc.spans:  # found by the candidate stage
            complaint = {s.start for s in doc.spans[COMPLAINT_KEY]}
        else:
            complaint = {s for s, _ in complaint_sentences(doc, words)}
        self.complaint_sents = sorted(self.sent_index[b] for b in complaint if b in self.sent_index)
        self._complaint_feature = {}  # sentence start -> "complaint=" feature, filled on demand
        for trig in doc.spans.get(TRIGGERS_KEY, []):
            kind = trig.label_
            if kind.endswith("_pre"):
                self.pre_end.setdefault(trig.end, kind)
            else:
                self.post_start.setdefault(trig.start, kind)
            self.sent_triggers.setdefault(self.sent_of[trig.start][0], set()).add(kind)
        # sentence start -> its "sent_trig=" features, sorted
        self.sent_triggers = {k: tuple("sent_trig=" + kind for kind in sorted(v)) for k, v in self.sent_triggers.items()}
        self.lexicon = {(s.start, s.end): s.label_ for s in doc.spans.get(LEXICON_KEY, [])}
        self.lex_cover = [()] * n  # token -> lexicon matches covering it
        for (s, e) in self.lexicon:
            for i in range(s, e):
                self.lex_cover[i] = self.lex_cover[i] + ((s, e),)
        # the longest non-overlapping lexicon matches (what the rules alone would pick)
        self.lex_max = set()
        taken = set()
        for (s, e) in sorted(self.lexicon, key=lambda m: (m[0] - m[1], m[0])):
            if not taken.intersection(range(s, e)):
                taken.update(range(s, e))
                self.lex_max.add((s, e))
        self.word_cats = {s.start: s.label_.split("|") for s in doc.spans.get(LEXICON_WORDS_KEY, [])}
        self.section_of = [None] * n  # token -> note section name
        for section in doc.spans.get(SECTIONS_KEY, []):
            self.section_of[section.start:section.end] = [section.label_] * (section.end - section.start)
        # clause segments: runs of tokens between blocking tokens, edges trimmed of determiners
        self.seg_first = [None] * n
        self.seg_last = [None] * n
        blocked = blocked_tokens(words, spaces)
        i = 0
        while i < n:
            if blocked[i]:
                i += 1
                continue
            j = i
            while j + 1 < n and not blocked[j + 1] and not starts[j + 1]:
                j += 1
            first = i
            while first < j and words[first].lower in _DROP_EDGE:
                first += 1
            self.seg_first[i:j + 1] = [first] * (j + 1 - i)
            self.seg_last[i:j + 1] = [j] * (j + 1 - i)
            i = j + 1

    def sentence_features(self, sent_start):
        """The ``complaint=`` feature of the sentence at ``sent_start``: how far, in sentences,
        the nearest sentence about the complaint is."""
        feature = self._complaint_feature.get(sent_start)
        if feature is None:
            if not self.complaint_sents:
                bucket = "none"
            else:
                k = self.sent_index.get(sent_start, 0)
                d = min(abs(k - c) for c in self.complaint_sents)
                bucket = "0" if d == 0 else "1" if d == 1 else "2-3" if d <= 3 else "far"
            feature = self._complaint_feature[sent_start] = "complaint=" + bucket
        return feature


def span_features(span, context, origin=None):
    """Return the feature dict of a candidate ``span``; ``origin``: the rules that proposed
    it, comma-separated (default: ``span._.origin``)."""
    return _features(span.start, span.end, span.label_, span._.origin if origin is None else origin, context)


def _features(start, end, label, origin, context):
    """The feature dict of the candidate ``[start, end)``; every value is 1."""
    s_start, s_end = context.sent_of[start]
    tok_feats = context.tok_feats
    first, last = tok_feats[start], tok_feats[end - 1]
    cases = context.case[start:end]
    upper = -1 not in cases and 1 in cases
    f = [first[0], last[2], last[3], last[4], first[1], _LENGTH[min(end - start, 6)], "bias",
         "case=upper" if upper else "case=title" if context.title[start] else "case=lower"]
    f += [tok_feats[i][5] for i in range(start, end)]
    f += _origin_features(origin)
    # relation to lexicon matches
    key = context.lexicon.get((start, end))
    if key:
        f += ("lex_exact=" + key, "lex_exact")
        if (start, end) in context.lex_max:
            f.append("lex_max")
    elif label:
        f += ("lex_inside=" + label, "lex_inside")
    else:
        f.append("lex_none")
    lex_cover = context.lex_cover
    if (lex_cover[start] or lex_cover[end - 1]) and any(
            (s < start < e) or (s < end < e) for i in (start, end - 1) for s, e in lex_cover[i]):
        f.append("lex_cross")
    word_cats = context.word_cats
    cats = set()
    for i in range(start, end):
        c = word_cats.get(i)
        if c:
            cats.update(c)
    if cats:
        f += ["wcat=" + c for c in sorted(cats)]  # sorted: byte-identical models whatever the hash seed
    head = word_cats.get(end - 1)
    f.append("head_cat=" + ("|".join(head) if head else "none"))
    # boundaries: clause segment
    f.append(_SEGMENT[context.seg_first[start] == start, context.seg_last[end - 1] == end - 1])
    # adjacent triggers, allowing up to two skipped words
    pre_end, post_start = context.pre_end, context.post_start
    if pre_end:
        for gap in range(3):
            kind = pre_end.get(start - gap)
            if kind:
                f.append("pre=" + kind)
                break
    if post_start:
        for gap in range(3):
            kind = post_start.get(end + gap)
            if kind:
                f.append("post=" + kind)
                break
    f.append(context.sentence_features(s_start))
    f.append("section=" + (context.section_of[start] or "none"))
    f += context.sent_triggers.get(s_start, ())
    # boundaries and window
    spaces = context.spaces
    left = [i for i in range(max(s_start, start - WINDOW), start) if not spaces[i]]
    right = [i for i in range(end, min(s_end, end + WINDOW)) if not spaces[i]]
    f.append(tok_feats[left[-1]][8] if left else "L1=<s>")
    f.append(tok_feats[right[0]][9] if right else "R1=</s>")
    f += [tok_feats[i][6] for i in left]
    f += [tok_feats[i][7] for i in right]
    return dict.fromkeys(f, 1)


_LENGTH = ["len=" + str(k) for k in range(7)]
_SEGMENT = {(a, b): "seg=" + ("S" if a else "s") + ("E" if b else "e") for a in (True, False) for b in (True, False)}


@lru_cache(maxsize=256)
def _origin_features(origin):
    return tuple("origin=" + o for o in (origin or "").split(","))


def doc_features(doc, spans, origins=None, table=None):
    """Feature dicts of ``spans`` (all of ``doc``), sharing one :class:`DocContext`;
    ``origins``: per span, the rules that proposed it (default: ``span._.origin``);
    ``table``: a :class:`~spasmtext.tokens.WordTable` to read the doc with."""
    if not spans:
        return []
    context = DocContext(doc, table)
    if origins is None:
        return [span_features(span, context) for span in spans]
    return [_features(span.start, span.end, span.label_, origin, context) for span, origin in zip(spans, origins)]
