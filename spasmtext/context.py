"""Negation and experiencer of mentions (ConText-style rules).

For each mention in ``doc.spans["spasmtext"]`` this component sets

* ``span._.negated`` and ``span._.negation_cue``: a *forward* cue ("denies",
  "never tried") before the mention or a *backward* cue ("didn't help",
  "not recommended", "- no relief") after it, within ``window`` tokens, in the
  same sentence, with no terminator ("but", "however", ";", "until") in between
  and not part of a pseudo-cue ("not only", "no increase", "never skip"; a
  doubt the text takes back, "I never thought yoga would help, but it did",
  "I was sure the brace would be useless but it helped"; praise in a double
  negative, "can't recommend physio enough", "can't live without my heating
  pad", "couldn't get through a shift without my brace", "no substitute for
  core work"); a remedy that "used to work, not anymore" failed; a
  negation's scope also ends at "since" ("hasn't been the same since the
  fall"), which does not end an experiencer cue's ("my husband's back has
  been bad since a motorbike accident"). Short forward cues
  ("no", "not", "without", "never") stop at a comma too ("no breaks and less
  walking, a sagging mattress"); the backward cues that say a remedy failed
  ("didn't help", "made it worse", "not tolerated") negate REMEDY mentions
  only, as medspaCy's ``allowed_types`` do (a remedy that made it worse
  failed; "walking all day made it worse" is a cause, not a negated one), and
  reach over a relative pronoun ("an extra pillow, which did not help").
  Advice against and stopping ("avoid", "not recommended") negate REMEDY
  mentions only ("Avoid ibuprofen and heavy lifting": the lifting is still a
  cause), and advice that is a mention of its own ("avoid heavy lifting")
  ends at the comma after it ("..., physio if not improving"); a forward cue
  stops at a ", and" that closes no list item, a new clause ("so I don't lean
  in as far, and Pilates twice a week is keeping it under control"; "didn't
  try ice, heat, and massage" goes on); a remedy stopped "as no longer needed"
  is not negated (corpus/README.md, Decisions), and "D/c with" or "D/c home on"
  is a discharge, not a discontinuation; a belief the writer revises ("I thought it was a pulled muscle
  but ...", "dismissed as") negates CAUSE mentions only, as does a cause that
  the text says does not worsen the pain ("sitting doesn't bother it"). A cue
  in a condition negates nothing ("If self-care doesn't help, ...", "surgery
  if no improvement"), but an order after the condition's comma does ("If your
  back is sore, skip deep backbends"); a forward cue followed by a verdict verb judges what came
  before it ("heat did not help at all, ice was better"), and stops at a colon
  unless it heads what the colon introduces ("Crash diets are not
  recommended: steady weight loss ..."). A backward cue that heads a list
  ("Things that did nothing for my back: the TENS unit, acupuncture";
  "Didn't work for me: ...") reaches the remedies after its colon, as the
  ``negation_remedy_list`` cues do, unless the list is of what made it worse or
  a mention or noun before the cue is what it judges ("Heat did nothing: I
  switched to ice"). A title that is such a verdict ("What usually does not
  help", "Five things that do not help a sore back. 1. ...", "Things I
  wasted money on") reaches the remedies that open the list items below it
  (numbered, bulleted, or items of their own: "Paracetamol on its own."), up
  to the next line that reads as a title ("What helps").
  A backward cue that closes a coordinated list of remedies reaches every item
  of it, over the words that open an item ("Ibuprofen and a course of
  prednisolone did not help"), and over a dose or time as if they were not
  there ("Took naproxen 500 mg at 8am, no relief"). A remedy that makes a list
  item of its own ("Back belts and braces.", "1. Posture corrector.") is
  negated by a backward cue in the first clause of the next sentence when no
  mention comes before the cue there ("These are not recommended", "Dug into my
  armpits, did nothing for the ache"); a next sentence that opens with a
  verdict on everything ("Nothing changed after six weeks.") negates the
  remedies of a sentence with no verdict of its own, and so does one that
  opens with a word referring back and a verdict ("Bought a back brace last
  month. It's useless.": the only remedy there, for "it"; not after praise or
  a hedge, "may ease a spasm"). A contrast ("but",
  "however") ends a backward cue's reach unless its clause refers back to the
  mention: "but it did nothing", and after a few words "but sadly after six
  weeks it did nothing", or is the verdict alone ("Acupuncture was pleasant
  but no lasting change"; not "Ice helped but no relief from heat"). A
  forward cue inside brackets reaches nothing after them ("pregabalin
  (dizziness, stopped), facet joint injections"). A backward cue that opens
  with "nothing", "none" or "neither" judges all that came before it in its
  clause, over a list with words of its own ("I tried running shoes from the
  shop and insoles, neither changed anything").
  A backward cue that a word referring back to the mention opens reaches
  further (``REFERRING_WINDOW`` tokens: "Started baclofen 3 days ago, reports
  it is not helping"), and so does one whose mention is the subject opening
  its sentence ("The muscle relaxers the doctor gave him did nothing") or a
  clause after ", and" ("..., and paracetamol on its own is next to useless"). A
  sentence that is only a negation ("No.", "Nothing.", "It did not.", "For me,
  no.", "False.", ``negation_answer`` cues; "False: ..." too) answers the
  sentence before it: it negates the remedies there, and the causes when that
  sentence asks ("Any history of fractures, cancer? No."). A cue that closes a sentence with its
  period ("didn't.") closes one without it too: at the end of the text or of
  a line, or before "!", an emoji or a bracket ("Tried ibuprofen, it
  didn't", "it didn't!"), not before "?";
* ``span._.experiencer``: ``"other"`` when a cue naming another person ("my
  wife", "family history", "mother") precedes it in its clause with no
  first-person word in between (other than the one told: "a friend told me
  yoga fixed her back"), unless that person only speaks or advises
  ("my mum says to ..."), or the remedy is that person's thing which the
  writer used ("Tried my wife's diazepam"), or follows it closely ("... worked
  for my wife"; after a remedy, as the object of its verdict: "the rollator
  has helped him").
  "my" before a person word ("my friend") is no first-person word.
  Pronoun cues ("she", "his") count only in first-person texts, since in a
  clinical note "she" is the patient; a text with note section headers is a
  clinical note, whoever writes "I" in it ("I have offered her a nerve root
  block"), and so is a clinician's letter or report (``clinician_voice`` cues:
  "I saw Mr", "thank you for referring", "occupational health report"). A
  mention with no such cue is
  ``"other"`` when the last sentence before it that says whose the complaint
  is names someone else ("Mum's back (82): osteoporosis, ...", "my wife's
  sciatica"; or has them as its subject, in a first-person text, "My husband
  has had sciatica since March. The GP said it was a slipped disc.", or as a
  family name in any, "Grandad has back pain again") and its own sentence has
  no first-person word. A mention in a
  family history section (``span._.section``) is ``"other"``.

The cue lists are data (``resources/context_rules.json``), saved with the
pipeline by ``to_disk``. They cover NegEx's clinical cues plus lay and advice
cues, as phrases and as token patterns (``"patterns"``: spaCy ``Matcher``
patterns, as medspaCy's ConText rules take a ``pattern``) that cover the
grammatical variants of a cue ("didn't really help", "hasn't made a dent",
"made zero difference"); the patterns run on the sentences that hold mentions
only. Cues that a remedy failed ("didn't help", "no relief") negate remedies
only: "sitting all day didn't help" names a cause. Merging negspacy's
``en_clinical`` termset into the phrases was measured
(``benchmarks/negspacy_compare.py``): no change on dev, lower F1 on train, so
negspacy is not a dependency.

When trained (``fit``, run by ``spasmtext train``), two logistic regressions,
one for ``negated`` and one for ``experiencer``, decide instead of the rules:
their features are the rules' own decision, every cue in the sentence with
its side and distance, the words around the mention, its label and section,
and whose complaint the text was last about. A mention in a family history
section stays ``"other"`` whatever the experiencer model weighs
(:func:`model_says_other`).
Training keeps a model only where it beats the rules on train (5-fold
cross-validation by document) and dev together, beyond noise (a paired
bootstrap over their documents). Models are saved and applied
as :class:`~spasmtext.linear.LinearModel` arrays (no pickles).
"""

import json
import re
from bisect import bisect_right
from pathlib import Path

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher

from .candidates import complaint_bounds
from .component import BatchComponent, read_json, write_json
from .errors import Errors
from .extensions import SECTIONS_KEY, SPANS_KEY, set_extensions
from .integrity import refuse_pickled_models
from .lexicon import default_context_rules
from .linear import LinearModel, as_linear
from .sentences import sentence_bounds
from .tokens import word_table
from .topic import COMPLAINT_HEADS

DEFAULT_CONFIG = {"window": 8, "backward_window": 5}
#: tokens the scope of a cue that governs a list of remedies reaches ("What didn't work: a, b
#: (...), c", "despite a year of PT, injections and NSAIDs"), within its sentence
REMEDY_LIST_WINDOW = 40
#: tokens a backward cue may be from its mention when a word referring back to the mention
#: opens it ("Started baclofen 3 days ago, reports it is not helping")
REFERRING_WINDOW = 15
#: what may close a sentence after a cue that :meth:`ContextComponent._ends_without_period` does not
#: read: the period its cues are written with, a question mark
_NOT_CLOSING = frozenset({".", "?"})
#: words that may follow a whole-sentence answer ("It didn't, for me.", "No, not at all.")
_ANSWER_TAIL = frozenset({"at", "all", "for", "me", "really", "whatsoever", "sadly", "unfortunately", "honestly"})
#: short answers whose colon opens their reasons ("False: ...", "No: keep moving.")
_COLON_ANSWERS = frozenset({"false", "no", "nope", "untrue", "not true",
                            "it is n't", "it is not", "it 's not", "they are n't", "they are not"})
