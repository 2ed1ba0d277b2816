"""Per-token lexical attributes of a ``Doc`` without ``Token`` objects.

Iterating a ``Doc`` creates one Python ``Token`` object per token and reading
``token.lower_`` looks a string up each time; on short texts that cost more
than spaCy's tokenizer itself. A :class:`WordTable` reads a doc's orth ids and
trailing-whitespace flags with one ``Doc.to_array`` call and maps each orth id
to a :class:`Word` tuple of the lexeme's attributes, built once per distinct
word and kept in a bounded cache.

Lexeme attributes depend only on the word's text and the language's
``lex_attr_getters``, so the cache belongs to one ``Vocab``:
:func:`word_table` gives the components of a pipeline the same table. The
table also remembers its reading of each live ``Doc`` (weakly, so a doc's
reading goes with the doc), and every component of the pipeline reads the doc
once between them; a doc whose length changed since (a user's component
retokenized it) is read again.

For the few word tests that every token of a long note must pass (could this
word end a sentence? name the back?), :meth:`WordTable.flagged` uses spaCy's
lexeme flags (``Vocab.add_flag``): the test runs once per distinct word and
``Doc.to_array`` reads the results of all tokens in one C call.
"""

import html
import re
import weakref
from typing import NamedTuple

import numpy as np
from spacy.attrs import IS_PUNCT, ORTH, SPACY


class Word(NamedTuple):
    """The lexical attributes of a token, as spaCy's ``Token`` gives them."""

    text: str
    lower: str
    is_space: bool
    newline: bool  # whitespace holding a line break
    is_punct: bool
    is_alpha: bool
    is_upper: bool
    is_title: bool
    is_lower: bool
    like_num: bool


class WordTable:
    """Map a ``Doc`` to its list of :class:`Word` and trailing-whitespace flags."""

    def __init__(self, vocab, max_size=200_000):
        self.vocab = vocab
        self.max_size = max_size  # distinct words kept (~40 MB at most); cleared when full
        self._cache = {}
        self._docs = weakref.WeakKeyDictionary()  # doc -> (len(doc), words, spaces, {func: derived},
        #                                                   {test: flag column})
        self._flags = {}  # test -> lexeme flag id
        self.feats = {}  # word text -> the classifier's feature strings (spasmtext.features)
        self.generation = 0  # counts forget(): what others derived from the words must be read again

    def forget(self):
        """Drop every word read so far (their lexemes' attributes were changed, as
        :mod:`spasmtext.spelling` does) and the features derived from them."""
        self._cache.clear()
        self._docs = weakref.WeakKeyDictionary()
        self.feats.clear()
        self.generation += 1

    def _word(self, orth):
        lex = self.vocab[orth]
        text = lex.orth_
        word = Word(text, lex.lower_, lex.is_space, lex.is_space and "\n" in text, lex.is_punct,
                    lex.is_alpha, lex.is_upper, lex.is_title, lex.is_lower, lex.like_num)
        if len(self._cache) >= self.max_size:
            self._cache.clear()
        self._cache[orth] = word
        return word

    def word(self, orth):
        """The :class:`Word` of the lexeme ``orth`` (an orth id)."""
        return self._cache.get(orth) or self._word(orth)

    def __call__(self, doc):
        """``(words, spaces)``: per token its :class:`Word` and whether whitespace follows it."""
        n = len(doc)
        if not n:
            return [], []
        return self._seen(doc, n)[1:3]

    def derived(self, doc, func):
        """``func(words, spaces)`` for the reading of ``doc``, computed once per doc and
        kept with the reading (``func``: a pure function of the reading that more than one
        component needs)."""
        if not len(doc):
            return func([], [])
        _, words, spaces, values, _ = self._seen(doc, len(doc))
        if func not in values:
            values[func] = func(words, spaces)
        return values[func]

    def _seen(self, doc, n):
        """The remembered reading of ``doc`` (``n`` tokens), read now if there is none or
        the doc has changed length since."""
        seen = self._docs.get(doc)
        if seen is None or seen[0] != n:
            seen = self._read(doc, n)
        return seen

    def _read(self, doc, n):
        tests = list(self._flags)
        rows = doc.to_array([ORTH, SPACY, *self._flags.values()])  # the flags in the same C call
        orths = rows[:, 0].tolist()
        words = list(map(self._cache.get, orths))  # map() keeps the per-token work in C
        if None in words:  # words met for the first time
            for i in [i for i, w in enumerate(words) if w is None]:
                words[i] = self._word(orths[i])
        spaces = rows[:, 1].astype(bool).tolist()
        flags = {test: rows[:, 2 + k] for k, test in enumerate(tests)}
        seen = self._docs[doc] = (n, words, spaces, {}, flags)
        return seen

    def flagged(self, doc, test):
        """Indices of the tokens of ``doc`` whose text passes ``test`` (a module-level
        function ``str -> bool``, registered once per vocab as a lexeme flag and read with
        the doc's orth ids from then on)."""
        n = len(doc)
        if not n:
            return []
        self._flag(test)  # registered first, so that a doc read now reads its flag too
        seen = self._seen(doc, n)
        column = seen[4].get(test)
        if column is None:  # a doc read before the test was registered
            column = seen[4][test] = doc.to_array(self._flags[test])
        return np.flatnonzero(column).tolist()

    def _flag(self, test):
        flag_id = self._flags.get(test)
        if flag_id is None:
            for flag_id, getter in self.vocab.lex_attr_getters.items():  # also after pickling the vocab
                if getter is test:
                    break
            else:
                flag_id = self.vocab.add_flag(test)
            self._flags[test] = flag_id
        return flag_id

    def text(self, doc):
        """``doc.text``: the reading the doc was made from if :func:`make_doc` kept it, else
        joined from the table's reading (``Doc.text`` makes a ``Token`` object per token)."""
        text = doc.user_data.get(TEXT_KEY)
        if text is not None and len(doc) and doc[-1].idx + len(doc[-1].text_with_ws) == len(text):
            return text
        words, spaces = self(doc)
        return "".join([w.text + " " if space else w.text for w, space in zip(words, spaces)])


