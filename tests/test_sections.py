import pytest

from spasmtext.extensions import SECTIONS_KEY


def _sections(pipeline, text):
    doc = pipeline.make_doc(text)
    for name in ("spasmtext_sentences", "spasmtext_sections"):
        doc = pipeline.get_pipe(name)(doc)
    return doc, [(s.label_, s.text.split("\n")[0][:20]) for s in doc.spans[SECTIONS_KEY]]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("CHIEF COMPLAINT: LBP\nHPI: pt c/o pain", ["chief_complaint", "history_of_present_illness"]),
        ("Family history: mother with scoliosis", ["family_history"]),
        ("S: back pain\nO: TTP L4\nA: strain\nP: NSAIDs", ["history_of_present_illness", "physical_exam",
                                                         "assessment", "plan"]),
        ("MEDICATIONS\n1. lisinopril", ["medications"]),
        ("A/P: lumbar strain, ice", ["assessment_and_plan"]),
        ("  - Plan: heat", ["plan"]),
        ("I said: ice helps", []),  # not a header
        ("a: lowercase single letters are prose", []),
        ("My history: years of lifting", []) ,
    ],
)
def test_sections_headers(blank_pipeline, text, expected):
    _, found = _sections(blank_pipeline, text)
    assert [label for label, _ in found] == expected


def test_sections_span_getter(blank_pipeline):
    doc, _ = _sections(blank_pipeline, "HPI: lifting boxes\nFAMILY HISTORY: scoliosis")
    assert doc[2:4]._.section == "history_of_present_illness"
    assert doc[-1:]._.section == "family_history"
    assert blank_pipeline.make_doc("no sections here")[0:1]._.section is None


def test_sections_family_history_means_other(nlp):
    import spasmtext

    text = "HPI: 50 yo M with low back pain after lifting boxes.\nFAMILY HISTORY:\nScoliosis. Herniated disc."
    mentions = {m["text"]: m["experiencer"] for m in spasmtext.extract(text, nlp)}
    assert mentions.get("lifting boxes") == "patient"
    assert mentions.get("Scoliosis") == "other"


def test_sections_round_trip(blank_pipeline, tmp_path):
    from spasmtext.pipeline import build_pipeline

    comp = blank_pipeline.get_pipe("spasmtext_sections")
    comp.rules["plan"].append("next steps")
    comp._set_rules(comp.rules)
    comp.to_disk(tmp_path)
    other = build_pipeline().get_pipe("spasmtext_sections").from_disk(tmp_path)
    assert "next steps" in other.rules["plan"]
    assert other._header("Next steps: PT")[0] == "plan"