#: what opens an answer's reasons: "False: rest slows recovery", "It isn't; staying in bed ..."
_REASONS = frozenset({":", ";"})
#: words that may open such a sentence before its cue ("For me, no.", "Sadly, nothing.")
_ANSWER_LEAD = frozenset({"for", "me", "sadly", "unfortunately", "honestly", "and", "but", "still", "so", "well"})
#: adverbs skipped between a word referring back and its cue ("it still isn't helping")
_REFERRING_ADVERBS = frozenset({"really", "just", "still", "also", "honestly", "sadly"})
CUE_LISTS = (
    "negation_forward", "negation_forward_to_comma", "negation_forward_remedy", "negation_forward_cause",
    "negation_backward", "negation_backward_remedy", "negation_backward_cause",
    "negation_remedy_list", "negation_pseudo", "terminators", "negation_terminators", "experiencer_other",
    "experiencer_first_person_only", "experiencer_speaker", "negation_answer", "clinician_voice",
)
#: key of the verbs whose negation is a verdict on what comes before it ("Rest hasn't helped, ...")
#: in the rules: a list of words, not of cues (rules saved before 0.4.9 have none: the bundled list)
VERDICT_VERBS_KEY = "verdict_verbs"
#: key of the token-pattern cues in the rules: ``{"kind": a cue list, "literal": a name,
#: "pattern": a spaCy Matcher pattern}``, as medspaCy's ConText rules take a ``pattern``
PATTERNS_KEY = "patterns"
_COMPLAINT_HEADS = COMPLAINT_HEADS | {"pain"}  # "my wife's pain" says whose it is too
_BACK_REFERENCES = frozenset({"it", "they", "that", "this", "these", "those", "which"})
_REFERRING_WORDS = _BACK_REFERENCES | {"them", "neither"}
#: note sections whose mentions are someone else's, whatever a cue or the experiencer model says
OTHER_SECTIONS = frozenset({"family_history"})
FIRST_PERSON = frozenset({"i", "me", "my", "myself", "i'm", "im", "i've", "ive", "mine"})


@Language.factory("spasmtext_context", default_config=DEFAULT_CONFIG)
def make_context(nlp, name, window, backward_window):
    """Create the negation/experiencer component with the bundled cue lists."""
    return ContextComponent(nlp, name=name, window=window, backward_window=backward_window)


