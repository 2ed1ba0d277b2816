"""Real clinical text (../shared/data, not part of the project): nothing is lost."""

import csv

import pytest

import spasmtext

from conftest import SHARED_DATA

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def notes():
    if not SHARED_DATA.exists():
        pytest.skip(f"real clinical notes not found at {SHARED_DATA} (../shared/data/mtsamples-partial.csv)")
    with open(SHARED_DATA, encoding="utf8", newline="") as handle:
        return [(row["transcription"], row["id"]) for row in csv.DictReader(handle)]


def test_robustness_every_real_note_gives_one_valid_record(nlp, notes):
    records = list(spasmtext.extract_batch(notes, nlp, batch_size=64))
    assert [r["id"] for r in records] == [i for _, i in notes]
    assert not [r["id"] for r in records if "error" in r]
    for (text, _), record in zip(notes, records):
        for m in record["mentions"]:
            assert text[m["start"]:m["end"]] == m["text"]
            assert m["text"] == m["text"].strip() and "\n" not in m["text"]


@pytest.mark.parametrize("plain,variant", [
    ("Ibuprofen didn't help my back pain.", "Ibuprofen didn\u2019t help my back pain."),
    ("My back hurts. Physical therapy helped.", "My back hurts. Physical\u00a0therapy\u00a0helped."),
    ("My back hurts after lifting boxes. Heat helped.", "My\tback\thurts after\tlifting\tboxes. Heat helped."),
    ("Back pain for weeks. Ice packs - no relief.", "Back pain for weeks. Ice packs \u2013 no relief."),
    ("I hurt my back lifting boxes.\n   \n  Ice helped, ibuprofen did nothing.",
     "I hurt my back lifting boxes.</p><p>Ice helped, ibuprofen did nothing."),
])
def test_typographic_forms_read_as_plain_text(nlp, plain, variant):
    # phones and word processors type curly apostrophes and dashes; web and EHR exports carry
    # no-break spaces and tabs, pasted web text HTML tags: each used to part words, hide a cue
    # ("didn\u2019t help") or glue to a mention ("lifting boxes.</p><p")
    expected = [{k: v for k, v in m.items() if k != "text"} for m in spasmtext.extract(plain, nlp)]
    got = spasmtext.extract(variant, nlp)
    assert expected and [{k: v for k, v in m.items() if k != "text"} for m in got] == expected
    assert all(m["text"] == variant[m["start"]:m["end"]] for m in got)  # cut from the input as given


def test_dev_texts_in_typographic_forms_give_the_same_mentions(nlp, records, splits):
    from spasmtext.corpus import split_records

    dev = [r["text"] for r in split_records(records, splits, "dev") if "'" in r["text"]][:60]
    plain = [r["mentions"] for r in spasmtext.extract_batch(dev, nlp)]
    for form in (lambda t: t.replace("'", "\u2019"), lambda t: t.replace(" ", "\u00a0")):
        got = [r["mentions"] for r in spasmtext.extract_batch([form(t) for t in dev], nlp)]
        strip = [[{k: v for k, v in m.items() if k != "text"} for m in ms] for ms in got]
        assert strip == [[{k: v for k, v in m.items() if k != "text"} for m in ms] for ms in plain]


def _without_text(mentions, text):
    return [(" ".join(text[m["start"]:m["end"]].split()), m["label"], m["category"], m["negated"], m["experiencer"])
            for m in mentions]


@pytest.mark.parametrize("newline", ["\n", "\r\n", " \n"])
def test_hard_wrapped_text_gives_the_mentions_of_the_text_unwrapped(nlp, newline):
    # exported notes and e-mails wrap lines at a fixed width: a line break in the middle of
    # "physical therapy" used to part it, and to end the sentence (and a negation's scope)
    import textwrap

    text = ("After lifting a heavy box of files at work my lower back went into spasm and it has "
            "ached for a week. Ibuprofen did not help at all and neither did the heating pad my "
            "wife bought, but physical therapy twice a week and gentle stretching have helped.")
    wrapped = newline.join(textwrap.wrap(text, 50))
    got = spasmtext.extract(wrapped, nlp)
    assert got and _without_text(got, wrapped) == _without_text(spasmtext.extract(text, nlp), text)
    assert all(m["text"] == wrapped[m["start"]:m["end"]] for m in got)  # offsets into the input


