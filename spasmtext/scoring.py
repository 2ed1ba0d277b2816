"""Decision values of a minibatch's candidates, summed from arrays.

The label and category models are linear over binary features
(:mod:`spasmtext.features`), so a candidate's decision value is the sum of the
weights of its features. Building every candidate's feature names in Python and
looking each one up cost more than the rest of the pipeline on short texts.
:class:`ArrayScorer` computes the same sums from arrays:

* each distinct word gets, once, the weight rows of the features it can give
  (as a span's first, last or inner word, as the word left or right of a span,
  and in the window on either side), its case and an identity for its form;
* each document gives per-token and per-sentence arrays of what its
  :class:`~spasmtext.features.DocContext` knows (sentences, section, triggers,
  lexicon categories, clause segments);
* all candidates of the minibatch are then summed at once with numpy: a
  feature that a candidate has at most once by gathering one row, the window
  and inner words by gathering a fixed-width window and masking the positions
  outside it (a form counted once however often it occurs there, as in a
  feature dict), sets of lexicon categories and trigger kinds as bit masks, and
  the rest (origins and lexicon relation) by one row per distinct combination.

The sums are those over :func:`~spasmtext.features.candidate_parts` added in
another order (``tests/test_scoring.py`` compares them on the corpus): a change
to the features must be made in both places.
"""

import numpy as np
from spacy.attrs import ORTH

from .features import (
    _LENGTH,
    _SEGMENT,
    SHOUTED_MIN_WORDS,
    WINDOW,
    _origin_features,
    _word_feats,
)
from .lexicon import TRIGGER_KINDS
from .tokens import word_table

# columns of a word row: the feature of the word in each role, then its case facts and form
_ROLES = 10  # first, first_suf3, last, last_suf3, last_suf2, w, lw, rw, L1, R1 (as in _word_feats)
_FIRST, _FIRST_SUF3, _LAST, _LAST_SUF3, _LAST_SUF2, _W, _LW, _RW, _L1, _R1 = range(_ROLES)
_CASE, _TITLE, _SPACE, _FORM = range(_ROLES, _ROLES + 4)
_NO_LEXICON = (0, "", False, False)  # the lexicon relation of most candidates: "lex_none"
_MAX_WORDS = 200_000  # distinct words kept (as the WordTable); the table is cleared when full


class _Growing:
    """A numpy array of rows that grows by doubling (rows are appended one at a time)."""

    def __init__(self, width, dtype):
        self.rows = np.zeros((1024, width), dtype=dtype)
        self.size = 0

    def append(self, row):
        if self.size == len(self.rows):
            self.rows = np.concatenate([self.rows, np.zeros_like(self.rows)])
        self.rows[self.size] = row
        self.size += 1
        return self.size - 1


