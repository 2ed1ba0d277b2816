"""High-recall candidate stage: lexicon matches, trigger-anchored phrases.

The component proposes possibly overlapping spans in
``doc.spans["spasmtext_candidates"]``; the classifier picks among them. A
candidate's ``label_`` is the lexicon reading of the longest lexicon phrase it
contains (``"CAUSE|LIFTING"``) or ``""``; the group's
``attrs["origins"]`` says, span by span, which rules proposed it
(``"chunk,lex"``; kept on the group rather than in ``span._.origin``, which
would cost a user-data entry per candidate). Trigger matches go to
``doc.spans["spasmtext_triggers"]`` (label = trigger kind), lexicon matches to
``doc.spans["spasmtext_lexicon"]``, words that occur in lexicon phrases to
``doc.spans["spasmtext_lexicon_words"]`` (label = the categories of those
phrases), and the sentences about the complaint to
``doc.spans["spasmtext_complaint"]``, for the classifier's features.
Each of these groups also keeps its spans as ``(start, end, label)`` in
``attrs["bounds"]`` (:func:`~spasmtext.extensions.span_group`), which the later
components read instead of the spans.

Candidates are proposed from these anchors:

* every lexicon phrase, as is, extended right by up to ``max_extension``
  tokens ("lifting" -> "lifting a heavy box") and left by up to two modifier
  tokens ("heavy lifting"); a phrase also matches with another article or
  possessive after its first word, or none ("pillow between your knees":
  "... my knees", "... the knees", "... knees"; :func:`phrase_variants`);
* a position and the positioning phrase that props it, joined by "with"
  ("sleep on your side with a pillow between the knees", "side lying with
  pillow between knees"), from a word of sleeping or lying up to six words
  before "with" (origin ``pos_join``);
* the words after a *pre* trigger ("caused by X", "try X", "denies X");
* the words before a *post* trigger ("X helps", "X made it worse");
* phrase chunks: every n-gram of up to ``max_ngram`` words inside a clause
  segment (between punctuation, conjunctions and line breaks) that holds a
  word of a lexicon phrase, so that new phrasings of known things are
  proposed even far from a trigger;
* gerund phrases (since 0.4.39): an "-ing" word that opens a clause segment,
  and the words after it in the segment, ``gerund_span`` in all at most ("Lifting a toddler
  out of a cot", "Dressing stone at a low banker"), origin ``gerund``: the
  activities that make most causes, longer than a lexicon phrase's extension
  or named by no lexicon phrase.

With ``use_entities`` (the ``en_spasmtext_ner`` model, :mod:`spasmtext.ner`),
each CAUSE or REMEDY entity of ``doc.ents`` set by an entity recognizer
earlier in the pipeline is a candidate too, with origin ``ner:CAUSE`` or
``ner:REMEDY``, as is, without the boundary rules below: the classifier
decides.

A text of ``topic_min_sentences`` sentences or more in which no sentence
speaks of the complaint (back, neck or shoulder pain, spasm, sciatica, a
spinal level...) gets no candidates, hence no mentions: nothing in it is a
cause or remedy *of the complaint* (ANNOTATION.md). Shorter texts ("ice helped
a lot") are taken to be about it. ``topic_min_sentences=0`` turns this off.
In a text that does speak of the complaint, candidates more than
``topic_window`` sentences away from every sentence about it are dropped
(sentences with words: the white space of a line break after a full stop is
a sentence of its own that is not counted, since 0.4.36): a
long operative or discharge note that mentions the back once holds no causes
or remedies of back pain in its other pages (``topic_window=0`` turns this
off; 8 cost 0.001-0.002 F1 on dev and halved the mentions, nearly all false,
found in the 317 MTSamples notes).
With ``section_rules`` (the default), the note sections set by
``spasmtext_sections`` count too: an allergy list or a review of systems holds
no candidates, a section header's words are never one, a medication list
holds only lexicon phrases and what its sentence ties to the complaint
("Percocet for his back discomfort"), not the drugs of the patient's other
problems, and the narrative of a procedure only lexicon phrases (not the
instruments and steps of an operation, whose every sentence names a level).

A note's title ("Chiropractic SOAP.", "Pain clinic review.") holds no
candidates either (with ``section_rules``): see :func:`note_title_end`.

A candidate made of vertebral levels only ("L4-L5", "L4 to S1") is dropped,
whatever proposed it: a level says where, not what.

A candidate never crosses a sentence, a punctuation mark (other than an
in-word hyphen, slash or apostrophe), or a coordinating conjunction, so that
coordinated lists give one candidate per item. It never starts with a
determiner or possessive and never ends with a function word
(ANNOTATION.md: trim determiners, triggers and punctuation).
"""

