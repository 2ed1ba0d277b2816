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
from itertools import compress, pairwise
from operator import attrgetter

from .candidates import (
    LEXICON_KEY,
    LEXICON_WORDS_KEY,
    TRIGGERS_KEY,
    blocked_tokens,
    complaint_bounds,
)
from .extensions import SECTIONS_KEY, group_bounds
from .sentences import sentence_bounds, sentence_start_flags
from .tokens import word_table

WINDOW = 5
_DROP_EDGE = frozenset("a an the my your his her our their its this that some any".split())


def _norm(word):
    if word.like_num:
        return "<num>"
    return "n't" if word.lower == "nt" else word.lower  # "didnt", "cant": spaCy splits off "nt"


def _case(text):
    """1 if ``text`` has an upper-case and no lower-case letter, 0 if it has no cased
    letter, -1 otherwise (so a span is ``text.isupper()`` iff no token is -1, one is 1)."""
    if text.isupper():
        return 1
    return 0 if text.lower() == text.upper() else -1


def _word_feats(word, cache):
    """The feature strings of ``word`` (a :class:`~spasmtext.tokens.Word`): as a span's
    first word, last word, inner word, and in the window left and right of a span; then
    its :func:`_case` and whether it starts with a capital. Kept per word text in
    ``cache`` (the ``feats`` of the vocabulary's word table: a word's attributes are
    functions of its text and the vocabulary), bounded."""
    feats = cache.get(word.text)
    if feats is None:
        w = _norm(word)
        feats = ("first=" + w, "first_suf3=" + w[-3:], "last=" + w, "last_suf3=" + w[-3:], "last_suf2=" + w[-2:],
                 "w=" + w, "lw=" + w, "rw=" + w, "L1=" + w, "R1=" + w, _case(word.text), word.text[:1].isupper())
        if len(cache) >= _MAX_WORD_FEATS:
            cache.clear()
        cache[word.text] = feats
    return feats


_MAX_WORD_FEATS = 50_000  # ~15 MB at most; common words are met again and again
_CASE, _TITLE = 10, 11  # positions in a _word_feats tuple
#: a sentence of at least this many upper-case words and no lower-case one is read as lower
#: case ("ICE DID NOTHING FOR MY BACK", notes typed in capitals): "case=upper" marks
#: abbreviations (PT, NSAIDs, MVA) in ordinary text, and is noise there
SHOUTED_MIN_WORDS = 4


def _is_shouted(cases):
    """True if a sentence whose words' :func:`_case` are ``cases`` is written in capitals."""
    return -1 not in cases and cases.count(1) >= SHOUTED_MIN_WORDS


def shouted_sentences(doc):
    """``[(start, end)]`` token bounds of the sentences of ``doc`` written in capitals
    (:data:`SHOUTED_MIN_WORDS` or more upper-case words and no lower-case one; the whole
    doc is one sentence if it has no sentence boundaries)."""
    words = word_table(doc.vocab)(doc)[0]
    return [(b, e) for b, e in sentence_bounds(doc) if _is_shouted([_case(words[i].text) for i in range(b, e)])]


