import json
import subprocess
import sys

import pytest

from conftest import ROOT

pytestmark = pytest.mark.slow


def run(*args, stdin=None, cwd=None):
    return subprocess.run([sys.executable, "-m", "spasmtext.cli", *args], input=stdin,
                          capture_output=True, text=True, cwd=cwd)


def test_cli_extract_one_record_per_line_in_order(tmp_path):
    lines = [json.loads(l) for l in (ROOT / "examples" / "notes.jsonl").read_text().splitlines()]
    out = tmp_path / "out.jsonl"
    proc = run("extract", str(ROOT / "examples" / "notes.jsonl"), "-o", str(out), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    records = [json.loads(l) for l in out.read_text().splitlines()]
    assert [r["id"] for r in records] == [l["id"] for l in lines]
    assert records[0]["mentions"] and records[-1]["mentions"] == []
    assert "5 documents" in proc.stderr
    words = sum(len(l["text"].split()) for l in lines)
    assert f"{words:,} words in " in proc.stderr and " words/s, " in proc.stderr and " docs/s)" in proc.stderr


def test_cli_extract_stdin_stdout_and_bad_lines(tmp_path):
    stdin = "\n".join([
        json.dumps({"id": "a", "text": "Heat helps."}),
        "{not json",
        json.dumps({"id": "c", "body": "no text field"}),
        json.dumps({"id": "d", "text": 5}),
        json.dumps({"text": "Ice helps."}),
    ]) + "\n"
    proc = run("extract", "-", stdin=stdin, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    records = [json.loads(l) for l in proc.stdout.splitlines()]
    assert [r["id"] for r in records] == ["a", 2, "c", "d", 5]
    assert [("error" in r) for r in records] == [False, True, True, True, False]
    assert "E014" in records[1]["error"] and "E010" in records[2]["error"]
    assert "no text field" not in proc.stdout + proc.stderr
    failing = run("extract", "-", "--fail-on-error", stdin=stdin, cwd=tmp_path)
    assert failing.returncode == 1 and len(failing.stdout.splitlines()) == 5


def test_cli_evaluate_prints_model_and_baseline(tmp_path):
    proc = run("evaluate", "--corpus", str(ROOT / "corpus" / "corpus.jsonl"),
               "--splits", str(ROOT / "corpus" / "splits.json"), "--split", "dev", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    for figure in ("strict micro f1", "lenient micro f1", "category accuracy", "negation accuracy",
                   "unseen-mention recall", "baseline"):
        assert figure in proc.stdout
    assert "fitted on the dev split: these figures are not held out" in proc.stderr  # the final fit


def test_cli_evaluate_scores_users_own_records(tmp_path):
    text = "Lifting boxes at work started it. Ibuprofen did nothing, heat helps."
    mention = {"negated": False, "experiencer": "patient"}
    records = [
        {"id": "n1", "source": "complaint", "text": text, "mentions": [
            {"start": 0, "end": 13, "label": "CAUSE", "category": "LIFTING", **mention},
            {"start": text.index("Ibuprofen"), "end": text.index("Ibuprofen") + 9, "label": "REMEDY",
             "category": "MEDICATION", **mention, "negated": True},
            {"start": text.index("heat"), "end": text.index("heat") + 4, "label": "REMEDY", "category": "HEAT_COLD",
             **mention}]},
        {"id": "n2", "source": "other", "text": "Ice on the roads this morning.", "mentions": []},
    ]
    path = tmp_path / "mine.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf8")
    proc = run("evaluate", "--records", str(path), "--json", "--corpus", str(ROOT / "corpus" / "corpus.jsonl"),
               "--splits", str(ROOT / "corpus" / "splits.json"), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["model"]["lenient"]["micro"]["gold"] == 3
    assert report["model"]["unseen_gold"] < 3  # "heat" and "ibuprofen" are train mentions of the corpus
    alone = run("evaluate", "--records", str(path), "--json", cwd=tmp_path)  # no corpus here: every one unseen
    assert alone.returncode == 0 and json.loads(alone.stdout)["model"]["unseen_gold"] == 3
    assert "not found" in alone.stderr
    errors = tmp_path / "errors.jsonl"
    listed = run("evaluate", "--records", str(path), "--errors", str(errors), "--json", cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    rows = [json.loads(line) for line in errors.read_text(encoding="utf8").splitlines()]
    classes = json.loads(listed.stdout)["model"]["error_classes"]
    assert "errors" not in json.loads(listed.stdout)  # the rows go to the file, not into the report
    assert sum(r["error"] in ("boundary", "label", "missed") for r in rows) == 3 - classes["exact"]
    assert sum(r["error"] == "false_positive" for r in rows) == classes["false_positive"]
    assert {r["id"] for r in rows} <= {"n1", "n2"} and f"{len(rows)} errors written" in listed.stderr
    assert "Lifting" not in errors.read_text(encoding="utf8") and '"text"' not in errors.read_text(encoding="utf8")
    records[0]["mentions"][0]["end"] = 99  # past the end of the text
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf8")
    bad = run("evaluate", "--records", str(path), cwd=tmp_path)
    assert bad.returncode == 2 and "E025" in bad.stderr and "record n1 [0:99]" in bad.stderr
    assert "Lifting" not in bad.stderr + bad.stdout  # ids and offsets only


def test_cli_corpus_validate(tmp_path):
    proc = run("corpus", "validate", "--corpus", str(ROOT / "corpus" / "corpus.jsonl"), cwd=tmp_path)
    assert proc.returncode == 0 and "0 problems" in proc.stderr


def test_cli_extract_invalid_utf8_and_surrogates(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_bytes(
        json.dumps({"id": "a", "text": "Heat helps."}).encode() + b"\n"
        + b'{"id": "b", "text": "ice \xff\xfe helps"}\n'
        + json.dumps({"id": "c", "text": "ice helps \ud800"}).encode() + b"\n"
    )
    proc = run("extract", str(src), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    records = [json.loads(l) for l in proc.stdout.splitlines()]
    assert [r["id"] for r in records] == ["a", 2, "c"]
    assert "E016" in records[1]["error"]
    assert records[2]["mentions"] and "error" not in records[2]


def test_cli_render_texts_and_records(tmp_path):
    notes = ROOT / "examples" / "notes.jsonl"
    assert run("render", str(notes), "-o", str(tmp_path / "a.html"), cwd=tmp_path).returncode == 0
    assert run("extract", str(notes), "-o", str(tmp_path / "r.jsonl"), cwd=tmp_path).returncode == 0
    proc = run("render", str(tmp_path / "r.jsonl"), "--texts", str(notes), "-o", str(tmp_path / "b.html"),
               cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    a, b = (tmp_path / "a.html").read_text(), (tmp_path / "b.html").read_text()
    assert a == b and a.count('<article class="doc"') == 5


def test_cli_render_reads_what_extract_reads(tmp_path):
    # a CSV used to be read as JSONL lines: a report of "not JSON" errors
    notes = [json.loads(line) for line in (ROOT / "examples" / "notes.jsonl").read_text().splitlines()]
    import csv

    with open(tmp_path / "notes.csv", "w", newline="", encoding="utf8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["note_id", "body"])
        writer.writerows([(n["id"], n["text"]) for n in notes])
    proc = run("render", "notes.csv", "--text-field", "body", "--id-field", "note_id", "-o", "c.html", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert run("render", str(ROOT / "examples" / "notes.jsonl"), "-o", "j.html", cwd=tmp_path).returncode == 0
    csv_report, jsonl_report = (tmp_path / "c.html").read_text(), (tmp_path / "j.html").read_text()
    assert csv_report.count('<article class="doc"') == len(notes) and "not JSON" not in csv_report
    assert csv_report == jsonl_report


def test_cli_render_mismatched_texts_is_a_clear_error(tmp_path):
    notes = ROOT / "examples" / "notes.jsonl"
    short = tmp_path / "short.jsonl"
    short.write_text(notes.read_text().splitlines()[0] + "\n")
    run("extract", str(notes), "-o", str(tmp_path / "r.jsonl"), cwd=tmp_path)
    proc = run("render", str(tmp_path / "r.jsonl"), "--texts", str(short), "-o", str(tmp_path / "x.html"),
               cwd=tmp_path)
    assert proc.returncode != 0 and "E017" in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.parametrize("args", [("extract", "missing.jsonl"), ("render", "missing.jsonl"),
                                  ("extract", "-", "--model", "no_such_model")])
def test_cli_clear_error_without_traceback(tmp_path, args):
    proc = run(*args, stdin="", cwd=tmp_path)
    assert proc.returncode == 2 and "error" in proc.stderr and "Traceback" not in proc.stderr


def _noisy_input(path, n):
    """n JSONL lines, 1% of them broken in different ways."""
    with open(path, "wb") as out:
        for i in range(n):
            if i % 100 == 7:
                out.write(b'{"id": "x%d", "text": "broken \xff\xfe"}\n' % i)
            elif i % 100 == 42:
                out.write(b"{not json\n")
            else:
                text = ["After lifting boxes my back seized up.", "Ice helped a lot.", "Denies any trauma.",
                        "My wife swears by heat."][i % 4]
                out.write(json.dumps({"id": f"n{i}", "text": f"{text} ({i})"}).encode() + b"\n")


def test_cli_extract_resume_after_kill_9_equals_uninterrupted_run(tmp_path):
    import os
    import signal
    import time

    src = tmp_path / "in.jsonl"
    _noisy_input(src, 3000)
    full = tmp_path / "full.jsonl"
    assert run("extract", str(src), "-o", str(full), "--batch-size", "50", cwd=tmp_path).returncode == 0
    part = tmp_path / "part.jsonl"
    proc = subprocess.Popen([sys.executable, "-m", "spasmtext.cli", "extract", str(src), "-o", str(part),
                             "--batch-size", "50"], cwd=tmp_path, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while (not part.exists() or part.stat().st_size < 30_000) and proc.poll() is None and time.time() < deadline:
        time.sleep(0.05)
    killed = proc.poll() is None
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert killed, "the run finished before it could be killed; raise the input size"
    assert part.read_bytes() != full.read_bytes()
    resumed = run("extract", str(src), "-o", str(part), "--batch-size", "50", "--resume", cwd=tmp_path)
    assert resumed.returncode == 0, resumed.stderr
    assert "already written" in resumed.stderr
    assert part.read_bytes() == full.read_bytes()  # no record lost, duplicated, reordered or torn
    records = [json.loads(l) for l in full.read_text().splitlines()]
    assert len(records) == 3000 and sum("error" in r for r in records) == 60


def test_cli_extract_resume_refuses_to_mix_models(tmp_path, small_model):
    """A run file beside a JSONL output names the model and version that wrote it; --resume with
    another model stops (exit 1, E024) and leaves the output as it was."""
    notes = str(ROOT / "examples" / "notes.jsonl")
    out = tmp_path / "out.jsonl"
    assert run("extract", notes, "-o", str(out), cwd=tmp_path).returncode == 0
    run_file = json.loads((tmp_path / "out.jsonl.run.json").read_text())
    assert run_file["model"].startswith("en_spasmtext ") and len(run_file["artifacts_sha256"]) == 64
    written = out.read_bytes()[:-40]  # as if killed mid-line
    out.write_bytes(written)
    other = run("extract", notes, "-o", str(out), "--resume", "--model", str(small_model[0]), cwd=tmp_path)
    assert other.returncode == 1 and "E024" in other.stderr and "Traceback" not in other.stderr
    assert out.read_bytes() == written  # untouched: not even the torn line cut
    same = run("extract", notes, "-o", str(out), "--resume", cwd=tmp_path)
    assert same.returncode == 0 and "already written" in same.stderr
    (tmp_path / "out.jsonl.run.json").unlink()  # an output of spasmtext before 0.4.6: warned, resumed
    again = run("extract", notes, "-o", str(out), "--resume", cwd=tmp_path)
    assert again.returncode == 0 and "W003" in again.stderr


def test_cli_extract_csv_txt_and_folder(tmp_path):
    (tmp_path / "in.csv").write_text('note_id,body\nA,"Ice helped, heat did not."\nB,Lifting boxes hurt my back.\n')
    proc = run("extract", str(tmp_path / "in.csv"), "--text-field", "body", "--id-field", "note_id",
               "-o", str(tmp_path / "out.csv"), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    import csv as _csv

    with open(tmp_path / "out.csv", newline="") as handle:
        rows = list(_csv.DictReader(handle))
    assert {r["id"] for r in rows} == {"A", "B"} and {r["text"] for r in rows} >= {"Ice", "Lifting boxes"}
    (tmp_path / "in.txt").write_text("ice helps\n\nlifting hurt my back\n")
    records = [json.loads(l) for l in run("extract", str(tmp_path / "in.txt"), cwd=tmp_path).stdout.splitlines()]
    assert [r["id"] for r in records] == [1, 2, 3] and records[1]["mentions"] == []
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "b.txt").write_text("Heat helps.")
    (folder / "a.txt").write_bytes(b"bad \xff")
    records = [json.loads(l) for l in run("extract", str(folder), cwd=tmp_path).stdout.splitlines()]
    assert [r["id"] for r in records] == ["a.txt", "b.txt"]
    assert "E016" in records[0]["error"] and records[1]["mentions"]


def test_cli_extract_progress_bar_only_when_asked_or_on_a_terminal(tmp_path):
    notes = str(ROOT / "examples" / "notes.jsonl")
    quiet = run("extract", notes, "-o", str(tmp_path / "a.jsonl"), cwd=tmp_path)  # stderr is a pipe
    assert "doc/s" not in quiet.stderr
    loud = run("extract", notes, "-o", str(tmp_path / "b.jsonl"), "--progress", "always", cwd=tmp_path)
    assert "5doc" in loud.stderr.replace(" ", "")


def test_cli_extract_parquet_in_and_out_matches_jsonl(tmp_path):
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    texts = ["Ice helped a lot.", "After lifting boxes my back seized up, heat helped.", None, "Denies trauma."]
    pq.write_table(pa.table({"note_id": ["a", "b", "c", "d"], "body": texts}), tmp_path / "in.parquet")
    proc = run("extract", str(tmp_path / "in.parquet"), "--text-field", "body", "--id-field", "note_id",
               "-o", str(tmp_path / "out.parquet"), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    rows = pq.read_table(tmp_path / "out.parquet").to_pylist()
    lines = "\n".join(json.dumps({"id": i, "text": t}) for i, t in zip("abcd", texts) if t is not None)
    records = [json.loads(l) for l in run("extract", "-", stdin=lines, cwd=tmp_path).stdout.splitlines()]
    expected = [(r["id"], m["start"], m["end"], m["label"], m["category"]) for r in records for m in r["mentions"]]
    got = [(r["id"], r["start"], r["end"], r["label"], r["category"]) for r in rows if r["start"] is not None]
    assert got == expected
    assert [r["id"] for r in rows if r["error"]] == ["c"]


def test_cli_extract_id_field_not_in_the_input(tmp_path):
    (tmp_path / "in.csv").write_text("id,text\nA7,Ice helped.\n")
    out = tmp_path / "out.jsonl"
    out.write_text("an earlier run's records\n")
    proc = run("extract", str(tmp_path / "in.csv"), "--id-field", "note_id", "-o", str(out), cwd=tmp_path)
    assert proc.returncode == 2 and "E026" in proc.stderr and "Traceback" not in proc.stderr
    assert out.read_text() == "an earlier run's records\n"  # stopped before the output was opened
    assert not (tmp_path / "out.jsonl.run.json").exists()
    (tmp_path / "in.jsonl").write_text(json.dumps({"nid": "a", "text": "Ice"}) + "\n" + json.dumps({"text": "Heat"}))
    proc = run("extract", str(tmp_path / "in.jsonl"), "--id-field", "nid", cwd=tmp_path)
    assert proc.returncode == 0 and [json.loads(l)["id"] for l in proc.stdout.splitlines()] == ["a", 2]
    assert "W004 1 of the JSONL records had no 'nid' field (first: line 2)" in proc.stderr


def test_cli_extract_encoding(tmp_path):
    # an older Windows export: cp1252, with its curly apostrophe (byte 0x92) in "didn't"
    (tmp_path / "in.csv").write_bytes(b"id,text\nA1,My back hurts. Ibuprofen didn\x92t help.\n")
    default = run("extract", str(tmp_path / "in.csv"), cwd=tmp_path)
    assert "E016" in json.loads(default.stdout)["error"] and "W005 1 documents" in default.stderr
    proc = run("extract", str(tmp_path / "in.csv"), "--encoding", "cp1252", cwd=tmp_path)
    [mention] = json.loads(proc.stdout)["mentions"]
    assert mention["text"] == "Ibuprofen" and mention["negated"] is True
    bad = run("extract", str(tmp_path / "in.csv"), "--encoding", "utf-16", cwd=tmp_path)
    assert bad.returncode == 2 and "E028" in bad.stderr and "Traceback" not in bad.stderr


def test_cli_no_topic_rule_keeps_its_setting_across_resume(tmp_path):
    """--no-topic-rule gives mentions to a text that never names the back, says so in the run
    file, and --resume without it (another reading of the same model) is refused."""
    from test_api import NEVER_NAMES_THE_BACK

    notes = tmp_path / "in.jsonl"
    notes.write_text("".join(json.dumps({"id": i, "text": NEVER_NAMES_THE_BACK}) + "\n" for i in range(3)))
    out = tmp_path / "out.jsonl"
    assert run("extract", str(notes), "-o", str(out), cwd=tmp_path).returncode == 0
    assert all(json.loads(l)["mentions"] == [] for l in out.read_text().splitlines())
    assert "topic_rule" not in json.loads((tmp_path / "out.jsonl.run.json").read_text())
    assert run("extract", str(notes), "-o", str(out), "--no-topic-rule", cwd=tmp_path).returncode == 0
    first = [json.loads(l) for l in out.read_text().splitlines()]
    assert all(r["mentions"] for r in first)
    assert json.loads((tmp_path / "out.jsonl.run.json").read_text())["topic_rule"] is False
    out.write_bytes(out.read_bytes()[:-30])  # as if killed mid-line
    mixed = run("extract", str(notes), "-o", str(out), "--resume", cwd=tmp_path)
    assert mixed.returncode == 1 and "E024" in mixed.stderr
    assert run("extract", str(notes), "-o", str(out), "--resume", "--no-topic-rule", cwd=tmp_path).returncode == 0
    assert [json.loads(l) for l in out.read_text().splitlines()] == first
