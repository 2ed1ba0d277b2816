"""Input readers: every document read as the file holds it, ids kept, problems as records."""

import io

import pytest

from spasmtext.errors import InputError
from spasmtext.formats import read_documents

BOM = b"\xef\xbb\xbf"


def read(data, fmt, **kwargs):
    return list(read_documents(io.BytesIO(data), fmt, **kwargs))


@pytest.mark.parametrize("data,fmt,expected", [
    # a spreadsheet's "CSV UTF-8" export: the id column must not turn into row numbers
    (BOM + b"id,text\r\nA7,Lifting boxes hurt.\r\nB9,Ice helped.\r\n", "csv",
     [("Lifting boxes hurt.", "A7", None), ("Ice helped.", "B9", None)]),
    (BOM + b"text,id\nIce helped.,A7\n", "csv", [("Ice helped.", "A7", None)]),
    (BOM + b'{"id": "n1", "text": "Ice helped."}\n{"id": "n2", "text": "Heat"}\n', "jsonl",
     [("Ice helped.", "n1", None), ("Heat", "n2", None)]),
    (BOM + b"Lifting boxes hurt.\nIce helped.\n", "txt", [("Lifting boxes hurt.", 1, None), ("Ice helped.", 2, None)]),
])
def test_a_byte_order_mark_opening_a_file_is_not_text(data, fmt, expected):
    assert read(data, fmt) == expected


def test_a_byte_order_mark_inside_a_text_is_kept():
    # only the file's signature goes: a text that holds U+FEFF keeps it, offsets stay its own
    assert read(b'{"text": "\\ufeffIce"}\n' + BOM + b'{"text": "x"}\n', "jsonl")[0][0] == "\ufeffIce"
    assert read(b"a\n" + BOM + b"b\n", "txt")[1][0] == "\ufeffb"


def test_folder_files_with_a_byte_order_mark(tmp_path):
    (tmp_path / "a.txt").write_bytes(BOM + "Ice helped.".encode())
    assert list(read_documents(tmp_path, "dir")) == [("Ice helped.", "a.txt", None)]


def test_csv_text_not_utf8_keeps_the_id_and_says_where():
    [(text, rid, problem)] = read(b"id,text\nA7,bad \xff byte\n", "csv")
    assert text is None and rid == "A7"
    assert "E016" in problem and "line 2" in problem and "'text'" in problem and "byte 4" in problem
    assert "bad" not in problem  # never the text of a note
    [(text, rid, problem)] = read(b"id,text\nA\xff7,fine\n", "csv")
    assert text is None and rid == 1 and "'id'" in problem  # an id that cannot be written: the row number


def test_id_field_named_must_be_a_csv_column():
    with pytest.raises(InputError, match="E026 --id-field 'note_id'.*\\['id', 'text'\\]"):
        read(b"id,text\nA7,Ice helped.\n", "csv", id_field="note_id")
    assert read(b"note_id,text\nA7,Ice\n,Heat\n", "csv", id_field="note_id") == [("Ice", "A7", None),
                                                                             ("Heat", 2, None)]
    assert read(b"text\nIce\n", "csv") == [("Ice", 1, None)]  # no id column, none asked for: row numbers
    assert read(b"", "csv", id_field="note_id") == []  # an empty export: no rows, no header to check


def test_jsonl_records_without_the_named_id_field_are_counted():
    positional = []
    data = b'{"nid": "a", "text": "Ice"}\n\n{"id": "b", "text": "Heat"}\nnot json\n[1]\n{"text": "Rest"}\n'
    docs = read(data, "jsonl", id_field="nid", positional_ids=positional)
    assert [rid for _, rid, _ in docs] == ["a", 3, 4, 5, 6]
    assert positional == [3, 6]  # records that are not objects are errors, not counted here
    assert [rid for _, rid, _ in read(data, "jsonl")] == [1, "b", 4, 5, 6]


