"""Run spasmtext on Dask: partition by partition, one model per worker process.

    import dask.dataframe as dd
    from distributed import Client
    import spasmtext.dask

    client = Client("tcp://scheduler:8786")         # or distributed.LocalCluster()
    notes = dd.read_parquet("notes/*.parquet")
    mentions = spasmtext.dask.extract_dataframe(notes, text_column="text", id_column="note_id")
    mentions.to_parquet("mentions/")

Each worker loads the model once (the bundled one, or ``model``: a model
directory every worker can read; with ``spelling=True`` as
``spasmtext.load(spelling=True)``, which needs the ``spelling`` extra on the
workers; with ``topic_rule=False`` as ``spasmtext.load(topic_rule=False)``) and turns each partition into rows: one row
per mention with the document id, and one row with empty mention fields for a
document without mentions or with an error, as the CSV/Parquet outputs of
``spasmtext extract``. Needs the ``dask`` extra.
"""

import functools

from .api import extract_batch
from .formats import CSV_FIELDS
from .pipeline import load


@functools.lru_cache(maxsize=4)
def _worker_nlp(model, spelling=False, topic_rule=True):
    return load(model, spelling=spelling, topic_rule=topic_rule)


def _rows(records):
    for record in records:
        mentions = record["mentions"] or [{}]
        for m in mentions:
            row = {name: m.get(name) for name in CSV_FIELDS}
            row["id"] = str(record["id"])
            row["error"] = record.get("error")
            yield row


def _meta():
    import pandas as pd

    types = {"start": "Int64", "end": "Int64", "score": "float64", "negated": "boolean"}
    return pd.DataFrame({name: pd.Series(dtype=types.get(name, "object")) for name in CSV_FIELDS})


def _extract_partition(frame, text_column, id_column, model, batch_size, spelling=False, topic_rule=True):
    import pandas as pd

    ids = frame[id_column] if id_column else frame.index
    items = list(zip(frame[text_column].tolist(), ids.tolist()))
    records = extract_batch(items, _worker_nlp(model, spelling, topic_rule), batch_size=batch_size)
    return pd.DataFrame(list(_rows(records)), columns=list(CSV_FIELDS)).astype(_meta().dtypes.to_dict())


def extract_dataframe(frame, *, text_column="text", id_column=None, model=None, batch_size=256, spelling=False,
                      topic_rule=True):
    """A Dask DataFrame of mention rows for a Dask DataFrame of texts.

    Parameters
    ----------
    frame : dask.dataframe.DataFrame
        One document per row.
    text_column, id_column : str
        Column of the texts and of the document ids (default: the index).
    model : str, optional
        Model directory readable by every worker; default: the bundled model.
    spelling : bool, default False
        Read misspelt lexicon words as :func:`spasmtext.load` does with ``spelling=True``.
    topic_rule : bool, default True
        ``False``: no topic rule, as :func:`spasmtext.load` with ``topic_rule=False``.
    """
    return frame.map_partitions(_extract_partition, text_column, id_column, model, batch_size, spelling,
                                topic_rule, meta=_meta())


def extract_bag(bag, *, model=None, batch_size=256, spelling=False, topic_rule=True):
    """A Dask Bag of records for a Bag of texts, ``(text, id)`` pairs or dicts with ``"text"``
    and an optional ``"id"`` (the items of :func:`spasmtext.extract_batch`); ``spelling`` and
    ``topic_rule`` as for :func:`extract_dataframe`."""
    return bag.map_partitions(lambda part: _records_of_chunk(list(part), model, batch_size, spelling, topic_rule))


def _records_of_chunk(chunk, model, batch_size, spelling=False, topic_rule=True):
    return list(extract_batch(chunk, _worker_nlp(model, spelling, topic_rule), batch_size=batch_size))


def extract_on_cluster(items, address, *, model=None, chunk_size=2000, batch_size=256, in_flight=8,
                       spelling=False, topic_rule=True):
    """Yield one record per item, in order, computed on the Dask cluster at ``address``.

    ``items`` (texts or ``(text, id)`` pairs) are read lazily and sent in chunks
    of ``chunk_size``; at most ``in_flight`` chunks are out at once, so memory
    does not grow with the input. Each worker loads the model once. This is
    what ``spasmtext extract --scheduler ADDRESS`` runs. ``spelling`` and ``topic_rule`` as
    for :func:`extract_dataframe`.
    """
    import collections
    import itertools

    from distributed import Client

    with Client(address) as client:
        pending = collections.deque()
        iterator = iter(items)
        offset = 0
        while True:
            chunk = list(itertools.islice(iterator, chunk_size))
            if chunk:
                # bare texts get their position as id, as in extract_batch
                chunk = [item if isinstance(item, tuple) and len(item) == 2 else (item, offset + i)
                         for i, item in enumerate(chunk)]
                offset += len(chunk)
                pending.append(client.submit(_records_of_chunk, chunk, model, batch_size, spelling, topic_rule,
                                             pure=False))
            if pending and (len(pending) >= in_flight or not chunk):
                yield from pending.popleft().result()
            elif not chunk:
                return