from itertools import pairwise
from pathlib import Path

from spacy.language import Language
from spacy.matcher import PhraseMatcher

from .component import DocComponent, read_json, write_json
from .extensions import CANDIDATES_KEY, SECTIONS_KEY, group_bounds, set_extensions, span_group
from .lexicon import (
    TRIGGER_KINDS,
    default_lexicon,
    default_triggers,
    format_lexicon,
    parse_lexicon,
)
from .sentences import sentence_start_flags
from .tokens import read_symbols_as_punctuation, word_table
from .topic import TOPIC_MIN_SENTENCES, complaint_sentences, has_words, is_level, off_topic

TRIGGERS_KEY = "spasmtext_triggers"
LEXICON_KEY = "spasmtext_lexicon"
LEXICON_WORDS_KEY = "spasmtext_lexicon_words"
COMPLAINT_KEY = "spasmtext_complaint"
#: words too common to say anything about a category on their own
_WORD_STOP = frozenset("a an the of to and or in on at with for your my from by up down over out off "
                       "between under back lower low pain".split())
#: the most words a gerund phrase may hold, its "-ing" word included (see ``gerund_span``)
GERUND_SPAN = 8
#: "-ing" words that are no activity
_NOT_GERUNDS = frozenset({"morning", "mornings", "evening", "evenings", "nothing", "something", "anything",
                          "everything", "during", "feeling", "ceiling", "building", "wedding", "spring", "string",
                          "bring", "thing", "things"})


def _is_gerund(word):
    """Can ``word`` (a :class:`~spasmtext.tokens.Word`) open a gerund phrase ("Lifting", not
    "morning" or "thing")?"""
    return word.is_alpha and len(word.lower) > 4 and word.lower.endswith("ing") and word.lower not in _NOT_GERUNDS


#: ``gerund_span`` is 0 (off) here so that a model trained before it (spasmtext 0.4.38 or
#: earlier, whose config has no such key) loads unchanged; :func:`~spasmtext.pipeline.build_pipeline`
#: sets ``GERUND_SPAN``, so models trained since 0.4.39 have it in their config
DEFAULT_CONFIG = {"max_extension": 6, "max_trigger_span": 6, "max_ngram": 5,
                  "topic_min_sentences": TOPIC_MIN_SENTENCES, "topic_window": 8, "use_entities": False,
                  "section_rules": True, "gerund_span": 0}
#: note sections that hold no cause or remedy of the complaint: an allergy list names what the
#: patient must not be given, a review of systems lists symptoms
SECTIONS_WITHOUT_MENTIONS = frozenset({"allergies", "review_of_systems"})
#: note sections where only lexicon phrases (and extensions of them) are candidates, unless their
#: sentence speaks of the complaint: a medication list holds the remedies of the complaint
#: ("oxycodone 5 mg", "gabapentin", "Percocet for his back"), not the drugs of the patient's
#: other problems ("Diovan, Crestor and Tricor"); the narrative of an operation names its
#: procedures and drugs ("discectomy", "triamcinolone"), not its instruments and steps
#: ("Self-retaining retractors were placed")
LEXICON_ONLY_SECTIONS = frozenset({"medications", "procedure"})
#: of those, the sections where a sentence about the complaint does not let other candidates in:
#: every sentence of a spine operation names a level ("Distraction was reapplied at L5-S1")
LEXICON_ALWAYS_SECTIONS = frozenset({"procedure"})

