"""Is a text about the complaint at all? (ANNOTATION.md: back pain, spasm, sciatica,
related problems of the back, neck or shoulders.)

A mention is a cause or remedy *of the complaint*; a long text that never
speaks of it (an operative note, a cardiology consult) holds none, whatever
words it shares with back-pain texts.
"""

import re
from itertools import islice

from .sentences import sentence_bounds
from .tokens import word_table

#: words that say a sentence is about the complaint (ANNOTATION.md: back pain,
#: spasm, sciatica, related problems of the back, neck or shoulders)
COMPLAINT_WORDS = frozenset(
    "backache backaches lbp lumbago spine lumbar sciatica sciatic spasm spasms "
    "disc disk discs disks tailbone coccyx coccydynia sacroiliac paraspinal paraspinals radiculopathy "
    "vertebra vertebrae spondylolisthesis spondylolysis spondylosis microdiscectomy discectomy "
    "laminectomy kyphoplasty scoliosis".split()
)
#: vertebral levels: L4 (of L4-5), T11, C5; S1 only as in "L5-S1" or "S1 nerve root" (not the
#: heart sounds "S1 and S2"); not temperatures ("T36.8") or tumour stages ("T3b")
_LEVEL = re.compile(r"^(?:[LTC]\d{1,2}|S[1-5])$")
_SACRAL_NEXT = frozenset({"-", "/", "nerve", "root", "roots", "radiculopathy", "dermatome", "level", "disc", "disk"})
#: words before a complaint word that make it another body's part: "bladder neck", "optic disc"
_NOT_BEFORE = frozenset({"bladder", "femoral", "femur", "humeral", "uterine", "bottle", "optic"})
#: words that speak of the complaint only with a possessive or a pain word ("my back",
#: "neck pain"), not in "brought back to recovery", "the back table" or "bladder neck"
#: ("spinal" is left out too: "spinal anesthesia")
BODY_PARTS = frozenset("back neck shoulder shoulders".split())
_BACK_BEFORE = frozenset("my his her your their our lower low upper mid middle bad sore injured hurt "
                         "threw pulled including".split())
_BACK_AFTER = frozenset("pain pains ache aches aching spasm spasms problem problems issue issues injury "
                        "hurts hurt hurting went seized locked cramps stiffness brace braces belt "
                        "muscles surgery strain".split())


#: words that can make a sentence speak of the complaint (with their context, see below)
COMPLAINT_HEADS = COMPLAINT_WORDS | BODY_PARTS

#: a text of at least this many sentences and none about the complaint may be off topic
#: (:func:`off_topic`); the candidate stage's ``topic_min_sentences`` (0: never)
TOPIC_MIN_SENTENCES = 4
#: below this many sentences, a text is off topic only if no word of it speaks of pain or
#: the back at all (:data:`PAIN_WORDS`). Chosen on train and dev (model 0.4.1): short texts
#: often name the back only by implication ("Muscle cramps, including those in the back",
#: "day 4 of this stupid back", "the pain started when..."), and 33 train documents
#: written about back pain (135 gold mentions) were read as off topic; a short note on
#: another problem ("Follow-up for hypertension. BP 128/80 today. ...") still is.
LONG_TEXT_SENTENCES = 8
#: words that keep a short text on topic: pain, or the back in any use
PAIN_WORDS = frozenset(
    "back backs pain pains painful hurt hurts hurting ache aches aching achy sore stiff stiffness "
    "cramp cramps stenosis injury injuries".split()
) | COMPLAINT_WORDS


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
        if low in COMPLAINT_WORDS or (low in BODY_PARTS and (before in _BACK_BEFORE or after in _BACK_AFTER)):
            hits.append(i)
        elif _LEVEL.match(words[i].text) and (low[0] != "s" or before in ("-", "/") or after in _SACRAL_NEXT):
            hits.append(i)
    return hits


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


def off_topic(doc, min_sentences, complaint=None, words=None):
    """True if ``doc`` cannot be about the complaint: no sentence speaks of it, ``doc`` has
    at least ``min_sentences`` sentences, and, if it has fewer than
    :data:`LONG_TEXT_SENTENCES`, no word of it is one of :data:`PAIN_WORDS`
    (``complaint``: its complaint sentences, if already found; ``words``: its
    :class:`~spasmtext.tokens.Word` list, if already read)."""
    if words is None:
        words = word_table(doc.vocab)(doc)[0]
    if complaint is None:
        complaint = complaint_sentences(doc, words)
    if complaint:
        return False
    spoken = (1 for s, e in sentence_bounds(doc) if not all(words[i].is_space for i in range(s, e)))
    n = sum(islice(spoken, max(min_sentences, LONG_TEXT_SENTENCES)))  # counted up to what matters only
    if n < min_sentences:
        return False
    return n >= LONG_TEXT_SENTENCES or not any(word.lower in PAIN_WORDS for word in words)
