"""The ``spasmtext`` command line: extract, render, train, evaluate, corpus, pin."""

import argparse
import collections
import contextlib
import gc
import hashlib
import itertools
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

from .about import __version__
from .errors import CorpusError, Errors, InputError, IntegrityError, MissingExtraError
from .formats import (INPUT_FORMATS, OUTPUT_FORMATS, RecordWriter, completed_records, input_encoding, input_format,
                      json_lines, output_format, read_documents)

DEFAULT_CORPUS = "corpus/corpus.jsonl"
DEFAULT_SPLITS = "corpus/splits.json"


def _open_in(path):
    """Binary input: each line is decoded on its own, so one bad line costs one record."""
    return sys.stdin.buffer if path == "-" else open(path, "rb")


def _read_inputs(handle, text_field, id_field, problems):
    """``(text, id)`` per JSONL document; unreadable ones give ``(None, id)`` and a problem."""
    for text, rid, problem in read_documents(handle, "jsonl", text_field=text_field, id_field=id_field):
        problems.append(problem)
        yield text, rid


#: the file beside a JSONL output that says which model and version wrote it (for ``--resume``)
RUN_FILE_SUFFIX = ".run.json"


def run_identity(nlp):
    """What must not change between a run and its ``--resume``: spasmtext's version, the
    model (name, version and the SHA-256 of its artifacts, from its ``meta.json``) and the
    spelling settings if ``--spelling`` is on, and ``topic_rule: false`` with ``--no-topic-rule``."""
    meta = nlp.meta
    artifacts = json.dumps(meta.get("artifacts", {}), sort_keys=True).encode("utf8")
    identity = {"spasmtext": __version__, "model": f"{meta.get('lang')}_{meta.get('name')} {meta.get('version')}",
                "artifacts_sha256": hashlib.sha256(artifacts).hexdigest()}
    from .pipeline import TOPIC_SETTING
    from .spelling import NAME as SPELLING

    if SPELLING in nlp.pipe_names:  # --spelling reads some words otherwise
        identity["spelling"] = nlp.get_pipe(SPELLING).settings
    topic = [block[TOPIC_SETTING] for block in nlp.config["components"].values() if TOPIC_SETTING in block]
    if topic and not any(topic):  # --no-topic-rule (absent otherwise, as in run files written before it)
        identity["topic_rule"] = False
    return identity


def _write_run_file(output, identity):
    """Write ``<output>.run.json`` (atomically: a kill leaves the old file or the new one)."""
    path = Path(str(output) + RUN_FILE_SUFFIX)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(identity, indent=1, sort_keys=True) + "\n", encoding="utf8")
    tmp.replace(path)


def _check_run_file(output, identity):
    """Before ``--resume``: stop if the records already in ``output`` came from another model
    or spasmtext version than ``identity`` (their run file says which). Returns False if no
    run file says (an output written before 0.4.6), True if it matched."""
    path = Path(str(output) + RUN_FILE_SUFFIX)
    if not path.exists():
        return False
    try:
        before = json.loads(path.read_text(encoding="utf8"))
    except ValueError:
        before = {}
    if before != identity:
        def said(run):
            return f"{run.get('model')} (spasmtext {run.get('spasmtext')})"

        raise SystemExit(Errors.E024.format(output=output, before=said(before), now=said(identity)))
    return True