class DocContext:
    """What the candidates of one document share: triggers, lexicon, segments, and
    each token's feature strings (built once per word, not once per span), and the features
    each candidate start and end gives (built once per start and end).

    The feature strings of tokens, sections and sentence triggers are built on first use:
    :class:`~spasmtext.scoring.ArrayScorer` reads the document's structure only."""

    __slots__ = ("doc", "table", "pre_end", "post_start", "trigger_kinds", "sent_of", "lexicon", "lex_cover",
                 "lex_max", "word_cats", "seg_first", "seg_last", "complaint_sents", "sent_index",
                 "sections", "_complaint_feature", "left_cache", "right_cache", "_tok_feats", "_spaces",
                 "_sent_triggers", "_section_of", "_shouted")

    def __init__(self, doc, table=None):
        """``table``: a :class:`~spasmtext.tokens.WordTable` of the doc's vocab (default:
        the pipeline's shared one, :func:`~spasmtext.tokens.word_table`)."""
        n = len(doc)
        self.doc = doc
        table = self.table = table or word_table(doc.vocab)
        words = table(doc)[0]
        self._tok_feats = self._spaces = self._sent_triggers = self._section_of = self._shouted = None
        self.pre_end = {}  # token index right after a pre trigger -> kind
        self.post_start = {}  # token index where a post trigger starts -> kind
        self.trigger_kinds = {}  # sentence start -> set of trigger kinds in the sentence
        starts = sentence_start_flags(doc)
        self.sent_of = [None] * n  # token -> (sentence start, sentence end)
        self.sent_index = {}  # sentence start -> ordinal
        bounds = [*compress(range(n), starts), n]
        for k in range(len(bounds) - 1):
            b, e = bounds[k], bounds[k + 1]
            self.sent_index[b] = k
            self.sent_of[b:e] = [(b, e)] * (e - b)
        complaint = {s for s, _ in complaint_bounds(doc, words)}
        self.complaint_sents = sorted(self.sent_index[b] for b in complaint if b in self.sent_index)
        self._complaint_feature = {}  # sentence start -> "complaint=" feature, filled on demand
        self.left_cache = {}  # candidate start -> its left_features
        self.right_cache = {}  # candidate end -> its right_features
        for start, end, kind in group_bounds(doc, TRIGGERS_KEY):
            if kind.endswith("_pre"):
                self.pre_end.setdefault(end, kind)
            else:
                self.post_start.setdefault(start, kind)
            self.trigger_kinds.setdefault(self.sent_of[start][0], set()).add(kind)
        self.lexicon = {(s, e): label for s, e, label in group_bounds(doc, LEXICON_KEY)}
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
        self.word_cats = {s: label.split("|") for s, _, label in group_bounds(doc, LEXICON_WORDS_KEY)}
        self.sections = group_bounds(doc, SECTIONS_KEY)
        # clause segments: runs of tokens between blocking tokens, edges trimmed of determiners
        # (per token: the first and last token of its segment; -1 for a blocking token)
        self.seg_first = [-1] * n
        self.seg_last = [-1] * n
        blocked = table.derived(doc, blocked_tokens)
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

    @property
    def tok_feats(self):
        """Per token, its :func:`_word_feats`."""
        if self._tok_feats is None:
            cache = self.table.feats
            get = cache.get
            self._tok_feats = [get(w.text) or _word_feats(w, cache) for w in self.table(self.doc)[0]]
        return self._tok_feats

    @property
    def spaces(self):
        """Per token, True for a whitespace token."""
        if self._spaces is None:
            self._spaces = list(map(attrgetter("is_space"), self.table(self.doc)[0]))
        return self._spaces

    @property
    def sent_triggers(self):
        """Sentence start -> its ``sent_trig=`` features, sorted."""
        if self._sent_triggers is None:
            self._sent_triggers = {k: tuple("sent_trig=" + kind for kind in sorted(v))
                                   for k, v in self.trigger_kinds.items()}
        return self._sent_triggers

    def shouted(self, sent_start):
        """True if the sentence starting at ``sent_start`` is written in capitals
        (:data:`SHOUTED_MIN_WORDS` or more upper-case words and no lower-case one): its
        candidates are read as lower case, since their case then tells nothing."""
        if self._shouted is None:
            tok_feats, bounds = self.tok_feats, [*self.sent_index, len(self.sent_of)]
            self._shouted = set()
            for b, e in pairwise(bounds):
                if _is_shouted([tok_feats[i][_CASE] for i in range(b, e)]):
                    self._shouted.add(b)
        return sent_start in self._shouted

    @property
    def section_of(self):
        """Per token, the name of its note section or None."""
        if self._section_of is None:
            self._section_of = [None] * len(self.sent_of)
            for start, end, label in self.sections:
                self._section_of[start:end] = [label] * (end - start)
        return self._section_of

    def left_features(self, start):
        """The features a candidate starting at ``start`` owes to its start: its first word,
        a trigger just before it, its sentence and section, and the words to its left."""
        s_start = self.sent_of[start][0]
        first, tok_feats, spaces = self.tok_feats[start], self.tok_feats, self.spaces
        f = [first[0], first[1]]
        if self.pre_end:  # adjacent triggers, allowing up to two skipped words
            for gap in range(3):
                kind = self.pre_end.get(start - gap)
                if kind:
                    f.append("pre=" + kind)
                    break
        f.append(self.sentence_features(s_start))
        f.append("section=" + (self.section_of[start] or "none"))
        f += self.sent_triggers.get(s_start, ())
        left = [i for i in range(max(s_start, start - WINDOW), start) if not spaces[i]]
        f.append(tok_feats[left[-1]][8] if left else "L1=<s>")
        f += [tok_feats[i][6] for i in left]
        f = self.left_cache[start] = tuple(f)
        return f

    def right_features(self, end, s_end):
        """The features a candidate ending at ``end`` in a sentence that ends at ``s_end`` owes
        to its end: its last word and its lexicon categories, a trigger just after it, and
        the words to its right."""
        last, tok_feats, spaces = self.tok_feats[end - 1], self.tok_feats, self.spaces
        head = self.word_cats.get(end - 1)
        f = [last[2], last[3], last[4], "head_cat=" + ("|".join(head) if head else "none")]
        if self.post_start:
            for gap in range(3):
                kind = self.post_start.get(end + gap)
                if kind:
                    f.append("post=" + kind)
                    break
        right = [i for i in range(end, min(s_end, end + WINDOW)) if not spaces[i]]
        f.append(tok_feats[right[0]][9] if right else "R1=</s>")
        f += [tok_feats[i][7] for i in right]
        f = tuple(f)
        if end <= s_end:  # inside its sentence, the end alone decides (read only for such)
            self.right_cache[end] = f
        return f

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
    left, right, middle = candidate_parts(start, end, label, origin, context)
    return dict.fromkeys([*left, *right, *middle], 1)


