"""The same texts written otherwise: does the model still find the same mentions?

    python benchmarks/variants.py [--split dev] [--model en_spasmtext] [--only NAME ...]

Each variant rewrites every text of a corpus split in a way people and exports
write text (capitals, lines wrapped at a fixed width, no space after
punctuation, an emoji after each sentence, HTML character references, soft
hyphens, two spaces between words, curly apostrophes, no-break spaces), keeps a map from each character
of the rewritten text to the original, runs the model on both and compares the
mentions mapped back to the original offsets. Printed per variant: the texts
whose mentions (offsets, label, category, negation, experiencer) are all the
same, the mentions that differ, the negations that differ, and strict F1
against the gold mentions. The shipped models are fitted on train and dev, so
on those splits only the change from the unchanged text counts; no variant is
made to resemble the test split, which stays unread.
"""

import argparse
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def per_char(func):
    """A variant from ``func(i, ch, text)`` -> the string that replaces character ``i``."""
    def variant(text):
        return [(func(i, ch, text), i) for i, ch in enumerate(text)]
    return variant


def wrapped(width, newline):
    """Each line wrapped greedily at ``width`` columns (textwrap), ``newline`` at each wrap."""
    def variant(text):
        pieces, pos = [], 0
        for line in text.split("\n"):
            col = 0
            for k, word in enumerate(line.split(" ")):
                if k:
                    space = pos - 1  # the space before this word
                    if col and word and col + 1 + len(word) > width:
                        pieces.append((newline, space))
                        col = 0
                    else:
                        pieces.append((" ", space))
                        col += 1
                pieces += [(ch, pos + j) for j, ch in enumerate(word)]
                col += len(word)
                pos += len(word) + 1
            if pos - 1 < len(text):
                pieces.append(("\n", pos - 1))
        return pieces
    return variant


def _sentence_end(i, text):
    return text[i] in ".!?" and (i + 1 == len(text) or text[i + 1] in " \n")


VARIANTS = {
    "capitals": per_char(lambda i, ch, t: ch.upper() if len(ch.upper()) == 1 else ch),
    "lower case": per_char(lambda i, ch, t: ch.lower() if len(ch.lower()) == 1 else ch),
    "wrapped at 72, LF": wrapped(72, "\n"),
    "wrapped at 60, CRLF": wrapped(60, "\r\n"),
    "wrapped at 80, ' LF'": wrapped(80, " \n"),
    "no space after punctuation": per_char(
        lambda i, ch, t: "" if ch == " " and 0 < i < len(t) - 1 and t[i - 1] in ".,!?;:" and t[i + 1].isalpha()
        else ch),
    "an emoji after each sentence": per_char(lambda i, ch, t: ch + " \U0001F62B" if _sentence_end(i, t) else ch),
    "HTML references": per_char(lambda i, ch, t: {"'": "&#39;", "&": "&amp;"}.get(ch, ch)),
    "soft hyphens in words": per_char(
        lambda i, ch, t: ch + "\u00ad" if ch.isalpha() and t[i + 1:i + 2].isalpha() and i % 7 == 0 else ch),
    "two spaces between words": per_char(
        lambda i, ch, t: "  " if ch == " " and i % 4 == 0 and t[i - 1:i].isalpha() and t[i + 1:i + 2].isalpha()
        else ch),
    "curly apostrophes": per_char(lambda i, ch, t: "\u2019" if ch == "'" else ch),
    "no-break spaces": per_char(lambda i, ch, t: "\u00a0" if ch == " " else ch),
}


def rewrite(text, variant):
    """``(new_text, to_original)``: ``to_original[k]`` is the original offset of new offset k."""
    pieces = variant(text)
    new, offsets = [], []
    for piece, i in pieces:
        new.append(piece)
        offsets += [i] * len(piece)
    offsets.append(len(text))
    return "".join(new), offsets


def _keys(mentions, offsets=None):
    back = (lambda i: offsets[i]) if offsets else (lambda i: i)
    return {(back(m["start"]), back(m["end"]), m["label"], m["category"], m["negated"], m["experiencer"])
            for m in mentions}


def strict_f1(records, predicted):
    tp = fp = fn = 0
    for record, keys in zip(records, predicted):
        gold = {(m["start"], m["end"], m["label"]) for m in record["mentions"]}
        found = {k[:3] for k in keys}
        tp, fp, fn = tp + len(gold & found), fp + len(found - gold), fn + len(gold - found)
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def main():
    import spasmtext
    from spasmtext.corpus import read_jsonl, split_records

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", default="dev", choices=("train", "dev"))
    parser.add_argument("--model", default=None, help="a bundled model's name or a model directory")
    parser.add_argument("--only", nargs="*", choices=sorted(VARIANTS), help="these variants alone")
    args = parser.parse_args()
    splits = json.loads((ROOT / "corpus" / "splits.json").read_text())
    records = split_records(read_jsonl(ROOT / "corpus" / "corpus.jsonl"), splits, args.split)
    nlp = spasmtext.load(args.model)
    texts = [r["text"] for r in records]
    base = [_keys(r["mentions"]) for r in spasmtext.extract_batch(texts, nlp)]
    print(f"{args.split} split, {len(texts)} texts, model {args.model or 'en_spasmtext'} "
          f"{nlp.meta.get('version')}: strict F1 as written {strict_f1(records, base):.3f}")
    print(f"{'variant':30} {'texts the same':>15} {'mentions differ':>16} {'negations differ':>17} {'strict F1':>10}")
    for name, variant in VARIANTS.items():
        if args.only and name not in args.only:
            continue
        rewritten = [rewrite(text, variant) for text in texts]
        got = [_keys(r["mentions"], offsets) for r, (_, offsets)
               in zip(spasmtext.extract_batch([new for new, _ in rewritten], nlp), rewritten)]
        same = sum(a == b for a, b in zip(base, got))
        differ = sum(len(a ^ b) for a, b in zip(base, got))
        negations = sum(len({k[:2] for k in a if k[4]} ^ {k[:2] for k in b if k[4]}) for a, b in zip(base, got))
        print(f"{name:30} {f'{same}/{len(texts)}':>15} {differ:>16} {negations:>17} {strict_f1(records, got):>10.3f}")


if __name__ == "__main__":
    main()
