import gc

import pytest
import spacy

from spasmtext.tokens import WordTable, word_table

TEXTS = [
    "Pt c/o LBP x3 days.\n\nHPI: 45 yo M s/p MVA; denies trauma.",
    "Heat & ice - didn't help!!! Dr. Smith said 2-3 weeks of PT…",
    "ÄÖ ünïcode — back pain – heat",
    "",
    "   \n\t",
]


@pytest.mark.parametrize("text", TEXTS)
def test_word_table_matches_token_attributes(text):
    nlp = spacy.blank("en")
    doc = nlp(text)
    words, spaces = WordTable(nlp.vocab)(doc)
    assert len(words) == len(spaces) == len(doc)
    for word, space, tok in zip(words, spaces, doc):
        assert (word.text, word.lower, word.is_space, word.is_punct, word.is_alpha, word.is_upper,
                word.is_title, word.is_lower, word.like_num) == (
            tok.text, tok.lower_, tok.is_space, tok.is_punct, tok.is_alpha, tok.is_upper,
            tok.is_title, tok.is_lower, tok.like_num)
        assert word.newline == (tok.is_space and "\n" in tok.text)
        assert space == bool(tok.whitespace_)
    assert WordTable(nlp.vocab).text(doc) == doc.text


def test_word_table_reads_a_doc_once_and_again_after_retokenizing():
    nlp = spacy.blank("en")
    table = WordTable(nlp.vocab)
    doc = nlp("low back pain after lifting")
    first = table(doc)
    assert table(doc)[0] is first[0]  # remembered, not read again
    with doc.retokenize() as retokenizer:
        retokenizer.merge(doc[0:3])
    words, _ = table(doc)
    assert [w.text for w in words] == ["low back pain", "after", "lifting"]
    del doc, first, retokenizer
    gc.collect()
    assert len(table._docs) == 0  # a doc's reading goes with the doc


def test_word_table_cache_is_bounded():
    nlp = spacy.blank("en")
    table = WordTable(nlp.vocab, max_size=10)
    words, _ = table(nlp(" ".join(f"w{i}" for i in range(50))))
    assert [w.text for w in words] == [f"w{i}" for i in range(50)]
    assert len(table._cache) <= 10


def test_word_table_one_per_vocab():
    a, b = spacy.blank("en"), spacy.blank("en")
    assert word_table(a.vocab) is word_table(a.vocab)
    assert word_table(a.vocab) is not word_table(b.vocab)


@pytest.mark.parametrize("text", TEXTS)
def test_flagged_tokens_are_those_that_pass_the_test(text):
    from spasmtext.sentences import _may_end_sentence
    from spasmtext.topic import _may_speak_of_complaint

    nlp = spacy.blank("en")
    table = WordTable(nlp.vocab)
    for doc in (nlp(text), nlp(text + " Back pain: LBP at L4-5.\n")):  # the second read after registering
        for test in (_may_end_sentence, _may_speak_of_complaint):
            assert table.flagged(doc, test) == [i for i, tok in enumerate(doc) if test(tok.text)]


def test_flags_are_found_again_in_a_pickled_vocab_not_added_twice():
    import pickle

    from spasmtext.sentences import _may_end_sentence

    nlp = spacy.blank("en")
    table = WordTable(nlp.vocab)
    table.flagged(nlp("Back pain."), _may_end_sentence)
    copy = pickle.loads(pickle.dumps(nlp))
    again = WordTable(copy.vocab)
    assert again.flagged(copy("Back pain. Ice!"), _may_end_sentence) == [2, 4]
    assert again._flags[_may_end_sentence] == table._flags[_may_end_sentence]


def test_text_is_the_kept_text_or_the_joined_tokens():
    import spacy

    from spasmtext.tokens import TEXT_KEY, make_doc, word_table

    nlp = spacy.blank("en")
    text = "HPI:  pt c/o LBP.\n\nPlan: ice, heat "
    table = word_table(nlp.vocab)
    kept = make_doc(nlp, text)
    assert kept.user_data[TEXT_KEY] is text and table.text(kept) is text
    assert table.text(nlp(text)) == text  # joined from the tokens
    wrong = nlp(text)
    wrong.user_data[TEXT_KEY] = text + "x"  # not this doc's text: joined instead
    assert table.text(wrong) == text


def test_plain_text_is_one_for_one():
    from spasmtext.tokens import plain_text

    text = "Ibuprofen didn\u2019t help \u2014 \u201cphysical\u00a0therapy\u201d\tdid.\u2028Next line\u2009ok"
    plain = plain_text(text)
    assert plain == "Ibuprofen didn't help - \"physical therapy\" did.\nNext line ok"
    assert len(plain) == len(text) and plain_text(plain) == plain
    assert plain_text("ice \ud800 helps") == "ice \ufffd helps"  # a lone surrogate spaCy cannot hash
    unchanged = "nothing to change here"
    assert plain_text(unchanged) is unchanged


@pytest.mark.parametrize("text,plain", [
    ("lifting boxes.</p><p>Ice helped", "lifting boxes.\n   \n  Ice helped"),
    ('<a href="x">PT</a> helped<br/>', "            PT     helped\n    "),
    ("<B>Heat</B>", "   Heat    "),
    # not HTML: comparisons and other angle brackets stay text
    ("pain <5/10, <3 weeks, x < y > z, <patient>, a <pre-op> note", None),
])
def test_plain_text_blanks_html_tags_one_for_one(text, plain):
    from spasmtext.tokens import plain_text

    assert plain_text(text) == (text if plain is None else plain) and len(plain_text(text)) == len(text)


