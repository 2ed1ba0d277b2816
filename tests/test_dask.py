"""spasmtext on a real Dask cluster (two worker processes) equals one process."""

import pytest

pytestmark = pytest.mark.slow

dd = pytest.importorskip("dask.dataframe")
db = pytest.importorskip("dask.bag")
distributed = pytest.importorskip("distributed")

TEXTS = ["After lifting boxes my back seized up. Ice helped a lot.", "Denies any trauma. PT helps.",
         "Ice on the roads today.", "My wife swears by heat; ibuprofen did nothing for me.", ""] * 8


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       dashboard_address=None)
    with distributed.Client(cluster) as c:
        yield c
    cluster.close()


def test_dask_dataframe_on_local_cluster_equals_single_process(client, nlp):
    import pandas as pd

    import spasmtext
    import spasmtext.dask

    frame = dd.from_pandas(pd.DataFrame({"note_id": [f"n{i}" for i in range(len(TEXTS))], "text": TEXTS}),
                           npartitions=4)
    rows = spasmtext.dask.extract_dataframe(frame, id_column="note_id").compute()
    expected = list(spasmtext.dask._rows(spasmtext.extract_batch(
        [(t, f"n{i}") for i, t in enumerate(TEXTS)], nlp)))
    got = rows.astype(object).where(rows.notna(), None).to_dict("records")
    assert got == expected
    assert set(rows["id"]) == {f"n{i}" for i in range(len(TEXTS))}  # every document has a row


def test_dask_bag_on_local_cluster_equals_single_process(client, nlp):
    import spasmtext
    import spasmtext.dask

    pairs = [(t, i) for i, t in enumerate(TEXTS)]
    records = spasmtext.dask.extract_bag(db.from_sequence(pairs, npartitions=3)).compute()
    assert records == list(spasmtext.extract_batch(pairs, nlp))


def test_dask_cli_scheduler_equals_single_process(client, tmp_path):
    import json
    import subprocess
    import sys

    src = tmp_path / "in.jsonl"
    lines = [json.dumps({"id": f"n{i}", "text": t}) for i, t in enumerate(TEXTS)] + ["{broken"]
    src.write_text("\n".join(lines) + "\n")

    def extract(*extra):
        proc = subprocess.run([sys.executable, "-m", "spasmtext.cli", "extract", str(src), *extra],
                              capture_output=True, text=True, cwd=tmp_path)
        assert proc.returncode == 0, proc.stderr
        return proc.stdout

    address = client.scheduler.address
    on_cluster = extract("--scheduler", address, "--batch-size", "8")
    assert on_cluster == extract()
    assert len(on_cluster.splitlines()) == len(TEXTS) + 1


def test_dask_extract_on_cluster_chunks_keep_order(client, nlp):
    import spasmtext
    from spasmtext.dask import extract_on_cluster

    pairs = [(t, f"n{i}") for i, t in enumerate(TEXTS)] + [5]  # a bad item gets its position as id
    records = list(extract_on_cluster(iter(pairs), client.scheduler.address, chunk_size=7, in_flight=2))
    assert records == list(spasmtext.extract_batch(pairs, nlp))


def test_dask_spelling_reaches_the_workers(client):
    """``spelling=True`` loads each worker's model with the spelling component, as in one process."""
    pytest.importorskip("wordfreq")
    import spasmtext
    import spasmtext.dask

    pairs = [("Excercise and streching helped, the chiropracter did nothing.", i) for i in range(6)]
    got = spasmtext.dask.extract_bag(db.from_sequence(pairs, npartitions=2), spelling=True).compute()
    assert got == list(spasmtext.extract_batch(pairs, spasmtext.load(spelling=True)))
    assert "Excercise" in {m["text"] for m in got[0]["mentions"]}


def test_dask_topic_rule_off_reaches_the_workers(client):
    """``topic_rule=False`` loads each worker's model without the topic rule, as in one process."""
    from test_api import NEVER_NAMES_THE_BACK

    import spasmtext
    import spasmtext.dask

    pairs = [(NEVER_NAMES_THE_BACK, i) for i in range(6)]
    got = spasmtext.dask.extract_bag(db.from_sequence(pairs, npartitions=2), topic_rule=False).compute()
    assert got == list(spasmtext.extract_batch(pairs, spasmtext.load(topic_rule=False)))
    assert all(r["mentions"] for r in got)
