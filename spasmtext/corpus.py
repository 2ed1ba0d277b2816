"""The annotated corpus: authoring markup, JSONL records, validation, splits.

Documents are written in ``corpus/src/*.txt`` with inline markup and compiled
to ``corpus/corpus.jsonl`` (the record format of ANNOTATION.md) by
``spasmtext corpus build``. A source file holds documents, each opened by a
header line ``### <id> <genre>``; a mention is written
``[[mention text|CODE]]`` where CODE is a category code (below), followed by
``!`` if negated and ``@`` if the experiencer is someone other than the
patient/writer: ``[[ibuprofen|MED!]]``, ``[[scoliosis|STRUCT@]]``.

Section headers of notes (documents of the ``clinical`` and ``other`` genres)
are written ``{{header text|section}}``, the colon outside:
``{{HPI|history_of_present_illness}}: 42 y/o M ...``. Records of those genres
get a ``sections`` list (``start``, ``end``, ``section``; empty when the note
has no headers), the gold standard for the section detector; records of other
genres have no ``sections`` key (not annotated).
"""

import hashlib
import json
import re
from collections import Counter
from pathlib import Path

from .errors import CorpusError, Errors
from .lexicon import CATEGORY_LABEL
from .sections import SECTION_NAMES

GENRES = ("complaint", "forum", "clinical", "article", "other")
SPLITS = ("train", "dev", "test")
CODES = {
    "LIFT": "LIFTING", "SUDDEN": "SUDDEN_MOVEMENT", "POST": "POSTURE", "OVER": "OVERUSE",
    "INJ": "INJURY", "DECON": "DECONDITIONING", "STRUCT": "STRUCTURAL", "NERVE": "NERVE",
    "SYS": "SYSTEMIC", "EX": "EXERCISE", "STRETCH": "STRETCHING", "POS": "POSITIONING",
    "HC": "HEAT_COLD", "MED": "MEDICATION", "MAN": "MANUAL_THERAPY", "PRO": "PROFESSIONAL_CARE",
    "REST": "REST_ACTIVITY", "NUT": "NUTRITION", "PROC": "PROCEDURE", "DEV": "DEVICE",
}
LEADING_WORDS = frozenset("a an the my your his her their our".split())
_MARK = re.compile(r"\[\[([^\[\]|]+)\|([A-Z]+)([!@]*)\]\]|\{\{([^{}|]+)\|([a-z_]+)\}\}")
#: genres whose documents have their section headers annotated
SECTION_GENRES = ("clinical", "other")
_HEADER = re.compile(r"^### (\S+) (\S+)\s*$")


def parse_markup(source, path="<markup>"):
    """Parse authoring markup into a list of records."""
    records, current, lines = [], None, []

    def close():
        if current is not None:
            records.append(_compile(current[0], current[1], "\n".join(lines).strip(), path))

    for line in source.splitlines():
        header = _HEADER.match(line)
        if header:
            close()
            current, lines = (header.group(1), header.group(2)), []
        elif current is not None:
            lines.append(line)
    close()
    return records


def _compile(doc_id, genre, body, path):
    text_parts, mentions, sections, pos, last = [], [], [], 0, 0
    for match in _MARK.finditer(body):
        text_parts.append(body[last:match.start()])
        pos += match.start() - last
        surface, code, flags, header, section = match.groups()
        last = match.end()
        if header is not None:
            if section not in SECTION_NAMES:
                raise CorpusError(Errors.E009.format(path=path, id=doc_id, error=f"unknown section {section}"))
            sections.append({"start": pos, "end": pos + len(header), "section": section})
            text_parts.append(header)
            pos += len(header)
            continue
        if code not in CODES:
            raise CorpusError(Errors.E009.format(path=path, id=doc_id, error=f"unknown code {code}"))
        category = CODES[code]
        mentions.append({
            "start": pos, "end": pos + len(surface), "label": CATEGORY_LABEL[category],
            "category": category, "negated": "!" in flags,
            "experiencer": "other" if "@" in flags else "patient",
        })
        text_parts.append(surface)
        pos += len(surface)
    text_parts.append(body[last:])
    text = "".join(text_parts)
    if "[[" in text or "]]" in text or "{{" in text or "}}" in text:
        raise CorpusError(Errors.E009.format(path=path, id=doc_id, error="unclosed or malformed [[...]] or {{...}}"))
    if sections and genre not in SECTION_GENRES:
        raise CorpusError(Errors.E009.format(path=path, id=doc_id, error=f"section headers in a {genre} document"))
    record = {"id": doc_id, "source": genre, "text": text, "mentions": mentions}
    if genre in SECTION_GENRES:
        record["sections"] = sections
    return record


