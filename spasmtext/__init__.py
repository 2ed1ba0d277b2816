"""spasmtext: causes and remedies of back pain in clinical and consumer-health text.

>>> import spasmtext
>>> spasmtext.extract("After lifting boxes my back seized up. Ice helped a lot.")  # doctest: +SKIP
[{'start': 6, 'end': 20, 'text': 'lifting boxes', 'label': 'CAUSE', ...}, ...]
"""

from .about import __version__
from .api import evaluate, extract, extract_batch
from .errors import CorpusError, IntegrityError
from .extensions import SPANS_KEY
from .pipeline import add_to_pipeline, build_pipeline, load, save
from .records import doc_to_record
from .render import render_html, write_report

__all__ = [
    "__version__",
    "load",
    "save",
    "extract",
    "extract_batch",
    "evaluate",
    "build_pipeline",
    "add_to_pipeline",
    "doc_to_record",
    "render_html",
    "write_report",
    "IntegrityError",
    "CorpusError",
    "SPANS_KEY",
]
