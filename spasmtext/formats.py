"""Reading documents and writing records: JSONL, CSV, plain text, a folder of .txt.

Readers yield ``(text, id, problem)`` per input document, in order, lazily
(memory does not grow with the input). ``text`` is ``None`` and ``problem``
an error message (with line numbers, never text) when the input cannot be
read as a document; the caller turns it into an error record, so every input
document still gets exactly one record.

Writers take records of :func:`spasmtext.extract_batch`: JSONL (the record
itself) or CSV (one row per mention with the document id; a document without
mentions gets one row with empty mention fields, so none goes missing).
"""

import csv
import io
import json
from pathlib import Path

from .errors import Errors
from .records import MENTION_FIELDS

INPUT_FORMATS = ("jsonl", "csv", "txt", "dir")
OUTPUT_FORMATS = ("jsonl", "csv")
_SUFFIXES = {".jsonl": "jsonl", ".json": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".txt": "txt",
             ".tsv": "csv"}
CSV_FIELDS = ("id",) + MENTION_FIELDS + ("error",)


def input_format(path, given=None):
    """The input format: ``given``, else from the path (a folder, or its suffix); '-' is JSONL."""
    if given:
        return given
    if path == "-":
        return "jsonl"
    if Path(path).is_dir():
        return "dir"
    return _SUFFIXES.get(Path(path).suffix.lower(), "jsonl")


def output_format(path, given=None):
    if given:
        return given
    return "csv" if path not in (None, "-") and Path(path).suffix.lower() == ".csv" else "jsonl"


def _bad_utf8(value):
    """True if a string read with ``surrogateescape`` held bytes that are not UTF-8."""
    return isinstance(value, str) and any("\udc80" <= ch <= "\udcff" for ch in value)


def read_documents(source, fmt, *, text_field="text", id_field="id"):
    """Yield ``(text, id, problem)`` for each document of ``source`` (a path or a binary file)."""
    if fmt == "dir":
        for path in sorted(Path(source).glob("*.txt")):
            raw = path.read_bytes()
            try:
                yield raw.decode("utf8"), path.name, None
            except UnicodeDecodeError as exc:
                yield None, path.name, Errors.E016.format(where=f"file {path.name}", position=exc.start)
        return
    handle = source
    if fmt == "jsonl":
        yield from _read_jsonl(handle, text_field, id_field)
    elif fmt == "txt":
        for lineno, raw in enumerate(handle, 1):
            try:
                yield raw.decode("utf8").rstrip("\r\n"), lineno, None
            except UnicodeDecodeError as exc:
                yield None, lineno, Errors.E016.format(where=f"line {lineno}", position=exc.start)
    elif fmt == "csv":
        text = io.TextIOWrapper(handle, encoding="utf8", errors="surrogateescape", newline="")
        reader = csv.DictReader(text)
        for row_number, row in enumerate(reader, 1):
            rid = row.get(id_field) or row_number
            if text_field not in row:
                yield None, rid, Errors.E010.format(field=text_field, keys=sorted(row), line=row_number + 1)
            elif _bad_utf8(row[text_field]) or _bad_utf8(rid):
                yield None, row_number, Errors.E016.format(where=f"CSV line {row_number + 1}", position="?")
            else:
                yield row[text_field], rid, None
    else:
        raise ValueError(Errors.E011.format(format=fmt, options=list(INPUT_FORMATS)))


def _read_jsonl(handle, text_field, id_field):
    for lineno, raw in enumerate(handle, 1):
        if not raw.strip():
            continue
        try:
            line = raw.decode("utf8")
        except UnicodeDecodeError as exc:
            yield None, lineno, Errors.E016.format(where=f"line {lineno}", position=exc.start)
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield None, lineno, Errors.E014.format(line=lineno, error=exc.msg)
            continue
        if not isinstance(obj, dict) or text_field not in obj:
            keys = sorted(obj) if isinstance(obj, dict) else type(obj).__name__
            rid = obj.get(id_field, lineno) if isinstance(obj, dict) else lineno
            yield None, rid, Errors.E010.format(field=text_field, keys=keys, line=lineno)
            continue
        yield obj[text_field], obj.get(id_field, lineno), None


def dumps(record):
    """One JSON line; non-ASCII kept readable unless it cannot be UTF-8 (lone surrogates)."""
    line = json.dumps(record, ensure_ascii=False)
    try:
        line.encode("utf8")
    except UnicodeEncodeError:
        line = json.dumps(record)
    return line


class RecordWriter:
    """Write records as JSONL or CSV rows to a text stream."""

    def __init__(self, stream, fmt, *, header=True):
        if fmt not in OUTPUT_FORMATS:
            raise ValueError(Errors.E011.format(format=fmt, options=list(OUTPUT_FORMATS)))
        self.stream, self.fmt = stream, fmt
        if fmt == "csv":
            self.writer = csv.DictWriter(stream, fieldnames=CSV_FIELDS, extrasaction="ignore")
            if header:
                self.writer.writeheader()

    def write(self, record):
        if self.fmt == "jsonl":
            self.stream.write(dumps(record) + "\n")
            return
        rows = [dict(m, id=record["id"]) for m in record["mentions"]] or [{"id": record["id"]}]
        for row in rows:
            if "error" in record:
                row["error"] = record["error"]
            self.writer.writerow(row)


def completed_records(path):
    """For ``--resume``: the number of complete records in a JSONL output, after cutting
    off a torn last line (a process killed mid-write). Returns 0 if there is no file."""
    path = Path(path)
    if not path.exists():
        return 0
    data = path.read_bytes()
    keep = data.rfind(b"\n") + 1  # everything after the last newline is a torn line
    lines = data[:keep].splitlines()
    good = 0
    for line in lines:
        try:
            json.loads(line)
        except ValueError:
            break
        good += 1
    cut = sum(len(line) + 1 for line in lines[:good])
    if cut != len(data):
        with open(path, "r+b") as handle:
            handle.truncate(cut)
    return good
