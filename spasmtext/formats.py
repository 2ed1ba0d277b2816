"""Reading documents and writing records: JSONL, CSV, Parquet, plain text, a folder of .txt.

Readers yield ``(text, id, problem)`` per input document, in order, lazily
(memory does not grow with the input). ``text`` is ``None`` and ``problem``
an error message (with line numbers, never text) when the input cannot be
read as a document; the caller turns it into an error record, so every input
document still gets exactly one record. A UTF-8 byte order mark opening a file
(as spreadsheet programs write) is not part of its first document: it is read
as ``encoding="utf-8-sig"`` reads it, and offsets count from after it.

Writers take records of :func:`spasmtext.extract_batch`: JSONL (the record
itself), or CSV or Parquet (one row per mention with the document id; a
document without mentions gets one row with empty mention fields, so none goes
missing). Parquet needs pyarrow (the ``parquet`` extra); it is read and written
in batches, so it streams too.
"""

import codecs
import csv
import io
import json
import os
from pathlib import Path

from .errors import Errors, InputError
from .records import MENTION_FIELDS

INPUT_FORMATS = ("jsonl", "csv", "parquet", "txt", "dir")
OUTPUT_FORMATS = ("jsonl", "csv", "parquet")
_SUFFIXES = {".jsonl": "jsonl", ".json": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".txt": "txt",
             ".parquet": "parquet", ".pq": "parquet"}
PARQUET_ROWS = 10_000  # rows per Parquet row group written
CSV_FIELDS = ("id",) + MENTION_FIELDS + ("error",)
_BOM = b"\xef\xbb\xbf"  # UTF-8 byte order mark
#: the longest CSV field read (the csv module's default, 128 KiB, stops at a long note; this
#: is the largest the module takes on every platform)
CSV_FIELD_LIMIT = 2**31 - 1


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
    if path in (None, "-"):
        return "jsonl"
    return {".csv": "csv", ".parquet": "parquet", ".pq": "parquet"}.get(Path(path).suffix.lower(), "jsonl")


def _pyarrow():
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError:
        raise SystemExit(Errors.E019) from None
    return pyarrow


def _bad_byte(value, encoding):
    """The byte offset of the first byte not valid in ``encoding`` in a string read with
    ``surrogateescape``, or None (also for a value that is not a string)."""
    if not isinstance(value, str):
        return None
    for i, ch in enumerate(value):
        if "\udc80" <= ch <= "\udcff":
            return len(value[:i].encode(encoding, "surrogateescape"))
    return None


def input_encoding(name):
    """The codec name of ``name``, checked: input is read line by line as bytes, so the
    encoding must write "\\n" and ASCII as ASCII does (UTF-8, cp1252, Latin-1, ...; not UTF-16)."""
    try:
        info = codecs.lookup(name)
    except LookupError:
        raise InputError(Errors.E028.format(encoding=name)) from None
    if "\n az{}:,\"".encode(info.name) != b"\n az{}:,\"":
        raise InputError(Errors.E028.format(encoding=name))
    return info.name


def _decode(raw, encoding):
    """``raw`` (the bytes of a file, or of its first line) as text; a UTF-8 byte order mark
    opening it is dropped."""
    if encoding == "utf-8":
        return raw.removeprefix(_BOM).decode("utf8")
    return raw.decode(encoding)


def read_documents(source, fmt, *, text_field="text", id_field=None, positional_ids=None, encoding="utf-8"):
    """Yield ``(text, id, problem)`` for each document of ``source`` (a path or a binary file).

    ``id_field``: the field or column that holds each document's id; ``None``: ``"id"``
    where there is one. A document without it gets its position as id (line or row
    number). A field named explicitly must be a column of a CSV or Parquet input
    (:class:`InputError` otherwise: a misspelt name would silently number the rows);
    in JSONL, where records may differ, ``positional_ids`` (a list), if given, gets the
    id of each document numbered by position instead. ``encoding``: of the bytes
    (:func:`input_encoding`); Parquet strings are UTF-8 by the format.
    """
    encoding = input_encoding(encoding)
    if fmt == "parquet":
        yield from _read_parquet(source, text_field, id_field)
        return
    if fmt == "dir":
        for path, name in text_files(source):
            try:
                yield _decode(path.read_bytes(), encoding), name, None
            except UnicodeDecodeError as exc:
                yield None, name, Errors.E016.format(where=f"file {name}", encoding=encoding, position=exc.start)
        return
    handle = source
    if fmt == "jsonl":
        yield from _read_jsonl(handle, text_field, id_field, positional_ids, encoding)
    elif fmt == "txt":
        for lineno, raw in enumerate(handle, 1):
            try:
                text = _decode(raw, encoding) if lineno == 1 else raw.decode(encoding)
                yield text.rstrip("\r\n"), lineno, None
            except UnicodeDecodeError as exc:
                yield None, lineno, Errors.E016.format(where=f"line {lineno}", encoding=encoding, position=exc.start)
    elif fmt == "csv":
        yield from _read_csv(handle, text_field, id_field, encoding)
    else:
        raise ValueError(Errors.E011.format(format=fmt, options=list(INPUT_FORMATS)))


def text_files(folder):
    """``(path, id)`` of each ``.txt`` file under ``folder``, its subfolders included, in
    the order of their paths, lazily (one folder's listing at a time): the id is the path
    relative to ``folder`` ("a.txt", "2024/b.txt"). The suffix is matched in any case
    ("NOTE.TXT"); hidden files and folders (".git", macOS's "._a.txt") are not read, nor
    are symbolic links to folders followed (a link may loop)."""
    def walk(directory, prefix):
        with os.scandir(directory) as listing:
            entries = sorted((e for e in listing if not e.name.startswith(".")), key=lambda e: e.name)
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                yield from walk(entry.path, prefix + (entry.name,))
            elif entry.name.lower().endswith(".txt") and entry.is_file():
                yield Path(entry.path), "/".join(prefix + (entry.name,))

    yield from walk(folder, ())