class ArrayScorer:
    """Decision values of a label model and a category model (both
    :class:`~spasmtext.linear.LinearModel`) for every candidate of a minibatch."""

    def __init__(self, label_model, category_model):
        names = list(dict.fromkeys([*label_model.feature_names, *category_model.feature_names]))
        self.col = {name: k for k, name in enumerate(names)}
        self.zero = len(names)  # the all-zero row: unknown features and masked positions
        self.weights = [self._weights(label_model), self._weights(category_model)]
        self.columns = [np.ascontiguousarray(w.T) for w in self.weights]  # per class, a weight per feature
        self.intercepts = [label_model.intercept_, category_model.intercept_]
        self.trig_bit = {kind: k for k, kind in enumerate(TRIGGER_KINDS)}
        self.trig_weights = [w[[self.get("sent_trig=" + kind) for kind in TRIGGER_KINDS]] for w in self.weights]
        self.cat_bit = {}  # lexicon category -> bit (assigned as categories are met)
        self.cat_weights = [w[:0] for w in self.weights]
        self._clear()

    def _weights(self, model):
        weights = np.zeros((self.zero + 1, len(model.intercept_)))
        weights[[self.col[name] for name in model.feature_names]] = model.coef_.T
        return weights

    def get(self, name):
        return self.col.get(name, self.zero)

    def _clear(self, generation=0):
        self.generation = generation  # of the word table the rows were read from (WordTable.forget)
        self.slot = {}  # orth id -> row of self.words
        self.forms = {}  # normalised form -> id
        self.words = _Growing(_ROLES + 4, np.intp)
        self.misc = {}  # (origin, lexicon relation) -> row of self.misc_sums[k]
        self.misc_sums = [_Growing(len(w[0]), np.float64) for w in self.weights]

    # -- per word and per document ---------------------------------------------------------
    def _word_slot(self, orth, vocab):
        table = word_table(vocab)
        word = table.word(orth)
        feats = _word_feats(word, table.feats)
        get = self.get
        form = feats[_W][2:]  # "w=" + the normalised form
        row = [get(f) for f in feats[:_ROLES]] + [feats[10], int(feats[11]), int(word.is_space),
                                                  self.forms.setdefault(form, len(self.forms))]
        slot = self.slot[orth] = self.words.append(row)
        return slot

    def _category_bit(self, category):
        bit = self.cat_bit.get(category)
        if bit is None:
            bit = self.cat_bit[category] = len(self.cat_bit)
            if bit >= 62:
                raise ValueError(f"more than 62 lexicon categories: {category!r}")
            self.cat_weights = [np.vstack([cw, w[self.get("wcat=" + category)]])
                                for cw, w in zip(self.cat_weights, self.weights)]
        return bit

    def _document(self, doc, context, offset, arrays):
        """Append the per-token, per-end and per-sentence facts of ``doc`` (tokens from
        ``offset`` in the minibatch) to ``arrays``."""
        n = len(doc)
        slot = self.slot
        orths = doc.to_array(ORTH).tolist()
        slots = list(map(slot.get, orths))
        if None in slots:
            slots = [s if s is not None else self._word_slot(o, doc.vocab) for s, o in zip(slots, orths)]
        arrays["slots"] += slots
        get = self.get
        # sentences: start, end and per-sentence features
        starts = list(context.sent_index)
        arrays["sent_start"] += [offset + s for s in starts]
        arrays["sent_end"] += [offset + e for e in starts[1:]] + [offset + n]
        arrays["sent_complaint"] += [get(context.sentence_features(s)) for s in starts]
        trig_bits = []
        for s in starts:
            trig_bits.append(sum(1 << self.trig_bit[k] for k in context.trigger_kinds.get(s, ())))
        arrays["sent_trig"] += trig_bits
        # sections, lexicon categories, triggers next to a start or an end, segments
        sections = [get("section=none")] * n
        for start, end, label in context.sections:
            sections[start:end] = [get("section=" + label)] * (end - start)
        arrays["section"] += sections
        cats, head = [0] * n, [get("head_cat=none")] * n
        for i, categories in context.word_cats.items():
            cats[i] = sum(1 << self._category_bit(c) for c in set(categories))
            head[i] = get("head_cat=" + "|".join(categories))
        arrays["cats"] += cats
        arrays["head"] += head
        pre, post = [self.zero] * n, [self.zero] * (n + 1)
        for gap in (2, 1, 0):  # the nearest trigger wins, as in DocContext.left/right_features
            for p, kind in context.pre_end.items():
                if p + gap < n:
                    pre[p + gap] = get("pre=" + kind)
            for p, kind in context.post_start.items():
                if p - gap >= 0:
                    post[p - gap] = get("post=" + kind)
        arrays["pre"] += pre
        # per end position 1..n (global offset + 1 ..): position offset + n is also the next
        # doc's first token, never an end of that doc
        arrays["post"] += post[1:]
        positions = np.arange(n)
        arrays["seg_first"].append(np.asarray(context.seg_first) == positions)
        arrays["seg_last"].append(np.asarray(context.seg_last) == positions)

    def _misc_row(self, origin, relation):
        """Row of the summed weights of a candidate's origin and lexicon-relation features."""
        key = (origin, relation)
        row = self.misc.get(key)
        if row is None:
            kind, value, lex_max, cross = relation
            feats = list(_origin_features(origin))
            if kind == 1:
                feats += ["lex_exact=" + value, "lex_exact"] + (["lex_max"] if lex_max else [])
            elif kind == 2:
                feats += ["lex_inside=" + value, "lex_inside"]
            else:
                feats.append("lex_none")
            if cross:
                feats.append("lex_cross")
            cols = [self.get(f) for f in dict.fromkeys(feats)]
            row = self.misc[key] = self.misc_sums[0].size  # the same row in both models' tables
            for sums, weights in zip(self.misc_sums, self.weights):
                sums.append(weights[cols].sum(axis=0))
        return row

    # -- the minibatch ------------------------------------------------------------------------
    def decisions(self, docs, contexts, candidates):
        """The :class:`Batch` of the candidates of ``docs`` (flattened in order), whose
        :meth:`Batch.decision` gives the label or category model's decision values.
        ``contexts``: per doc its ``DocContext`` (None for a doc without candidates);
        ``candidates``: per doc its ``((start, end, reading), origin)`` list."""
        generation = word_table(docs[0].vocab).generation if docs else self.generation
        if self.words.size > _MAX_WORDS or generation != self.generation:
            self._clear(generation)
        arrays = {key: [] for key in ("slots", "sent_start", "sent_end", "sent_complaint", "sent_trig",
                                      "section", "cats", "head", "pre", "seg_first", "seg_last")}
        arrays["post"] = [self.zero]  # per end position; 0 is never an end
        S, E, K = [], [], []
        offset = 0
        for doc, context, doc_cands in zip(docs, contexts, candidates):
            if not doc_cands:
                continue
            self._document(doc, context, offset, arrays)
            lexicon, lex_max, lex_cover = context.lexicon, context.lex_max, context.lex_cover
            misc = self.misc.get
            for (start, end, reading), origin in doc_cands:
                if lex_cover[start] or lex_cover[end - 1]:  # else no lexicon match equals or crosses it
                    key = lexicon.get((start, end))
                    cross = any((s < start < e) or (s < end < e) for i in (start, end - 1) for s, e in lex_cover[i])
                    if key:
                        relation = (1, key, (start, end) in lex_max, cross)
                    else:
                        relation = (2, reading, False, cross) if reading else (0, "", False, cross)
                else:
                    relation = (2, reading, False, False) if reading else _NO_LEXICON
                row = misc((origin, relation))
                K.append(row if row is not None else self._misc_row(origin, relation))
            S += [offset + start for (start, _, _), _ in doc_cands]
            E += [offset + end for (_, end, _), _ in doc_cands]
            offset += len(doc)
        return Batch(self, arrays, np.array(S, dtype=np.intp), np.array(E, dtype=np.intp),
                     np.array(K, dtype=np.intp), offset)