class ContextComponent(BatchComponent):
    """Set ``negated``, ``negation_cue`` and ``experiencer`` on mentions."""

    def __init__(self, nlp, *, name="spasmtext_context", window=8, backward_window=5, rules=None):
        set_extensions()
        self.negation_model = None
        self.experiencer_model = None
        self.name = name
        self.window = window
        self.backward_window = backward_window
        self._tokenizer = nlp.tokenizer
        self.vocab = nlp.vocab
        self._set_rules(rules or default_context_rules())

    def _set_rules(self, rules):
        self.rules = {key: list(rules.get(key, ())) for key in CUE_LISTS}  # lists added later may be absent
        self.rules[PATTERNS_KEY] = [dict(rule) for rule in rules.get(PATTERNS_KEY, ())]
        verbs = rules.get(VERDICT_VERBS_KEY)
        self.rules[VERDICT_VERBS_KEY] = list(verbs if verbs is not None else default_context_rules()[VERDICT_VERBS_KEY])
        self._verdict_verbs = frozenset(word.lower() for word in self.rules[VERDICT_VERBS_KEY])
        #: a person cue right after a remedy and one of these is whose the remedy is ("has helped him")
        self._object_verdicts = self._verdict_verbs | _OBJECT_VERBS
        self.matcher = PhraseMatcher(self.vocab, attr="LOWER")
        for key in CUE_LISTS:
            phrases = with_bare_contractions(self.rules[key])
            if key == "experiencer_other":
                phrases = with_bare_possessives(phrases)
            self.matcher.add(key, list(self._tokenizer.pipe(phrases)))
        # the cues that close a sentence ("didn't.", "it stopped."), for a sentence that ends
        # without their period ("Tried ibuprofen, it didn't", "... it didn't!")
        self.end_matcher = PhraseMatcher(self.vocab, attr="LOWER")
        self._end_span = 0  # tokens of the longest such cue
        for key in CUE_LISTS:
            closing = [phrase[:-1] for phrase in with_bare_contractions(self.rules[key]) if phrase.endswith(".")]
            if closing:
                docs = list(self._tokenizer.pipe(closing))
                self.end_matcher.add(key, docs)
                self._end_span = max(self._end_span, *map(len, docs))
        self.pattern_matcher = Matcher(self.vocab)
        patterns = [bare_contraction_pattern(rule["pattern"]) for rule in self.rules[PATTERNS_KEY]]
        for rule, pattern in zip(self.rules[PATTERNS_KEY], patterns):
            if rule.get("kind") not in CUE_LISTS:
                raise ValueError(Errors.E022.format(kind=rule.get("kind"), kinds=", ".join(CUE_LISTS)))
            self.pattern_matcher.add(rule["kind"], [pattern])
        self._pattern_words = _required_words(patterns)

    def add_cues(self, kind, phrases=(), patterns=()):
        """Add cues of your own to the cue list ``kind``, as medspaCy's ``ConText.add`` adds rules.

        A site's own phrasing ("as stiff as ever after six sessions", "was a dead
        loss") that the bundled lists miss can be read without retraining: the
        rules decide negation and experiencer in the bundled models (the model card,
        "Negation and experiencer: rules or trained model"), so a cue added here
        changes their output at once; where a trained assertion model decides, it
        becomes one more rule reading among that model's features. The cues are saved
        with the pipeline by ``nlp.to_disk`` and go with it to worker processes.

        Parameters
        ----------
        kind : str
            One of :data:`CUE_LISTS` ("negation_backward_remedy": after a remedy,
            says it failed; "negation_forward": before a mention, denies it;
            "experiencer_other": names another person...; their meaning is in
            ``resources/context_rules.json``'s ``_doc``).
        phrases : iterable of str
            Literal cues, matched on lower-case tokens ("didn't" also matches "didnt").
        patterns : iterable of list of dict
            spaCy ``Matcher`` patterns, for the variants of a cue ("made (zero|no) odds").

        Raises
        ------
        ValueError
            If ``kind`` is not a cue list (E022), or a pattern is not a valid
            ``Matcher`` pattern (the rules are then left as they were).
        """
        if kind not in CUE_LISTS:
            raise ValueError(Errors.E022.format(kind=kind, kinds=", ".join(CUE_LISTS)))
        rules = {key: list(value) if isinstance(value, list) else value for key, value in self.rules.items()}
        rules[kind] = rules[kind] + [phrase for phrase in phrases if phrase not in rules[kind]]
        rules[PATTERNS_KEY] = rules[PATTERNS_KEY] + [
            {"kind": kind, "literal": f"user pattern {len(rules[PATTERNS_KEY]) + i}", "pattern": list(pattern)}
            for i, pattern in enumerate(patterns)]
        before = self.rules
        try:
            self._set_rules(rules)
        except Exception:
            self._set_rules(before)
            raise
        return self

    def predict(self, docs):
        """Per doc, ``[(negated, cue text, experiencer)]`` for its mentions; with trained
        models, one ``predict_proba`` call per model for the whole batch."""
        readings, feats = [], []
        for doc in docs:
            mentions = doc.spans.get(SPANS_KEY, [])
            index = self.cue_index(doc) if mentions else None
            rules = [self._assert(doc, span, *index) for span in mentions]
            if mentions and (self.negation_model is not None or self.experiencer_model is not None):
                feats += [assertion_features(doc, span, index, rule) for span, rule in zip(mentions, rules)]
            readings.append([(neg, cue if neg else None, exp, index) for neg, cue, exp in rules])
        if feats:
            negs = self.negation_model.predict_proba(feats)[:, 1] if self.negation_model is not None else None
            others = (self.experiencer_model.predict_proba(feats)[:, 1]
                      if self.experiencer_model is not None else None)
            row = 0
            for doc_readings in readings:
                for k, (neg, cue, exp, index) in enumerate(doc_readings):
                    if negs is not None:
                        neg = bool(negs[row] >= 0.5)
                    if others is not None:
                        exp = "other" if model_says_other(others[row], feats[row]) else "patient"
                    doc_readings[k] = (neg, cue, exp, index)
                    row += 1
        return readings

    def set_annotations(self, docs, readings):
        for doc, doc_readings in zip(docs, readings):
            for span, (neg, cue, exp, index) in zip(doc.spans.get(SPANS_KEY, []), doc_readings):
                span._.negated = neg
                span._.negation_cue = (cue or _nearest_cue(doc, span, index[0])) if neg else None
                span._.experiencer = exp

    def cue_index(self, doc):
        """Cue matches of ``doc``: ``(cues by list, pseudo tokens, terminator tokens,
        experiencer cues in force, mention starts, complaint owners, list-heading tokens,
        the terminator tokens of experiencer cues, the sentences under a title that is a
        verdict, the quoted sentences under a title that names myths)``."""
        mentions = doc.spans.get(SPANS_KEY, [])
        cues = {key: [] for key in CUE_LISTS}
        strings = self.vocab.strings
        for match_id, start, end in self.matcher(doc):
            cues[strings[match_id]].append((start, end))
        words = word_table(doc.vocab)(doc)[0]
        bounds = sentence_bounds(doc)  # read once: every sentence-wise step below takes them
        if self._end_span:
            for match_id, start, end in self._ends_without_period(doc, words, bounds):
                cues[strings[match_id]].append((start, end))
        if cues["negation_answer"]:
            cues["negation_answer"] = _whole_sentences(doc, cues["negation_answer"], words, bounds)
            # an answer judges the sentence before it, not its own reasons ("It isn't: people who stay active ...")
            answered = {i for start, end in cues["negation_answer"] for i in range(start, end)}
            for kind in ("negation_forward", "negation_forward_to_comma"):
                cues[kind] = [(start, end) for start, end in cues[kind] if not answered.issuperset(range(start, end))]
        if len(self.pattern_matcher):  # token patterns, slower than phrases: run near mentions only
            required = self._pattern_words
            for a, b in _mention_sentences(bounds, mentions):
                if required is not None:
                    lowers = {w.lower for w in words[a:b]}
                    if not any(all(not need.isdisjoint(lowers) for need in sets) for sets in required):
                        continue  # no pattern can match here
                for match_id, start, end in self.pattern_matcher(doc[a:b]):
                    cues[strings[match_id]].append((a + start, a + end))
        # in a clinical note (it has section headers) "I" is the clinician and "she" the patient
        # so is a clinician's letter or report ("Dear Dr Brown, I saw Mr Jones about his back")
        first_person = not doc.spans.get(SECTIONS_KEY) and not cues["clinician_voice"] and \
            any(w.lower in FIRST_PERSON for w in words)
        # a forward cue inside a longer backward one that closes before list glue is that verdict's
        # word, not a cue of its own (NegEx's longest trigger): "Tried ibuprofen without relief and
        # heat with partial relief" ("No relief from heat" still reaches the heat); so is one inside
        # a passive verdict, which has no object after it: "Naproxen was stopped for dyspepsia and
        # etoricoxib has helped"
        closed = [(s, e) for kind in _BACKWARD_KINDS for s, e in cues[kind]
                  if (e < len(doc) and words[e].lower in _CLOSING_GLUE)
                  or (e - s == 2 and words[s].lower in _PASSIVE_BE)]
        if closed:
            for kind in _FORWARD_KINDS:
                cues[kind] = [(a, b) for a, b in cues[kind]
                              if not any(s <= a and b <= e and e - s > b - a for s, e in closed)]
        pseudo = set()
        longer = [cue for kind in NEGATION_CUE_LISTS for cue in cues[kind]] if cues["negation_pseudo"] else ()
        for start, end in cues["negation_pseudo"]:
            # a pseudo-negation inside a longer negation cue gives way to it, as NegEx takes the
            # longest trigger: "did nothing but make me dizzy" holds "nothing but" ("nothing but relief")
            if not any(s <= start and end <= e and e - s > end - start for s, e in longer):
                pseudo.update(range(start, end))
        # "since" ends a negation's scope ("hasn't hurt since the fall"), not a person's
        # ("my husband's back has been bad since a motorbike accident")
        person_terminators = {i for s, e in cues["terminators"] for i in range(s, e)}
        terminators = person_terminators | {i for s, e in cues["negation_terminators"] for i in range(s, e)}
        other_cues = list(cues["experiencer_other"])
        if first_person:
            other_cues += cues["experiencer_first_person_only"]
        # a person who speaks or advises is not the experiencer: "my mum says to split the jobs",
        # "my daughter, who is a nurse, thinks it's reaching forward"
        speaking = {start for start, _ in cues["experiencer_speaker"]}
        other_cues = [(start, end) for start, end in other_cues
                      if end not in speaking and _aside_end(words, end) not in speaking]
        starts = {span.start for span in mentions}
        owners = complaint_owners(doc, words, first_person)
        # a verdict that heads a list ("Didn't work for me: chiropractor, massage") reaches its items
        cues["negation_remedy_list"] = [cue for cue in cues["negation_remedy_list"]
                                        if not _judges_a_mention(doc, words, cue, starts)]
        cues["negation_remedy_list"] += _verdict_headings(doc, words, cues, pseudo, starts)
        # "What didn't help:" heads a list of remedies: its "didn't" is no forward cue for causes
        heading = {i for s, e in cues["negation_remedy_list"] if words[e - 1].text == ":" for i in range(s, e)}
        titled = _verdict_titles(doc, words, bounds, cues, pseudo, starts)
        myths = _myth_quotes(doc, words, bounds) if starts else {}
        return cues, pseudo, terminators, other_cues, starts, owners, heading, person_terminators, titled, myths

    def _ends_without_period(self, doc, words, bounds):
        """``[(match_id, start, end)]``: the cues that close a sentence with a period
        ("didn't.", "it stopped."), found at the end of a sentence that closes otherwise:
        with nothing at the end of the text or of a line ("Tried ibuprofen, it didn't"), "!",
        "...", an emoji or a bracket ("it didn't!", "it didn't :(") but not "?" (a question).
        ``bounds``: the doc's :func:`~spasmtext.sentences.sentence_bounds`."""
        out = []
        for a, b in bounds:
            last = b - 1
            while last >= a and (words[last].is_space or words[last].is_punct):
                if words[last].text in _NOT_CLOSING:
                    break  # "didn't." is the phrase matcher's; "it didn't?" asks
                last -= 1
            if last < a or words[last].is_punct:
                continue
            first = max(a, last + 1 - self._end_span)
            # (a PhraseMatcher gives a span's matches in the doc's token offsets)
            out += [match for match in self.end_matcher(doc[first:last + 1]) if match[2] == last + 1]
        return out

    # -- rules --------------------------------------------------------------
    @staticmethod
    def _same_clause(doc, a, b, terminators, mention, cue_start=None):
        """True if tokens [a, b) hold no sentence start or terminator outside ``mention``.

        Three breaks do not end a backward cue's reach: the colon of a key-value
        line ("Trauma: none"), a "but" whose clause only refers back to the
        mention ("Tried PT but it did nothing") or is the verdict alone, with no
        subject of its own ("Tried ibuprofen but no relief", "Heat patches are comfy
        but make no difference"), and a relative pronoun that opens the cue's
        clause ("an extra pillow, which did not help"): see :func:`_refers_back`. Nor does a
        terminator that opens the backward cue itself ("Tramadol made me dizzy so I quit").
        """
        for i in range(a, b):
            if i > a and doc[i].is_sent_start and not (doc[i - 1].text == ":" and cue_start == i):
                return False
            if i in terminators and not mention.start <= i < mention.end:
                if cue_start is not None and (i == cue_start or _refers_back(doc, i, cue_start)):
                    continue
                return False
        return True

    @staticmethod
    def _list_glue_only(doc, a, b, mention_starts):
        """True unless another mention in [a, b) is separated by more than list glue.

        A backward cue reaches back over a coordinated list ("heat and ice did
        nothing", "heat and ice have been useless": the list's last mention may
        be the cue's subject) but not over another mention with words of its
        own ("Ice helped a lot, ibuprofen did nothing").
        """
        starts = [i for i in range(a, b) if i in mention_starts]
        if not starts:
            return True
        return all(_list_glue(doc, i, mention_starts) for i in range(a, starts[-1] + 1))

    def _assert(self, doc, span, cues, pseudo, terminators, other_cues, mention_starts=frozenset(), owners=(),
                heading=frozenset(), person_terminators=None, titled=None, myths=None):
        """The rules' reading: ``(negated, negation cue text, experiencer)``."""
        negated, cue_text = False, None
        # forward cues: nearest first
        # "Avoid heavy lifting" names a cause; "I thought it was a pulled muscle" revises one
        kinds = ("negation_forward", "negation_forward_to_comma") + (
            ("negation_forward_remedy",) if span.label_ == "REMEDY" else ("negation_forward_cause",))
        forward = sorted(
            ((c, kind) for kind in kinds for c in cues[kind]
             if c[1] <= span.start and span.start - c[1] <= self.window),
            key=lambda ck: span.start - ck[0][1],
        )
        for (start, end), kind in forward:
            if any(i in pseudo or i in heading for i in range(start, end)):
                continue  # the "didn't" of "What didn't help:" heads a list of remedies, not of causes
            if _conditional(doc, start):
                continue  # "If you can't replace it, a mattress topper ... is a cheap fix"
            if _verdict_before(doc, end, span.start, self._verdict_verbs):
                continue  # "heat did not help at all, ice was better": a verdict on what came before
            if kind == "negation_forward_to_comma" and any(doc[i].text == "," for i in range(end, span.start)):
                continue  # "no breaks and less walking" negates the breaks only
            if any(doc[i].text == ":" for i in range(end, span.start)) and not _heads_line(doc, start, end):
                continue  # "Crash diets are not recommended: steady weight loss ..." ("What didn't: x, y")
            if any(doc[i].text == ")" for i in range(end, span.start)):
                continue  # "pregabalin (dizziness, stopped), facet joint injections": the cue's bracket is closed
            if _advice_ends_before(doc, start, span.start):
                continue  # "avoid heavy lifting for 1 week, physio if not improving": the cue's own advice
            if _clause_after_and(doc, end, span.start):
                continue  # "so I don't lean in as far, and Pilates twice a week is keeping it under control"
            if span.label_ != "REMEDY" and doc[start].lower_ == "myth" and _remedy_after(doc, end, span):
                continue  # "Myth 4: Surgery is the only fix for a herniated disc": the myth is the remedy's
            if kind == "negation_forward_remedy" and _no_longer_needed(doc, span.end):
                continue  # "Stopped naproxen as no longer needed": stopped because it did its job
            if self._same_clause(doc, end, span.start + 1, terminators, span):
                negated, cue_text = True, doc[start:end].text
                break
        if not negated and span.label_ == "REMEDY":  # a list cue: every remedy after it to the end
            for start, end in cues["negation_remedy_list"]:  # of the sentence ("What doesn't help: sitting" is a cause)
                if end <= span.start and span.start - end <= REMEDY_LIST_WINDOW and \
                        not any(i in pseudo for i in range(start, end)) and not _conditional(doc, start) and \
                        self._same_clause(doc, end, span.start + 1, terminators, span):
                    negated, cue_text = True, doc[start:end].text
                    break
        if not negated:
            # "bed rest made it worse": a remedy that failed; "sitting doesn't bother it": no cause
            kinds = _BACKWARD_KINDS if span.label_ == "REMEDY" else ("negation_backward", "negation_backward_cause")
            subject = _opens_sentence(doc, span)  # once per mention, not per cue
            backward = sorted(
                (c for kind in kinds for c in cues[kind] if c[0] >= span.end
                 and (_near_over_doses(doc, span.end, c[0], self.backward_window)
                      or c[0] - span.end <= REFERRING_WINDOW and (subject or _after_reference(doc, span.end, c[0])
                                                                  or doc[c[0]].lower_ in _NOTHING)
                      or c[0] - span.end <= REMEDY_LIST_WINDOW and span.label_ == "REMEDY"
                      and _in_list_before(doc, span.end, c[0], mention_starts))),
                key=lambda c: (c[0], -(c[1] - c[0])),
            )
            for start, end in backward:
                if any(i in pseudo for i in range(start, end)) or _conditional(doc, start):
                    continue  # "Transforaminal epidural first; microdiscectomy if no improvement"
                if self._same_clause(doc, span.end, start + 1, terminators, span, cue_start=start) and (
                        doc[start].lower_ in _NOTHING  # "I tried shoes and insoles, neither changed anything"
                        or self._list_glue_only(doc, span.end, start, mention_starts)
                        or span.label_ == "REMEDY" and _in_list_before(doc, span.end, start, mention_starts)):
                    negated, cue_text = True, doc[start:end].text
                    break
        if not negated:
            cue_text = _answer(doc, span, cues["negation_answer"])
            negated = cue_text is not None
        if not negated and span.label_ == "REMEDY":  # verdicts from the next sentence
            sent, nxt = _this_and_next_sentence(doc, span)
            if nxt is not None:
                cue_text = self._item_verdict(doc, span, sent, nxt, cues, pseudo, terminators, mention_starts) \
                    or self._nothing_after(doc, sent, nxt, cues) \
                    or self._referring_verdict(doc, span, sent, nxt, cues, pseudo)
                negated = cue_text is not None
        if not negated and span.label_ == "REMEDY" and titled:  # an item under a title that is a verdict
            sent = span.sent
            cue_text = titled.get(sent.start)
            negated = cue_text is not None and _opens_item(doc, span, sent, mention_starts)
            cue_text = cue_text if negated else None
        if not negated and span.label_ == "REMEDY" and myths:  # a myth quoted under a title naming myths
            cue_text = myths.get(span.sent.start)
            negated = cue_text is not None
        experiencer = "patient"
        if person_terminators is None:
            person_terminators = terminators
        for start, end in other_cues:
            if end <= span.start:
                between = range(end, span.start)
                if self._same_clause(doc, end, span.start + 1, person_terminators, span) and not any(
                        _writer_here(doc, i) for i in between) and not _borrowed(doc, span, start, end):
                    experiencer = "other"
                    break
            elif start >= span.end and start - span.end <= 3 and (
                    doc[start - 1].lower_ in {"for", "to", "of"}
                    or span.label_ == "REMEDY" and doc[start - 1].lower_ in self._object_verdicts
                    and doc[start].lower_ in {"him", "her"}):  # not "their": "helps their back" is anyone's
                experiencer = "other"
                break
        if experiencer == "patient" and _owner_before(owners, span.start) == "other":
            sent = span.sent
            if not any(_writer_here(doc, i) for i in range(sent.start, sent.end)):
                experiencer = "other"  # "Mum's back (82): osteoporosis, two fractures"
        if span._.section in OTHER_SECTIONS:
            experiencer = "other"  # "FAMILY HISTORY: mother with scoliosis"
        return negated, cue_text, experiencer

    def _item_verdict(self, doc, span, sent, nxt, cues, pseudo, terminators, mention_starts):
        """The text of a backward cue that negates ``span`` from the next sentence ``nxt`` when
        ``span`` (in ``sent``) is a list item on its own (:func:`_item_sentence`) that ``nxt``
        judges, before any other mention, in its first clause: "Back belts and braces. These
        are not recommended for everyday back pain.", "1. Posture corrector. Dug into my
        armpits, did nothing for the ache." Else None."""
        if not _item_sentence(doc, span, sent, mention_starts):
            return None
        for start, end in sorted(c for kind in _BACKWARD_KINDS for c in cues[kind] if nxt.start <= c[0] < nxt.end):
            if any(i in pseudo for i in range(start, end)) or _conditional(doc, start):
                continue
            opening = [i for i in range(nxt.start, start) if not (doc[i].is_punct or doc[i].is_space)]
            clause_end = next((i for i in range(end, nxt.end) if i in terminators), nxt.end)
            if not opening or any(i in terminators for i in opening) or \
                    any(i in mention_starts for i in range(nxt.start, clause_end)):
                return None  # "Stopped cyclobenzaprine ...", a later clause, another mention judged
            return doc[start:end].text
        return None

    def _nothing_after(self, doc, sent, nxt, cues):
        """The text of a verdict that opens the sentence ``nxt`` with "nothing", "none" or
        "neither" and negates the remedies of the sentence ``sent`` before it ("We tried the
        TENS machine. Nothing changed after six weeks."), unless ``sent`` gives a verdict of
        its own ("Physio helped a lot. Nothing has worked as well."). Else None."""
        first = _first_word(doc, nxt.start, nxt.end)
        if first is None or doc[first].lower_ not in _NOTHING:
            return None
        verdicts = self._verdict_verbs
        if any(doc[i].lower_ in verdicts for i in range(sent.start, sent.end)):
            return None
        for kind in _BACKWARD_KINDS:
            for start, end in cues[kind]:
                if start == first:
                    return doc[start:end].text
        return None

    def _referring_verdict(self, doc, span, sent, nxt, cues, pseudo):
        """The text of a verdict that opens the sentence ``nxt`` with a word referring back
        and negates the remedy ``span`` of the sentence ``sent`` before it ("Bought a back
        brace last month. It's useless.", "Tried yoga and pilates. Honestly they made no
        difference."): the sentence opens with at most ``_ANSWER_LEAD`` words, then the word
        referring back, then the cue within ``REFERENCE_GAP`` words, holds no mention before the
        cue, and ``sent`` gives no verdict of its own and neither praises nor hedges ("Physio
        helped a lot. It was worth it.", "Muscle relaxants may ease a spasm. They are not
        recommended for more than a week."). "it", "this" and "that" refer to one thing:
        ``span`` must be the only remedy of ``sent``. Else None."""
        ref = _first_word(doc, nxt.start, nxt.end, skip=_ANSWER_LEAD)
        if ref is None or doc[ref].lower_ not in _REFERRING_OPENERS:
            return None
        if any(doc[i].lower_ in self._verdict_verbs or doc[i].lower_ in _PRAISE_OR_HEDGE
               for i in range(sent.start, sent.end)):
            return None  # "Muscle relaxants may ease a spasm. They are not recommended for more than a week."
        mentions = doc.spans[SPANS_KEY]
        if doc[ref].lower_ in _SINGULAR_REFERENCES and any(
                m.label_ == "REMEDY" and sent.start <= m.start < sent.end and m.start != span.start for m in mentions):
            return None
        for start, end in sorted(c for kind in _BACKWARD_KINDS for c in cues[kind] if ref < c[0] < nxt.end):
            if start - ref - 1 > REFERENCE_GAP or any(ref < m.start < start for m in mentions):
                return None
            if any(i in pseudo for i in range(start, end)) or _conditional(doc, start):
                continue
            return doc[start:end].text
        return None

    # -- training ---------------------------------------------------------------
    def featurize(self, doc, spans):
        """Assertion features and rule readings of ``spans`` (mentions of ``doc``)."""
        doc.spans[SPANS_KEY] = spans
        index = self.cue_index(doc)
        rules = [self._assert(doc, span, *index) for span in doc.spans[SPANS_KEY]]
        return [assertion_features(doc, span, index, rule)
                for span, rule in zip(doc.spans[SPANS_KEY], rules)], rules

    def fit(self, feats, negated, experiencer, *, which=("negation", "experiencer"), random_state=0):
        """Fit the assertion models named in ``which`` on gold mentions; return self."""
        self.negation_model = self.experiencer_model = None
        if "negation" in which:
            self.negation_model = _estimator(random_state).fit(feats, [int(n) for n in negated])
        if "experiencer" in which:
            self.experiencer_model = _estimator(random_state).fit(feats, [int(e == "other") for e in experiencer])
        return self

    # -- serialization -----------------------------------------------------------
    def to_disk(self, path, *, exclude=tuple()):
        """Write the rules and each fitted model as a :class:`~spasmtext.linear.LinearModel`."""
        write_json(path, "rules.json", self.rules)
        path = Path(path)
        saved = []
        for attr, name in MODEL_FILES.items():
            model = getattr(self, attr)
            if model is not None:
                as_linear(model).to_disk(path / name)
                saved.append(name)
        write_json(path, "cfg.json", {"models": saved})

    def from_disk(self, path, *, exclude=tuple()):
        path = Path(path)
        refuse_pickled_models(path)
        self._set_rules(read_json(path, "rules.json"))
        cfg_path = path / "cfg.json"
        saved = set(json.loads(cfg_path.read_text(encoding="utf8")).get("models", ())) if cfg_path.exists() else set()
        for attr, name in MODEL_FILES.items():
            setattr(self, attr, LinearModel.from_disk(path / name) if name in saved else None)
        return self


