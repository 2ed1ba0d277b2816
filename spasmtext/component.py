"""What spasmtext's components share: the two ``pipe`` protocols and JSON data files."""

import json
from pathlib import Path

from spacy.util import minibatch


class DocComponent:
    """Base of the components that process one ``Doc`` at a time."""

    def pipe(self, stream, batch_size=128):
        for doc in stream:
            yield self(doc)


class BatchComponent:
    """Base of the components that ``predict`` per minibatch, then ``set_annotations``
    (spaCy's protocol for components with a model: one model call per batch)."""

    def __call__(self, doc):
        self.set_annotations([doc], self.predict([doc]))
        return doc

    def pipe(self, stream, batch_size=128):
        for docs in minibatch(stream, size=batch_size):
            self.set_annotations(docs, self.predict(docs))
            yield from docs


def write_json(folder, name, data):
    """Write ``data`` as readable, stable JSON to ``folder/name`` (creating ``folder``)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(json.dumps(data, indent=1, sort_keys=True), encoding="utf8")


def read_json(folder, name):
    return json.loads((Path(folder) / name).read_text(encoding="utf8"))