def cmd_extract(args):
    from .api import extract_batch
    from .pipeline import load

    nlp = load(args.model, **_load_options(args))
    gc.freeze()  # this process only runs the job: the loaded model is never garbage, keep GC off it
    fmt_in = input_format(args.input, args.input_format)
    fmt_out = output_format(args.output, args.format)
    skip = 0
    identity = run_identity(nlp)
    if args.resume:
        if args.output in (None, "-") or fmt_out != "jsonl":
            raise SystemExit(Errors.E018.format(output=args.output))
        checked = _check_run_file(args.output, identity)  # before the output is touched
        skip = completed_records(args.output)
        if skip and not checked:
            print(Errors.W003.format(records=skip, output=args.output,
                                     run_file=Path(args.output).name + RUN_FILE_SUFFIX), file=sys.stderr)
    problems = collections.deque()
    n_docs = n_mentions = n_errors = n_undecodable = 0
    n_words = 0  # words of the texts read (whitespace-separated, as benchmarks/bench.py counts them)
    started = time.perf_counter()
    with contextlib.ExitStack() as stack:
        source = args.input if fmt_in in ("dir", "parquet") else stack.enter_context(_open_in(args.input))
        positional_ids = [] if args.id_field is not None else None
        documents = read_documents(source, fmt_in, text_field=args.text_field, id_field=args.id_field,
                                   positional_ids=positional_ids, encoding=args.encoding)
        first = next(documents, None)  # a header without the --id-field column stops here, output untouched
        documents = itertools.chain([first] if first is not None else [], documents)
        if fmt_out == "jsonl" and args.output not in (None, "-"):
            _write_run_file(args.output, identity)
        if args.output in (None, "-"):
            out = sys.stdout
        elif fmt_out == "parquet":
            out = stack.enter_context(open(args.output, "wb"))
        else:
            out = stack.enter_context(open(args.output, "a" if args.resume else "w", encoding="utf8", newline=""))
        writer = RecordWriter(out, fmt_out)
        stack.callback(writer.close)
        documents = itertools.islice(documents, skip, None)  # --resume: records already on disk

        def inputs():
            nonlocal n_words
            for text, rid, problem in documents:
                problems.append(problem)
                if isinstance(text, str):
                    n_words += len(text.split())
                yield text, rid

        if args.scheduler:
            from .dask import extract_on_cluster

            records = extract_on_cluster(inputs(), args.scheduler, model=args.model, batch_size=args.batch_size,
                                         **_load_options(args))
        else:
            records = extract_batch(inputs(), nlp, batch_size=args.batch_size, n_process=args.n_process)
        for record in _progress(records, args.progress):
            problem = problems.popleft()
            if problem is not None:  # an unreadable document: say why, not just "not a str"
                record["error"] = problem
                n_undecodable += problem.startswith("E016")
            n_docs += 1
            n_mentions += len(record["mentions"])
            n_errors += "error" in record
            writer.write(record)
            if n_docs % args.batch_size == 0 and fmt_out != "parquet":
                out.flush()  # a kill loses at most the batch in flight; --resume redoes it
    if n_undecodable and input_encoding(args.encoding) == "utf-8":
        print(Errors.W005.format(count=n_undecodable), file=sys.stderr)
    if positional_ids:
        print(Errors.W004.format(count=len(positional_ids), field=args.id_field, first=positional_ids[0]),
              file=sys.stderr)
    resumed = f" (after {skip} already written)" if skip else ""
    seconds = max(time.perf_counter() - started, 1e-9)
    print(f"spasmtext extract: {n_docs} documents{resumed}, {n_mentions} mentions, {n_errors} errors; "
          f"{n_words:,} words in {seconds:.2f} s ({n_words / seconds:,.0f} words/s, "
          f"{n_docs / seconds:,.0f} docs/s)", file=sys.stderr)
    return 1 if (n_errors and args.fail_on_error) else 0


def _progress(records, mode):
    """Wrap ``records`` in a tqdm progress bar on stderr (tqdm comes with spaCy); with
    ``mode == "auto"`` only when stderr is a terminal."""
    if mode == "never" or (mode == "auto" and not sys.stderr.isatty()):
        return records
    try:
        from tqdm import tqdm
    except ImportError:
        if mode == "always":
            print(Errors.W002, file=sys.stderr)
        return records
    return tqdm(records, unit="doc", file=sys.stderr, dynamic_ncols=True)