def build(src_dir, out_path):
    """Compile every ``*.txt`` markup file of ``src_dir`` into ``out_path`` (JSONL)."""
    records = []
    for path in sorted(Path(src_dir).glob("*.txt")):
        records.extend(parse_markup(path.read_text(encoding="utf8"), path=path.name))
    write_jsonl(records, out_path)
    return records


def write_jsonl(records, path):
    with open(path, "w", encoding="utf8") as out:
        for rec in records:
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")


def read_jsonl(path):
    """Read corpus records from a JSONL file (a byte order mark opening it is skipped)."""
    records = []
    with open(path, encoding="utf-8-sig") as handle:
        for lineno, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise CorpusError(Errors.E008.format(line=lineno, path=path, error=exc.msg)) from None
    return records


def file_sha256(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def validate(records):
    """Check records against ANNOTATION.md; return a list of problems (empty if valid).

    Checks: required fields and types, genre, unique ids, duplicate texts,
    offsets inside the text, labels and categories, attributes, mention
    boundaries (no surrounding whitespace or punctuation, no leading
    determiner, no line break inside), overlaps and duplicate mentions; section
    headers: known section name, at the start of a line (after list marks),
    inside the text.
    Problems name ids and offsets only.
    """
    problems = []
    ids, texts = Counter(), {}
    for rec in records:
        rid = rec.get("id")
        ids[rid] += 1
        text = rec.get("text")
        if not isinstance(rid, str) or not rid:
            problems.append(f"record {rid!r}: id must be a non-empty string")
        if not isinstance(text, str):
            problems.append(f"record {rid}: text must be a string")
            continue
        if rec.get("source") not in GENRES:
            problems.append(f"record {rid}: source {rec.get('source')!r} not in {GENRES}")
        key = " ".join(text.lower().split())
        if key in texts:
            problems.append(f"record {rid}: same text as record {texts[key]}")
        texts.setdefault(key, rid)
        spans = []
        for m in rec.get("mentions", []):
            where = f"record {rid} [{m.get('start')}:{m.get('end')}]"
            start, end = m.get("start"), m.get("end")
            if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
                problems.append(f"{where}: offsets outside the text or empty")
                continue
            if m.get("label") not in ("CAUSE", "REMEDY"):
                problems.append(f"{where}: label {m.get('label')!r}")
            if CATEGORY_LABEL.get(m.get("category")) != m.get("label"):
                problems.append(f"{where}: category {m.get('category')!r} is not a {m.get('label')} category")
            if not isinstance(m.get("negated"), bool):
                problems.append(f"{where}: negated must be true or false")
            if m.get("experiencer") not in ("patient", "other"):
                problems.append(f"{where}: experiencer {m.get('experiencer')!r}")
            surface = text[start:end]
            if surface != surface.strip() or surface[-1] in ".,;:!?" or surface[0] in ".,;:!?":
                problems.append(f"{where}: span starts or ends with whitespace or punctuation")
            if surface.split()[0].lower() in LEADING_WORDS and len(surface.split()) > 1:
                problems.append(f"{where}: span starts with a determiner or possessive")
            if "\n" in surface:
                problems.append(f"{where}: span crosses a line break")
            spans.append((start, end))
        problems.extend(_header_problems(rid, text, rec.get("sections", [])))
        spans.sort()
        for (s1, e1), (s2, e2) in zip(spans, spans[1:]):
            if (s1, e1) == (s2, e2):
                problems.append(f"record {rid} [{s1}:{e1}]: duplicate mention")
            elif s2 < e1:
                problems.append(f"record {rid} [{s1}:{e1}] and [{s2}:{e2}]: overlapping mentions")
    for rid, count in ids.items():
        if count > 1:
            problems.append(f"record {rid}: id used {count} times")
    return problems


def check_records(records, name):
    """``records`` as a list, if they follow the record format (:func:`validate`); else
    :class:`CorpusError` E025 naming ``name`` (a file, say) and the first problem."""
    records = list(records)
    problems = validate(records)
    if problems:
        raise CorpusError(Errors.E025.format(path=name, count=len(problems), first=problems[0]))
    return records


def _header_problems(rid, text, sections):
    for h in sections:
        where = f"record {rid} header [{h.get('start')}:{h.get('end')}]"
        start, end = h.get("start"), h.get("end")
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
            yield f"{where}: offsets outside the text or empty"
            continue
        if h.get("section") not in SECTION_NAMES:
            yield f"{where}: unknown section {h.get('section')!r}"
        if text[text.rfind("\n", 0, start) + 1:start].strip(" \t-*•#"):
            yield f"{where}: a header must open its line"


#: ids of the different-voice test subset (``src/voice_*.txt``, see ``corpus/voice_design.py``)
VOICE_PREFIX = "v"


def is_voice_subset(doc_id):
    """True for a document of the different-voice test subset ("v" + digits)."""
    return doc_id.startswith(VOICE_PREFIX) and doc_id[len(VOICE_PREFIX):].isdigit()


def make_splits(records, *, fractions=(0.7, 0.15, 0.15), previous=None):
    """Assign documents to train/dev/test by document, stratified by genre.

    Documents already in ``previous`` (the current ``splits.json``) keep their
    split, so the test split stays frozen as the corpus grows. New documents of
    a genre, in SHA-256 order of their ids, fill each split up to its share of
    the genre (train, then dev, then test); any left over go to train.
    Documents of the different-voice subset (ids starting with
    ``VOICE_PREFIX``) all go to test and do not count in the genre shares.
    """
    previous = previous or {}
    known = {i: name for name in SPLITS for i in previous.get(name, [])}
    by_genre = {}
    splits = {name: [] for name in SPLITS}
    for rec in records:
        if is_voice_subset(rec["id"]):
            splits["test"].append(rec["id"])
        else:
            by_genre.setdefault(rec["source"], []).append(rec["id"])
    for genre in sorted(by_genre):
        ids = by_genre[genre]
        counts = {name: 0 for name in SPLITS}
        for i in ids:
            if i in known:
                splits[known[i]].append(i)
                counts[known[i]] += 1
        new = sorted((i for i in ids if i not in known), key=lambda i: hashlib.sha256(i.encode()).hexdigest())
        n = len(ids)
        targets = {"dev": round(n * fractions[1]), "test": round(n * fractions[2])}
        targets["train"] = n - targets["dev"] - targets["test"]
        for name in SPLITS:
            while new and counts[name] < targets[name]:
                splits[name].append(new.pop(0))
                counts[name] += 1
        splits["train"] += new
    return {name: sorted(ids) for name, ids in splits.items()}


def split_records(records, splits, name):
    """The records of split ``name`` in corpus order."""
    if name not in splits:
        raise ValueError(Errors.E013.format(split=name, options=list(splits)))
    wanted = set(splits[name])
    return [rec for rec in records if rec["id"] in wanted]


def split_hash(records, splits, name):
    """SHA-256 of the canonical JSON of a split's records (freezes the test set)."""
    payload = json.dumps(split_records(records, splits, name), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf8")).hexdigest()


def stats(records):
    """Counts per genre, label, category and attribute."""
    out = {"documents": len(records), "mentions": 0, "genre": Counter(), "label": Counter(),
           "category": Counter(), "negated": 0, "experiencer_other": 0, "no_mention_documents": 0,
           "distinct_mention_strings": {}}
    distinct = {"CAUSE": set(), "REMEDY": set()}
    for rec in records:
        out["genre"][rec["source"]] += 1
        if not rec["mentions"]:
            out["no_mention_documents"] += 1
        for m in rec["mentions"]:
            out["mentions"] += 1
            out["label"][m["label"]] += 1
            out["category"][m["category"]] += 1
            out["negated"] += m["negated"]
            out["experiencer_other"] += m["experiencer"] == "other"
            distinct[m["label"]].add(" ".join(rec["text"][m["start"]:m["end"]].lower().split()))
    out["distinct_mention_strings"] = {k: len(v) for k, v in distinct.items()}
    out["documents_with_negation"] = sum(any(m["negated"] for m in r["mentions"]) for r in records)
    out["documents_with_experiencer_other"] = sum(
        any(m["experiencer"] == "other" for m in r["mentions"]) for r in records)
    out["long_documents"] = sum(len(r["text"].split()) > 1000 for r in records)
    out["different_voice_documents"] = sum(is_voice_subset(r["id"]) for r in records)
    out["section_headers"] = sum(len(r.get("sections", [])) for r in records)
    sim, a, b = max_similarity(records)
    out["max_pairwise_similarity"] = {"method": "Jaccard of word 3-gram sets", "value": sim, "pair": [a, b]}
    for key in ("genre", "label", "category"):
        out[key] = dict(sorted(out[key].items()))
    return out


COUNTS_START = "<!-- counts:start (generated by `spasmtext corpus stats --markdown`) -->"
COUNTS_END = "<!-- counts:end -->"


def counts_markdown(records, splits):
    """The counts section of ``corpus/README.md``, generated from the data."""
    st = stats(records)
    n = st["documents"]

    def pct(k):
        return f"{100 * k / n:.0f}%"

    lines = [COUNTS_START, "| genre | documents | share |", "|---|---|---|"]
    lines += [f"| {g} | {k} | {pct(k)} |" for g, k in st["genre"].items()]
    lines += [f"| **total** | **{n}** | |", ""]
    cats = st["category"]
    lines += [
        f"{st['mentions']:,} mentions: {st['label'].get('CAUSE', 0):,} CAUSE, {st['label'].get('REMEDY', 0):,} "
        f"REMEDY; {st['negated']} negated (in {st['documents_with_negation']} documents, "
        f"{pct(st['documents_with_negation'])}), {st['experiencer_other']} with experiencer `other` (in "
        f"{st['documents_with_experiencer_other']} documents). {st['no_mention_documents']} documents "
        f"({pct(st['no_mention_documents'])}) have no mention; {st['long_documents']} are longer than 1,000 "
        f"words; {st['different_voice_documents']} form the different-voice test subset; "
        f"{st['section_headers']} section headers are annotated. Distinct mention strings (lower-cased, "
        f"whitespace-normalised): {st['distinct_mention_strings'].get('CAUSE', 0)} CAUSE, "
        f"{st['distinct_mention_strings'].get('REMEDY', 0)} REMEDY. Most similar pair of documents "
        f"(Jaccard of word 3-gram sets): {st['max_pairwise_similarity']['value']} "
        f"({' and '.join(st['max_pairwise_similarity']['pair'])}).",
        "", "| category | mentions |", "|---|---|"]
    lines += [f"| {c} | {k} |" for c, k in sorted(cats.items(), key=lambda x: (CATEGORY_LABEL[x[0]], x[0]))]
    sizes = "/".join(str(len(splits[k])) for k in SPLITS)
    lines += ["", f"Splits train/dev/test: {sizes} documents.", COUNTS_END]
    return "\n".join(lines)


def consistency_report(records, min_count=2):
    """Find annotation inconsistencies worth a human look.

    Returns ``{"label_conflicts": [...], "unannotated": [...]}``:

    * label conflicts: a normalised mention string annotated with more than
      one label or category, with the counts of each reading (a conflict can
      be right, "walking" helps or hurts by context; it must be deliberate);
    * unannotated occurrences: a string annotated at least ``min_count``
      times elsewhere that occurs as a whole word sequence outside any mention,
      reported as record id and offsets.
    """
    readings = {}
    for rec in records:
        for m in rec["mentions"]:
            key = " ".join(rec["text"][m["start"]:m["end"]].lower().split())
            readings.setdefault(key, Counter())[(m["label"], m["category"])] += 1
    conflicts = [
        {"text": key, "readings": {f"{lab}/{cat}": n for (lab, cat), n in sorted(c.items())}}
        for key, c in sorted(readings.items()) if len(c) > 1
    ]
    frequent = sorted((k for k, c in readings.items() if sum(c.values()) >= min_count and len(k) > 2),
                      key=len, reverse=True)
    pattern = re.compile(r"\b(" + "|".join(re.escape(k) for k in frequent) + r")\b", re.IGNORECASE) \
        if frequent else None
    unannotated = []
    for rec in records if pattern else ():
        covered = [(m["start"], m["end"]) for m in rec["mentions"]]
        for match in pattern.finditer(rec["text"]):
            s, e = match.span()
            if not any(a < e and s < b for a, b in covered):
                unannotated.append({"id": rec["id"], "start": s, "end": e,
                                    "text": match.group(0).lower()})
    return {"label_conflicts": conflicts, "unannotated": unannotated}


def shingles(text, k=3):
    """The set of lower-cased word ``k``-grams of ``text`` (punctuation stripped)."""
    words = re.findall(r"[a-z0-9']+", text.lower())
    return {tuple(words[i:i + k]) for i in range(max(1, len(words) - k + 1))} if words else set()


def max_similarity(records, k=3):
    """The most similar pair of documents by word-shingle Jaccard similarity.

    Returns ``(similarity, id_a, id_b)``: the near-duplicate check of the
    corpus (each pair of documents compared on their sets of word 3-grams).
    """
    sets = [(rec["id"], shingles(rec["text"], k)) for rec in records]
    index = {}
    for n, (_, sh) in enumerate(sets):  # only pairs that share a shingle can be similar
        for g in sh:
            index.setdefault(g, []).append(n)
    best = (0.0, None, None)
    seen = set()
    for postings in index.values():
        for x, a in enumerate(postings):
            for b in postings[x + 1:]:
                if (a, b) in seen:
                    continue
                seen.add((a, b))
                sa, sb = sets[a][1], sets[b][1]
                sim = len(sa & sb) / len(sa | sb)
                if sim > best[0]:
                    best = (round(sim, 4), sets[a][0], sets[b][0])
    return best
