"""Negation and experiencer: known scope traps, each with its expected attribute."""

import numpy as np
import pytest

import spasmtext


def _attrs(nlp, text, phrase):
    mentions = {m["text"]: m for m in spasmtext.extract(text, nlp)}
    assert phrase in mentions, f"{phrase!r} not extracted from {text!r}: {sorted(mentions)}"
    return mentions[phrase]


@pytest.mark.parametrize(
    "text,phrase,negated",
    [
        ("Denies any trauma.", "trauma", True),
        ("No history of trauma.", "trauma", True),
        ("Ibuprofen did not help.", "Ibuprofen", True),
        ("Bed rest is not recommended.", "Bed rest", True),
        ("NSAIDs - no relief.", "NSAIDs", True),
        ("Ice helped a lot.", "Ice", False),
        ("Heat helps but ibuprofen does nothing.", "Heat", False),
        ("Heat helps but ibuprofen does nothing.", "ibuprofen", True),
        ("Denies fever. Lifting boxes hurt my back.", "Lifting boxes", False),  # scope ends at the sentence
        ("Ice helped a lot, ibuprofen did nothing.", "Ice", False),  # a backward cue stops at another mention
        ("Ice helped a lot, ibuprofen did nothing.", "ibuprofen", True),
        ("Heat and ice did nothing for me.", "Heat", True),  # ... but reaches over a coordinated list
    ],
)
def test_context_negation(nlp, text, phrase, negated):
    assert _attrs(nlp, text, phrase)["negated"] is negated


@pytest.mark.parametrize(
    "text,phrase,experiencer",
    [
        ("My wife has scoliosis.", "scoliosis", "other"),
        ("Family history: mother with scoliosis.", "scoliosis", "other"),
        ("My wife swears by heat. Ibuprofen helps me.", "Ibuprofen", "patient"),
        ("My wife says I should try ice.", "ice", "patient"),
        ("She reports that ice helps.", "ice", "patient"),  # a clinical note's "she" is the patient
        ("Ice helps.", "Ice", "patient"),
    ],
)
def test_context_experiencer(nlp, text, phrase, experiencer):
    assert _attrs(nlp, text, phrase)["experiencer"] == experiencer


def test_context_exposes_negation_cue(nlp):
    doc = nlp("Denies any trauma.")
    span = doc.spans["spasmtext"][0]
    assert span._.negated and span._.negation_cue == "Denies"


def test_context_trained_models_round_trip_and_no_pickles(nlp, tmp_path):
    from spasmtext.errors import IntegrityError
    from spasmtext.pipeline import build_pipeline

    context = build_pipeline().get_pipe("spasmtext_context")
    feats = [{"bias": 1, "rule_negated": 1}, {"bias": 1, "rule_negated": 0}] * 5
    context.fit(feats, [True, False] * 5, ["patient"] * 10, which=("negation",))
    context.to_disk(tmp_path)
    other = build_pipeline().get_pipe("spasmtext_context").from_disk(tmp_path)
    assert other.negation_model is not None and other.experiencer_model is None
    np.testing.assert_allclose(other.negation_model.predict_proba(feats),
                               context.negation_model.predict_proba(feats), rtol=0, atol=1e-12)
    (tmp_path / "negation_model.joblib").write_bytes(b"a pickle of spasmtext < 0.2")
    with pytest.raises(IntegrityError, match="E021"):
        build_pipeline().get_pipe("spasmtext_context").from_disk(tmp_path)


def test_context_pattern_cues_are_rules_that_round_trip(tmp_path):
    """A token-pattern cue is data like a phrase: saved with the pipeline, read back, and
    checked for its cue list when loaded."""
    from spasmtext.extensions import SPANS_KEY
    from spasmtext.lexicon import default_context_rules
    from spasmtext.pipeline import build_pipeline

    def negated(context, text, phrase):
        nlp = build_pipeline()
        doc = nlp.get_pipe("spasmtext_sections")(nlp.get_pipe("spasmtext_sentences")(nlp.make_doc(text)))
        start = text.index(phrase)
        doc.spans[SPANS_KEY] = [doc.char_span(start, start + len(phrase), label="REMEDY")]
        return context(doc).spans[SPANS_KEY][0]._.negated

    text = "The naproxen quite frankly zilched."  # no phrase cue of the bundled rules
    rules = default_context_rules()
    context = build_pipeline().get_pipe("spasmtext_context")
    assert not negated(context, text, "naproxen")
    rules["patterns"] = rules["patterns"] + [{"kind": "negation_backward_remedy", "literal": "... zilched",
                                              "pattern": [{"LOWER": "frankly", "OP": "?"}, {"LOWER": "zilched"}]}]
    context._set_rules(rules)
    assert negated(context, text, "naproxen")
    context.to_disk(tmp_path)
    loaded = build_pipeline().get_pipe("spasmtext_context").from_disk(tmp_path)
    assert loaded.rules["patterns"] == rules["patterns"]
    assert negated(loaded, text, "naproxen")
    with pytest.raises(ValueError, match="E022"):
        context._set_rules({"patterns": [{"kind": "negation_sideways", "pattern": [{"LOWER": "x"}]}]})