LEADING_DROP = frozenset(
    "a an the my your his her our their its this that these those some any "
    "can could will would should may might must am i'm im i've it's there here what how "
    "who why where which if because since until unless x all every each whole much more most "
    "other another such both either "
    "lots lot of to and or but with from for by in on at it i me you he she we they "
    "is was are were be been being has have had do does did not never "
    "very really just also too so then than as about after before when while "
    "s/p "
    # contraction pieces ("ca|n't", "I|'m") and words that open a clause about a mention, never one
    # (no gold mention of train or dev starts with one: "I was sure the brace would help")
    "n't nt 'm 've 're 'll 'd ca wo sure think thought said says usually often still now only likely "
    "tried try reports denies -".split()
)
TRAILING_DROP = frozenset(
    "a an the my your his her our their its this that of to and or but with from "
    "for by in on at as is was are were be been has have had do does did it i me "
    "you he she we they very really just also so then than when while if because "
    "which who helps helped help made makes caused causes".split()
)
#: entity labels read as candidates when ``use_entities`` is set
ENTITY_LABELS = frozenset({"CAUSE", "REMEDY"})
CONJUNCTIONS = frozenset("and or but nor & plus/or and/or".split())
INWORD_PUNCT = frozenset({"-", "/", "'", "'s", "#", "&"})
# words skipped between a trigger and its phrase ("try *a* heating pad", "ice *really* helps")
SKIP_AFTER_PRE = frozenset("a an the my your his her our their some any more lots of".split())
SKIP_BEFORE_POST = frozenset(
    "really always also totally definitely actually just has have had which that "
    "it is was kind sort of seriously honestly helps usually generally".split()
)


#: words that open a position joined to what props it (see ``pos_join`` in :meth:`propose`)
POSITION_WORDS = frozenset({"sleep", "sleeps", "sleeping", "slept", "lie", "lies", "lying", "lay", "laying", "side"})
JOIN_REACH = 6


@Language.factory("spasmtext_candidates", default_config=DEFAULT_CONFIG)
def make_candidates(nlp, name, max_extension, max_trigger_span, max_ngram, topic_min_sentences, topic_window,
                    use_entities, section_rules, gerund_span):
    """Create the candidate stage with the bundled lexicon and triggers. The pipeline's
    vocabulary then reads emoji and other symbols as punctuation
    (:func:`~spasmtext.tokens.read_symbols_as_punctuation`), as the candidate, sentence and
    context rules expect, however the pipeline was made (``spasmtext.load``,
    ``spacy.load``, ``add_to_pipeline``)."""
    read_symbols_as_punctuation(nlp.vocab)
    return CandidateGenerator(
        nlp, name=name, max_extension=max_extension, max_trigger_span=max_trigger_span,
        max_ngram=max_ngram, topic_min_sentences=topic_min_sentences, topic_window=topic_window,
        use_entities=use_entities, section_rules=section_rules, gerund_span=gerund_span,
    )


_BREAK_CHARS = frozenset(',;:()[]{}"')


def blocked_tokens(words, spaces):
    """Per token, True if a candidate cannot contain it (``words``, ``spaces``: a
    :class:`~spasmtext.tokens.WordTable` reading of the doc)."""
    out = []
    for i, word in enumerate(words):
        text = word.text
        if word.is_space or not _BREAK_CHARS.isdisjoint(text):
            out.append(True)
        elif text in INWORD_PUNCT:
            # a free-standing dash or slash separates, "knee-to-chest" does not
            out.append(spaces[i] or i == 0 or spaces[i - 1] or word.lower in CONJUNCTIONS)
        else:
            out.append(word.is_punct or word.lower in CONJUNCTIONS)
    return out


