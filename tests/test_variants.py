"""benchmarks/variants.py rewrites texts with a map back to the original offsets."""

import sys
import textwrap

import pytest
from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
import variants

TEXT = ("After lifting a heavy box of files at work my lower back went into spasm and it has ached for a week. "
        "It didn't help & hurt!\nIbuprofen did not help at all and neither did the heating pad my wife bought, "
        "but physical therapy helped.")


@pytest.mark.parametrize("width,newline", [(40, "\n"), (30, "\r\n"), (60, " \n")])
def test_wrapped_is_textwrap_with_offsets_back(width, newline):
    new, offsets = variants.rewrite(TEXT, variants.wrapped(width, newline))
    lines = [newline.join(textwrap.wrap(line, width)) for line in TEXT.split("\n")]
    assert new == "\n".join(lines)
    assert all(new[k] == TEXT[offsets[k]] for k in range(len(new)) if new[k] not in "\r\n")


@pytest.mark.parametrize("name", sorted(variants.VARIANTS))
def test_every_variant_maps_back_to_the_original(name):
    new, offsets = variants.rewrite(TEXT, variants.VARIANTS[name])
    assert len(offsets) == len(new) + 1 and offsets[-1] == len(TEXT)
    assert offsets == sorted(offsets)
    for word in ("lifting", "Ibuprofen", "therapy"):  # a word's characters map to the word
        start = TEXT.index(word)
        found = [k for k in range(len(new)) if offsets[k] == start]
        assert found and new[found[0]].lower() == word[0].lower()
