import pytest

from spasmtext.sentences import sentence_starts


def _sents(blank_pipeline, text):
    doc = blank_pipeline.get_pipe("spasmtext_sentences")(blank_pipeline.make_doc(text))
    return [s.text.strip() for s in doc.sents if s.text.strip()]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Back hurts. Ice helps.", ["Back hurts.", "Ice helps."]),
        ("HISTORY OF PRESENT ILLNESS: pt c/o LBP", ["HISTORY OF PRESENT ILLNESS:", "pt c/o LBP"]),
        ("PLAN:\n- ice\n- heat", ["PLAN:", "- ice", "- heat"]),
        ("no period at the end\nnext line", ["no period at the end", "next line"]),
        ("Seen by Dr. Smith today.", ["Seen by Dr. Smith today."]),
        ("ouch!! it hurts so bad", ["ouch!!", "it hurts so bad"]),
        # a quotation that is a sentence of its own ends after its closing quote
        ('Myths. "Stay in bed." It isn\'t.', ["Myths.", '"Stay in bed."', "It isn't."]),
        ("Myths. \u201cStay in bed.\u201d It isn't.", ["Myths.", "\u201cStay in bed.\u201d", "It isn't."]),
        ('She said "rest." and left. Try heat (see below.) Then ice.',
         ['She said "rest." and left.', "Try heat (see below.)", "Then ice."]),
    ],
)
def test_sentences_boundaries(blank_pipeline, text, expected):
    assert _sents(blank_pipeline, text) == expected


def test_sentences_lowercase_colon_is_not_header(make_doc):
    doc = make_doc("i tried this: ice and heat")
    colon = [t.i for t in doc if t.text == ":"][0]
    assert colon + 1 not in sentence_starts(doc)


def test_sentences_empty_doc(make_doc):
    assert sentence_starts(make_doc("")) == set()


@pytest.mark.parametrize("text", ["Ice helped.\nHeat did not.\n\nPlan: rest.\n", "1. Ice.\n2. Heat.\n", "Rest; \n- ice"])
def test_sentences_no_sentence_of_whitespace_alone(blank_pipeline, text):
    """The line break after a full stop belongs to the sentence it ends: every sentence holds a
    word (a whitespace-only "sentence" used to shorten windows counted in sentences)."""
    doc = blank_pipeline.get_pipe("spasmtext_sentences")(blank_pipeline.make_doc(text))
    assert all(s.text.strip() for s in doc.sents)
    assert "".join(s.text_with_ws for s in doc.sents) == text