def test_dev_texts_wrapped_give_the_same_mentions(nlp, records, splits):
    # before soft line breaks were read as spaces: 150 of 276 dev texts wrapped at 72 columns
    # kept their mentions (strict F1 0.857 -> 0.775); breaks after ". ! ? : ;" stay line
    # breaks, which may still move a mention now and then
    import textwrap

    from spasmtext.corpus import split_records

    dev = [r["text"] for r in split_records(records, splits, "dev")]
    wrapped = ["\n".join("\r\n".join(textwrap.wrap(line, 72)) for line in t.split("\n")) for t in dev]
    plain = spasmtext.extract_batch(dev, nlp)
    same = sum(_without_text(a["mentions"], t) == _without_text(b["mentions"], w)
               for a, b, t, w in zip(plain, spasmtext.extract_batch(wrapped, nlp), dev, wrapped))
    assert same >= 0.95 * len(dev)


def test_character_references_read_as_the_characters(nlp):
    text = "Ibuprofen didn&#39;t help my back &amp; ice did."
    got = spasmtext.extract(text, nlp)
    ibuprofen = next(m for m in got if m["text"] == "Ibuprofen")
    assert ibuprofen["negated"] and ibuprofen["start"] == 0
    assert all(m["text"] == text[m["start"]:m["end"]] for m in got)


@pytest.mark.parametrize("plain,shouted", [
    ("Ibuprofen didn't help my back pain at all.", "IBUPROFEN DIDN'T HELP MY BACK PAIN AT ALL."),
    ("My back went out after lifting boxes. Ice and rest helped.",
     "MY BACK WENT OUT AFTER LIFTING BOXES. ICE AND REST HELPED."),
])
def test_text_in_capitals_reads_as_in_lower_case(nlp, plain, shouted):
    # notes typed in capitals (older EHR exports) and shouted posts: "DIDN'T" used to be one
    # word (no negation cue), and every candidate looked like an abbreviation ("case=upper")
    expected = [(m["start"], m["end"], m["label"], m["category"], m["negated"]) for m in spasmtext.extract(plain, nlp)]
    assert expected == [(m["start"], m["end"], m["label"], m["category"], m["negated"])
                        for m in spasmtext.extract(shouted, nlp)]


def test_dev_texts_in_capitals_keep_their_mentions(nlp, records, splits):
    # before: 144 of 276 dev texts in capitals kept their mentions, strict F1 0.857 -> 0.777
    from spasmtext.corpus import split_records

    dev = [r["text"] for r in split_records(records, splits, "dev") if len(r["text"].upper()) == len(r["text"])]
    plain = spasmtext.extract_batch(dev, nlp)
    same = sum(_without_text(a["mentions"], t) == _without_text(b["mentions"], t)
               for a, b, t in zip(plain, spasmtext.extract_batch([t.upper() for t in dev], nlp), dev))
    assert same >= 0.8 * len(dev)


def test_two_spaces_inside_a_phrase_do_not_part_it(nlp):
    # before: "physical  therapy" gave the REMEDY "therapy" alone (79 of 276 dev texts with some
    # double spaces between words kept their mentions, strict F1 0.857 -> 0.669)
    text = "My back hurt for weeks, so I tried physical  therapy and it helped."
    got = spasmtext.extract(text, nlp)
    assert [(m["text"], m["label"]) for m in got] == [("physical  therapy", "REMEDY")]


def test_doc_to_record_cuts_mention_text_from_the_input(nlp):
    # extract and a doc made by make_doc give the same record: text as the input wrote it
    from spasmtext.tokens import make_doc

    text = "My back hurts, so I tried physical\u00a0therapy and it\u00a0helped."
    record = spasmtext.doc_to_record(nlp(make_doc(nlp, text)))
    assert record["mentions"] == spasmtext.extract(text, nlp)
    assert [m["text"] for m in record["mentions"]] == ["physical\u00a0therapy"]