def _render_items(args, nlp_loader):
    """``(record, text)`` per input line, in order, streamed in chunks of 256 lines.

    Lines holding a text and no mentions are extracted; lines holding
    mentions are used as they are, with their own text or the text of the
    same line of ``--texts``.
    """
    from spacy.util import minibatch

    from .api import extract_batch
    from .records import error_record

    fmt = input_format(args.input, args.input_format)
    if fmt != "jsonl":
        yield from _render_documents(args, fmt, nlp_loader)
        return
    with contextlib.ExitStack() as stack:
        objs = _read_lines(stack.enter_context(_open_in(args.input)))
        if args.texts:
            texts = (t for t, _ in _read_inputs(stack.enter_context(_open_in(args.texts)), args.text_field, "id",
                                                 collections.deque()))
            pairs = itertools.zip_longest(objs, texts, fillvalue=_MISSING)
        else:
            pairs = ((obj, obj.get(args.text_field) if isinstance(obj, dict) else None) for obj in objs)
        for chunk in minibatch(enumerate(pairs, 1), size=256):
            if any(_MISSING in pair for _, pair in chunk):
                raise SystemExit(Errors.E017)
            todo = [(n, obj) for n, (obj, _) in chunk
                    if isinstance(obj, dict) and "mentions" not in obj and isinstance(obj.get(args.text_field), str)]
            done = dict(zip((n for n, _ in todo), extract_batch(
                ((obj[args.text_field], obj.get("id", n)) for n, obj in todo), nlp_loader())))
            for n, (obj, text) in chunk:
                if not isinstance(obj, dict):  # an unreadable line: its message stands in
                    yield error_record(n, obj), ""
                    continue
                record = done.get(n) or {k: obj[k] for k in ("id", "mentions", "error") if k in obj}
                record.setdefault("id", n)
                yield record, text if isinstance(text, str) else ""


_MISSING = object()


def _render_documents(args, fmt, nlp_loader):
    """``(record, text)`` per document of a CSV, Parquet, text file or folder, extracted as
    ``spasmtext extract`` reads it (``--text-field``, ``--id-field``, ``--encoding``)."""
    from spacy.util import minibatch

    from .api import extract_batch
    from .records import error_record

    with contextlib.ExitStack() as stack:
        source = args.input if fmt in ("dir", "parquet") else stack.enter_context(_open_in(args.input))
        documents = read_documents(source, fmt, text_field=args.text_field, id_field=args.id_field,
                                   encoding=args.encoding)
        for chunk in minibatch(documents, size=256):
            readable = [(text, id_) for text, id_, problem in chunk if not problem]
            done = iter(extract_batch(readable, nlp_loader()))
            for text, id_, problem in chunk:
                yield (error_record(id_, problem), "") if problem else (next(done), text)


def _read_lines(handle):
    """Each non-empty line as a JSON object, or the error message (str) if it is not one."""
    for lineno, obj, problem in json_lines(handle):
        if problem:
            yield problem
        else:
            yield obj if isinstance(obj, dict) else Errors.E014.format(line=lineno, error="not an object")


def cmd_render(args):
    from .pipeline import load
    from .render import write_report

    cache = []

    def nlp_loader():  # load the model only if some text needs extracting
        if not cache:
            cache.append(load(args.model, **_load_options(args)))
        return cache[0]

    n = write_report(_render_items(args, nlp_loader), args.output, title=args.title)
    print(f"spasmtext render: {n} documents written to {args.output}", file=sys.stderr)
    return 0


def cmd_train(args):
    from .training import fitted_splits, train

    meta = train(args.corpus, args.splits, args.output, seed=args.seed, ner=args.ner, n_process=args.n_process,
                 test=not args.no_test, final_fit=not args.no_final_fit)
    refitted = "dev" in fitted_splits(meta)
    _print_report(meta["metrics"]["dev"], "dev split, classifier fitted on train alone" if refitted else "dev split")
    if "test" in meta["metrics"]:
        _print_report(meta["metrics"]["test"], "test split")
    else:
        print("test split not read (--no-test)", file=sys.stderr)
    print(f"model written to {args.output}" if args.output else "model not written (no --output)",
          file=sys.stderr)
    return 0


