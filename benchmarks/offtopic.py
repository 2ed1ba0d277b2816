"""Mentions found in fragments of real notes about other problems: a check of the topic rule.

    python benchmarks/offtopic.py [--sentences 5] [--csv ../shared/data/mtsamples-partial.csv]
                                  [--model en_spasmtext] [--no-topic-rule]

The transcriptions of ../shared/data/mtsamples-partial.csv (operative notes,
consults, mostly not about back pain) are cut every --sentences sentences, as
an export of one row per paragraph would give them, and each piece is run
through the pipeline (--sentences 0: the whole notes, 98 mentions in 13 notes with
0.4.5, 77 in 13 with 0.4.15, 64 in 11 with 0.4.16 and 0.4.17,
60 in 10 with 0.4.18 and 0.4.19, 62 in 11 with 0.4.20). Prints how many
pieces get mentions, how many mentions in all, and their labels and categories; with --show-mentions, the most
frequent mention strings too (text of the notes: for public data such as
MTSamples only). Nearly all of them are false positives, so
a change to the topic rule or the candidates that raises the count should be
read with the corpus figures beside it (with the same classifier, model
0.4.1's topic rule raised it from 250 to 532 for a 0.01 gain in dev F1 and was
withdrawn; model 0.4.2 gives 232, 0.4.3 222, 0.4.4 215, 0.4.5 204, 0.4.15 215, 0.4.16 205,
0.4.17 206, 0.4.18 and 0.4.19 208, 0.4.20 213; see the model card).
"""

import argparse
from collections import Counter
from pathlib import Path

from bench import DEFAULT_CSV, cut, read_notes  # this directory's benchmark helpers

import spasmtext


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=5, help="sentences a piece (0: the whole notes)")
    parser.add_argument("--csv", type=Path, default=DEFAULT_CSV)
    parser.add_argument("--model", default=None)
    parser.add_argument("--no-topic-rule", dest="topic_rule", action="store_false",
                        help="as spasmtext extract --no-topic-rule: what the rule keeps out")
    parser.add_argument("--show-mentions", action="store_true", help="print the 15 most frequent mention strings")
    args = parser.parse_args()
    notes = read_notes(args.csv)
    texts = cut(notes, args.sentences) if args.sentences else notes
    records = list(spasmtext.extract_batch(texts, spasmtext.load(args.model, topic_rule=args.topic_rule)))
    mentions = [m for record in records for m in record["mentions"]]
    pieces = f"pieces of {args.sentences} sentences" if args.sentences else "whole notes"
    print(f"{len(texts):,} {pieces}; "
          f"{sum(1 for record in records if record['mentions']):,} with mentions, {len(mentions):,} mentions")
    for (label, category), n in Counter((m["label"], m["category"]) for m in mentions).most_common():
        print(f"{n:5d}  {label}/{category}")
    if args.show_mentions:
        for (text, label), n in Counter((m["text"].lower(), m["label"]) for m in mentions).most_common(15):
            print(f"{n:5d}  {label:6s}  {text}")


if __name__ == "__main__":
    main()