#: ``Doc.user_data`` key of the reading a doc was made from (``doc.text``; see :func:`make_doc`)
TEXT_KEY = "spasmtext_text"

#: characters read as the plain ones that the lexicon, triggers and context rules are written
#: with, one for one (so every offset stays): curly apostrophes and quotes, dashes, spaces
#: other than U+0020 (tab, no-break, thin, ...: spaCy makes each a token of its own, which
#: parts "physical" from "therapy"), line separators other than "\n" and "\r", and lone
#: surrogates (a Python string holds them from JSON "\ud800" or ``surrogateescape``; spaCy's
#: tokenizer cannot hash them) as U+FFFD
_PLAIN = str.maketrans({
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u02bc\u2032", "'"),
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033", '"'),
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"),
    **dict.fromkeys("\t\x85\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009"
                    "\u200a\u202f\u205f\u3000", " "),  # \x85: mostly cp1252's ellipsis read as Latin-1
    **dict.fromkeys("\x0b\x0c\u2028\u2029", "\n"),
    **dict.fromkeys(map(chr, range(0xD800, 0xE000)), "\ufffd"),
})
_NOT_PLAIN = re.compile("[" + "".join(chr(c) for c in _PLAIN if not 0xD800 <= c < 0xE000) + "\ud800-\udfff]")

#: HTML tags, as text pasted from web pages and rich-text fields carries them, blanked one
#: for one: a tag that breaks a line ("<br>", "</p>", "<li>") becomes a line break and
#: spaces, the other common ones ("<b>", "<span ...>") spaces; anything else in angle
#: brackets ("pain <5/10", "<3 weeks", "<unknown>") stays text. Entities ("&amp;") are not
#: replaced: they are longer than what they stand for.
_HTML_TAG = re.compile(
    r"</?(?:(?P<block>br|p|div|li|ul|ol|dl|dt|dd|tr|td|th|table|thead|tbody|h[1-6]|hr|blockquote|pre)"
    r"|span|b|i|u|em|strong|a|font|sup|sub|small|mark|code)(?=[\s/>])[^<>]{0,500}>", re.IGNORECASE)


def _blank_tag(match):
    width = match.end() - match.start()
    return "\n" + " " * (width - 1) if match.group("block") else " " * width


def plain_text(text):
    """``text`` with the characters of ``_PLAIN`` (lone surrogates among them) replaced one
    for one and HTML tags blanked (``_HTML_TAG``), so it keeps its length and offsets:
    "didn\u2019t help" reads as "didn't help", "physical\u00a0therapy" as "physical therapy", "boxes.</p><p>Ice" as
    "boxes." and "Ice" on lines of their own. Text that has none of them is returned as it is."""
    if _NOT_PLAIN.search(text):
        text = text.translate(_PLAIN)
    if "<" in text:
        text = _HTML_TAG.sub(_blank_tag, text)
    return text


#: ``Doc.user_data`` key of ``(text, offsets)`` of a doc made by :func:`make_doc`: the text
#: it was made from (mention texts are cut from it) and, if its reading (:func:`read_text`)
#: is not as long, the offset map (``offsets[i]``: the offset in ``text`` of the doc's
#: character ``i``; ``offsets[len(doc.text)] == len(text)``), else None
READING_KEY = "spasmtext_reading"

