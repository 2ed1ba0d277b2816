"""Is a text about the complaint at all? (ANNOTATION.md: back pain, spasm, sciatica,
related problems of the back, neck or shoulders.)

A mention is a cause or remedy *of the complaint*; a long text that never
speaks of it (an operative note, a cardiology consult) holds none, whatever
words it shares with back-pain texts.
"""

import re
from itertools import islice

from .sentences import FINAL, sentence_bounds
from .tokens import word_table

#: words that say a sentence is about the complaint (ANNOTATION.md: back pain,
#: spasm, sciatica, related problems of the back, neck or shoulders)
COMPLAINT_WORDS = frozenset(
    "backache backaches lbp lumbago spine lumbar sciatica sciatic spasm spasms "
    "disc disk discs disks tailbone coccyx coccydynia sacroiliac paraspinal paraspinals radiculopathy "
    "vertebra vertebrae spondylolisthesis spondylolysis spondylosis microdiscectomy discectomy "
    "laminectomy kyphoplasty scoliosis facet facets".split()
)
#: vertebral levels: L4 (of L4-5), T11, C5; S1 only as in "L5-S1" or "S1 nerve root" (not the
#: heart sounds "S1 and S2"); not temperatures ("T36.8"), tumour stages ("T3b"; "T2" before its
#: N or M stage, see ``_TUMOUR_STAGE``) or a number with a leading zero ("C02 laser")
_LEVEL = re.compile(r"^(?:[LTC][1-9]\d?|S[1-5])$")
#: the N and M parts of a TNM tumour stage ("T2, NX, MX", "T3 N0 M0"): the "T2" before them is no level
_TUMOUR_STAGE = re.compile(r"^[NM](?:[0-3]|X|x)[a-c]?$")
_SACRAL_NEXT = frozenset({"-", "/", "nerve", "root", "roots", "radiculopathy", "dermatome", "level", "disc", "disk"})
#: words before a complaint word that make it another body's part: "bladder neck", "optic disc"
_NOT_BEFORE = frozenset({"bladder", "femoral", "femur", "humeral", "uterine", "bottle", "optic", "iliac"})
#: verbs after which "her back" is an adverb: "he would be willing to see her back"
_BACK_ADVERB_VERBS = frozenset("see saw seen bring brought get got take took have had want call send sent "
                               "invite invited".split())
#: words that speak of the complaint only with a possessive or a pain word ("my back",
#: "neck pain"), not in "brought back to recovery", "the back table" or "bladder neck"
#: ("spinal" too, only before the words of ``_SPINAL_AFTER``: not "spinal anesthesia", "spinal cord")
BODY_PARTS = frozenset("back backs neck shoulder shoulders".split())
_BACK_BEFORE = frozenset("my his her your their our own lower low upper mid middle bad sore injured hurt "
                         "threw pulled including stupid rounded stiff aching achy painful tight weak wonky "
                         "knackered creaky ruined wrecked".split())
_BACK_AFTER = frozenset("pain pains ache aches aching spasm spasms problem problems issue issues injury "
                        "injuries hurts hurt hurting went seized locked cramp cramps cracking stiffness brace braces "
                        "belt belts muscles surgery strain exercises exercise stretches support".split())
#: verbs before "the back" that make it the body's: "can strain the back", "protects the back"
#: (not "placed on the back table", "at the back of the room")
_BACK_VERBS = frozenset("strain strains straining strained hurt hurts hurting injure injures injuring protect "
                        "protects protecting support supports supporting load loads loading stress stresses "
                        "wrench wrenches wrenched jar jars jarred spare spares save saves kill kills killing "
                        "killed wreck wrecks wrecked wrecking ruin ruins ruined ruining".split())
#: a possessive before "back" or "neck" makes it a person's ("my belayer's neck is wrecked", "anyone
#: else's back ruined", "carers' backs") when one of these words follows it, not "the car's back
#: seat"; "the patient's back was prepped" is an operation's site, not the complaint
_POSSESSIVES = frozenset({"'s", "'", "\u2019s", "\u2019"})
_AFTER_POSSESSED = frozenset({"is", "was", "has", "had", "went", "goes", "gets", "got", "keeps", "kept", "ruined",
                              "wrecked", "killing", "still", "gave", "gives", ".", ",", "?", "!", "and"})
