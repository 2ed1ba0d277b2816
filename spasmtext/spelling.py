"""Spelling-tolerant reading of lexicon words (optional: the ``spelling`` extra).

Lay text misspells the very words spasmtext looks for ("excercise", "streching",
"chiropracter", "ibuprofin"), and a misspelt word matches no lexicon phrase and
has no trained weight. With the ``spasmtext_spelling`` component in a pipeline,
such a word reads as the lexicon word it stands for, when

* it has at least ``min_length`` letters and is not itself a lexicon word;
* it is rare in English: its Zipf frequency in wordfreq's English list is below
  ``max_zipf`` (2.5 is about three in ten million words; "mowing", "batches",
  "irrigation" are above it and are never read as "moving", "patches",
  "irritation"; "excercise" is 2.3);
* exactly one lexicon word of at least ``target_length`` letters is one slip
  from it, with the same first letter: a letter dropped, added, or two
  neighbours swapped, or a letter replaced by a vowel for a vowel or by a key
  next to it on a QWERTY keyboard, but no letter added, dropped or replaced at
  the end ("vesicle" is not "vehicle", "rehydration" is not "dehydration",
  "massager" is not "massage"; see :func:`one_edit`).

The reading is a property of the word, not of the sentence, so it is made once
per distinct word: the component sets the ``LOWER`` and ``NORM`` of the word's
lexeme (the attributes that the lexicon's phrase matcher, the classifier's
features, the context rules and the recognizer read) to the lexicon word, for
the lexemes already in the vocabulary and, through the vocabulary's
``lex_attr_getters``, for every word met later. Nothing else changes: the text,
tokens and offsets are the input's, and a mention's ``text`` is cut from the
input ("excercise" stays "excercise"); ``token.lower_`` and ``token.norm_`` of
a read word give the lexicon word. The component itself does nothing per
document. It changes the pipeline's vocabulary, so add it to a pipeline of its
own (``spasmtext.load(spelling=True)``), not to one whose other components
must see every word's own lower-case form.
"""

from spacy.attrs import LOWER, NORM
from spacy.language import Language

from .candidates import lexicon_word_categories
from .component import read_json, write_json
from .errors import Errors, MissingExtraError
from .lexicon import default_lexicon
from .tokens import word_table

DEFAULT_CONFIG = {"max_zipf": 2.5, "min_length": 5, "target_length": 6}
NAME = "spasmtext_spelling"
_VOWELS = frozenset("aeiouy")
_KEY_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_KEY_AT = {key: (row, col + 0.5 * row) for row, keys in enumerate(_KEY_ROWS) for col, key in enumerate(keys)}


def _near_keys(a, b):
    """Whether typing ``b`` for ``a`` is a likely slip: vowel for vowel, or keys that touch."""
    if a in _VOWELS and b in _VOWELS:
        return True
    if a not in _KEY_AT or b not in _KEY_AT:
        return False
    (row_a, x_a), (row_b, x_b) = _KEY_AT[a], _KEY_AT[b]
    return abs(row_a - row_b) <= 1 and abs(x_a - x_b) <= 1


def one_edit(word, target):
    """Whether ``word`` is ``target`` with one slip inside it: a letter dropped or added, two
    neighbouring letters swapped, or a letter replaced by one :func:`_near_keys` to it. A
    last letter added, dropped or replaced is not a slip here, nor the one before a plural's
    "s": "massager", "massagers", "epidurals", "herniate" are other words than "massage",
    "massages", "epidural", "herniated", not misspellings of them."""
    if word[-1:] == target[-1:] == "s" and target[-2:] not in ("is", "us", "ss"):  # not "arthritis"
        word, target = word[:-1], target[:-1]
    if len(word) == len(target):
        diff = [i for i, (a, b) in enumerate(zip(word, target)) if a != b]
        if len(diff) == 1:
            return diff[0] < len(word) - 1 and _near_keys(target[diff[0]], word[diff[0]])
        return len(diff) == 2 and diff[1] == diff[0] + 1 and word[diff[0]] == target[diff[1]] \
            and word[diff[1]] == target[diff[0]]
    if abs(len(word) - len(target)) != 1:
        return False
    short, long = (word, target) if len(word) < len(target) else (target, word)
    i = next((i for i, (a, b) in enumerate(zip(short, long)) if a != b), len(short))
    return i < len(short) and short[i:] == long[i + 1:]


def _deletions(word):
    return {word[:i] + word[i + 1:] for i in range(len(word))}


