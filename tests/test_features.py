from spasmtext.extensions import CANDIDATES_KEY
from spasmtext.features import doc_features


def _features_of(pipeline, text, phrase):
    doc = pipeline.make_doc(text)
    for name in ("spasmtext_sentences", "spasmtext_candidates"):
        doc = pipeline.get_pipe(name)(doc)
    spans = [s for s in doc.spans[CANDIDATES_KEY] if s.text == phrase]
    return doc_features(doc, spans)[0]


def test_features_encode_role_not_only_string(blank_pipeline):
    helps = _features_of(blank_pipeline, "Walking helps my back.", "Walking")
    hurts = _features_of(blank_pipeline, "My back got worse after walking all day.", "walking all day")
    assert helps.get("post=remedy_post") == 1
    assert hurts.get("pre=cause_pre") == 1
    assert "post=remedy_post" not in hurts


def test_features_have_no_whole_phrase_feature(blank_pipeline):
    feats = _features_of(blank_pipeline, "I tried a heating pad.", "heating pad")
    assert not any(k.startswith("phrase=") for k in feats)
    assert feats["lex_exact=REMEDY|HEAT_COLD"] == 1


def test_features_word_categories_reach_unseen_phrases(blank_pipeline):
    feats = _features_of(blank_pipeline, "She started pelvic floor physio last week.", "pelvic floor physio")
    assert feats.get("wcat=PROFESSIONAL_CARE") == 1
    assert feats.get("lex_inside") == 1


def test_features_are_deterministic(blank_pipeline):
    text = "After lifting boxes my back seized up; ice helped."
    a = _features_of(blank_pipeline, text, "lifting boxes")
    b = _features_of(blank_pipeline, text, "lifting boxes")
    assert a == b and list(a) == list(b)