_NOT = re.compile(r"(?<=[a-z])n't\b", re.IGNORECASE)


def with_bare_contractions(phrases):
    """``phrases`` and, for each with a contraction of "not", the same written without its
    apostrophe, as lay text often is: "didn't help" and "didnt help" ("didnt" is tokenized
    "did" + "nt", "cant" "ca" + "nt", as spaCy's English exceptions split them)."""
    bare = [_NOT.sub("nt", phrase) for phrase in phrases if "n't" in phrase.lower()]
    return list(dict.fromkeys([*phrases, *bare]))


def with_bare_possessives(phrases):
    """``phrases`` and, for each "my/his/her/our" + a person word, the person's possessive
    written without its apostrophe: "my wife" and "my wifes" ("my wifes physio")."""
    bare = []
    for phrase in phrases:
        words = phrase.lower().split()
        if len(words) == 2 and words[0] in ("my", "his", "her", "our") and words[1] in _PEOPLE \
                and not words[1].endswith("s"):
            bare.append(phrase + "s")
    return list(dict.fromkeys([*phrases, *bare]))


def bare_contraction_pattern(pattern):
    """A token pattern that takes "nt" wherever it takes "n't" (see :func:`with_bare_contractions`)."""
    out = []
    for token in pattern:
        value = token.get("LOWER")
        if value == "n't":
            token = {**token, "LOWER": {"IN": ["n't", "nt"]}}
        elif isinstance(value, dict) and "n't" in value.get("IN", ()) and "nt" not in value["IN"]:
            token = {**token, "LOWER": {**value, "IN": [*value["IN"], "nt"]}}
        out.append(token)
    return out