class Speller:
    """The lexicon word a misspelt word stands for (see the module's docstring).

    ``targets``: the lexicon's words. Candidates are found as SymSpell does: every
    target is indexed under itself and its single-letter deletions, and a word looks
    up itself and its own deletions, so only targets within one edit are compared.
    """

    def __init__(self, targets, *, max_zipf=2.5, min_length=5, target_length=6):
        self.max_zipf, self.min_length, self.target_length = max_zipf, min_length, target_length
        self.targets = frozenset(w for w in targets if len(w) >= target_length and w.isalpha() and w.islower())
        self._index = {}
        for target in sorted(self.targets):
            for key in _deletions(target) | {target}:
                self._index.setdefault(key, []).append(target)
        self._memo = {}
        self._zipf = _zipf_frequency()  # fails here, not in the middle of a batch, without the extra

    def __getstate__(self):  # wordfreq's function is looked up again after unpickling
        return {**self.__dict__, "_memo": {}, "_zipf": None}

    def __setstate__(self, state):
        self.__dict__.update(state)
        self._zipf = _zipf_frequency()

    def correct(self, text):
        """The lexicon word that ``text`` (a word as written) reads as, or None."""
        lower = text.lower()
        if lower in self._memo:
            return self._memo[lower]
        fixed = None
        if len(lower) >= self.min_length and lower.isalpha() and lower not in self.targets:
            found = set(self._index.get(lower, ()))
            for key in _deletions(lower):
                found.update(self._index.get(key, ()))
            found = [t for t in found if t[0] == lower[0] and one_edit(lower, t)]
            if len(found) == 1 and self._zipf(lower, "en", wordlist="large") < self.max_zipf:
                fixed = found[0]
        if len(self._memo) >= 100_000:
            self._memo.clear()
        self._memo[lower] = fixed
        return fixed


class _SpelledAttr:
    """A ``lex_attr_getters`` entry: the lexicon word of a misspelt word, else what the
    vocabulary's own getter gives."""

    def __init__(self, speller, base):
        self.speller, self.base = speller, base

    def __call__(self, text):
        fixed = self.speller.correct(text)
        return self.base(text) if fixed is None else fixed


def _zipf_frequency():
    try:
        from wordfreq import zipf_frequency
    except ImportError as exc:
        raise MissingExtraError(Errors.E030) from exc
    return zipf_frequency


def lexicon_words(nlp):
    """The words of the candidate stage's lexicon in ``nlp`` (or of the bundled lexicon)."""
    if "spasmtext_candidates" in nlp.pipe_names:
        return sorted(nlp.get_pipe("spasmtext_candidates").word_categories)
    lexicon = default_lexicon()  # read by the candidate stage's own rule
    return sorted(lexicon_word_categories(lexicon, nlp.tokenizer.pipe(phrase for phrase, _, _ in lexicon)))


@Language.factory(NAME, default_config=DEFAULT_CONFIG)
def make_spelling(nlp, name, max_zipf, min_length, target_length):
    """Create the spelling component for ``nlp``'s lexicon (see the module's docstring)."""
    return Spelling(nlp.vocab, lexicon_words(nlp), max_zipf=max_zipf, min_length=min_length,
                    target_length=target_length)


class Spelling:
    """Reads misspelt lexicon words as the lexicon word, by setting their lexemes'
    ``LOWER`` and ``NORM`` (see the module's docstring); does nothing per document."""

    def __init__(self, vocab, targets, **settings):
        self.vocab = vocab
        self.settings = settings
        self.speller = Speller(targets, **settings)
        self._install()

    def _install(self):
        vocab = self.vocab
        getters = vocab.lex_attr_getters
        bases = {}
        for attr in (LOWER, NORM):
            base = getters[attr]
            bases[attr] = base.base if isinstance(base, _SpelledAttr) else base  # added again: one layer
            getters[attr] = _SpelledAttr(self.speller, bases[attr])
        changed = False
        for lex in list(vocab):  # the words met before: set now; later ones get it from the getters
            lower, norm = getters[LOWER](lex.orth_), getters[NORM](lex.orth_)
            if lex.lower_ != lower or lex.norm_ != norm:
                lex.lower_, lex.norm_ = lower, norm
                changed = True
        if changed:  # what the components remember of those words was read before
            word_table(vocab).forget()

    def __call__(self, doc):
        return doc

    def pipe(self, stream, batch_size=128):
        yield from stream

    def to_disk(self, path, *, exclude=()):
        write_json(path, "targets.json", sorted(self.speller.targets))

    def from_disk(self, path, *, exclude=()):
        self.speller = Speller(read_json(path, "targets.json"), **self.settings)
        self._install()
        return self