#: what the reading replaces by something of another length: HTML character references
#: ("didn&#39;t", "&amp;", "&nbsp;"; only those ``html.unescape`` knows, ";" included) and
#: characters that are not seen (soft hyphen, zero-width spaces and joiners, word joiner,
#: a byte order mark inside the text), which spaCy would leave inside words
_REFERENCE_OR_INVISIBLE = re.compile(
    r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});|[\u00ad\u200b-\u200d\u2060\ufeff]+")

#: soft line breaks are looked for only in texts whose longest line is within these widths
#: (wrapping tools break at 40-132 columns; a text with longer lines was not wrapped)
WRAP_WIDTHS = (30, 140)
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")
#: a line that opens like a list item or a header ("- ice", "2) PT", "Plan:") starts afresh
_FRESH_LINE = re.compile(r"[ \t]*(?:[-*\u2022#>+]|\d{1,3}[.)]|[A-Za-z][.)][ \t]|[A-Za-z][\w /&()-]{0,40}:)")


#: two spaces typed between two words ("physical  therapy"): read as one, else spaCy makes
#: the second a token of its own, which parts the phrase. Wider runs (columns of a table)
#: and runs after punctuation (harmless) stay.
_DOUBLE_SPACE = re.compile(r"(?<=\w)  (?=\w)")


def soft_breaks(text):
    """``[(start, end)]`` of the line breaks of ``text`` that a line-wrapping tool made inside
    a sentence (with the spaces around them), as hard-wrapped exports and e-mails have them:
    "lifting a heavy\\nbox". A break is soft when the word after it would not have fitted at
    the end of its line (a greedy wrap at the width of the text's longest line, which must
    be within :data:`WRAP_WIDTHS`), its line does not end a sentence or a header (``. ! ? :
    ;``), the next line does not open a list item or a header, and either the text has two
    such breaks or the next line goes on in lower case. Blank lines always stay."""
    if "\n" not in text and "\r" not in text:
        return []
    lines = _LINE.findall(text)
    bodies = [line.rstrip("\r\n").rstrip() for line in lines]
    width = max(map(len, bodies))
    if not WRAP_WIDTHS[0] <= width <= WRAP_WIDTHS[1]:
        return []
    found, pos = [], 0
    for k in range(len(lines) - 1):
        body, after = bodies[k], lines[k + 1]
        end = pos + len(lines[k])
        following = after.lstrip(" \t")
        word = following.split(None, 1)[0] if following.strip() else ""
        if body and word and body[-1] not in ".!?:;" and len(body) + 1 + len(word) > width \
                and not _FRESH_LINE.match(after):
            found.append((pos + len(body), end + len(after) - len(following), word[0].islower()))
        pos = end
    return [(start, end) for start, end, lower in found if lower or len(found) > 1]


def add_capital_contractions(tokenizer):
    """Give ``tokenizer`` the capital forms of its contractions: spaCy's English exceptions
    split "didn't" and "Didn't" into "did" + "n't", but leave "DIDN'T" one word, so a note
    typed in capitals hid its negation cues. Only contractions with an apostrophe and the
    bare "nt" ones ("DIDNT", "CANT") are added: "IM" (intramuscular), "ID" or "WED" stay
    words. Each piece keeps its NORM. Returns how many were added (the added special cases
    are saved with the tokenizer)."""
    rules, added = tokenizer.rules, 0
    for key, pieces in list(rules.items()):
        upper = key.upper()
        if len(pieces) < 2 or upper == key or upper in rules or not ("'" in key or key.endswith("nt")):
            continue
        tokenizer.add_special_case(upper, [{**piece, ORTH: piece[ORTH].upper()} for piece in pieces])
        added += 1
    return added


#: infixes beside spaCy's English ones: sentence punctuation typed without the space after
#: it ("it hurt!ice helped", "ibuprofen;heat", "tried PT.Didnt help"); spaCy splits "." only
#: between a lower-case and an upper-case letter, and never "!", "?" or ";" between letters.
#: What spaCy reads as a URL or an e-mail address is kept whole before infixes apply.
GLUED_PUNCTUATION_INFIXES = (r"(?<=[A-Za-z])[!?;](?=[A-Za-z])", r"(?<=[A-Za-z]{2})\.(?=[A-Za-z]{3})")


def add_glued_punctuation_infixes(nlp):
    """Make ``nlp``'s tokenizer split :data:`GLUED_PUNCTUATION_INFIXES` too (saved with the
    tokenizer)."""
    from spacy.util import compile_infix_regex

    nlp.tokenizer.infix_finditer = compile_infix_regex(
        list(nlp.Defaults.infixes) + list(GLUED_PUNCTUATION_INFIXES)).finditer


def is_symbol(text):
    """True for a word of symbols outside ASCII with no letter or digit: an emoji, a star,
    an arrow ("\U0001F62B", "\u2605", "\u2192"). ASCII symbols ("+", ">", "%") keep spaCy's reading."""
    return not text.isascii() and not text.isspace() and not any(map(str.isalnum, text))


