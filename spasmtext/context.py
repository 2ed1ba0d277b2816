"""Negation and experiencer of mentions (ConText-style rules, first version).

For each mention in ``doc.spans["spasmtext"]`` this component sets

* ``span._.negated`` and ``span._.negation_cue``: a *forward* cue ("denies",
  "no", "never tried") before the mention or a *backward* cue ("didn't help",
  "not recommended", "- no relief") after it, within ``window`` tokens, in the
  same sentence, with no terminator ("but", "however", ";") in between and
  not part of a pseudo-cue ("not only", "no increase");
* ``span._.experiencer``: ``"other"`` when a cue naming another person ("my
  wife", "family history", "mother") precedes it in its clause with no
  first-person word in between, or follows it closely ("... worked for my
  wife"). Pronoun cues ("she", "his") count only in first-person texts, since
  in a clinical note "she" is the patient. A mention in a family history
  section (``span._.section``) is ``"other"``.

The cue lists are data (``resources/context_rules.json``), saved with the
pipeline by ``to_disk``.
"""

import json
from pathlib import Path

from spacy.language import Language
from spacy.matcher import PhraseMatcher

from .extensions import SPANS_KEY, set_extensions
from .lexicon import default_context_rules

DEFAULT_CONFIG = {"window": 8, "backward_window": 5}
CUE_LISTS = (
    "negation_forward", "negation_backward", "negation_pseudo", "terminators",
    "experiencer_other", "experiencer_first_person_only",
)
FIRST_PERSON = frozenset({"i", "me", "my", "myself", "i'm", "im", "i've", "ive", "mine"})


@Language.factory("spasmtext_context", default_config=DEFAULT_CONFIG)
def make_context(nlp, name, window, backward_window):
    """Create the negation/experiencer component with the bundled cue lists."""
    return ContextComponent(nlp, name=name, window=window, backward_window=backward_window)


class ContextComponent:
    """Set ``negated``, ``negation_cue`` and ``experiencer`` on mentions."""

    def __init__(self, nlp, *, name="spasmtext_context", window=8, backward_window=5, rules=None):
        set_extensions()
        self.name = name
        self.window = window
        self.backward_window = backward_window
        self._tokenizer = nlp.tokenizer
        self.vocab = nlp.vocab
        self._set_rules(rules or default_context_rules())

    def _set_rules(self, rules):
        self.rules = {key: list(rules[key]) for key in CUE_LISTS}
        self.matcher = PhraseMatcher(self.vocab, attr="LOWER")
        for key in CUE_LISTS:
            self.matcher.add(key, list(self._tokenizer.pipe(self.rules[key])))

    def __call__(self, doc):
        mentions = doc.spans.get(SPANS_KEY)
        if not mentions:
            return doc
        cues = {key: [] for key in CUE_LISTS}
        strings = self.vocab.strings
        for match_id, start, end in self.matcher(doc):
            cues[strings[match_id]].append((start, end))
        first_person = any(t.lower_ in FIRST_PERSON for t in doc)
        pseudo = set()
        for start, end in cues["negation_pseudo"]:
            pseudo.update(range(start, end))
        terminators = {i for s, e in cues["terminators"] for i in range(s, e)}
        other_cues = list(cues["experiencer_other"])
        if first_person:
            other_cues += cues["experiencer_first_person_only"]
        starts = {span.start for span in mentions}
        for span in mentions:
            self._assert(doc, span, cues, pseudo, terminators, other_cues, starts)
        return doc

    def pipe(self, stream, batch_size=128):
        for doc in stream:
            yield self(doc)

    # -- rules --------------------------------------------------------------
    @staticmethod
    def _same_clause(doc, a, b, terminators, mention):
        """True if tokens [a, b) hold no sentence start or terminator outside ``mention``."""
        for i in range(a, b):
            if i > a and doc[i].is_sent_start:
                return False
            if i in terminators and not mention.start <= i < mention.end:
                return False
        return True

    @staticmethod
    def _list_glue_only(doc, a, b, mention_starts):
        """True unless another mention in [a, b) is separated by more than list glue.

        A backward cue reaches back over a coordinated list ("heat and ice did
        nothing") but not over another mention with words of its own ("Ice
        helped a lot, ibuprofen did nothing").
        """
        if not any(i in mention_starts for i in range(a, b)):
            return True
        return all(doc[i].is_punct or doc[i].lower_ in {"and", "or", "nor", "&"} or i in mention_starts
                   or not doc[i].is_sent_start and _inside_mention(doc, i)
                   for i in range(a, b))

    def _assert(self, doc, span, cues, pseudo, terminators, other_cues, mention_starts=frozenset()):
        negated, cue_text = False, None
        # forward cues: nearest first
        forward = sorted(
            (c for c in cues["negation_forward"] if c[1] <= span.start
             and span.start - c[1] <= self.window),
            key=lambda c: span.start - c[1],
        )
        for start, end in forward:
            if any(i in pseudo for i in range(start, end)):
                continue
            if self._same_clause(doc, end, span.start + 1, terminators, span):
                negated, cue_text = True, doc[start:end].text
                break
        if not negated:
            backward = sorted(
                (c for c in cues["negation_backward"] if c[0] >= span.end
                 and c[0] - span.end <= self.backward_window),
                key=lambda c: (c[0], -(c[1] - c[0])),
            )
            for start, end in backward:
                if any(i in pseudo for i in range(start, end)):
                    continue
                if self._same_clause(doc, span.end, start + 1, terminators, span) and \
                        self._list_glue_only(doc, span.end, start, mention_starts):
                    negated, cue_text = True, doc[start:end].text
                    break
        span._.negated = negated
        span._.negation_cue = cue_text
        experiencer = "patient"
        for start, end in other_cues:
            if end <= span.start:
                between = range(end, span.start)
                if self._same_clause(doc, end, span.start + 1, terminators, span) and not any(
                        doc[i].lower_ in FIRST_PERSON for i in between):
                    experiencer = "other"
                    break
            elif start >= span.end and start - span.end <= 3 and doc[start - 1].lower_ in {"for", "to", "of"}:
                experiencer = "other"
                break
        if span._.section == "family_history":
            experiencer = "other"  # "FAMILY HISTORY: mother with scoliosis"
        span._.experiencer = experiencer

    # -- serialization -----------------------------------------------------------
    def to_disk(self, path, *, exclude=tuple()):
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / "rules.json").write_text(json.dumps(self.rules, indent=1, sort_keys=True), encoding="utf8")

    def from_disk(self, path, *, exclude=tuple()):
        rules = json.loads((Path(path) / "rules.json").read_text(encoding="utf8"))
        self._set_rules(rules)
        return self


def _inside_mention(doc, i):
    return any(m.start <= i < m.end for m in doc.spans.get(SPANS_KEY, []))