def cmd_evaluate(args):
    from .api import evaluate
    from .corpus import read_jsonl, split_records
    from .pipeline import load
    from .training import evaluate_split, fitted_splits, seen_mention_texts

    nlp = load(args.model, **_load_options(args))
    fitted = fitted_splits(nlp.meta)
    corpus_here = Path(args.corpus).is_file() and Path(args.splits).is_file()
    errors = args.errors is not None
    if args.records and not corpus_here:  # an installed package: no train split to compare with
        print(f"{args.corpus} not found: unseen-mention recall counts every mention as unseen", file=sys.stderr)
        report = evaluate(read_jsonl(args.records), nlp, name=args.records, errors=errors)
    else:
        records = read_jsonl(args.corpus)  # a missing file: the CLI says which
        splits = json.loads(Path(args.splits).read_text(encoding="utf8"))
        seen = seen_mention_texts([r for part in fitted for r in split_records(records, splits, part)])
        if not args.records and args.split in fitted:
            print(f"the model's classifier was fitted on the {args.split} split: these figures are not held out "
                  f"(its card's dev figures are those of the classifier fitted on train alone)", file=sys.stderr)
        if args.records:
            report = evaluate(read_jsonl(args.records), nlp, seen_texts=seen, name=args.records, errors=errors)
        else:
            report = evaluate_split(nlp, split_records(records, splits, args.split), seen, errors=errors)
    if errors:
        rows = report.pop("errors")
        with open(args.errors, "w", encoding="utf8") as handle:
            handle.writelines(json.dumps(row, sort_keys=True) + "\n" for row in rows)
        print(f"{len(rows)} errors written to {args.errors} (record ids and offsets, no text)", file=sys.stderr)
    if args.json:
        print(json.dumps(report, indent=1, sort_keys=True))
    else:
        _print_report(report, args.records or f"{args.split} split")
    return 0


def _print_report(report, title):
    model, base = report["model"], report["baseline"]
    print(f"\n== {title}: trained model vs rules-only baseline ==")
    print(f"{'figure':38} {'model':>8} {'baseline':>9}")

    def row(name, m, b):
        print(f"{name:38} {m:8.3f} {b:9.3f}")

    for mode in ("strict", "lenient"):
        for lab in ("micro", "CAUSE", "REMEDY"):
            for k in ("precision", "recall", "f1"):
                row(f"{mode} {lab} {k}", model[mode][lab][k], base[mode][lab][k])
    row("label accuracy (overlapping spans)", model["label_accuracy"], base["label_accuracy"])
    row("category accuracy (matched)", model["category_accuracy"], base["category_accuracy"])
    row("negation accuracy (matched)", model["negation_accuracy"], base["negation_accuracy"])
    row("negation F1 (matched)", model["negation"]["f1"], base["negation"]["f1"])
    row("experiencer accuracy (matched)", model["experiencer_accuracy"], base["experiencer_accuracy"])
    row("experiencer other F1 (matched)", model["experiencer_other"]["f1"], base["experiencer_other"]["f1"])
    row("experiencer patient accuracy (matched)", model["experiencer_patient_accuracy"],
        base["experiencer_patient_accuracy"])
    from .evaluation import negation_genres

    for genre, figs in negation_genres(model):
        b = base["negation_per_genre"].get(genre, {"f1": 0.0})
        row(f"{genre} negation F1 (n={figs['gold']})", figs["f1"], b["f1"])
    row(f"unseen-mention recall (n={model['unseen_gold']})", model["unseen_recall"], base["unseen_recall"])
    for genre, figs in model["per_genre"].items():
        b = base["per_genre"][genre]
        if figs["gold"]:
            row(f"{genre} lenient F1", figs["lenient"], b["lenient"])
        else:  # no gold mentions: F1 is undefined, count false positives instead
            print(f"{genre + ' false positives (no gold mentions)':38} {figs['predicted']:8d} {b['predicted']:9d}")
    if "ece" in model:
        print(f"{'expected calibration error of score':38} {model['ece']:8.3f} {'-':>9}")
    for key, figs in model.get("per_category", {}).items():  # lenient, label and category right
        row(f"{key} F1 (n={figs['gold']})", figs["f1"], base["per_category"].get(key, {"f1": 0.0})["f1"])
    from .modelcard import SECTION_SCOPES

    sections = report.get("sections", {})
    for key, scope in SECTION_SCOPES.items():
        if key in sections:
            label = f"section headers, {scope} (n={sections[key]['gold']})"
            print(f"{label:38} {sections[key]['accuracy']:8.3f} {'-':>9}")
    voice = report.get("different_voice")
    if voice:
        m, b = voice["model"], voice["baseline"]
        print(f"\n-- different-voice subset ({voice['documents']} test documents, another procedure: corpus/README.md) --")
        for mode in ("strict", "lenient"):
            row(f"{mode} micro F1", m[mode]["micro"]["f1"], b[mode]["micro"]["f1"])
        row("category accuracy (matched)", m["category_accuracy"], b["category_accuracy"])
        row("negation F1 (matched)", m["negation"]["f1"], b["negation"]["f1"])
        row(f"unseen-mention recall (n={m['unseen_gold']})", m["unseen_recall"], b["unseen_recall"])
        if "ece" in m:
            print(f"{'expected calibration error of score':38} {m['ece']:8.3f} {'-':>9}")