PARAGRAPH = ("I hurt my back lifting a heavy box of books at work on Monday and the pain got worse over the "
             "next few days, so my doctor sent me to physical therapy twice a week and told me to use ice "
             "packs at night, the stretches helped a little but sitting in the car still makes it ache")


@pytest.mark.parametrize("newline", ["\n", "\r\n", " \n", " \r\n"])
@pytest.mark.parametrize("width", [40, 60, 72, 100])
def test_soft_line_breaks_of_a_wrapped_paragraph_read_as_spaces(newline, width):
    import textwrap

    from spasmtext.tokens import read_text

    wrapped = newline.join(textwrap.wrap(PARAGRAPH, width))
    reading, offsets = read_text(wrapped)
    assert reading == PARAGRAPH
    if offsets is None:  # only "\n" for " ": one for one
        assert len(wrapped) == len(reading)
    else:
        assert len(offsets) == len(reading) + 1 and offsets[-1] == len(wrapped)
        assert all(wrapped[offsets[i]] == ch for i, ch in enumerate(reading) if not ch.isspace())


@pytest.mark.parametrize("text", [
    "Pt c/o low back pain x 3 days after lifting boxes at work\nIce and rest recommended\n",  # one line each
    "Lifting boxes at work on Monday made my back ache all week long\n- ice packs\n- heat\n2) ibuprofen\n",
    "Back pain after a long drive to my parents house last weekend and\nPlan: ice, heat and rest for a week\n",
    "My back has hurt for a week since I lifted a very heavy box at work\n\nice helped a bit",  # a blank line
    "My back has hurt for a week since I lifted a very heavy box at work;\nice helped a bit and heat too;\nok",
    ("My back started hurting after I helped my brother move house in the rain and carried boxes up "
     "three flights of stairs all day long without a break\nice helped"),  # a line too long to be wrapped
])
def test_hard_line_breaks_stay(text):
    from spasmtext.tokens import read_text, soft_breaks

    assert soft_breaks(text) == [] and read_text(text) == (text, None)


def test_reading_decodes_character_references_and_drops_invisible_characters():
    from spasmtext.tokens import read_text

    text = "Ibuprofen didn&#39;t help&nbsp;&amp; phys\u00adical ther\u200bapy &unknown; &lt;5/10"
    reading, offsets = read_text(text)
    assert reading == "Ibuprofen didn't help & physical therapy &unknown; <5/10"
    assert offsets[reading.index("help")] == text.index("help") and offsets[-1] == len(text)
    assert text[offsets[reading.index("physical")]:offsets[reading.index("physical") + len("physical therapy")]] \
        == "phys\u00adical ther\u200bapy"
    assert read_text("nothing & nobody here")[1] is None


def test_capital_contractions_split_as_their_lower_case_forms():
    import spacy

    from spasmtext.tokens import add_capital_contractions

    nlp = spacy.blank("en")
    assert add_capital_contractions(nlp.tokenizer) > 100
    words = [(t.text, t.norm_) for t in nlp("IT DIDN'T HELP, DIDNT HELP. I CAN'T SLEEP. IM TORADOL, ID CONSULT")]
    assert words[1:4] == [("DID", "do"), ("N'T", "not"), ("HELP", "help")]
    assert ("NT", "not") in words and ("CA", "can") in words
    assert ("IM", "im") in words and ("ID", "id") in words  # intramuscular, infectious disease: words
    assert add_capital_contractions(nlp.tokenizer) == 0  # once only


def test_glued_sentence_punctuation_splits_but_addresses_stay_whole():
    import spacy

    from spasmtext.tokens import add_glued_punctuation_infixes

    nlp = spacy.blank("en")
    add_glued_punctuation_infixes(nlp)
    words = [t.text for t in nlp("it hurt!ice helped, ibuprofen;heat, tried PT.Didnt help, riding?I fell")]
    assert words[:5] == ["it", "hurt", "!", "ice", "helped"]
    assert {"ibuprofen", ";", "heat", "PT", "Didnt", "riding", "?", "I"} <= set(words)
    for whole in ("webmd.com", "www.nhs.uk/back-pain", "joe.smith@example.org", "e.g.", "a.m.", "3.5"):
        assert whole in [t.text for t in nlp(f"see {whole} today")]


def test_symbols_read_as_punctuation_also_in_a_pickled_vocab():
    import pickle

    import spacy

    from spasmtext.tokens import read_symbols_as_punctuation

    nlp = spacy.blank("en")
    assert not nlp.vocab["\u2605"].is_punct  # spaCy's own reading of a star
    read_symbols_as_punctuation(nlp.vocab)
    read_symbols_as_punctuation(nlp.vocab)  # idempotent: one wrapper
    assert nlp.vocab["\u2605"].is_punct and nlp.vocab["\U0001F62B"].is_punct and nlp.vocab[","].is_punct
    assert not any(nlp.vocab[w].is_punct for w in ("PT", "+", ">", "90\u00b0", "\u00e9t\u00e9"))
    spawned = pickle.loads(pickle.dumps(nlp))  # as spawned workers get it
    assert spawned.vocab["\U0001F644"].is_punct and not spawned.vocab["ice"].is_punct


def test_two_spaces_between_words_read_as_one_and_columns_stay():
    from spasmtext.tokens import read_text

    text = "I tried physical  therapy.  Ibuprofen   800 mg"
    reading, offsets = read_text(text)
    assert reading == "I tried physical therapy.  Ibuprofen   800 mg"  # after "." and a table's columns: kept
    assert offsets[reading.index("therapy")] == text.index("therapy")


def test_a_model_loaded_by_spacy_reads_symbols_as_punctuation():
    import spacy

    from spasmtext.pipeline import bundled_model_path

    assert spacy.load(bundled_model_path()).vocab["\U0001F62B"].is_punct  # the candidate stage's factory
