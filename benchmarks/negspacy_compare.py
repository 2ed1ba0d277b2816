"""Do negspacy's NegEx termsets improve spasmtext's negation rules?

    pip install negspacy && python benchmarks/negspacy_compare.py

Merges the cue lists of negspacy's ``en_clinical`` termset (preceding,
following, pseudo, termination) into ``resources/context_rules.json`` and prints
the rules' negation precision, recall and F1 on the gold mentions of the train
and dev splits, for our lists alone, for ours plus each negspacy list, and for
ours plus all of them. The test split is not read.
"""

import json
import sys
from pathlib import Path

from spasmtext.corpus import read_jsonl, split_records
from spasmtext.evaluation import binary_prf
from spasmtext.lexicon import default_context_rules
from spasmtext.pipeline import build_pipeline
from spasmtext.training import assertion_data

ROOT = Path(__file__).resolve().parents[1]
NEGSPACY_TO_OURS = {"preceding_negations": "negation_forward", "following_negations": "negation_backward",
                    "pseudo_negations": "negation_pseudo", "termination": "terminators"}


def merged(ours, theirs, lists):
    rules = {key: list(cues) for key, cues in ours.items()}
    for name in lists:
        key = NEGSPACY_TO_OURS[name]
        rules[key] += sorted({c.lower() for c in theirs[name]} - set(rules[key]))
    return rules


def main():
    try:
        from negspacy.termsets import termset
    except ImportError:
        sys.exit("negspacy is not installed: pip install negspacy")
    theirs = termset("en_clinical").get_patterns()
    ours = default_context_rules()
    records = read_jsonl(ROOT / "corpus" / "corpus.jsonl")
    splits = json.loads((ROOT / "corpus" / "splits.json").read_text(encoding="utf8"))
    variants = {"spasmtext cues": ours}
    variants.update({f"+ negspacy {name}": merged(ours, theirs, [name]) for name in NEGSPACY_TO_OURS})
    variants["+ negspacy, all four lists"] = merged(ours, theirs, NEGSPACY_TO_OURS)
    print(f"{'cue lists':32} {'train P':>8} {'R':>6} {'F1':>6} {'dev P':>7} {'R':>6} {'F1':>6}")
    for name, rules in variants.items():
        nlp = build_pipeline()
        nlp.get_pipe("spasmtext_context")._set_rules(rules)
        row = []
        for split in ("train", "dev"):
            _, readings, negated, _, _ = assertion_data(nlp, split_records(records, splits, split))
            prf = binary_prf(negated, [r[0] for r in readings])
            row += [prf["precision"], prf["recall"], prf["f1"]]
        print(f"{name:32} " + " ".join(f"{x:6.3f}" for x in row))


if __name__ == "__main__":
    main()