#: words a lexicon phrase may hold in any of these forms: "pillow between your knees" also matches
#: "pillow between my knees" and "... the knees", "sitting at a desk" "sitting at my desk"
DETERMINER_VARIANTS = ("a", "the", "my", "your", "his", "her", "our", "their")


def phrase_variants(phrase):
    """The other forms of a lexicon ``phrase`` that the lexicon matches: each of its words
    after the first that is an article or a possessive (:data:`DETERMINER_VARIANTS`, or
    "an") replaced by each of the others or left out ("pillow between knees"), in every
    combination (the phrase itself not included). A phrase's first word stays as written
    ("the ER")."""
    words = phrase.split(" ")
    slots = [i for i, word in enumerate(words) if i and word.lower() in (*DETERMINER_VARIANTS, "an")]
    forms = [words]
    for i in slots:
        forms = [form[:i] + [other] + form[i + 1:] for form in forms for other in (*DETERMINER_VARIANTS, "")]
    return sorted({" ".join(word for word in form if word) for form in forms} - {phrase})


def lexicon_word_categories(lexicon, docs):
    """``{word: "CAT1|CAT2"}``: each lexicon word (``docs``: the lexicon's phrases tokenized)
    that says something about a category on its own, with the categories of its phrases."""
    words = {}
    for (_, _, category), tokens in zip(lexicon, docs):
        for word in tokens:
            if word.is_alpha and word.lower_ not in _WORD_STOP:
                words.setdefault(word.lower_, set()).add(category)
    return {w: "|".join(sorted(c)) for w, c in words.items()}


def word_continuations(words, spaces):
    """Per token, True if it goes on the word of the token before: both are letters and no
    space parts them, as spaCy splits contractions written without an apostrophe ("didnt"
    is "did" + "nt", "cant" "ca" + "nt", "gonna" "gon" + "na"). A candidate that starts or
    ends there would cut a word."""
    return [bool(i) and not spaces[i - 1] and word.is_alpha and words[i - 1].is_alpha
            for i, word in enumerate(words)]


def complaint_bounds(doc, words=None):
    """``[(start, end)]`` of the sentences of ``doc`` about the complaint: as the candidate
    stage (or the recognizer before it) found them (``doc.spans["spasmtext_complaint"]``), else found now
    (:func:`~spasmtext.topic.complaint_sentences`; ``words``: the doc's reading, if read)."""
    if COMPLAINT_KEY in doc.spans:
        return [(s, e) for s, e, _ in group_bounds(doc, COMPLAINT_KEY)]
    return complaint_sentences(doc, words)


def complaint_group(doc, complaint):
    """The span group ``doc.spans["spasmtext_complaint"]`` of ``complaint``, ``[(start, end)]``."""
    return span_group(doc, COMPLAINT_KEY, [(s, e, "") for s, e in complaint])