#: verbs that, beside the rules' verdict verbs, take the person a remedy acted on as object ("gave
#: her her life back", "made her confused")
_OBJECT_VERBS = frozenset({"gave", "gives", "give", "got", "gets", "made", "makes", "let", "lets", "allowed",
                           "allows", "kept", "keeps", "eased", "eases"})

#: the cue lists whose cues act on a mention before them
_BACKWARD_KINDS = ("negation_backward", "negation_backward_remedy")
_FORWARD_KINDS = ("negation_forward", "negation_forward_to_comma", "negation_forward_remedy", "negation_forward_cause")
#: what may follow a backward cue that closes its verdict before the next item of a list
_CLOSING_GLUE = frozenset({"and", ",", "but", ";"})
#: the auxiliary of a two-word passive verdict ("was stopped", "were discontinued")
_PASSIVE_BE = frozenset({"was", "were", "is", "are", "been", "be"})
#: words that open a sentence judging what the sentence before named ("It's useless.", "They did nothing.")
_REFERRING_OPENERS = frozenset({"it", "they", "this", "that", "these", "those", "neither"})
#: of those, the ones that name one thing only
_SINGULAR_REFERENCES = frozenset({"it", "this", "that"})
#: words of a sentence that praises or hedges: the sentence after it qualifies, it does not judge
_PRAISE_OR_HEDGE = frozenset({"can", "may", "might", "could", "ease", "eases", "eased", "relieve", "relieves",
                              "relieved", "good", "great", "useful", "helpful", "feels", "felt"})
#: words at most between such a word and its verdict ("It 's honestly been useless", "They just did nothing")
REFERENCE_GAP = 3


def _first_word(doc, a, b, skip=frozenset()):
    """The first token of [a, b) that is no punctuation, whitespace or word of ``skip``
    (lower case), or None."""
    return next((i for i in range(a, b) if not (doc[i].is_punct or doc[i].is_space or doc[i].lower_ in skip)),
                None)


def _this_and_next_sentence(doc, span):
    """``(sentence of span, the sentence after it or None)``."""
    sent = span.sent
    return sent, (doc[sent.end].sent if sent.end < len(doc) else None)


#: words of a dose or a time that a backward cue reaches over without counting them, as numbers
#: ("Took naproxen 500 mg at 8am, no relief")
_DOSE_WORDS = frozenset("mg mcg g ml units unit tab tabs tablet tablets cap caps x po prn bid tid qid qhs qd "
                        "daily nightly am pm at".split())


def _near_over_doses(doc, lo, hi, window):
    """True if at most ``window`` tokens of [lo, hi) are left once numbers and ``_DOSE_WORDS``
    are skipped, and they are skipped only if a number is among them ("Took naproxen 500 mg at
    8am, no relief"). Reads no further than ``window`` tokens that are neither: a cue far away
    costs no more than a near one."""
    if hi - lo <= window:
        return True
    other = number = 0
    for i in range(lo, hi):
        token = doc[i]
        if token.like_num:
            number = 1
        elif token.lower_ not in _DOSE_WORDS:
            other += 1
            if other > window:
                return False
    return bool(number)


#: words that may stand before an item of a coordinated list ("physiotherapy and two epidurals")
_ITEM_OPENERS = frozenset("a an the my his her their our your some several of course courses round rounds "
                          "session sessions trial trials week weeks month months year years".split())


def _in_list_before(doc, lo, cue_start, mention_starts):
    """True if the tokens [lo, cue_start) are the rest of a coordinated list of mentions that
    the cue at ``cue_start`` closes: other mentions joined by list glue, the words that open
    an item and doses ("Has tried physiotherapy and two epidurals without lasting improvement",
    "Ibuprofen 400 mg and a course of prednisolone did not help"), with at least one mention
    among them."""
    return any(i in mention_starts for i in range(lo, cue_start)) and all(
        _list_glue(doc, i, mention_starts) or doc[i].like_num or doc[i].lower_ in _ITEM_OPENERS
        or doc[i].lower_ in _DOSE_WORDS for i in range(lo, cue_start))


#: words that join the items of a list
_LIST_JOINERS = frozenset({"and", "or", "nor", "&"})


def _list_glue(doc, i, mention_starts):
    """True if token ``i`` is punctuation, a word joining list items, or in a mention (a
    mention in the same sentence)."""
    return doc[i].is_punct or doc[i].lower_ in _LIST_JOINERS or i in mention_starts \
        or not doc[i].is_sent_start and _inside_mention(doc, i)


#: words a list item may add to its mentions, in a phrase that one of ``_ITEM_PREPOSITIONS``
#: opens ("Paracetamol on its own.", "Opioids for long-term pain."), not a clause ("Pregabalin
#: takes the edge off at night.")
ITEM_MAX_WORDS = 6
_ITEM_PREPOSITIONS = frozenset("for on with without in at from of during after before alone".split())


def _item_sentence(doc, span, sent, mention_starts):
    """True if the sentence ``sent`` of ``span`` is a list item: mentions open it (list
    numbers, determiners and list glue aside), and after ``span`` come at most
    ``ITEM_MAX_WORDS`` words besides list glue and other mentions ("Traction, TENS and
    ultrasound therapy.")."""
    if not all(doc[i].is_punct or doc[i].is_space or doc[i].like_num or doc[i].lower_ in _SUBJECT_DETERMINERS
               or doc[i].lower_ in _LIST_JOINERS or _inside_mention(doc, i)
               for i in range(sent.start, span.start)):
        return False
    words = [i for i in range(span.end, sent.end)
             if not (doc[i].is_space or _list_glue(doc, i, mention_starts) or _inside_mention(doc, i))]
    return not words or len(words) <= ITEM_MAX_WORDS and doc[words[0]].lower_ in _ITEM_PREPOSITIONS


#: the words that open a verdict on everything the sentence before named ("Nothing changed.")
#: the most words an aside between commas after a person may hold ("my daughter, who is a nurse, thinks")
ASIDE_MAX_WORDS = 8


def _aside_end(words, i):
    """The token after an aside that opens at ``i`` ("my daughter[, who is a nurse,] thinks"):
    a comma, at most ``ASIDE_MAX_WORDS`` words and a second comma; -1 if there is none."""
    if i >= len(words) or words[i].text != ",":
        return -1
    for j in range(i + 1, min(i + 2 + ASIDE_MAX_WORDS, len(words))):
        if words[j].text == ",":
            return j + 1
        if words[j].is_punct or words[j].newline:
            return -1
    return -1


_NOTHING = frozenset({"nothing", "none", "neither"})
#: words a clause opened by a contrast may hold before the word referring back to the mention
LONG_OPENER = 7
_CONTRAST = frozenset({"but", "however", "though", "although", "yet"})


def _reference_before(doc, i, lo):
    """The index of the word before token ``i`` (after ``lo``), adverbs aside
    (``_REFERRING_ADVERBS``): where a word referring back would stand ("it still isn't")."""
    j = i - 1
    while j > lo and doc[j].lower_ in _REFERRING_ADVERBS:
        j -= 1
    return j


def _refers_back(doc, terminator, cue_start):
    """True if the clause that the terminator at ``terminator`` opens, up to the cue at
    ``cue_start``, is only a word referring back to the mention: "but it" ("Tried PT but it
    did nothing"), or the terminator itself ("an extra pillow, which did not help"); or "but"
    alone, or "but" and at most two verbs that need a subject ("... but was no use"), the cue
    ending the clause with no mention after it ("Acupuncture was pleasant but no lasting
    change", not "Ice helped but no relief from heat"); or, after a contrast, a
    few words and then "it" or "they" ("I tried PT, but sadly after six weeks it did nothing")."""
    opener = [doc[j].lower_ for j in range(terminator, cue_start)]
    if opener[0] == "but" and len(opener) <= 3 and all(word in _SUBJECTLESS_VERBS for word in opener[1:]):
        # the clause after "but" has no subject of its own: it is the mention's
        return not any(_inside_mention(doc, k) for k in range(cue_start, doc[cue_start].sent.end))
    if 0 < len(opener) <= 2:
        return opener[-1] in _BACK_REFERENCES
    # "but sadly after six weeks it did nothing": "it" or "they" right before the cue
    j = _reference_before(doc, cue_start, terminator)
    return len(opener) <= LONG_OPENER and opener[0] in _CONTRAST and j > terminator and doc[j].lower_ in {"it", "they"}


#: verbs that open a clause after "but" without a subject of their own, so that the clause goes
#: on about the subject before "but" ("Acupuncture was relaxing but gave no lasting relief")
_SUBJECTLESS_VERBS = frozenset({
    "is", "are", "was", "were", "has", "have", "had", "gave", "gives", "give", "made", "makes", "make",
    "showed", "shows", "show", "offered", "offers", "provided", "provides", "brought", "brings", "got", "gets",
    "did", "does"})