def _read_csv(handle, text_field, id_field, encoding):
    text = io.TextIOWrapper(handle, encoding="utf-8-sig" if encoding == "utf-8" else encoding,
                            errors="surrogateescape", newline="")
    reader = csv.DictReader(text)
    limit = csv.field_size_limit()
    csv.field_size_limit(max(limit, CSV_FIELD_LIMIT))  # the module's global: restored when reading ends
    try:
        if reader.fieldnames is not None:  # an empty file has no header and no rows: nothing to check
            _check_id_column(id_field, reader.fieldnames, "the CSV header")
        id_field = id_field or "id"
        for row_number, row in enumerate(_csv_rows(reader), 1):
            rid = row.get(id_field) or row_number
            if (bad := _bad_byte(rid, encoding)) is not None:  # the id cannot be written: number the row
                yield None, row_number, Errors.E016.format(where=f"CSV line {row_number + 1}, field '{id_field}'",
                                                           encoding=encoding, position=bad)
            elif text_field not in row:
                yield None, rid, Errors.E010.format(field=text_field, keys=sorted(row), line=row_number + 1)
            elif (bad := _bad_byte(row[text_field], encoding)) is not None:
                yield None, rid, Errors.E016.format(where=f"CSV line {row_number + 1}, field '{text_field}'",
                                                    encoding=encoding, position=bad)
            else:
                yield row[text_field], rid, None
    finally:
        csv.field_size_limit(limit)


def _csv_rows(reader):
    """The rows of ``reader``; a line the csv module cannot parse stops with :class:`InputError`
    (what follows it cannot be trusted to be the rows the file meant)."""
    while True:
        try:
            yield next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise InputError(Errors.E027.format(line=reader.line_num, error=exc)) from None


def _check_id_column(id_field, columns, where):
    if id_field is not None and id_field not in columns:
        raise InputError(Errors.E026.format(field=id_field, where=where, columns=list(columns)))


def _read_parquet(source, text_field, id_field):
    pa = _pyarrow()
    table = pa.parquet.ParquetFile(source)
    names = table.schema_arrow.names
    if text_field not in names:
        raise SystemExit(Errors.E010.format(field=text_field, keys=names, line="(Parquet schema)"))
    _check_id_column(id_field, names, "the Parquet schema")
    id_field = id_field or "id"
    columns = [text_field] + ([id_field] if id_field in names else [])
    row = 0
    for batch in table.iter_batches(batch_size=1024, columns=columns):
        data = batch.to_pydict()
        ids = data.get(id_field, [None] * batch.num_rows)
        for text, rid in zip(data[text_field], ids):
            row += 1
            yield text, rid if rid is not None else row, None


def json_lines(handle, encoding="utf-8"):
    """``(line number, object or None, problem or None)`` per non-empty line of a
    binary JSONL stream; a line that is not valid in ``encoding`` or not JSON gives a problem."""
    for lineno, raw in enumerate(handle, 1):
        if not raw.strip():
            continue
        try:
            yield lineno, json.loads(_decode(raw, encoding) if lineno == 1 else raw.decode(encoding)), None
        except UnicodeDecodeError as exc:
            yield lineno, None, Errors.E016.format(where=f"line {lineno}", encoding=encoding, position=exc.start)
        except json.JSONDecodeError as exc:
            yield lineno, None, Errors.E014.format(line=lineno, error=exc.msg)


def _read_jsonl(handle, text_field, id_field, positional_ids, encoding):
    for lineno, obj, problem in json_lines(handle, encoding):
        has_id = isinstance(obj, dict) and (id_field or "id") in obj
        rid = obj[id_field or "id"] if has_id else lineno
        if positional_ids is not None and isinstance(obj, dict) and not has_id:
            positional_ids.append(lineno)
        if problem:
            yield None, lineno, problem
        elif not isinstance(obj, dict) or text_field not in obj:
            keys = sorted(obj) if isinstance(obj, dict) else type(obj).__name__
            yield None, rid, Errors.E010.format(field=text_field, keys=keys, line=lineno)
        else:
            yield obj[text_field], rid, None


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
        self.rows, self.parquet = [], None
        if fmt == "parquet":
            pa = _pyarrow()
            types = {"start": pa.int64(), "end": pa.int64(), "score": pa.float64(), "negated": pa.bool_()}
            self.schema = pa.schema([(name, types.get(name, pa.string())) for name in CSV_FIELDS])
            self.parquet = pa.parquet.ParquetWriter(stream, self.schema)
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
            if self.parquet is None:
                self.writer.writerow(row)
            else:
                row["id"] = str(row["id"])
                self.rows.append(row)
        if self.parquet is not None and len(self.rows) >= PARQUET_ROWS:
            self.flush()

    def flush(self):
        """Write buffered Parquet rows as a row group (JSONL and CSV write as they go)."""
        if self.parquet is not None and self.rows:
            columns = {name: [row.get(name) for row in self.rows] for name in CSV_FIELDS}
            self.parquet.write_table(_pyarrow().Table.from_pydict(columns, schema=self.schema))
            self.rows = []

    def close(self):
        if self.parquet is not None:
            self.flush()
            self.parquet.close()


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