_NOT_POSSESSOR = frozenset({"patient", "patients", "pt", "baby", "infant", "child"})
#: "Back" opening a sentence as its subject ("Back's shot.", "Back is killing me"), not an
#: examination line ("Back is nontender", "Back was without deformity")
_SUBJECT_VERBS = frozenset({"'s", "\u2019s", "is", "was", "has", "had", "feels", "felt", "went", "still", "hurts",
                            "aches", "keeps", "gets", "got", "locked", "seized", "gave", "flares", "flared",
                            "flaring", "playing", "acting"})
_EXAM_WORDS = frozenset({"nontender", "non", "non-tender", "without", "normal", "straight", "symmetric", "symmetrical",
                         "unremarkable", "negative", "clear", "intact", "examined", "inspected", "supple"})
_SPINAL_AFTER = frozenset("stenosis canal fusion manipulation surgery injury injuries fracture fractures pain "
                          "degeneration arthritis decompression".split())

#: a pain word just before "in the back" or "to the back" makes it the body's ("cramp in the back at
#: night", "a twinge across the back"; not "a seat in the back", "pain in the back of the knee")
_PAIN_WORDS = frozenset({"pain", "pains", "ache", "aches", "aching", "cramp", "cramps", "spasm", "spasms", "twinge",
                        "twinges", "stiffness", "soreness", "tightness", "discomfort"})
_PAIN_PREPOSITIONS = frozenset({"in", "to", "into", "across"})

#: body parts that, coordinated with "back", make it the body's: "the neck and back", "back and knees"
_BODY_WORDS = BODY_PARTS | frozenset("hip hips knee knees leg legs arm arms buttock buttocks glutes pelvis "
                                     "ribs chest stomach abdomen feet foot ankles wrists elbows".split())
_COORDINATORS = frozenset({"and", "or", "&", "/", ","})


#: words that can make a sentence speak of the complaint (with their context, see below)
COMPLAINT_HEADS = COMPLAINT_WORDS | BODY_PARTS | {"spinal"}

#: a text of at least this many sentences and none about the complaint is off topic
#: (:func:`off_topic`); the candidate stage's ``topic_min_sentences`` (0: never)
TOPIC_MIN_SENTENCES = 4


def is_level(text):
    """Is ``text`` a vertebral level token ("L4", "T11", "S1", "L45"; ``_LEVEL``)? (A flag test
    of :meth:`~spasmtext.tokens.WordTable.flagged`.)"""
    return bool(_LEVEL.match(text))


def _the_body_back(words, i):
    """Is "the back" at ``i`` the body's: after a verb that acts on it ("can strain the back",
    ``_BACK_VERBS``) or a pain word and a preposition ("cramp in the back", ``_PAIN_WORDS``)?"""
    return (i > 1 and words[i - 2].lower in _BACK_VERBS) or \
        (i > 2 and words[i - 2].lower in _PAIN_PREPOSITIONS and words[i - 3].lower in _PAIN_WORDS)


def _may_speak_of_complaint(text):
    """The cheap first test: a complaint or body-part word, or what may be a vertebral level."""
    return text.lower() in COMPLAINT_HEADS or text[:1] in "LTCS"


def _complaint_tokens(words, positions):
    """Indices of the tokens that speak of the complaint ("back" only next to the words
    that make it so: "my back", "back pain"), among ``positions``, those that pass
    :func:`_may_speak_of_complaint`."""
    hits = []
    n = len(words)
    for i in positions:
        low, before = words[i].lower, words[i - 1].lower if i else ""
        after = words[i + 1].lower if i + 1 < n else ""
        if before in _NOT_BEFORE:
            continue
        if low in COMPLAINT_WORDS or (low in BODY_PARTS and (before in _BACK_BEFORE or after in _BACK_AFTER)) \
                or (low == "back" and _coordinated_body_part(words, i)) or (low == "spinal" and after in _SPINAL_AFTER) \
                or (low == "back" and before == "the" and after != "of" and _the_body_back(words, i)) \
                or (low in BODY_PARTS and before in _POSSESSIVES and i > 1 and words[i - 2].lower not in _NOT_POSSESSOR
                    and (after in _AFTER_POSSESSED or after in _BACK_AFTER)) \
                or (low == "back" and words[i].text == "Back" and (not i or words[i - 1].newline or before in FINAL)
                    and after in _SUBJECT_VERBS and (i + 2 >= n or words[i + 2].lower not in _EXAM_WORDS)):
            if low == "back" and i > 1 and before in ("her", "him", "them", "his") and \
                    words[i - 2].lower in _BACK_ADVERB_VERBS and after not in _BACK_AFTER:
                continue
        elif not _level_at(words, i, before, after):
            continue
        if not _denied(words, i):
            hits.append(i)
    return hits


