"""Throughput and memory of spasmtext against spaCy's blank tokenizer, in one run.

    python benchmarks/bench.py [--words 800000] [--csv ../shared/data/mtsamples-partial.csv]
                               [--model en_spasmtext]

Texts: the real transcriptions of ../shared/data/mtsamples-partial.csv, repeated
until they hold at least --words words ("long notes"), and the same text cut
into pieces of 2-3 sentences ("short texts"). Each configuration runs in a
fresh subprocess so that its peak RSS is its own:

  (a) spacy.blank("en") tokenizer alone: the ceiling
  (b) the full spasmtext pipeline, one process (extract_batch)
  (c) the same with n_process=2
  (d) the pipeline without its context stages (``spasmtext_sections`` and
      ``spasmtext_context``: sections, negation, experiencer), one process

Prints words/s, docs/s and peak RSS (MB: the process's plus its largest worker's), the
model load time, and the ratios b/a, c/b and b/d (what the context stages
cost), and each component's share of one more pass of (b): b/d compares two
processes run at different moments, which a shared machine makes noisy; the
share of the context stages within one pass is the steadier measure of the
same cost. At the end, the pipeline's time split into a cost per document and
a cost per word (the long and short texts hold the same words), beside what
0.4x the tokenizer on short texts allows per text. Each configuration makes
--repeat passes over the texts and the fastest counts (as ``timeit`` does: the
others were slowed by the rest of a shared machine). Throughput (words/s, b/a,
b/d) excludes the model load.

c/b compares whole jobs, as a user runs them: a fresh process that loads the
model and makes one pass, --repeat times for (b) and for (c), the fastest of
each counting. The workers of (c) start inside the pass (forked with the loaded
pipeline on Linux, else spawned, each loading it) with cold caches (tokenizer,
word tables), so the single process is compared cold too; the ratio against
(b)'s best warm pass is printed beside it. Compare ratios measured in the same
run, not absolute figures across runs.
"""

import argparse
import csv
import json
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

DEFAULT_CSV = Path(__file__).resolve().parents[2] / "shared" / "data" / "mtsamples-partial.csv"


def read_notes(path):
    """The non-empty transcriptions of the MTSamples CSV at ``path``."""
    with open(path, encoding="utf8", newline="") as handle:
        return [row["transcription"] for row in csv.DictReader(handle) if row["transcription"].strip()]


def cut(texts, sentences):
    """``texts`` cut into pieces of ``sentences`` sentences (split after . ! or ?)."""
    pieces = []
    for text in texts:
        sents = re.split(r"(?<=[.!?])\s+", text)
        pieces += [" ".join(sents[i:i + sentences]) for i in range(0, len(sents), sentences)]
    return [p for p in pieces if p.strip()]


def load_texts(path, words, short):
    notes = read_notes(path)
    texts, total = [], 0
    while total < words:
        for note in notes:
            texts.append(note)
            total += len(note.split())
    return cut(texts, 3) if short else texts


def run_one(config, path, words, short, repeat, model):
    texts = load_texts(path, words, short)
    n_words = sum(len(t.split()) for t in texts)
    if config == "tokenizer":
        import spacy

        nlp = spacy.blank("en")

        def run():
            for _ in nlp.pipe(texts, batch_size=256):
                pass
    else:
        import spasmtext

        loaded = time.perf_counter()
        nlp = spasmtext.load(model)
        load_seconds = time.perf_counter() - loaded
        if config == "no context stages":
            nlp.disable_pipe("spasmtext_sections")
            nlp.disable_pipe("spasmtext_context")

        def run():  # n_process=2: a new pool each time, the workers' start-up in the timed pass
            for _ in spasmtext.extract_batch(texts, nlp, n_process=2 if config == "n_process=2" else 1):
                pass
    seconds, first = float("inf"), None
    for _ in range(repeat):  # the best of the passes: what the code costs, less the noise of a shared machine
        start = time.perf_counter()
        run()
        seconds = min(seconds, time.perf_counter() - start)
        first = seconds if first is None else first
    shares = stage_shares(nlp, texts) if config == "pipeline" else {}
    rss = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
           + resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
    return {"config": config, "docs": len(texts), "words": n_words, "seconds": seconds, "first_seconds": first,
            "load_seconds": load_seconds if config != "tokenizer" else 0.0,
            "words_per_s": n_words / seconds, "docs_per_s": len(texts) / seconds, "peak_rss_mb": rss,
            "stage_shares": shares}