def cmd_corpus(args):
    from .corpus import build, make_splits, read_jsonl, stats, validate

    if args.action == "build":
        records = build(args.src, args.corpus)
        splits_path = Path(args.splits)
        previous = json.loads(splits_path.read_text(encoding="utf8")) if splits_path.exists() else None
        splits = make_splits(records, previous=previous)  # existing documents keep their split
        Path(args.splits).write_text(json.dumps(splits, indent=1) + "\n", encoding="utf8")
        print(f"{len(records)} documents written to {args.corpus}; splits in {args.splits}",
              file=sys.stderr)
        return 0
    records = read_jsonl(args.corpus)
    if args.action == "stats":
        if args.markdown:
            from .corpus import counts_markdown

            print(counts_markdown(records, json.loads(Path(args.splits).read_text(encoding="utf8"))))
        else:
            print(json.dumps(stats(records), indent=1))
        return 0
    problems = validate(records)
    for problem in problems:
        print(problem)
    print(f"{len(records)} documents, {len(problems)} problems", file=sys.stderr)
    return 1 if problems else 0


def cmd_pin(args):
    from .integrity import META_NAME, PINNED_META_SHA256, sha256_file

    digest = sha256_file(Path(args.model) / META_NAME)
    if args.write:
        name = Path(args.model).resolve().name
        if name not in PINNED_META_SHA256:
            raise IntegrityError(Errors.E023.format(name=name, names=", ".join(sorted(PINNED_META_SHA256))))
        path = Path(__file__).with_name("integrity.py")
        source = path.read_text(encoding="utf8")
        start = source.index(f'    "{name}": "') + len(f'    "{name}": "')
        path.write_text(source[:start] + digest + source[start + 64:], encoding="utf8")
    print(digest)
    return 0


def cmd_card(args):
    from .integrity import META_NAME, sha256_file, verify_model_dir
    from .training import write_card

    meta = verify_model_dir(args.model)  # a changed or extra file is refused, never blessed
    write_card(args.model, meta)
    print(f"{Path(args.model) / 'README.md'} re-rendered; {META_NAME} SHA-256:", file=sys.stderr)
    print(sha256_file(Path(args.model) / META_NAME))
    return 0


MODEL_HELP = ("a bundled model, en_spasmtext (the default) or en_spasmtext_ner (more accurate, much slower), "
              "or a model directory written by `spasmtext train`")
SPELLING_HELP = ("read misspelt lexicon words ('excercise', 'chiropracter') as the word they stand for "
                 "(needs the 'spelling' extra: pip install 'spasmtext[spelling]')")


TOPIC_HELP = ("for texts known to be about back pain: turn the topic rule off (otherwise a text of four "
              "sentences or more that never names the back, neck or shoulders gets no mentions)")


def _load_options(args):
    """The keyword arguments of :func:`spasmtext.load` that the command line sets."""
    return {"spelling": args.spelling, "topic_rule": args.topic_rule}