#: words that deny a finding ("denies back pain"), and the words that end their reach back from it
_DENIALS = frozenset({"denies", "denied", "deny"})
_DENIAL_ENDS = frozenset("for with from after since in on to of at by but because due when while although though "
                         "except . ; : ( )".split())

#: what may follow a finding that "no" denies ("No paraspinal spasm.", "no back pain, no fever")
_FINDING_ENDS = frozenset({".", ",", ";"})


def _denied(words, i):
    """Does the note deny the finding whose complaint word is at ``i`` ("No paraspinal spasm.",
    "denies back pain", "She denied any headache, nausea, fever, neck stiffness")? A denied
    finding is not the complaint; "without back pain", "no change in his back pain" and "I
    had no back pain until I started running" are not denials of it."""
    k = i - 1  # the word before the finding: "No [low back pain].", "No [paraspinal spasm]."
    while k >= 0 and (words[k].lower in COMPLAINT_HEADS or words[k].lower in _BACK_BEFORE):
        k -= 1
    if k >= 0 and words[k].lower == "no":  # not "I had no back pain until I started running"
        j = i + 1
        while j < len(words) and (words[j].lower in _BACK_AFTER or words[j].lower in COMPLAINT_WORDS):
            j += 1
        return j == len(words) or words[j].text in _FINDING_ENDS or words[j].newline
    for j in range(i - 1, max(-1, i - 16), -1):
        if words[j].newline or words[j].lower in _DENIAL_ENDS:
            return False
        if words[j].lower in _DENIALS:
            return True
    return False


def _level_at(words, i, before, after):
    """Is word ``i`` a vertebral level (``_LEVEL``): S1 only beside a level or a nerve root
    ("L5-S1", "S1 radiculopathy"), a T level only when no N or M stage follows ("T2, NX, MX")?
    ``before``, ``after``: the lower-case words around it."""
    text = words[i].text
    if not _LEVEL.match(text):
        return False
    if text[0] == "S":
        return before in ("-", "/") or after in _SACRAL_NEXT
    return not (text[0] == "T" and _tumour_stage(words, i))


def _tumour_stage(words, i):
    """Is the "T2" at ``i`` the T of a tumour stage ("stage T2", "T2, NX, MX", "T3 N0 M0")?"""
    if i and words[i - 1].lower == "stage":
        return True
    j = i + 1
    while j < len(words) and (words[j].is_space or words[j].text == ","):
        j += 1
    return j < len(words) and bool(_TUMOUR_STAGE.match(words[j].text))


def _coordinated_body_part(words, i):
    """Is word ``i`` joined to a body part by "and", "or" or a comma ("the neck and back",
    "back and knees", "hips, back")?"""
    n = len(words)
    return (i > 1 and words[i - 1].lower in _COORDINATORS and words[i - 2].lower in _BODY_WORDS) or \
        (i + 2 < n and words[i + 1].lower in _COORDINATORS and words[i + 2].lower in _BODY_WORDS)


def complaint_sentences(doc, words=None):
    """The sentences of ``doc`` that speak of the complaint, as ``(start, end)``
    (``words``: the doc's :class:`~spasmtext.tokens.Word` list, if already read)."""
    if words is None:
        words = word_table(doc.vocab)(doc)[0]
    hits = _complaint_tokens(words, word_table(doc.vocab).flagged(doc, _may_speak_of_complaint))
    if not hits:
        return []
    out, k = [], 0
    for start, end in sentence_bounds(doc):
        while k < len(hits) and hits[k] < start:
            k += 1
        if k < len(hits) and hits[k] < end:
            out.append((start, end))
    return out


def has_words(words, start, end):
    """Does the sentence ``[start, end)`` hold a token that is not white space? A sentence of
    white space only counts neither towards ``min_sentences`` nor in the candidate stage's
    ``topic_window``. (Up to 0.4.36 spasmtext's segmenter made one of every line break after
    a full stop; since then only of line breaks that open a text, but a user's own segmenter
    may make them.)"""
    return not all(words[i].is_space for i in range(start, end))


def off_topic(doc, min_sentences, complaint=None, words=None):
    """True if ``doc`` has at least ``min_sentences`` sentences and none about the complaint
    (``complaint``: its complaint sentences, if already found)."""
    if words is None:
        words = word_table(doc.vocab)(doc)[0]
    if complaint is None:
        complaint = complaint_sentences(doc, words)
    if complaint:
        return False
    spoken = (1 for s, e in sentence_bounds(doc) if has_words(words, s, e))
    return sum(islice(spoken, min_sentences)) >= min_sentences  # counted up to the minimum only