class Batch:
    """The gathered columns of the candidates of one minibatch (see :class:`ArrayScorer`)."""

    def __init__(self, scorer, arrays, S, E, K, n_tokens):
        self.scorer, self.K = scorer, K
        if not len(S):
            self.cols = np.zeros((0, 1), dtype=np.intp)
            self.trig = self.cats = np.zeros(0, dtype=np.int64)
            return
        zero = scorer.zero
        words = scorer.words.rows
        slots = np.array(arrays["slots"], dtype=np.intp)
        table = words[slots]  # per token: its word row
        space = table[:, _SPACE].astype(bool)
        form = table[:, _FORM]
        T = n_tokens
        # per token: the previous token of the same form (-1 if none), the nearest non-space
        # token before it, and (per end position 0..T) the first non-space token from it
        order = np.argsort(form, kind="stable")
        same = form[order][1:] == form[order][:-1]
        prev_same = np.full(T, -1, dtype=np.intp)
        prev_same[order[1:][same]] = order[:-1][same]
        idx = np.arange(T)
        before = np.maximum.accumulate(np.where(space, -1, idx))
        prev_nonspace = np.concatenate([[-1], before[:-1]])
        after = np.minimum.accumulate(np.where(space, T, idx)[::-1])[::-1]
        next_nonspace = np.concatenate([after, [T]])
        starts = np.array(arrays["sent_start"], dtype=np.intp)
        flags = np.zeros(T, dtype=np.intp)
        flags[starts] = 1
        sent_of = np.cumsum(flags) - 1  # per token: its sentence (every doc opens with one)
        sent_start = starts[sent_of]
        sent_end = np.array(arrays["sent_end"], dtype=np.intp)[sent_of]
        post = np.array(arrays["post"], dtype=np.intp)
        get = scorer.get
        last = E - 1
        s_start, s_end = sent_start[S], sent_end[S]
        # features with one value per candidate
        lo = np.maximum(s_start, S - WINDOW)
        p = prev_nonspace[S]
        l1 = np.where(p >= lo, table[np.maximum(p, 0), _L1], get("L1=<s>"))
        hi = np.minimum(s_end, E + WINDOW)
        q = next_nonspace[E]
        r1 = np.where(q < hi, table[np.minimum(q, T - 1), _R1], get("R1=</s>"))
        length = np.array([get(name) for name in _LENGTH], dtype=np.intp)[np.minimum(E - S, 6)]
        seg = np.array([get(_SEGMENT[a, b]) for a in (False, True) for b in (False, True)], dtype=np.intp)
        seg_first = np.concatenate(arrays["seg_first"])
        seg_last = np.concatenate(arrays["seg_last"])
        seg_col = seg[seg_first[S].astype(np.intp) * 2 + seg_last[last]]
        width = int((E - S).max())
        inner = S[:, None] + np.arange(width)
        inside = inner < E[:, None]
        inner = np.minimum(inner, T - 1)
        case = table[inner, _CASE]
        upper = ~((case == -1) & inside).any(axis=1) & ((case == 1) & inside).any(axis=1)
        title = table[S, _TITLE].astype(bool)
        case_col = np.where(upper, get("case=upper"), np.where(title, get("case=title"), get("case=lower")))
        # a sentence in capitals reads as lower case (DocContext.shouted)
        cases = table[:, _CASE]
        n_sents = len(starts)
        shouted = (np.bincount(sent_of, weights=cases == -1, minlength=n_sents) == 0) \
            & (np.bincount(sent_of, weights=cases == 1, minlength=n_sents) >= SHOUTED_MIN_WORDS)
        case_col = np.where(shouted[sent_of[S]], get("case=lower"), case_col)
        single = np.stack([
            table[S, _FIRST], table[S, _FIRST_SUF3],
            np.array(arrays["pre"], dtype=np.intp)[S],
            np.array(arrays["sent_complaint"], dtype=np.intp)[sent_of[S]],
            np.array(arrays["section"], dtype=np.intp)[S], l1,
            table[last, _LAST], table[last, _LAST_SUF3], table[last, _LAST_SUF2],
            np.array(arrays["head"], dtype=np.intp)[last], post[E], r1,
            length, np.full(len(S), get("bias")), case_col, seg_col], axis=1)
        # windows: words left of the start, right of the end, and inside the span
        left = S[:, None] - WINDOW + np.arange(WINDOW)
        left_c = np.maximum(left, 0)
        left_ok = (left >= lo[:, None]) & ~space[left_c] & (prev_same[left_c] < lo[:, None])
        right = E[:, None] + np.arange(WINDOW)
        right_c = np.minimum(right, T - 1)
        right_ok = (right < hi[:, None]) & ~space[right_c] & (prev_same[right_c] < E[:, None])
        inner_ok = inside & (prev_same[inner] < S[:, None])
        self.cols = np.concatenate([
            single,
            np.where(left_ok, table[left_c, _LW], zero),
            np.where(right_ok, table[right_c, _RW], zero),
            np.where(inner_ok, table[inner, _W], zero)], axis=1)
        cats = np.array(arrays["cats"], dtype=np.int64)[inner]
        self.cats = np.bitwise_or.reduce(np.where(inside, cats, 0), axis=1)
        self.trig = np.array(arrays["sent_trig"], dtype=np.int64)[sent_of[S]]

    def decision(self, model, rows=None, extra=None):
        """Decision values of model ``model`` (0: label, 1: category) for the candidates
        ``rows`` (default: all); ``extra``: per row one more feature column (the label)."""
        scorer = self.scorer
        weights = scorer.weights[model]
        cols, cats, trig, K = self.cols, self.cats, self.trig, self.K
        if rows is not None:
            cols, cats, trig, K = cols[rows], cats[rows], trig[rows], K[rows]
        out = np.empty((len(cols), weights.shape[1]))
        for k, column in enumerate(scorer.columns[model]):  # a 1-D gather per class: faster than rows
            out[:, k] = np.take(column, cols).sum(axis=1)
        out += scorer.misc_sums[model].rows[K]
        if extra is not None:
            out += weights[extra]
        out += _bit_sums(trig, scorer.trig_weights[model]) + _bit_sums(cats, scorer.cat_weights[model])
        return out + scorer.intercepts[model]


def _bit_sums(bits, weights):
    """Per row, the sum of the ``weights`` rows of the bits set in ``bits``."""
    if not len(weights):
        return 0.0
    on = (bits[:, None] >> np.arange(len(weights))) & 1
    return on @ weights
