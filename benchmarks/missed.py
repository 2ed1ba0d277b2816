"""Where the mentions a model misses are lost: which stage of the pipeline let each one go.

    python benchmarks/missed.py [--model en_spasmtext] [--split dev] [--show 20]

A gold mention is missed when no kept mention overlaps it (the error analysis's
"missed" class; boundary and label errors are not counted here). Each missed
mention is put in the first of these classes that holds:

* ``topic rule``: its text has no candidate at all (a text of four sentences
  or more that never names the back, neck or shoulders);
* ``no candidate``: no candidate overlaps it (no lexicon phrase, trigger or
  phrase chunk proposed it, or the topic window or a section rule dropped it);
* ``overlapping candidate rejected``: candidates overlap it, none exactly, and
  the classifier kept none of them;
* ``exact candidate rejected``: its exact span was a candidate, scored below
  the threshold (or lost to an overlapping one).

Counts only, and with ``--show N`` the first N of each class as record id,
mention text, label and category: mention texts of the corpus, which was
written for this project; do not run ``--show`` on patient notes.
The shipped models are fitted on train and dev: run it on dev with a model
trained by ``spasmtext train --no-test --no-final-fit`` to read dev as held out.
"""

import argparse
import json
from collections import Counter, defaultdict
from pathlib import Path

import spasmtext
from spasmtext.candidates import CANDIDATES_KEY
from spasmtext.corpus import read_jsonl, split_records
from spasmtext.extensions import SPANS_KEY
from spasmtext.tokens import doc_offset, make_doc

ROOT = Path(__file__).resolve().parents[1]
CLASSES = ("topic rule", "no candidate", "overlapping candidate rejected", "exact candidate rejected")


def _overlaps(a, b):
    return a[0] < b[1] and b[0] < a[1]


def missed_by_stage(nlp, records):
    """``{class: [(record id, gold mention)]}`` for the gold mentions of ``records`` that no
    mention the pipeline ``nlp`` keeps overlaps, classed as the module docstring says."""
    out = defaultdict(list)
    for record in records:
        doc = nlp(make_doc(nlp, record["text"]))
        kept = [(s.start_char, s.end_char) for s in doc.spans[SPANS_KEY]]
        candidates = [(s.start_char, s.end_char) for s in doc.spans[CANDIDATES_KEY]]
        for mention in record["mentions"]:
            gold = (doc_offset(doc, mention["start"]), doc_offset(doc, mention["end"]))  # in the doc's reading
            if any(_overlaps(gold, k) for k in kept):
                continue
            if not candidates:
                kind = "topic rule"
            elif gold in candidates:
                kind = "exact candidate rejected"
            elif any(_overlaps(gold, c) for c in candidates):
                kind = "overlapping candidate rejected"
            else:
                kind = "no candidate"
            out[kind].append((record["id"], mention))
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=None)
    parser.add_argument("--split", default="dev", choices=("train", "dev"))
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus" / "corpus.jsonl")
    parser.add_argument("--splits", type=Path, default=ROOT / "corpus" / "splits.json")
    parser.add_argument("--show", type=int, default=0, help="print the first N of each class (corpus text)")
    args = parser.parse_args()
    records = split_records(read_jsonl(args.corpus), json.loads(args.splits.read_text()), args.split)
    by_class = missed_by_stage(spasmtext.load(args.model), records)
    gold = sum(len(r["mentions"]) for r in records)
    missed = sum(len(v) for v in by_class.values())
    print(f"{args.split} split, {len(records)} texts, {gold} gold mentions, {missed} missed")
    counts = Counter({kind: len(by_class[kind]) for kind in CLASSES})
    for kind in CLASSES:
        print(f"  {kind:32s} {counts[kind]:5d}")
    for kind in CLASSES if args.show else ():
        print(f"== {kind}")
        for rid, m in by_class[kind][:args.show]:
            text = next(r["text"] for r in records if r["id"] == rid)
            print(f"  {rid}  {text[m['start']:m['end']]!r}  {m['label']}/{m['category']}")


if __name__ == "__main__":
    main()