class CandidateGenerator(DocComponent):
    """Propose cause/remedy candidate spans; see the module docstring."""

    def __init__(self, nlp, *, name="spasmtext_candidates", max_extension=6,
                 max_trigger_span=6, max_ngram=5, topic_min_sentences=TOPIC_MIN_SENTENCES, topic_window=8,
                 use_entities=False, section_rules=True, gerund_span=GERUND_SPAN, lexicon=None, triggers=None):
        set_extensions()
        self.section_rules = section_rules
        self.name = name
        self.use_entities = use_entities
        self.topic_min_sentences = topic_min_sentences
        self.topic_window = topic_window
        self.max_ngram = max_ngram
        self.max_extension = max_extension
        self.max_trigger_span = max_trigger_span
        self.gerund_span = gerund_span
        self._tokenizer = nlp.tokenizer
        self.vocab = nlp.vocab
        self._set_rules(lexicon or default_lexicon(), triggers or default_triggers())

    def _set_rules(self, lexicon, triggers):
        self.lexicon = list(lexicon)
        self.triggers = {kind: list(triggers[kind]) for kind in TRIGGER_KINDS}
        self.lexicon_matcher = PhraseMatcher(self.vocab, attr="LOWER")
        docs = list(self._tokenizer.pipe(phrase for phrase, _, _ in self.lexicon))
        for (phrase, label, category), tokens in zip(self.lexicon, docs):
            variants = [tokens, *self._tokenizer.pipe(phrase_variants(phrase))]
            self.lexicon_matcher.add(f"{label}|{category}", variants)
        #: word -> "CAT1|CAT2": the categories of the lexicon phrases a word occurs in
        self.word_categories = lexicon_word_categories(self.lexicon, docs)
        self.trigger_matcher = PhraseMatcher(self.vocab, attr="LOWER")
        for kind in TRIGGER_KINDS:
            self.trigger_matcher.add(kind, list(self._tokenizer.pipe(self.triggers[kind])))

    # -- spaCy component protocol --------------------------------------
    def __call__(self, doc):
        table = word_table(doc.vocab)(doc)
        complaint = complaint_bounds(doc, table[0])  # found already if a recognizer ran before
        if COMPLAINT_KEY not in doc.spans:
            doc.spans[COMPLAINT_KEY] = complaint_group(doc, complaint)  # read by the features
        if self.topic_min_sentences and off_topic(doc, self.topic_min_sentences, complaint, table[0]):
            for key in (TRIGGERS_KEY, LEXICON_KEY, LEXICON_WORDS_KEY, CANDIDATES_KEY):
                doc.spans[key] = []
            return doc
        sent_start = sentence_start_flags(doc)
        lexicon, triggers, candidates = self.propose(doc, table, sent_start)
        if self.use_entities:
            for ent in doc.ents:
                if ent.label_ in ENTITY_LABELS:
                    candidates.setdefault((ent.start, ent.end), set()).add("ner:" + ent.label_)
        levels = word_table(doc.vocab).flagged(doc, is_level)
        if levels:
            candidates = _without_level_only(candidates, set(levels), table[0])
        if self.topic_window and complaint:
            candidates = self._near_complaint(sent_start, candidates, complaint, table[0])
        if self.section_rules:
            candidates = _by_section(group_bounds(doc, SECTIONS_KEY), candidates, lexicon, complaint,
                                     _header_tokens(doc))
            title_end = note_title_end(table[0], sent_start)
            if title_end:
                candidates = {key: origins for key, origins in candidates.items() if key[0] >= title_end}
        doc.spans[TRIGGERS_KEY] = span_group(doc, TRIGGERS_KEY, triggers)
        doc.spans[LEXICON_KEY] = span_group(doc, LEXICON_KEY, lexicon)
        word_cats = self.word_categories
        doc.spans[LEXICON_WORDS_KEY] = span_group(doc, LEXICON_WORDS_KEY, [
            (i, i + 1, word_cats[word.lower]) for i, word in enumerate(table[0]) if word.lower in word_cats])
        keys = sorted(candidates)
        bounds = [(start, end, reading) for (start, end), reading in zip(keys, _readings(lexicon, keys))]
        origins = [",".join(sorted(candidates[key])) for key in keys]
        group = doc.spans[CANDIDATES_KEY] = span_group(doc, CANDIDATES_KEY, bounds)
        group.attrs["origins"] = origins
        return doc

    def _near_complaint(self, sent_start, candidates, complaint, words):
        """The candidates whose sentence is at most ``topic_window`` sentences from one about the
        complaint (a long note that mentions the back in passing holds no mentions far from it).
        A sentence of white space only is not counted: it shares the number of the sentence
        before it (spasmtext's segmenter makes one only of line breaks that open a text, since
        0.4.37; a user's own segmenter may make more)."""
        starts = [i for i, flag in enumerate(sent_start) if flag or not i] + [len(sent_start)]
        sent_of, k = [], -1
        for start, end in pairwise(starts):
            if k < 0 or has_words(words, start, end):
                k += 1
            sent_of.extend([k] * (end - start))
        near = {sent_of[start] for start, _ in complaint}
        keep = {k for c in near for k in range(c - self.topic_window, c + self.topic_window + 1)}
        return {key: origins for key, origins in candidates.items() if sent_of[key[0]] in keep}

    def to_disk(self, path, *, exclude=tuple()):
        write_json(path, "triggers.json", self.triggers)
        (Path(path) / "lexicon.tsv").write_text(format_lexicon(self.lexicon), encoding="utf8")

    def from_disk(self, path, *, exclude=tuple()):
        path = Path(path)
        lexicon = parse_lexicon((path / "lexicon.tsv").read_text(encoding="utf8"))
        triggers = read_json(path, "triggers.json")
        self._set_rules(lexicon, triggers)
        return self

    # -- the rules -------------------------------------------------------
    def lexicon_matches(self, doc, sent_start=None):
        """Lexicon matches as ``(start, end, "LABEL|CATEGORY")``, sentence-internal
        (``sent_start``: the doc's :func:`sentence_start_flags`, if already read)."""
        strings = self.vocab.strings
        if sent_start is None:
            sent_start = sentence_start_flags(doc)
        return [(start, end, strings[match_id]) for match_id, start, end in self.lexicon_matcher(doc)
                if not any(sent_start[start + 1:end])]

    def propose(self, doc, table=None, sent_start=None):
        """Return ``(lexicon_matches, trigger_matches, {(start, end): origins})``, the matches
        as ``(start, end, label)`` (``table``:
        the doc's ``(words, spaces)`` from :func:`~spasmtext.tokens.word_table`; ``sent_start``:
        its :func:`sentence_start_flags`; both read here if not given)."""
        n = len(doc)
        words = (table if table is not None else word_table(doc.vocab)(doc))[0]
        if sent_start is None:
            sent_start = sentence_start_flags(doc)
        lexicon = self.lexicon_matches(doc, sent_start)
        strings = self.vocab.strings
        triggers = [(s, e, strings[m]) for m, s, e in self.trigger_matcher(doc)]
        lowers = [w.lower for w in words]
        blocked = word_table(doc.vocab).derived(doc, blocked_tokens)
        is_punct = [w.is_punct for w in words]
        cands = {}

        # per token: may a candidate start / end there (no determiner first, no function word or
        # punctuation last, never a blocking token, never inside a word: "did|nt", "ca|nt")
        inside = word_table(doc.vocab).derived(doc, word_continuations)
        may_start = [not (b or g or low in LEADING_DROP) for b, g, low in zip(blocked, inside, lowers)]
        may_end = [not (b or p or g or low in TRAILING_DROP)
                   for b, p, g, low in zip(blocked, is_punct, inside[1:] + [False], lowers)]

        def add(start, end, origin):
            if 0 <= start < end <= n and may_start[start] and may_end[end - 1]:
                cands.setdefault((start, end), set()).add(origin)

        def free(i):
            return 0 <= i < n and not blocked[i]

        for start, end, _ in lexicon:
            add(start, end, "lex")
            for k in range(1, self.max_extension + 1):
                i = end + k - 1
                # a conjunction may sit inside an extension ("heat or ice packs",
                # "lifting bricks and mortar buckets") but never ends one
                inner_conj = 0 <= i < n and lowers[i] in CONJUNCTIONS and free(i + 1)
                if not (free(i) or inner_conj) or sent_start[i]:
                    break
                add(start, i + 1, "lex_right")
            for k in (1, 2):
                i = start - k
                if not free(i) or lowers[i] in LEADING_DROP or sent_start[i + 1]:
                    break
                add(i, end, "lex_left")

        # a position and what props it are one remedy ("sleeping on my side with a pillow between
        # my knees", "side lying with pillow between knees"): from a word of lying or sleeping up to
        # JOIN_REACH words before "with" to the end of the positioning phrase just after it
        for start, end, reading in lexicon:
            with_at = start - 1 - (start > 0 and lowers[start - 1] in SKIP_AFTER_PRE)
            if not reading.endswith("|POSITIONING") or with_at < 1 or lowers[with_at] != "with" \
                    or sent_start[with_at] or sent_start[start]:
                continue
            for j in range(with_at - 1, max(-1, with_at - 1 - JOIN_REACH), -1):
                if not free(j) or sent_start[j + 1]:
                    break
                if lowers[j] in POSITION_WORDS and (lowers[j] != "side" or lowers[j + 1] in POSITION_WORDS):
                    add(j, end, "pos_join")  # "side" only as in "side lying", not "on your side"

        # phrase chunks: word n-grams inside a clause segment that hold a word
        # of the lexicon, so that new phrasings of known things ("pelvic floor
        # physio", "carrying our toddler") are proposed even far from a trigger
        # and the n-grams that open or close a segment (list items, "Plan: X, Y")
        lex_word = [low in self.word_categories for low in lowers]
        seg_start = [blocked[i - 1] or sent_start[i] if i else True for i in range(n)]
        seg_end = [i + 1 == n or blocked[i + 1] or sent_start[i + 1] for i in range(n)]
        only_drop = True  # every token since the segment began is a LEADING_DROP word
        for i in range(n):
            if blocked[i]:
                continue
            if seg_start[i]:
                only_drop = True
            opens = only_drop  # the n-grams from here open the segment ("the *hot tub*")
            if lowers[i] in LEADING_DROP or inside[i]:
                continue
            only_drop = False
            has_word = False
            # and gerund phrases: an "-ing" word that opens its segment and the words after it there,
            # gerund_span in all at most ("Lifting a toddler out of a cot", "Dressing stone at a low
            # banker"): activities longer than a lexicon phrase's extension, or named by none
            gerund = self.gerund_span if seg_start[i] and self.gerund_span and _is_gerund(words[i]) else 0
            for j in range(i, min(n, i + max(self.max_ngram, gerund))):
                if blocked[j] or (j > i and sent_start[j]):
                    break
                has_word = has_word or lex_word[j]
                if not may_end[j]:  # add(i, j + 1, ...) below: i may start
                    continue
                if j < i + self.max_ngram and (has_word or opens or seg_end[j]):
                    cands.setdefault((i, j + 1), set()).add("chunk")
                if j < i + gerund:
                    cands.setdefault((i, j + 1), set()).add("gerund")

        for trig_start, trig_end, kind in triggers:
            if kind.endswith("_pre"):
                i = trig_end
                while i < n and lowers[i] in SKIP_AFTER_PRE and not sent_start[i]:
                    i += 1
                if i >= n or sent_start[i] and i != trig_end:
                    continue
                for k in range(1, self.max_trigger_span + 1):
                    j = i + k - 1
                    if not free(j) or (k > 1 and sent_start[j]):
                        break
                    add(i, j + 1, kind)
            else:
                j = trig_start - 1
                while j >= 0 and lowers[j] in SKIP_BEFORE_POST and not sent_start[j + 1]:
                    j -= 1
                if j < 0 or sent_start[j + 1] and j + 1 != trig_start:
                    continue
                for k in range(1, self.max_trigger_span + 1):
                    i = j - k + 1
                    if not free(i) or sent_start[i + 1] and k > 1 and i + 1 <= j:
                        break
                    add(i, j + 1, kind)
                    if sent_start[i]:
                        break
        return lexicon, triggers, cands


