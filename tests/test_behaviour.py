"""What a user relies on, checked on the bundled model."""

import pytest

import spasmtext
from spasmtext.pipeline import build_pipeline, bundled_model_path


@pytest.mark.parametrize(
    "text,phrase,label,category,negated",
    [
        ("after lifting boxes my back seized up", "lifting boxes", "CAUSE", "LIFTING", False),
        ("ice helped a lot", "ice", "REMEDY", "HEAT_COLD", False),
        ("denies any trauma", "trauma", "CAUSE", "INJURY", True),
        ("Walking helps my back a lot.", "Walking", "REMEDY", "EXERCISE", False),
        # the whole activity, not "walking" alone (a boundary error pinned as an expected failure up to
        # model 0.4.35); either category fits (ANNOTATION.md: the mechanism the text stresses): "... all
        # day" is POSTURE in 39 of the corpus's 50 causes that end so (corpus 1.11), "walking" as a cause
        # is OVERUSE in all 9 of corpus 1.12's (model 0.4.38 said POSTURE, 0.4.39 OVERUSE)
        ("I was walking all day and it made my back worse.", "walking all day", "CAUSE", ("POSTURE", "OVERUSE"),
         False),
        # advice against a remedy: the remedy, negated, not "No opioids" (model 0.4.17)
        ("Back pain. Plan: walking program. No opioids.", "opioids", "REMEDY", "MEDICATION", True),
        ("Avoid heavy lifting for two weeks.", "Avoid heavy lifting", "REMEDY", "REST_ACTIVITY", False),
    ],
)
def test_behaviour_user_examples(nlp, text, phrase, label, category, negated):
    mentions = {m["text"]: m for m in spasmtext.extract(text, nlp)}
    assert phrase in mentions, sorted(mentions)
    m = mentions[phrase]
    assert m["label"] == label and m["negated"] is negated
    if category:
        assert m["category"] in ((category,) if isinstance(category, str) else category)


@pytest.mark.parametrize(
    "text",
    [
        # a note of 4+ sentences that never speaks of the back: nothing in it is a cause or remedy of back pain
        "Follow-up for hypertension. BP 128/80 today. Tolerating amlodipine well. Continue amlodipine 5 mg daily. "
        "Follow up in 6 months.",
        # a false positive of models 0.1, 0.3.0-0.4.5 and 0.4.8 (score 0.32), gone in 0.4.6 and 0.4.7: it sits
        # near the threshold, so a retrain on a few more documents moves it either way (README, limitations)
        pytest.param("Ice on the roads this morning, drive safe everyone.", marks=pytest.mark.xfail(
            strict=False, reason="known false positive that comes and goes with retraining: 'Ice' in a short "
                                 "text taken to be about the complaint (see README, limitations)")),
        pytest.param("Lifting weights is my hobby.", marks=pytest.mark.xfail(
            strict=True, reason="known false positive: a short text is taken to be about the complaint, and "
                                "'lifting weights' there reads as a cause (see README, limitations)")),
    ],
)
def test_behaviour_text_without_causes_or_remedies(nlp, text):
    assert spasmtext.extract(text, nlp) == []


def test_behaviour_doc_spans_and_displacy(nlp):
    from spacy import displacy

    doc = nlp("After lifting boxes my back seized up. Ice helped a lot.")
    assert [s.label_ for s in doc.spans["spasmtext"]] == ["CAUSE", "REMEDY"]
    html = displacy.render(doc, style="span", options={"spans_key": "spasmtext"})
    assert "CAUSE" in html and "REMEDY" in html


def test_behaviour_add_to_pipeline_gives_the_models_records(nlp, records, tmp_path):
    """A user's own pipeline with every trained spasmtext component (the trained negation
    and experiencer models too) extracts what the model's own pipeline does. The bundled
    model reads both by the rules since 0.4.9, so a copy of it is given trained ones."""
    import json
    import shutil

    import spacy

    from spasmtext.integrity import META_NAME, artifact_hashes
    from spasmtext.training import assertion_data

    model = tmp_path / "model"
    shutil.copytree(bundled_model_path(), model, ignore=shutil.ignore_patterns("__pycache__", "__init__.py"))
    feats, _, negated, experiencer, _ = assertion_data(nlp, records[:300])
    context = spasmtext.load(model).get_pipe("spasmtext_context")
    context.fit(feats, negated, experiencer)
    context.to_disk(model / "spasmtext_context")
    meta = json.loads((model / META_NAME).read_text(encoding="utf8"))
    meta["artifacts"] = artifact_hashes(model)
    (model / META_NAME).write_text(json.dumps(meta), encoding="utf8")
    trained = spasmtext.load(model)

    @spacy.Language.component("user_marks_nothing")
    def user_marks_nothing(doc):  # a component of the user's own
        return doc

    user = spacy.blank("en")
    user.add_pipe("user_marks_nothing")
    spasmtext.add_to_pipeline(user, model)
    assert user.pipe_names[0] == "user_marks_nothing"
    added = user.get_pipe("spasmtext_context")
    assert added.negation_model is not None and added.experiencer_model is not None
    texts = ["After lifting boxes my back seized up. Ice helped a lot, ibuprofen did nothing.",
             "HPI: 45M, LBP after moving a fridge. Denies trauma.\nPlan: NSAIDs, heat, keep active.",
             "My wife swears by heat. The naproxen hasn't made a dent."]
    assert list(spasmtext.extract_batch(texts, user)) == list(spasmtext.extract_batch(texts, trained))
    only_classifier = build_pipeline(spacy.blank("en"))
    only_classifier.get_pipe("spasmtext_classifier").from_disk(model / "spasmtext_classifier")
    context = only_classifier.get_pipe("spasmtext_context")
    assert context.negation_model is None and context.experiencer_model is None  # why add_to_pipeline exists


def test_behaviour_add_to_users_own_pipeline(nlp, tmp_path):
    import spacy

    user = spacy.blank("en")
    user.add_pipe("sentencizer")
    from spasmtext.pipeline import build_pipeline, bundled_model_path

    build_pipeline(user)
    assert "spasmtext_sentences" not in user.pipe_names  # the user's sentences are kept
    user.get_pipe("spasmtext_classifier").from_disk(bundled_model_path() / "spasmtext_classifier")
    doc = user("After lifting boxes my back seized up. Ice helped a lot.")
    assert {s.text for s in doc.spans["spasmtext"]} >= {"lifting boxes", "Ice"}
    user.to_disk(tmp_path / "p")
    again = spacy.load(tmp_path / "p")
    doc = again("Ice helped a lot.")
    assert [s.text for s in doc.spans["spasmtext"]] == ["Ice"]