def make_parser():
    parser = argparse.ArgumentParser(
        prog="spasmtext", description="Causes and remedies of back pain in free text.")
    parser.add_argument("--version", action="version", version=f"spasmtext {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("extract", help="extract mentions from JSONL, CSV, plain text or a folder of .txt")
    p.add_argument("input", help="a .jsonl file (one object with a text field a line), a .csv file, a .txt "
                                 "file (one document a line), a folder of .txt files; '-' for JSONL on stdin")
    p.add_argument("-o", "--output", default="-", help="records as .jsonl, or .csv (a row per mention); "
                                                       "'-' for JSONL on stdout")
    p.add_argument("--input-format", choices=INPUT_FORMATS, default=None, help="default: from the input's suffix")
    p.add_argument("--format", choices=OUTPUT_FORMATS, default=None, help="output format; default: from -o")
    p.add_argument("--n-process", type=int, default=1, help="worker processes (each loads the model once)")
    p.add_argument("--scheduler", default=None, metavar="ADDRESS",
                   help="run on an existing Dask cluster (e.g. tcp://HOST:8786; needs the 'dask' extra); "
                        "--model must then be a directory every worker can read")
    p.add_argument("--progress", choices=("auto", "always", "never"), default="auto",
                   help="progress bar on stderr; auto: only when stderr is a terminal")
    p.add_argument("--resume", action="store_true",
                   help="continue an interrupted run: keep the complete records already in the JSONL output "
                        "and process the rest of the input (with the model and version its .run.json names)")
    p.add_argument("--model", default=None, help=MODEL_HELP)
    p.add_argument("--spelling", action="store_true", help=SPELLING_HELP)
    p.add_argument("--no-topic-rule", dest="topic_rule", action="store_false", help=TOPIC_HELP)
    p.add_argument("--text-field", default="text")
    p.add_argument("--id-field", default=None,
                   help="the field or column of each document's id (default: 'id' where there is one, "
                        "else the line or row number); a CSV or Parquet input must have it")
    p.add_argument("--encoding", default="utf-8",
                   help="of the input's bytes (default utf-8; e.g. cp1252 for older Windows exports); "
                        "a document not valid in it gets an error record (E016)")
    p.add_argument("--batch-size", type=int, default=256)
    p.add_argument("--fail-on-error", action="store_true",
                   help="exit 1 if any record has an error (records are written either way)")
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser("render", help="write a self-contained HTML report of mentions")
    p.add_argument("input", help="JSONL of texts (extracted on the fly) or of records with their text; or a "
                                 "CSV, Parquet, text file or folder, read as `spasmtext extract` reads it")
    p.add_argument("-o", "--output", default="report.html")
    p.add_argument("--input-format", choices=INPUT_FORMATS, default=None,
                   help="default: from the input's suffix, as for extract")
    p.add_argument("--text-field", default="text", help="of a JSONL, CSV or Parquet input")
    p.add_argument("--id-field", default=None, help="as for extract")
    p.add_argument("--encoding", default="utf-8", help="of the input's bytes, as for extract")
    p.add_argument("--texts", default=None,
                   help="JSONL of the texts, line by line, when INPUT holds records of `spasmtext extract`")
    p.add_argument("--model", default=None, help=MODEL_HELP)
    p.add_argument("--spelling", action="store_true", help=SPELLING_HELP)
    p.add_argument("--no-topic-rule", dest="topic_rule", action="store_false", help=TOPIC_HELP)
    p.add_argument("--title", default="spasmtext report")
    p.set_defaults(func=cmd_render)

    p = sub.add_parser("train", help="train the classifier from the corpus")
    p.add_argument("--corpus", default=DEFAULT_CORPUS)
    p.add_argument("--splits", default=DEFAULT_SPLITS)
    p.add_argument("-o", "--output", default=None, help="model directory to write")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--ner", action="store_true",
                   help="also train an entity recognizer whose entities are candidates (the en_spasmtext_ner "
                        "model; 18 min on this project's 2 cores with --n-process 2)")
    p.add_argument("--n-process", type=int, default=1, help="with --ner: folds trained at once")
    p.add_argument("--no-test", action="store_true",
                   help="do not read the test split (experiments between releases; the card says not for release)")
    p.add_argument("--no-final-fit", action="store_true",
                   help="ship the classifier fitted on train (default: fitted again on train and dev once dev has "
                        "chosen its settings)")
    p.set_defaults(func=cmd_train)

    p = sub.add_parser("evaluate", help="score a model on a held-out split, or on your own annotated records, "
                                        "beside the rules-only baseline")
    p.add_argument("--model", default=None, help=MODEL_HELP)
    p.add_argument("--spelling", action="store_true", help=SPELLING_HELP)
    p.add_argument("--no-topic-rule", dest="topic_rule", action="store_false", help=TOPIC_HELP)
    p.add_argument("--corpus", default=DEFAULT_CORPUS)
    p.add_argument("--splits", default=DEFAULT_SPLITS)
    p.add_argument("--split", default="test", choices=["dev", "test"])
    p.add_argument("--records", default=None, metavar="FILE",
                   help="score these annotated records (JSONL in the record format of ANNOTATION.md, checked "
                        "first) instead of a corpus split; unseen means absent from the corpus splits the model "
                        "was fitted on")
    p.add_argument("--json", action="store_true", help="print the full report as JSON")
    p.add_argument("--errors", default=None, metavar="FILE",
                   help="also write the model's errors to FILE (JSONL, one per line: record id, error class, the "
                        "gold and predicted mention as offsets and attributes, no text)")
    p.set_defaults(func=cmd_evaluate)

    p = sub.add_parser("corpus", help="build, validate or describe the annotated corpus")
    p.add_argument("action", choices=["build", "validate", "stats"])
    p.add_argument("--src", default="corpus/src")
    p.add_argument("--corpus", default=DEFAULT_CORPUS)
    p.add_argument("--splits", default=DEFAULT_SPLITS)
    p.add_argument("--markdown", action="store_true", help="stats: the counts section of corpus/README.md")
    p.set_defaults(func=cmd_corpus)

    p = sub.add_parser("pin", help="print (and with --write, pin in the package) the SHA-256 of a bundled "
                                   "model's meta.json")
    p.add_argument("model")
    p.add_argument("--write", action="store_true")
    p.set_defaults(func=cmd_pin)

    p = sub.add_parser("card", help="re-render a model directory's model card (README.md) from its meta.json "
                                    "after a change to the card's text, and print the new SHA-256 of its "
                                    "meta.json (pin it with `spasmtext pin DIR --write`)")
    p.add_argument("model", help="a model directory written by `spasmtext train`")
    p.set_defaults(func=cmd_card)
    return parser