def _readings(lexicon, keys):
    """Per candidate ``(start, end)`` of ``keys``, the lexicon reading (``"LABEL|CATEGORY"``) of
    the longest lexicon match inside it, the first of equal length in ``lexicon`` order, or ""."""
    if not lexicon:
        return [""] * len(keys)
    out = []
    for start, end in keys:
        best, best_len = "", 0
        for s, e, key in lexicon:
            if s >= start and e <= end and e - s > best_len:
                best, best_len = key, e - s
        out.append(best)
    return out


#: what may join vertebral levels in a candidate made of levels only ("L4-5", "L4 to S1")
_LEVEL_JOINERS = frozenset({"-", "/", "and", "to", ","})


def _without_level_only(candidates, levels, words):
    """``candidates`` without those made of vertebral levels only ("L4-L5", "L5-S1"): a level
    says where, never what caused or eased the pain (no gold mention of the corpus is one).
    ``levels``: the indices of the level tokens."""
    def level_only(start, end):
        return start in levels and all(i in levels or words[i].lower in _LEVEL_JOINERS or words[i].like_num
                                       for i in range(start + 1, end))
    return {key: origins for key, origins in candidates.items() if not level_only(*key)}


#: the last word of a note's title ("Pain clinic review.", "Chiropractic SOAP.", "PT Daily Note",
#: "Antenatal clinic.", "Discharge instructions."); not "physiotherapy" or "referral", which end
#: remedies as well ("Try physiotherapy.", "Got a physio referral.")
NOTE_TYPES = frozenset({
    "note", "notes", "review", "consultation", "consult", "assessment", "evaluation", "reassessment", "letter",
    "soap", "follow-up", "visit", "encounter", "report", "summary", "entry", "triage", "clinic", "instructions",
    "newsletter", "bulletin", "notice"})