#: words that may come before a mention that is its sentence's subject ("The muscle relaxers ...")
_SUBJECT_DETERMINERS = frozenset("the a an my his her their our your this that these those".split())


#: words that open a clause whose subject may be a mention ("..., and paracetamol on its own is useless")
_CLAUSE_OPENERS = frozenset({"and", "so", "but"})


def _opens_sentence(doc, span):
    """True if ``span`` opens its sentence (a determiner aside), or a clause after a comma and
    one of ``_CLAUSE_OPENERS``, as the subject whose verdict may come late: "The muscle
    relaxers the doctor gave him did nothing", "I can't take anything strong, and paracetamol
    on its own is next to useless"."""
    start = span.sent.start
    if all(doc[i].lower_ in _SUBJECT_DETERMINERS or doc[i].is_punct or doc[i].is_space
           for i in range(start, span.start)):
        return True
    i = span.start - 1
    while i > start and doc[i].lower_ in _SUBJECT_DETERMINERS:
        i -= 1
    return doc[i].lower_ in _CLAUSE_OPENERS and (i == start or doc[i - 1].text == ",")


def _heads_line(doc, start, end):
    """True if the cue at [start, end) heads what its colon introduces: it opens its sentence
    ("Myth: ...", "2. Not recommended: ...") or one word and a colon frame it ("What
    didn't: inversion table, acupuncture"), unlike "Crash diets are not recommended: ..."."""
    words = [j for j in range(doc[start].sent.start, start)
             if not (doc[j].is_punct or doc[j].is_space or doc[j].like_num)]
    return not words or len(words) == 1 and end < len(doc) and doc[end].text == ":"


#: words a verdict may have between it and the colon of the list it heads ("Didn't help my back at all:")
HEADING_GAP = 5
#: verdicts that the items made the pain worse: such a list names causes ("What made it worse: sitting")
_WORSE = re.compile(r"worse|aggravat|flare|stiffer")
#: the last word before a verdict that heads a list, if any: it opens the heading ("What did nothing:",
#: "Things that didn't work:"); a noun there is what the verdict judges ("Crash diets are not recommended:")
_HEADING_SUBJECTS = frozenset({"what", "that", "which", "whatever"})
#: a copula between such a word and the verdict ("Things that were useless for my sciatica:")
_HEADING_COPULAS = frozenset({"is", "are", "was", "were", "been", "has", "have", "had"})


def _verdict_headings(doc, words, cues, pseudo, mention_starts):
    """``[(start, end)]``: the backward cues that head a list, with its colon ("Stuff that
    didn't work for me: chiropractor, massage", "What did nothing for my back: ..."): no
    mention between the start of their sentence or line and the colon, at most
    ``HEADING_GAP`` words and no punctuation or sentence break between the cue and the colon,
    something after the colon on its line, nothing or "what", "that", "which" before the cue
    in its sentence, a copula aside ("Things that were useless for my sciatica:"; "Crash
    diets are not recommended: steady weight loss ..." judges the diets), and not a verdict
    that the items made it worse (a list of causes) or inside a condition or a pseudo-cue.
    "Heat did nothing: I switched to ice" judges the heat."""
    out, n = [], len(words)
    for kind in _BACKWARD_KINDS:
        for start, end in cues[kind]:
            j = end
            while j < n and j - end < HEADING_GAP and not (words[j].is_punct or words[j].newline
                                                           or doc[j].is_sent_start):
                j += 1
            if j + 1 >= n or words[j].text != ":" or words[j + 1].newline or doc[j].is_sent_start:
                continue
            if start in pseudo or _WORSE.search(doc[start:end].text.lower()) or _conditional(doc, start):
                continue
            first = _clause_start(doc, words, start)
            before = [w.lower for w in words[first:start] if not (w.is_punct or w.is_space or w.like_num)]
            while before and before[-1] in _HEADING_COPULAS:
                before.pop()
            if (not before or before[-1] in _HEADING_SUBJECTS) and mention_starts.isdisjoint(range(first, j)):
                out.append((start, j + 1))
    return out


def _clause_start(doc, words, i):
    """The first token of the sentence or line of token ``i``, whichever starts later."""
    while i > 0 and not doc[i].is_sent_start and not words[i - 1].newline:
        i -= 1
    return i


def _judges_a_mention(doc, words, cue, mention_starts):
    """True if the list cue ``cue`` (its colon last) has a mention before it in its sentence or
    line: "Ice was useless: heat helped" judges the ice, not what follows the colon."""
    start, end = cue
    first = _clause_start(doc, words, start)
    return words[end - 1].text == ":" and not mention_starts.isdisjoint(range(first, start))


#: what a title that is a verdict may hold and still be a title ("Five things that do not help a sore back.")
TITLE_MAX_WORDS = 16
#: sentences a title's verdict reaches at most, and the words of a line that ends its reach
TITLE_REACH = 20
NEXT_TITLE_MAX_WORDS = 10
#: the cue lists whose cue makes a title a verdict on the items below it
_TITLE_KINDS = ("negation_backward", "negation_backward_remedy", "negation_forward_remedy", "negation_remedy_list")
_BULLETS = frozenset({"-", "*", "•", "–", "—"})


def _verdict_titles(doc, words, bounds, cues, pseudo, mention_starts):
    """``{sentence start: cue text}``: the sentences under a title that is a verdict on the
    items below it ("What usually does not help", "Five things that do not help a sore
    back. 1. ...", "Things I wasted money on for my back"). A title opens its line and is
    no list item itself, holds such a cue (not in a pseudo-cue or a condition) and no
    mention, has at most ``TITLE_MAX_WORDS`` words, and ends its line without a period, or
    with a colon, or before a numbered or bulleted item.
    Its reach ends at the next line that reads as a title (at most ``NEXT_TITLE_MAX_WORDS``
    words, no mention, not ending with a period: "What helps") or after ``TITLE_REACH``
    sentences."""
    found = [(start, end) for kind in _TITLE_KINDS for start, end in cues[kind]
             if start not in pseudo and not _conditional(doc, start)]
    if not found:
        return {}
    firsts = [a for a, _ in bounds]
    out = {}
    for start, end in sorted(found):
        k = bisect_right(firsts, start) - 1
        a, b = bounds[k]
        if end > b or not mention_starts.isdisjoint(range(a, b)) or _word_count(words, a, b) > TITLE_MAX_WORDS:
            continue
        first = a
        while first < b and words[first].is_space:
            first += 1
        if not (_opens_line(words, a) or k and words[a - 1].text == ":" and _opens_line(words, bounds[k - 1][0])) \
                or _item_marker(words, first) or k and _only_list_number(words, *bounds[k - 1]):
            continue  # a title opens its line, or follows a label ("Thread: ..."), and is no list item itself
        last, at_line_end = _line_end(words, a, b)
        next_item = k + 1 < len(bounds) and _item_marker(words, bounds[k + 1][0])
        if not (words[last].text == ":" or at_line_end and words[last].text not in ".!?" or next_item):
            continue
        for a2, b2 in bounds[k + 1:k + 1 + TITLE_REACH]:
            if _reads_as_title(words, a2, b2, mention_starts):
                break
            out.setdefault(a2, doc[start:end].text)
    return out


_MYTH_TITLE_WORDS = frozenset({"myth", "myths", "misconception", "misconceptions", "believing", "beliefs"})
_OPENING_QUOTES = frozenset({'"', "\u201c"})
_AGREEMENTS = frozenset({"true", "yes", "correct", "right"})


def _myth_quotes(doc, words, bounds):
    """``{sentence start: title word}``: the sentences that are a quotation in a text whose
    title, its first sentence of at most ``TITLE_MAX_WORDS`` words, names myths or beliefs
    ('Back pain myths. "You should stay in bed until it stops hurting." More than a day or
    two ...', 'Four things your back wants you to stop believing'): each quotes a myth,
    so a remedy in it is one the text says not to count on. Not a quotation that the next
    sentence agrees with ('"Heat can ease a muscle spasm." True.'). A cause in it is left
    alone: it is the myth's premise ('"A slipped disc will need surgery."')."""
    if len(bounds) < 2:
        return {}
    a, b = bounds[0]
    title = [w.text for w in words[a:b] if w.lower in _MYTH_TITLE_WORDS]
    if not title or _word_count(words, a, b) > TITLE_MAX_WORDS:
        return {}
    out = {}
    for k, (a2, b2) in enumerate(bounds[1:], 1):
        first = a2
        while first < b2 and words[first].is_space:
            first += 1
        if first == b2 or words[first].text not in _OPENING_QUOTES:
            continue
        if k + 1 < len(bounds):
            agreed = _first_word(doc, *bounds[k + 1])
            if agreed is not None and words[agreed].lower in _AGREEMENTS:
                continue
        out[a2] = title[0]
    return out


def _remedy_after(doc, end, span):
    """True if a REMEDY mention follows token ``end`` in ``span``'s sentence."""
    sent_end = span.sent.end
    return any(m.label_ == "REMEDY" and end <= m.start < sent_end for m in doc.spans.get(SPANS_KEY, []))


def _word_count(words, a, b):
    return sum(1 for i in range(a, b) if not (words[i].is_punct or words[i].is_space))


def _last_word(words, a, b):
    """The last token of [a, b) that is not whitespace (``a`` if there is none)."""
    i = b - 1
    while i > a and words[i].is_space:
        i -= 1
    return i


def _line_end(words, a, b):
    """``(last, ends_line)``: the last word of the sentence [a, b) (:func:`_last_word`) and
    whether its line ends right after it (or the text does)."""
    last = _last_word(words, a, b)
    return last, last + 1 >= len(words) or words[last + 1].newline


