"""Rule data shipped with the package: the lexicon, triggers and context cues.

The files live in ``spasmtext/resources`` and are read with
``importlib.resources``. Components copy them into their own state and write
them with ``to_disk``, so a saved pipeline does not depend on these defaults.
"""

import json
from importlib import resources

LABELS = ("CAUSE", "REMEDY")
CATEGORIES = {
    "CAUSE": (
        "LIFTING", "SUDDEN_MOVEMENT", "POSTURE", "OVERUSE", "INJURY",
        "DECONDITIONING", "STRUCTURAL", "NERVE", "SYSTEMIC",
    ),
    "REMEDY": (
        "EXERCISE", "STRETCHING", "POSITIONING", "HEAT_COLD", "MEDICATION",
        "MANUAL_THERAPY", "PROFESSIONAL_CARE", "REST_ACTIVITY", "NUTRITION",
        "PROCEDURE", "DEVICE",
    ),
}
#: category -> label; every category belongs to exactly one label.
CATEGORY_LABEL = {cat: label for label, cats in CATEGORIES.items() for cat in cats}
TRIGGER_KINDS = ("cause_pre", "remedy_pre", "cause_post", "remedy_post")


def _read_text(name):
    return resources.files("spasmtext.resources").joinpath(name).read_text(encoding="utf8")


def parse_lexicon(text):
    """Parse lexicon TSV text into a list of ``(phrase, label, category)``."""
    entries = []
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        phrase, label, category = line.split("\t")
        if CATEGORY_LABEL.get(category) != label:
            raise ValueError(f"lexicon line {lineno}: category {category} is not a {label} category")
        entries.append((phrase, label, category))
    return entries


def format_lexicon(entries):
    """Inverse of :func:`parse_lexicon`."""
    return "".join(f"{p}\t{lab}\t{cat}\n" for p, lab, cat in entries)


def default_lexicon():
    """The bundled lexicon of cause and remedy phrases."""
    return parse_lexicon(_read_text("lexicon.tsv"))


def default_triggers():
    """The bundled trigger phrases, ``{kind: [phrase, ...]}``."""
    data = json.loads(_read_text("triggers.json"))
    return {kind: data[kind] for kind in TRIGGER_KINDS}


def default_context_rules():
    """The bundled negation and experiencer cues."""
    data = json.loads(_read_text("context_rules.json"))
    data.pop("_doc", None)
    return data
