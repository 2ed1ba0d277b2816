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

from .extensions import SECTIONS_KEY
from .candidates import COMPLAINT_KEY, LEXICON_KEY, LEXICON_WORDS_KEY, TRIGGERS_KEY, _blocks, sentence_start_flags
from .topic import complaint_sentences

WINDOW = 5
_DROP_EDGE = frozenset("a an the my your his her our their its this that some any".split())


def _norm(token):
    if token.like_num:
        return "<num>"
    return token.lower_


class DocContext:
    """What the candidates of one document share: triggers, lexicon, segments."""

    __slots__ = ("pre_end", "post_start", "sent_triggers", "sent_of", "lexicon", "lex_cover",
                 "lex_max", "word_cats", "seg_first", "seg_last", "complaint_sents", "sent_index",
                 "section_of", "norms", "spaces")

    def __init__(self, doc):
        n = len(doc)
        toks = list(doc)
        self.norms = [_norm(t) for t in toks]  # read by every span: no Token objects per span
        self.spaces = [t.is_space for t in toks]
        self.pre_end = {}  # token index right after a pre trigger -> kind
        self.post_start = {}  # token index where a post trigger starts -> kind
        self.sent_triggers = {}  # sentence start -> set of kinds
        self.sent_of = [(0, n)] * n
        sents = list(doc.sents) if doc.has_annotation("SENT_START") else [doc[:]]
        self.sent_index = {}  # sentence start -> ordinal
        if COMPLAINT_KEY in doc.spans:  # found by the candidate stage
            complaint = {s.start for s in doc.spans[COMPLAINT_KEY]}
        else:
            complaint = {s.start for s in complaint_sentences(doc)}
        self.complaint_sents = []  # ordinals of sentences about the complaint
        for k, sent in enumerate(sents):
            self.sent_index[sent.start] = k
            for i in range(sent.start, sent.end):
                self.sent_of[i] = (sent.start, sent.end)
            if sent.start in complaint:
                self.complaint_sents.append(k)
        for trig in doc.spans.get(TRIGGERS_KEY, []):
            kind = trig.label_
            if kind.endswith("_pre"):
                self.pre_end.setdefault(trig.end, kind)
            else:
                self.post_start.setdefault(trig.start, kind)
            self.sent_triggers.setdefault(self.sent_of[trig.start][0], set()).add(kind)
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
        self.word_cats = {s.start: s.label_ for s in doc.spans.get(LEXICON_WORDS_KEY, [])}
        self.section_of = [None] * n  # token -> note section name
        for section in doc.spans.get(SECTIONS_KEY, []):
            for i in range(section.start, section.end):
                self.section_of[i] = section.label_
        # clause segments: runs of tokens between blocking tokens, edges trimmed of determiners
        self.seg_first = [None] * n
        self.seg_last = [None] * n
        blocked = [_blocks(t) for t in toks]
        starts = sentence_start_flags(doc)
        i = 0
        while i < n:
            if blocked[i]:
                i += 1
                continue
            j = i
            while j + 1 < n and not blocked[j + 1] and not starts[j + 1]:
                j += 1
            first = i
            while first < j and toks[first].lower_ in _DROP_EDGE:
                first += 1
            for k in range(i, j + 1):
                self.seg_first[k], self.seg_last[k] = first, j
            i = j + 1


def span_features(span, context):
    """Return the feature dict of a candidate ``span``."""
    start, end = span.start, span.end
    s_start, s_end = context.sent_of[start]
    norms, spaces = context.norms, context.spaces
    words = norms[start:end]
    f = {
        "first=" + words[0]: 1,
        "last=" + words[-1]: 1,
        "last_suf3=" + words[-1][-3:]: 1,
        "last_suf2=" + words[-1][-2:]: 1,
        "first_suf3=" + words[0][-3:]: 1,
        "len=" + str(min(len(words), 6)): 1,
        "bias": 1,
    }
    text = span.text
    f["case=" + ("upper" if text.isupper() else "title" if text[:1].isupper() else "lower")] = 1
    for w in words:
        f["w=" + w] = 1
    for origin in (span._.origin or "").split(","):
        f["origin=" + origin] = 1
    # relation to lexicon matches
    key = context.lexicon.get((start, end))
    if key:
        f["lex_exact=" + key] = 1
        f["lex_exact"] = 1
        if (start, end) in context.lex_max:
            f["lex_max"] = 1
    elif span.label_:
        f["lex_inside=" + span.label_] = 1
        f["lex_inside"] = 1
    else:
        f["lex_none"] = 1
    crossing = any(
        (s < start < e) or (s < end < e)
        for i in (start, end - 1) for s, e in context.lex_cover[i]
    )
    if crossing:
        f["lex_cross"] = 1
    cats = set()
    for i in range(start, end):
        c = context.word_cats.get(i)
        if c:
            cats.update(c.split("|"))
    for c in sorted(cats):  # sorted: byte-identical models whatever the hash seed
        f["wcat=" + c] = 1
    head = context.word_cats.get(end - 1)
    f["head_cat=" + (head or "none")] = 1
    # boundaries: clause segment
    seg_first, seg_last = context.seg_first[start], context.seg_last[end - 1]
    f["seg=" + ("S" if seg_first == start else "s") + ("E" if seg_last == end - 1 else "e")] = 1
    # adjacent triggers, allowing up to two skipped words
    for gap in range(3):
        kind = context.pre_end.get(start - gap)
        if kind:
            f["pre=" + kind] = 1
            break
    for gap in range(3):
        kind = context.post_start.get(end + gap)
        if kind:
            f["post=" + kind] = 1
            break
    f["complaint=" + _distance_bucket(context, s_start)] = 1
    f["section=" + (context.section_of[start] or "none")] = 1
    for kind in sorted(context.sent_triggers.get(s_start, ())):
        f["sent_trig=" + kind] = 1
    # boundaries and window
    left = [norms[i] for i in range(max(s_start, start - WINDOW), start) if not spaces[i]]
    right = [norms[i] for i in range(end, min(s_end, end + WINDOW)) if not spaces[i]]
    f["L1=" + (left[-1] if left else "<s>")] = 1
    f["R1=" + (right[0] if right else "</s>")] = 1
    for w in left:
        f["lw=" + w] = 1
    for w in right:
        f["rw=" + w] = 1
    return f


def _distance_bucket(context, sent_start):
    """How far, in sentences, the nearest sentence about the complaint is."""
    if not context.complaint_sents:
        return "none"
    k = context.sent_index.get(sent_start, 0)
    d = min(abs(k - c) for c in context.complaint_sents)
    return "0" if d == 0 else "1" if d == 1 else "2-3" if d <= 3 else "far"


def doc_features(doc, spans):
    """Feature dicts of ``spans`` (all of ``doc``), sharing one :class:`DocContext`."""
    context = DocContext(doc)
    return [span_features(span, context) for span in spans]