def _item_marker(words, i):
    """True if a numbered or bulleted list item starts at token ``i`` ("1.", "2)", "-")."""
    while i < len(words) and words[i].is_space:
        i += 1
    if i >= len(words):
        return False
    text = words[i].text
    return text in _BULLETS or (words[i].like_num and (text[-1:] in ".)" or
                                                       i + 1 < len(words) and words[i + 1].text in (".", ")")))


def _opens_line(words, a):
    """True if the sentence starting at token ``a`` opens a line (or the text)."""
    return a == 0 or words[a - 1].newline or words[a].newline


def _only_list_number(words, a, b):
    """True if the tokens [a, b) are a list number alone ("2.", "3)"), spaces aside."""
    spoken = [w for w in words[a:b] if not w.is_space]
    return any(w.like_num for w in spoken) and all(w.like_num or w.is_punct for w in spoken)


def _reads_as_title(words, a, b, mention_starts):
    """True if the sentence [a, b) is a line of its own that reads as a title: a few words, no
    mention, no final period ("What helps", "When to see a doctor?")."""
    last, ends_line = _line_end(words, a, b)
    return _opens_line(words, a) and ends_line and words[last].text != "." and mention_starts.isdisjoint(range(a, b)) \
        and _word_count(words, a, b) <= NEXT_TITLE_MAX_WORDS


def _opens_item(doc, span, sent, mention_starts):
    """True if ``span`` opens a list item: only list numbers, bullets, punctuation and
    determiners come before it in its sentence, and the sentence starts with a list number
    or bullet, follows a sentence that is only one ("2. Back braces ..."), or is an item of
    its own (:func:`_item_sentence`: "Paracetamol on its own."; not "Yoga did, though.")."""
    a = sent.start
    if not all(doc[i].is_punct or doc[i].is_space or doc[i].like_num or doc[i].lower_ in _SUBJECT_DETERMINERS
               or doc[i].text in _BULLETS for i in range(a, span.start)):
        return False
    first = next(t for t in sent if not t.is_space)
    if first.i < span.start and (first.like_num or first.text in _BULLETS):
        return True
    if a:
        prev = doc[a - 1].sent
        if _only_list_number(word_table(doc.vocab)(doc)[0], prev.start, prev.end):
            return True
    return _item_sentence(doc, span, sent, mention_starts)


def _after_reference(doc, lo, i):
    """True if a word referring back ("it", "they", "which") comes right before token ``i``
    (after ``lo``), adverbs aside: "reports it no longer helps"."""
    j = _reference_before(doc, i, lo)
    return j > lo and doc[j].lower_ in _REFERRING_WORDS


_VERDICT_ADVERBS = frozenset({"really", "even", "actually", "much", "always", "ever", "seem", "seems", "to"})
#: words that may stand between a verdict verb and the mention it governs ("not relieved by rest")
_VERDICT_OBJECT_GLUE = frozenset(
    {"with", "by", "from", "a", "an", "the", "any", "my", "your", "his", "her", "their", "and", "or", ","})


def _verdict_before(doc, i, mention_start, verdict_verbs):
    """True if a verdict verb (one of ``verdict_verbs``, the rules' ``"verdict_verbs"``) follows
    a negation cue ending at token ``i`` (adverbs aside) and
    the mention is not its object: the negation says that something before it failed ("Rest
    hasn't helped, I think I need to see a physio"), not that the mention is absent (as in
    "not relieved by rest", "It doesn't fix misalignment")."""
    while i < mention_start and doc[i].lower_ in _VERDICT_ADVERBS:
        i += 1
    if i >= mention_start or doc[i].lower_ not in verdict_verbs:
        return False
    return not all(doc[j].lower_ in _VERDICT_OBJECT_GLUE or _inside_mention(doc, j)
                   for j in range(i + 1, mention_start))  # "with bracing and oral analgesics"


#: tokens before a cue in which "if" makes it a condition, not a statement
CONDITION_WINDOW = 8


#: first words of cues that give an order ("skip", "don't"): after a comma, such a cue opens
#: the main clause, not the condition before it
_IMPERATIVE_CUE_WORDS = frozenset({"skip", "avoid", "do", "don't", "dont", "stop", "steer", "stay", "keep", "never",
                                   "be", "beware", "quit"})


def _conditional(doc, cue_start):
    """True if "if" or "unless" comes shortly before the cue at ``cue_start`` in its sentence:
    a condition ("If self-care doesn't help, ...", "surgery if no improvement") says
    nothing failed or is absent. An imperative cue right after a comma opens the main
    clause that follows a condition ("If your back is sore, skip deep backbends"); another
    one may go on with the condition ("if your pain is severe, does not improve with rest")."""
    if cue_start > 0 and doc[cue_start - 1].text == "," and doc[cue_start].lower_ in _IMPERATIVE_CUE_WORDS:
        return False
    for j in range(cue_start - 1, max(-1, cue_start - 1 - CONDITION_WINDOW), -1):
        if doc[j + 1].is_sent_start or doc[j].lower_ in (";", "but", "however"):
            return False
        if doc[j].lower_ in ("if", "unless"):
            return True
    return False


def _whole_sentences(doc, matches, words, bounds):
    """The answer cues among ``matches`` that make a sentence of their own: only
    ``_ANSWER_LEAD`` words come before them in their sentence and only ``_ANSWER_TAIL`` words
    after them, punctuation aside ("No.", "It didn't, for me.", "For me, no."), or, after a
    short verdict (``_COLON_ANSWERS``), a colon or semicolon that opens its reasons ("False:
    rest slows recovery.", "It isn't; staying in bed slows things down."; not a list heading:
    "Didn't help: chiropractor, gabapentin.")."""
    starts = [a for a, _ in bounds]
    out = []
    for start, end in matches:
        a, b = bounds[bisect_right(starts, start) - 1]
        content = [i for i in range(a, b) if not (words[i].is_punct or words[i].is_space)]
        lead = [i for i in content if i < start]
        if end < b and words[end].lower in _REASONS and " ".join(w.lower for w in words[start:end]) in _COLON_ANSWERS:
            b = end
        if content and start in content and all(words[i].lower in _ANSWER_LEAD for i in lead) and \
                all(words[i].lower in _ANSWER_TAIL for i in content if end <= i < b):
            out.append((start, end))
    return out


def _answer(doc, span, answers):
    """The text of an answer that negates ``span`` from the next sentence, or None.

    A sentence that is only a negation ("No.", "Nothing.", "It did not.", "They didn't,
    for me.") answers the sentence before it: it negates the remedies there ("Bought this
    topper because the reviews said it fixes back pain. It did not."), and the causes too
    when that sentence asks ("Any history of fractures, cancer? No.").
    """
    answers = [(start, end) for start, end in answers if start >= span.end]  # whole sentences only
    if not answers:
        return None
    sent = span.sent
    if span.label_ != "REMEDY" and not any(t.text == "?" for t in doc[max(sent.start, sent.end - 2):sent.end]):
        return None
    for start, end in answers:  # the next sentence, over line breaks that stand as sentences of their own
        if all(doc[i].is_space or doc[i].is_punct or doc[i].lower_ in _ANSWER_LEAD for i in range(sent.end, start)):
            return doc[start:end].text
    return None


#: verbs after which a first-person word is only the one told ("a friend told me yoga fixed her back")
_TOLD = frozenset({"told", "tells", "tell", "showed", "shows", "reminded", "assured", "warned"})


#: verbs of using something that belongs to someone else ("tried my wife's diazepam")
_BORROWING = frozenset({"tried", "borrowed", "borrow", "used", "use", "took", "nicked", "pinched", "stole", "swiped"})


def _borrowed(doc, span, cue_start, cue_end):
    """True if the REMEDY ``span`` is another person's thing that the writer used: the cue is a
    possessive right before it, after a verb of using ("Tried my wife's diazepam", "I borrowed
    my husband's TENS machine"), so the remedy was the writer's; "my wife's scoliosis" stays hers."""
    return span.label_ == "REMEDY" and span.start == cue_end + 1 and doc[cue_end].lower_ in {"'s", "'"} \
        and cue_start > 0 and doc[cue_start - 1].lower_ in _BORROWING


def _writer_here(doc, i):
    """True if token ``i`` is a first-person word that puts the writer in the clause (not
    "me" in "told me", nor "my" in "my friend")."""
    return doc[i].lower_ in FIRST_PERSON and not (i > 0 and doc[i - 1].lower_ in _TOLD) and not (
        i + 1 < len(doc) and is_person(doc[i + 1].lower_))


#: people whose complaint a text may be about ("my wife's sciatica", "Mum's back")
_PEOPLE = frozenset(
    "mum mom mother dad father wife husband son daughter partner grandad granddad grandpa grandma grandmother "
    "grandfather nan nana sister brother friend boyfriend girlfriend kid child teen baby aunt uncle neighbour "
    "neighbor fiance fiancee colleague coworker co-worker boss patient client".split()
)


def is_person(word):
    """Whether ``word`` (lower case) names one of ``_PEOPLE``, also as a plural or as a
    possessive written without its apostrophe ("friends", "wifes")."""
    return word in _PEOPLE or (word[-1:] == "s" and word[:-1] in _PEOPLE)


#: how many words before a complaint word ("sciatica", "back" of "back pain") may say whose it is
OWNER_REACH = 8
_OWNER_SUBJECTS = frozenset({"i", "i'm", "im", "i've", "ive", "me"})
_NOT_OWNERS = frozenset({"patient", "patients", "client", "clients"})
#: in a first-person text, "he" or "she" as the subject of a sentence about the complaint is someone else
_THIRD_PERSON_SUBJECTS = frozenset({"he", "she", "hes", "shes"})  # "he's" is two tokens
#: verbs after which "he" or "she" reports on the complaint rather than has it ("She said my back ...")
_REPORTING_VERBS = frozenset({
    "said", "says", "say", "thinks", "think", "thought", "told", "tells", "reckons", "reckoned", "believes",
    "believed", "suggested", "suggests", "sees", "saw", "asked", "asks", "explained", "explains", "mentioned",
    "diagnosed", "diagnoses"})