NOTE_TITLE_MAX_WORDS = 5


def note_title_end(words, sent_start):
    """The end of the text's first sentence if it is a note's title, else 0: at most
    ``NOTE_TITLE_MAX_WORDS`` words, the last of them a ``NOTE_TYPES`` word ("Telephone
    consultation.", "PHYSICAL THERAPY EVALUATION"). A title names the note, never a cause
    or remedy: none of the 147 such titles of the corpus's train and dev texts holds a gold
    mention ("Chiropractic SOAP." and "Pain clinic review." were read as remedies), nor do
    the 14 that end in "clinic" or the 5 in "follow-up" (corpus 1.18)."""
    end = next((i for i in range(1, len(words)) if sent_start[i]), len(words))
    content = [word for word in words[:end] if not (word.is_punct or word.is_space)]
    last, n_words = (content[-1].lower if content else None), len(content)
    if n_words > 1 and last == "up" and content[-2].lower == "follow":  # "follow-up": "follow", "-", "up"
        last, n_words = "follow-up", n_words - 1
    return end if 0 < n_words <= NOTE_TITLE_MAX_WORDS and last in NOTE_TYPES else 0


def _header_tokens(doc):
    """The indices of the tokens of the section headers of ``doc`` (the section group's
    ``attrs["headers"]``, set by ``spasmtext_sections``)."""
    group = doc.spans.get(SECTIONS_KEY)
    headers = group.attrs.get("headers", ()) if group is not None else ()
    return {i for start, end in headers for i in range(start, end)}


def _by_section(sections, candidates, lexicon, complaint, headers=frozenset()):
    """``candidates`` without those in a section of ``SECTIONS_WITHOUT_MENTIONS`` or holding a
    token of ``headers`` (a header names a section, never a cause or remedy: no gold mention of
    the corpus overlaps one of its 1,201 detected headers), and in a section of
    ``LEXICON_ONLY_SECTIONS`` only those that hold a lexicon match or (except in
    ``LEXICON_ALWAYS_SECTIONS``) whose sentence speaks of the complaint ("Paracetamol and
    codeine as needed for back pain")."""
    if not sections:
        return candidates
    out = {}
    for (start, end), origins in candidates.items():
        if headers and not headers.isdisjoint(range(start, end)):
            continue
        section = next((label for s, e, label in sections if s <= start < e), None)
        if section in SECTIONS_WITHOUT_MENTIONS:
            continue
        if section in LEXICON_ONLY_SECTIONS and not any(start <= s and e <= end for s, e, _ in lexicon) \
                and (section in LEXICON_ALWAYS_SECTIONS or not any(s <= start < e for s, e in complaint)):
            continue
        out[(start, end)] = origins
    return out
