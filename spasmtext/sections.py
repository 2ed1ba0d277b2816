"""Sections of clinical notes: headers such as ``HPI:``, ``FAMILY HISTORY:``, ``Plan:``.

The component finds section headers (rules in ``resources/sections.json``,
saved with the pipeline) and writes the sections, each from its header to the
next header, to ``doc.spans["spasmtext_sections"]`` with the section name as
label (and the headers' own token spans, ``[(start, end)]``, to its
``attrs["headers"]``). ``span._.section`` (a getter, for any span) gives the name of the
section a span lies in, or ``None`` outside any section. Other components use
it: a mention under family history concerns someone else.
"""

import json
import re

from spacy.language import Language

from .component import DocComponent, read_json, write_json
from .extensions import SECTIONS_KEY, set_extensions, span_group
from .lexicon import _read_text
from .tokens import word_table

DEFAULT_CONFIG = {}
#: a run-in header: after a sentence's final punctuation and a comma, upper-case words and a colon
# (the final punctuation is matched, not looked behind for: three times faster, same matches,
# since no header, which ends at its colon, holds one)
_RUN_IN = re.compile(r"[.!?][ \t]*,[ \t]*([A-Z][A-Z0-9 /&()-]{1,38}[A-Z)])[ \t]*:")


@Language.factory("spasmtext_sections", default_config=DEFAULT_CONFIG)
def make_sections(nlp, name):
    """Create the section detector with the bundled header rules."""
    return SectionDetector(name=name)


def default_section_rules():
    data = json.loads(_read_text("sections.json"))
    data.pop("_doc", None)
    return data


#: the section names (labels of ``doc.spans["spasmtext_sections"]``, values of ``span._.section``)
SECTION_NAMES = tuple(default_section_rules())


class SectionDetector(DocComponent):
    """Find section headers; see the module docstring."""

    def __init__(self, *, name="spasmtext_sections", rules=None):
        set_extensions()
        self.name = name
        self._set_rules(rules or default_section_rules())

    def _set_rules(self, rules):
        self.rules = {section: list(phrases) for section, phrases in rules.items()}
        self._lookup = {}
        for section, phrases in self.rules.items():
            for phrase in phrases:
                self._lookup[" ".join(phrase.lower().split())] = section

    def headers(self, doc):
        """``[(section, header_start, header_end)]`` in token offsets, in text order.

        A header opens a line, or is *run in* after a sentence: an upper-case
        header behind a comma, as in transcriptions whose line breaks became
        commas ("... with heat.,MEDICATIONS: , Ibuprofen")."""
        text = word_table(doc.vocab).text(doc)
        found = []
        line_start = 0
        for line in text.splitlines(keepends=True):
            header = self._header(line)
            if header:
                start_char = line_start + len(line) - len(line.lstrip())
                found.append((header[0], start_char, line_start + header[1]))
            line_start += len(line)
        for match in _RUN_IN.finditer(text):
            section = self._lookup.get(" ".join(match.group(1).lower().split()))
            if section is not None:
                found.append((section, match.start(1), match.end()))
        out = []
        for section, start_char, end_char in sorted(found, key=lambda h: h[1]):
            span = doc.char_span(start_char, end_char, alignment_mode="expand")
            if span is not None and not (out and span.start < out[-1][2]):
                out.append((section, span.start, span.end))
        return out

    def _header(self, line):
        """``(section, end offset in line)`` if ``line`` opens with a header, else None."""
        stripped = line.lstrip(" \t-*•#")
        offset = len(line) - len(stripped)
        colon = stripped.find(":")
        candidates = []
        if 0 < colon <= 40:
            candidates.append((stripped[:colon], colon + 1))
        bare = stripped.strip()
        if bare and bare.isupper() and len(bare) <= 40:  # a header alone on its line
            candidates.append((bare, len(stripped.rstrip())))
        for phrase, end in candidates:
            key = " ".join(phrase.lower().split())
            section = self._lookup.get(key)
            if section is None:
                continue
            if len(key) <= 2 and not (phrase.strip().isupper() and end == colon + 1):
                continue  # "a:", "s:" in prose are not headers
            return section, offset + end
        return None

    def __call__(self, doc):
        headers = self.headers(doc)
        sections = []
        for k, (section, start, _) in enumerate(headers):
            end = headers[k + 1][1] if k + 1 < len(headers) else len(doc)
            if end > start:
                sections.append((start, end, section))
        group = doc.spans[SECTIONS_KEY] = span_group(doc, SECTIONS_KEY, sections)
        group.attrs["headers"] = [(start, end) for _, start, end in headers]  # the header words
        return doc

    def to_disk(self, path, *, exclude=tuple()):
        write_json(path, "sections.json", self.rules)

    def from_disk(self, path, *, exclude=tuple()):
        self._set_rules(read_json(path, "sections.json"))
        return self