class _PunctOrSymbol:
    """A ``lex_attr_getters`` entry for IS_PUNCT: spaCy's reading, or :func:`is_symbol`
    (a class, not a closure, so that the vocabulary pickles for spawned workers)."""

    def __init__(self, base):
        self.base = base

    def __call__(self, text):
        return bool(self.base and self.base(text)) or is_symbol(text)


def read_symbols_as_punctuation(vocab):
    """Make ``vocab`` read :func:`is_symbol` words as punctuation (``is_punct``; the candidate
    stage's factory calls it), as every spasmtext stage then does: no candidate holds one ("\U0001F62B PT"), and a verdict stays a
    sentence of its own ("Nothing worked. \U0001F62B"). Lexemes already in ``vocab`` are set
    too; idempotent."""
    getter = vocab.lex_attr_getters.get(IS_PUNCT)
    if not isinstance(getter, _PunctOrSymbol):
        vocab.lex_attr_getters[IS_PUNCT] = _PunctOrSymbol(getter)
    for lex in vocab:
        if not lex.is_punct and is_symbol(lex.orth_):
            lex.is_punct = True


def read_text(text):
    """The text a doc is made from, and how its offsets map back: ``(reading, offsets)``.

    The reading is :func:`plain_text` (one character for one), then HTML character
    references decoded, invisible characters dropped, and soft line breaks
    (:func:`soft_breaks`) and two spaces between words read as one space. ``offsets`` is None when the reading
    kept every offset, else an array: ``offsets[i]`` is the offset in ``text`` of the
    reading's character ``i``, and ``offsets[len(reading)] == len(text)``."""
    plain = plain_text(text)
    edits = [(start, end, " ") for start, end in soft_breaks(plain)]
    if "  " in plain:
        edits += [(match.start(), match.end(), " ") for match in _DOUBLE_SPACE.finditer(plain)]
    if "&" in plain or not plain.isascii():
        for match in _REFERENCE_OR_INVISIBLE.finditer(plain):
            found = match.group()
            new = html.unescape(found).translate(_PLAIN) if found[0] == "&" else ""
            if new != found:
                edits.append((match.start(), match.end(), new))
    if not edits:
        return plain, None
    edits.sort()
    parts, offsets, pos = [], [], 0
    for start, end, new in edits:
        parts += (plain[pos:start], new)
        offsets += (np.arange(pos, start), np.full(len(new), start))
        pos = end
    parts.append(plain[pos:])
    offsets.append(np.arange(pos, len(plain) + 1))
    reading = "".join(parts)
    if len(reading) == len(plain):  # soft breaks of one character: every offset holds
        return reading, None
    return reading, np.concatenate(offsets)


def make_doc(nlp, text):
    """``nlp.make_doc`` of the reading of ``text`` (:func:`read_text`), keeping that reading
    in the doc's ``user_data`` (so that the components that read the whole text, such as
    sections, need not join it from the tokens again) and ``text`` with the offset map
    under :data:`READING_KEY`: :func:`~spasmtext.records.mention_dicts` gives offsets
    into ``text`` and mention texts cut from it."""
    reading, offsets = read_text(text)
    doc = nlp.make_doc(reading)
    doc.user_data[TEXT_KEY] = reading
    doc.user_data[READING_KEY] = (text, offsets)
    return doc


def original_offset(doc, i):
    """The offset in the text ``doc`` was made from (:func:`make_doc`) of its character ``i``."""
    offsets = (doc.user_data.get(READING_KEY) or (None, None))[1]
    return i if offsets is None else int(offsets[i])


def doc_offset(doc, i):
    """The character of ``doc`` at offset ``i`` of the text it was made from (the first
    character read from there or after: the inverse of :func:`original_offset` at token
    boundaries)."""
    offsets = (doc.user_data.get(READING_KEY) or (None, None))[1]
    return i if offsets is None else int(np.searchsorted(offsets, i))


def make_docs(nlp, texts):
    """:func:`make_doc` of each of ``texts``, lazily (for ``nlp.pipe``)."""
    return (make_doc(nlp, text) for text in texts)


_TABLES = {}  # id(vocab) -> (vocab, table); a Vocab takes no weak reference
_MAX_TABLES = 8  # pipelines whose table is kept; the oldest goes first


def word_table(vocab):
    """The :class:`WordTable` of ``vocab``, shared by every component that reads it (one
    cache per pipeline, not one per component)."""
    entry = _TABLES.get(id(vocab))
    if entry is None or entry[0] is not vocab:
        if len(_TABLES) >= _MAX_TABLES:
            del _TABLES[next(iter(_TABLES))]
        entry = _TABLES[id(vocab)] = (vocab, WordTable(vocab))
    return entry[1]