#: the OpenBLAS kernels ``spasmtext train`` runs with on an x86-64 CPU that has them (see
#: :func:`training_environment`)
TRAIN_BLAS_CORETYPE = "Haswell"


def training_environment(environ=None, cpuinfo="/proc/cpuinfo"):
    """The environment ``spasmtext train`` must run in to give the same bytes on any x86-64
    CPU, or None if this one will do.

    OpenBLAS picks its kernels by CPU, and they round sums differently: on a CPU with
    AVX-512 (OpenBLAS's SkylakeX kernels) scikit-learn's lbfgs stops at weights about 1e-6
    from those reached on an AVX2 CPU (Haswell kernels), which moves borderline scores and so
    the metrics. Training therefore runs with ``OPENBLAS_CORETYPE=Haswell`` (OpenBLAS's
    counterpart of MKL's ``MKL_CBWR``) on every x86-64 CPU with AVX2 and FMA, which OpenBLAS
    reads only when it loads: None if it is set already (the user's choice is kept), on other
    machines (another architecture; no ``cpuinfo``, as on macOS and Windows) and on CPUs
    without those instructions."""
    environ = os.environ if environ is None else environ
    if environ.get("OPENBLAS_CORETYPE") or platform.machine().lower() not in ("x86_64", "amd64"):
        return None
    try:
        with open(cpuinfo, encoding="ascii", errors="replace") as handle:
            flags = next((line.split(":", 1)[1].split() for line in handle if line.startswith("flags")), [])
    except OSError:
        return None
    if not {"avx2", "fma"} <= set(flags):
        return None
    return {**environ, "OPENBLAS_CORETYPE": TRAIN_BLAS_CORETYPE}


def main(argv=None):
    parser = make_parser()
    args = parser.parse_args(argv)
    if args.command == "train" and (env := training_environment()) is not None:
        # numpy (and OpenBLAS with it) is loaded already: train in a child that loads it pinned
        argv = sys.argv[1:] if argv is None else list(argv)
        return subprocess.run([sys.executable, "-m", "spasmtext.cli", *argv], env=env, check=False).returncode
    try:
        return args.func(args)
    except OSError as exc:  # a missing or unreadable file: say which, no traceback
        parser.exit(2, f"spasmtext {args.command}: error: {exc.strerror or exc}: {exc.filename}\n")
    except (CorpusError, InputError, IntegrityError, MissingExtraError) as exc:
        parser.exit(2, f"spasmtext {args.command}: error: {exc}\n")


if __name__ == "__main__":
    sys.exit(main())