def stage_shares(nlp, texts):
    """Share of one more pass (after the timed ones, so they are not slowed) spent in each
    pipeline component, and in the rest ("make_doc and records": reading and tokenizing the
    texts, making the records). ``extract_batch`` runs each component over a whole minibatch
    before the next, so each component's ``pipe``, wrapped to time the documents it yields,
    times its own work alone."""
    import spasmtext

    spent = {}

    def timed(name, pipe):
        def wrapper(stream, **kwargs):
            docs = pipe(stream, **kwargs)
            while True:
                start = time.perf_counter()
                doc = next(docs, None)
                spent[name] = spent.get(name, 0.0) + time.perf_counter() - start
                if doc is None:
                    return
                yield doc
        return wrapper

    class Timed:  # stands in for a component (spaCy's own, in Cython, cannot have ``pipe`` replaced)
        def __init__(self, name, component):
            self.component, self.pipe = component, timed(name, component.pipe)

        def __getattr__(self, attr):
            return getattr(self.component, attr)

    originals = list(nlp._components)  # spaCy's list of (name, component); restored below
    nlp._components[:] = [(name, Timed(name, component)) for name, component in originals]
    try:
        start = time.perf_counter()
        for _ in spasmtext.extract_batch(texts, nlp):
            pass
        total = time.perf_counter() - start
    finally:
        nlp._components[:] = originals
    shares = {name: spent.get(name, 0.0) / total for name, _ in nlp.pipeline}
    shares["make_doc and records"] = 1.0 - sum(shares.values())
    return shares


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--csv", default=str(DEFAULT_CSV))
    parser.add_argument("--words", type=int, default=800_000)
    parser.add_argument("--repeat", type=int, default=3, help="passes per configuration; the best counts")
    parser.add_argument("--model", default="en_spasmtext", help="a bundled model's name or a model directory")
    parser.add_argument("--one", nargs=2, metavar=("CONFIG", "SHAPE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one[0], args.csv, args.words, args.one[1] == "short", args.repeat,
                                 args.model)))
        return
    if not Path(args.csv).exists():
        sys.exit(f"benchmark data not found: {args.csv}")
    def one(config, shape, repeat):
        out = subprocess.run([sys.executable, __file__, "--csv", args.csv, "--words", str(args.words),
                              "--repeat", str(repeat), "--model", args.model, "--one", config, shape],
                             capture_output=True, text=True, check=True)
        return json.loads(out.stdout.strip().splitlines()[-1])

    def job(row):  # a whole job: the model load and one pass from a fresh process
        return row["load_seconds"] + row["first_seconds"]

    measured = {}
    for shape in ("long", "short"):
        rows = measured[shape] = {config: one(config, shape, args.repeat)
                                  for config in ("tokenizer", "pipeline", "n_process=2", "no context stages")}
        jobs = {config: min([job(rows[config])] + [job(one(config, shape, 1)) for _ in range(args.repeat - 1)])
                for config in ("pipeline", "n_process=2")}
        r = rows
        print(f"\n{shape} texts: {r['tokenizer']['docs']:,} docs, {r['tokenizer']['words']:,} words; "
              f"model {args.model}")
        print(f"{'configuration':18} {'words/s':>10} {'docs/s':>9} {'peak RSS MB':>12}")
        for config, row in rows.items():
            print(f"{config:18} {row['words_per_s']:10,.0f} {row['docs_per_s']:9,.0f} {row['peak_rss_mb']:12,.0f}")
        warm = r["pipeline"]["seconds"] + r["pipeline"]["load_seconds"]
        print(f"model load (one process)  {r['pipeline']['load_seconds']:.2f} s")
        print(f"ratio pipeline/tokenizer  {r['pipeline']['words_per_s'] / r['tokenizer']['words_per_s']:.2f}x")
        print(f"ratio n_process=2/pipeline {jobs['pipeline'] / jobs['n_process=2']:.2f}x (whole jobs from fresh "
              f"processes, the fastest of {args.repeat} each: {jobs['pipeline']:.2f} s and "
              f"{jobs['n_process=2']:.2f} s, the workers' start-up included; "
              f"{warm / jobs['n_process=2']:.2f}x against one process's fastest warm pass)")
        print(f"ratio pipeline/no context stages {r['pipeline']['words_per_s'] / r['no context stages']['words_per_s']:.2f}x")
        shares = r["pipeline"]["stage_shares"]
        context = sum(shares.get(name, 0.0) for name in ("spasmtext_sections", "spasmtext_context"))
        print(f"context stages' share of one pipeline pass {context:.0%} (the throughput lost to them, "
              f"measured within one pass: " + ", ".join(f"{n.replace('spasmtext_', '')} {v:.0%}"
                                                        for n, v in shares.items()) + "; make_doc holds the tokenizer)")
    print_cost_split(measured["long"], measured["short"])


def print_cost_split(long, short):
    """The pipeline's time split into a cost per document and a cost per word, from its long
    and short passes over the same words (seconds = a * documents + b * words), beside what
    the issue's 0.4x the tokenizer on short texts allows per short text."""
    lo, sh = long["pipeline"], short["pipeline"]
    per_doc = (sh["seconds"] - lo["seconds"]) / (sh["docs"] - lo["docs"])
    per_word = (lo["seconds"] - per_doc * lo["docs"]) / lo["words"]
    words = sh["words"] / sh["docs"]
    budget = short["tokenizer"]["seconds"] / short["tokenizer"]["docs"] / 0.4
    print(f"\npipeline cost (long and short passes over the same words): {per_doc * 1e6:.0f} us a document "
          f"+ {per_word * 1e6:.2f} us a word")
    print(f"short texts ({words:.0f} words each): {(per_doc + per_word * words) * 1e6:.0f} us a text, "
          f"{per_word * words * 1e6:.0f} of them per word; 0.4x the tokenizer allows {budget * 1e6:.0f} us a text")

if __name__ == "__main__":
    main()