def test_context_verdict_verbs_are_rules_that_round_trip(tmp_path):
    """The verbs that make a forward cue a verdict on what came before it ("Heat did not help,
    ice was better": the ice is not negated) are data: a user's verb changes the reading, is
    saved with the pipeline, and rules saved without the list read the bundled one."""
    from spasmtext.context import VERDICT_VERBS_KEY
    from spasmtext.extensions import SPANS_KEY
    from spasmtext.lexicon import default_context_rules
    from spasmtext.pipeline import build_pipeline

    def ice_negated(context, text):
        nlp = build_pipeline()
        doc = nlp.get_pipe("spasmtext_sections")(nlp.get_pipe("spasmtext_sentences")(nlp.make_doc(text)))
        start = text.index("ice")
        doc.spans[SPANS_KEY] = [doc.char_span(start, start + 3, label="REMEDY")]
        return context(doc).spans[SPANS_KEY][0]._.negated

    context = build_pipeline().get_pipe("spasmtext_context")
    assert not ice_negated(context, "Heat did not help at all, ice was better.")
    text = "Heat did not budge it, ice was better."  # "budge" is no bundled verdict verb
    assert ice_negated(context, text)
    rules = default_context_rules()
    rules[VERDICT_VERBS_KEY] = rules[VERDICT_VERBS_KEY] + ["budge"]
    context._set_rules(rules)
    assert not ice_negated(context, text)
    context.to_disk(tmp_path)
    loaded = build_pipeline().get_pipe("spasmtext_context").from_disk(tmp_path)
    assert "budge" in loaded.rules[VERDICT_VERBS_KEY] and not ice_negated(loaded, text)
    del rules[VERDICT_VERBS_KEY]  # as in the rules.json of a model saved before 0.4.9
    context._set_rules(rules)
    assert context.rules[VERDICT_VERBS_KEY] == default_context_rules()[VERDICT_VERBS_KEY]
    assert ice_negated(context, text)


def test_required_words_of_token_patterns():
    from spasmtext.context import _required_words

    patterns = [[{"LOWER": {"IN": ["did", "does"]}}, {"LOWER": "really", "OP": "?"}, {"LOWER": "little"}],
                [{"LOWER": {"IN": ["gave", "give"]}}, {"LOWER": "up"}, {"LOWER": "on", "OP": "*"}]]
    assert _required_words(patterns) == [[{"did", "does"}, {"little"}], [{"gave", "give"}, {"up"}]]
    assert _required_words(patterns + [[{"IS_ALPHA": True}]]) is None  # no word it needs: always run


def test_pattern_cues_still_found_where_their_words_are(nlp):
    # "no real difference" is read by the token pattern alone, not by a phrase cue
    doc = nlp("My back hurts. Ibuprofen did very little. Ice made no real difference.")
    cues = {span.text: span._.negation_cue for span in doc.spans["spasmtext"]}
    assert cues == {"Ibuprofen": "did very little", "Ice": "no real difference"}


def test_context_add_cues_reads_a_sites_own_phrasing(tmp_path):
    """A cue added with ``add_cues`` negates at once, names itself as the cue, is kept by
    pickling (spawned workers) and by ``to_disk``; a bad kind or pattern is refused with
    the rules left as they were."""
    import pickle

    import spacy

    nlp = spasmtext.load()  # not the session's pipeline: this test changes its rules
    ctx = nlp.get_pipe("spasmtext_context")
    text = "Three weeks of physio and my back is as stiff as ever. Heat helps."
    assert [(m["text"], m["negated"]) for m in spasmtext.extract(text, nlp)] == [("physio", False), ("Heat", False)]
    ctx.add_cues("negation_backward_remedy", ["as stiff as ever"])
    doc = nlp(text)
    assert [(s.text, s._.negated, s._.negation_cue) for s in doc.spans["spasmtext"]] == [
        ("physio", True, "as stiff as ever"), ("Heat", False, None)]
    want = spasmtext.extract(text, nlp)
    assert spasmtext.extract(text, pickle.loads(pickle.dumps(nlp))) == want
    nlp.to_disk(tmp_path / "model")
    assert spasmtext.extract(text, spacy.load(tmp_path / "model")) == want
    # a pattern cue, for a cue's variants
    loss = "Bed rest for my back was a dead loss."
    assert not _attrs(nlp, loss, "Bed rest")["negated"]
    ctx.add_cues("negation_backward_remedy", patterns=[[{"LOWER": {"IN": ["is", "was"]}}, {"LOWER": "a"},
                                                        {"LOWER": "dead"}, {"LOWER": "loss"}]])
    assert _attrs(nlp, loss, "Bed rest")["negated"]
    rules = pickle.dumps(ctx.rules)
    with pytest.raises(ValueError, match="E022"):
        ctx.add_cues("negation_sideways", ["meh"])
    with pytest.raises(ValueError):
        ctx.add_cues("negation_backward_remedy", ["total waste"], patterns=[[{"LOWERX": "a"}]])
    assert pickle.dumps(ctx.rules) == rules
    assert spasmtext.extract(text, nlp) == want