#: family words written as names, which say the writer's family even in a text without "I" or "my"
_FAMILY_NAMES = frozenset({"mum", "mom", "dad", "grandad", "granddad", "grandpa", "grandma", "nan", "nana"})
_DETERMINERS = frozenset({"a", "an", "the", "this", "that", "these", "those", "any", "every", "each"})


def complaint_owners(doc, words, first_person):
    """``[(sentence start, owner)]`` for the sentences about the complaint: ``"other"`` when
    the complaint is someone else's ("my wife's sciatica", "Mum's back", in a first-person
    text "his back pain", "my husband has had sciatica" and "he has a bad back" (not "he
    thinks the pain ..."), in any "Grandad has back pain"),
    ``"patient"`` for "my back" and "I have had back pain", None when the sentence does not
    say. The words up to :data:`OWNER_REACH` before a complaint word are read, nearest first."""
    out = []
    for start, end in complaint_bounds(doc, words):
        owner = None
        for i in range(start, end):
            if words[i].lower not in _COMPLAINT_HEADS:
                continue
            for j in range(i - 1, max(start, i - OWNER_REACH) - 1, -1):
                low = words[j].lower
                if low == "'s":
                    whose = words[j - 1].lower if j > start else ""
                    owner = "other" if whose in _PEOPLE or whose.endswith("-old") else None
                    break
                if j == i - 1 and low[-1:] == "s" and low[:-1] in _PEOPLE and j > start \
                        and words[j - 1].lower in ("my", "our", "his", "her"):  # "my wifes back"
                    owner = "other"
                    break
                if low in ("my", "our") or (first_person and low in ("his", "her")):
                    owner = "patient" if low in ("my", "our") else "other"
                    break
                if j < i - 1 and low in _OWNER_SUBJECTS:  # "I have had back pain since"
                    owner = "patient"
                    break
                if first_person and j < i - 1 and low in _THIRD_PERSON_SUBJECTS \
                        and words[j + 1].lower not in _REPORTING_VERBS:
                    owner = "other"  # "My dad is 80. He has a bad back." (not "She said the pain ...")
                    break
                before = words[j - 1].lower if j > start else ""  # not the last word of the sentence before
                if j < i - 1 and is_person(low) and low not in _NOT_OWNERS and before not in ("a", "an") \
                        and (first_person or (low in _FAMILY_NAMES and before not in _DETERMINERS)):
                    # "My husband has had sciatica", "Grandad has back pain again"; not "as a kid"
                    owner = "other"
                    break
            if owner:
                break
        out.append((start, owner))
    return out


def _owner_before(owners, i):
    """The owner of the complaint in the last sentence about it that says whose it is, up to token ``i``."""
    found = None
    for start, owner in owners:
        if start > i:
            break
        found = owner or found
    return found


def _required_words(patterns):
    """Per pattern of ``patterns``, the word sets of the tokens it requires
    (``{"LOWER": word}`` or ``{"LOWER": {"IN": words}}``, not optional): a range that does
    not hold a word of every set of some pattern cannot match, so the matcher need not run
    on it. None if a pattern requires no such token (the matcher then always runs)."""
    out = []
    for pattern in patterns:
        sets = []
        for token in pattern:
            value = token.get("LOWER") if set(token) <= {"LOWER", "OP"} else None
            if token.get("OP", "1") not in ("1", "+") or value is None:
                continue
            words = [value] if isinstance(value, str) else value.get("IN") if set(value) == {"IN"} else None
            if words:
                sets.append(frozenset(w.lower() for w in words))
        if not sets:
            return None
        out.append(sets)
    return out


def _mention_sentences(bounds, mentions):
    """Token ranges where a cue can act on ``mentions``: each mention's sentence and the next
    one (a backward cue may open the sentence after a colon: "Trauma: none"), merged
    (``bounds``: the doc's :func:`~spasmtext.sentences.sentence_bounds`)."""
    starts = [a for a, _ in bounds]
    ranges = []
    for span in sorted(mentions, key=lambda m: m.start):
        k = bisect_right(starts, span.start) - 1
        a, b = bounds[k][0], bounds[min(k + 1, len(bounds) - 1)][1]
        if ranges and a <= ranges[-1][1]:
            ranges[-1] = (ranges[-1][0], max(b, ranges[-1][1]))
        else:
            ranges.append((a, b))
    return ranges


def _inside_mention(doc, i):
    return any(m.start <= i < m.end for m in doc.spans.get(SPANS_KEY, []))


def _advice_ends_before(doc, cue_start, i):
    """True if the cue at ``cue_start`` opens a mention of its own ("avoid heavy lifting") that
    a comma closes before token ``i``: the advice it gives is that mention, not what follows."""
    return any(m.start <= cue_start < m.end <= i and any(doc[k].text == "," for k in range(m.end, i))
               for m in doc.spans.get(SPANS_KEY, []))


def _clause_after_and(doc, a, b):
    """True if a ", and" in tokens [a, b) opens a new clause: the word before its comma is not
    in a mention, so the comma closes no list item ("don't lean in as far, and Pilates ...",
    "Avoid lifting where you can, and sleep on your side"); a list goes on over it ("didn't
    try ice, heat, and massage")."""
    return any(doc[k].text == "," and doc[k + 1].lower_ == "and" and not _inside_mention(doc, k - 1)
               for k in range(a + 1, b - 1))


#: what says a remedy was stopped because it is not needed any more (corpus/README.md, Decisions)
_NO_LONGER = ("no", "longer")
_NEEDED = frozenset({"needed", "required", "necessary"})
NO_LONGER_WINDOW = 6


def _no_longer_needed(doc, i):
    """True if "no longer needed" (required, necessary) follows token ``i`` within
    ``NO_LONGER_WINDOW`` tokens of its sentence ("Stopped naproxen 5 days ago as no longer needed")."""
    end = min(len(doc), i + NO_LONGER_WINDOW + 3)
    for k in range(i, end - 2):
        if k > i and doc[k].is_sent_start:
            return False
        if (doc[k].lower_, doc[k + 1].lower_) == _NO_LONGER and doc[k + 2].lower_ in _NEEDED:
            return True
    return False


#: attribute -> file stem of the saved model (``.json`` + ``.npy``, see :mod:`spasmtext.linear`)
MODEL_FILES = {"negation_model": "negation_model", "experiencer_model": "experiencer_model"}
#: the cue lists that negate (the audit cue is the nearest of them)
NEGATION_CUE_LISTS = ("negation_forward", "negation_forward_to_comma", "negation_forward_remedy",
                      "negation_forward_cause", "negation_backward", "negation_backward_remedy",
                      "negation_backward_cause", "negation_remedy_list")
_CUE_FEATURE_LISTS = NEGATION_CUE_LISTS + ("negation_pseudo", "terminators", "experiencer_other")


def _estimator(random_state):
    from sklearn.feature_extraction import DictVectorizer  # scikit-learn is needed to train only
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    return Pipeline([("vectorizer", DictVectorizer()),
                     ("classifier", LogisticRegression(C=1.0, max_iter=5000, random_state=random_state))])


def model_says_other(p_other, feats):
    """The experiencer model's reading of a mention with probability ``p_other`` of ``other``
    and features ``feats``, the section rule kept over it: a mention in a family history
    section is someone else's, whatever the model weighs ("FAMILY HISTORY: Scoliosis.")."""
    return bool(p_other >= 0.5 or any(feats.get("section=" + name) for name in OTHER_SECTIONS))


def _bucket(d):
    return "0" if d == 0 else "1" if d == 1 else "2-3" if d <= 3 else "4-7" if d <= 7 else "8+"


def assertion_features(doc, span, index, rule):
    """Features of a mention for the negation and experiencer models."""
    cues, _, _, other_cues, _, owners, *_ = index
    sent = span.sent
    f = {"bias": 1, "rule_negated": int(rule[0]), "rule_other": int(rule[2] == "other"),
         "label=" + span.label_: 1, "section=" + (span._.section or "none"): 1,
         "owner=" + str(_owner_before(owners, span.start)): 1}
    left = [t.lower_ for t in doc[max(sent.start, span.start - 6):span.start] if not t.is_space]
    right = [t.lower_ for t in doc[span.end:min(sent.end, span.end + 6)] if not t.is_space]
    for w in left:
        f["lw=" + w] = 1
    for w in right:
        f["rw=" + w] = 1
    for a, b in zip(right, right[1:]):
        f["rb=" + a + "_" + b] = 1
    for a, b in zip(left, left[1:]):
        f["lb=" + a + "_" + b] = 1
    for kind in _CUE_FEATURE_LISTS:
        matches = other_cues if kind == "experiencer_other" else cues[kind]
        for start, end in matches:
            if start < sent.start or end > sent.end:
                continue
            if end <= span.start:
                side, d = "L", span.start - end
            elif start >= span.end:
                side, d = "R", start - span.end
            else:
                continue
            cue = doc[start:end].text.lower()
            f[f"{kind}:{side}"] = 1
            f[f"{kind}:{side}={cue}"] = 1
            f[f"{kind}:{side}:d{_bucket(d)}"] = 1
    return f


def _nearest_cue(doc, span, cues):
    """Text of the negation cue nearest ``span`` in its sentence (for audit), or None."""
    best = None
    for kind in NEGATION_CUE_LISTS:
        for start, end in cues[kind]:
            if doc[start].sent.start != span.sent.start or (start < span.end and span.start < end):
                continue
            d = span.start - end if end <= span.start else start - span.end
            if best is None or d < best[0]:
                best = (d, doc[start:end].text)
    return best[1] if best else None