def candidate_parts(start, end, label, origin, context):
    """The feature names of the candidate ``[start, end)`` in three parts: those it owes to
    its start (:meth:`DocContext.left_features`, the same tuple object for every candidate
    starting there), to its end (:meth:`DocContext.right_features`, likewise), and to the
    whole span (a list). No name occurs in two parts: their prefixes differ."""
    left = context.left_cache.get(start) or context.left_features(start)
    s_end = context.sent_of[start][1]
    right = (end <= s_end and context.right_cache.get(end)) or context.right_features(end, s_end)
    tok_feats = context.tok_feats
    cases = [tok_feats[i][_CASE] for i in range(start, end)]
    upper = -1 not in cases and 1 in cases
    if context.shouted(context.sent_of[start][0]):
        case = "case=lower"
    else:
        case = "case=upper" if upper else "case=title" if tok_feats[start][_TITLE] else "case=lower"
    f = [_LENGTH[min(end - start, 6)], "bias", case]
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
    # boundaries: clause segment
    f.append(_SEGMENT[context.seg_first[start] == start, context.seg_last[end - 1] == end - 1])
    return left, right, f


_LENGTH = ["len=" + str(k) for k in range(7)]
_SEGMENT = {(a, b): "seg=" + ("S" if a else "s") + ("E" if b else "e") for a in (True, False) for b in (True, False)}


@lru_cache(maxsize=256)
def _origin_features(origin):
    return tuple("origin=" + o for o in (origin or "").split(","))


def doc_features(doc, spans, origins=None, table=None):
    """Feature dicts of ``spans`` (all of ``doc``), sharing one :class:`DocContext`;
    ``origins``: per span, the rules that proposed it (default: ``span._.origin``);
    ``table``: a :class:`~spasmtext.tokens.WordTable` to read the doc with."""
    if origins is None:
        origins = [span._.origin for span in spans]
    return candidate_features(doc, [(span.start, span.end, span.label_) for span in spans], origins, table)


def candidate_features(doc, bounds, origins, table=None):
    """Feature dicts of the candidates ``bounds`` of ``doc``, ``(start, end, reading)`` each
    (``reading``: the label of the lexicon phrase inside it, or ""), with their ``origins``."""
    if not bounds:
        return []
    context = DocContext(doc, table)
    return [_features(start, end, label, origin, context) for (start, end, label), origin in zip(bounds, origins)]
