"""What the rule-based components share: per-document ``pipe`` and JSON data files."""

import json
from pathlib import Path


class DocComponent:
    """Base of the components that process one ``Doc`` at a time."""

    def pipe(self, stream, batch_size=128):
        for doc in stream:
            yield self(doc)


def write_json(folder, name, data):
    """Write ``data`` as readable, stable JSON to ``folder/name`` (creating ``folder``)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(json.dumps(data, indent=1, sort_keys=True), encoding="utf8")


def read_json(folder, name):
    return json.loads((Path(folder) / name).read_text(encoding="utf8"))