def test_csv_field_longer_than_the_csv_modules_default_limit():
    import csv

    before = csv.field_size_limit()
    note = "Lifting boxes hurt my back. " * 10_000  # 280,000 characters: over the module's 128 KiB default
    data = f"id,text\na,{note}\nb,Ice helped.\n".encode()
    assert read(data, "csv") == [(note, "a", None), ("Ice helped.", "b", None)]
    assert csv.field_size_limit() == before  # the module's global is given back


def test_csv_line_that_cannot_be_parsed_is_a_clear_error(monkeypatch):
    import csv

    import spasmtext.formats

    before = csv.field_size_limit(10)
    monkeypatch.setattr(spasmtext.formats, "CSV_FIELD_LIMIT", 10)
    try:
        documents = read_documents(io.BytesIO(b"id,text\na,short\nb,far longer than ten\nc,x\n"), "csv")
        assert next(documents) == ("short", "a", None)
        with pytest.raises(InputError, match="E027 Input CSV cannot be parsed after line 2"):
            next(documents)
        assert csv.field_size_limit() == 10
    finally:
        csv.field_size_limit(before)


def test_input_in_another_encoding():
    from spasmtext.formats import input_encoding

    cp1252 = "Café job. Ibuprofen didn\u2019t help.".encode("cp1252")
    assert read(b"id,text\nA1," + cp1252 + b"\n", "csv", encoding="cp1252") == [
        ("Café job. Ibuprofen didn\u2019t help.", "A1", None)]
    assert read(cp1252 + b"\n", "txt", encoding="cp1252")[0][0] == "Café job. Ibuprofen didn\u2019t help."
    [(text, rid, problem)] = read(cp1252 + b"\n", "txt")  # read as UTF-8, the default
    assert text is None and rid == 1 and "not valid utf-8 (byte 3)" in problem
    # 0x81 is no character in cp1252: the byte offset counts the bytes of the field before it
    [(text, rid, problem)] = read(b"id,text\nA1,caf\xe9 \x81\n", "csv", encoding="cp1252")
    assert text is None and rid == "A1" and "not valid cp1252 (byte 5)" in problem
    assert input_encoding("Windows-1252") == "cp1252" and input_encoding("latin_1") == "iso8859-1"
    for unusable in ("utf-16", "utf-32", "no-such-codec"):
        with pytest.raises(InputError, match="E028"):
            input_encoding(unusable)


def test_folder_of_text_files_read_whole(tmp_path):
    for name, text in [("b.txt", "Heat helps."), ("A.TXT", "Ice helps."), ("2024/c.txt", "Rest."),
                       ("2024/old/d.Txt", "Walking."), ("notes.md", "not a .txt"), (".git/e.txt", "hidden"),
                       ("._b.txt", "\x00\x05"), ("z.txt", "Yoga.")]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    (tmp_path / "2024" / "loop").symlink_to(tmp_path, target_is_directory=True)
    documents = list(read_documents(tmp_path, "dir"))
    # the order of their paths (so --resume finds the same order again), subfolders included
    assert [(rid, text) for text, rid, _ in documents] == [
        ("2024/c.txt", "Rest."), ("2024/old/d.Txt", "Walking."), ("A.TXT", "Ice helps."), ("b.txt", "Heat helps."),
        ("z.txt", "Yoga.")]


def test_id_field_named_must_be_a_parquet_column(tmp_path):
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    pq.write_table(pa.table({"nid": ["a", None], "text": ["Ice helped.", "Heat"]}), tmp_path / "in.parquet")
    with pytest.raises(InputError, match="E026 --id-field 'note_id' is not a column of the Parquet schema"):
        list(read_documents(tmp_path / "in.parquet", "parquet", id_field="note_id"))
    assert list(read_documents(tmp_path / "in.parquet", "parquet", id_field="nid")) == [
        ("Ice helped.", "a", None), ("Heat", 2, None)]
    assert [rid for _, rid, _ in read_documents(tmp_path / "in.parquet", "parquet")] == [1, 2]  # no 'id' column
