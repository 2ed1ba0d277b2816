"""Is a text about the complaint at all? (ANNOTATION.md: back pain, spasm, sciatica,
related problems of the back, neck or shoulders.)

A mention is a cause or remedy *of the complaint*; a long text that never
speaks of it (an operative note, a cardiology consult) holds none, whatever
words it shares with back-pain texts.
"""

import re

#: words that say a sentence is about the complaint (ANNOTATION.md: back pain,
#: spasm, sciatica, related problems of the back, neck or shoulders)
COMPLAINT_WORDS = frozenset(
    "backache backaches lbp lumbago spine lumbar sciatica sciatic spasm spasms "
    "disc disk discs disks tailbone coccyx coccydynia sacroiliac paraspinal paraspinals radiculopathy "
    "vertebra vertebrae spondylolisthesis spondylolysis spondylosis microdiscectomy discectomy "
    "laminectomy kyphoplasty scoliosis".split()
)
_LEVEL = re.compile(r"^[LTCS]\d")  # vertebral levels: L4-5, L5-S1, T11
#: words that speak of the complaint only with a possessive or a pain word ("my back",
#: "neck pain"), not in "brought back to recovery", "the back table" or "bladder neck"
#: ("spinal" is left out too: "spinal anesthesia")
_BODY_PARTS = frozenset("back neck shoulder shoulders".split())
_BACK_BEFORE = frozenset("my his her your their our lower low upper mid middle bad sore injured hurt "
                         "threw pulled including".split())
_BACK_AFTER = frozenset("pain pains ache aches aching spasm spasms problem problems issue issues injury "
                        "hurts hurt hurting went is was has seized locked cramps stiffness brace braces belt "
                        "muscles surgery strain".split())


def complaint_sentence(sent):
    """True if ``sent`` speaks of the complaint ("back" only as "my back", "back pain", ...)."""
    for token in sent:
        low = token.lower_
        if low in COMPLAINT_WORDS or _LEVEL.match(token.text):
            return True
        if low in _BODY_PARTS:
            i = token.i
            doc = token.doc
            if (i > 0 and doc[i - 1].lower_ in _BACK_BEFORE) or (i + 1 < len(doc) and doc[i + 1].lower_ in _BACK_AFTER):
                return True
    return False



def complaint_sentences(doc):
    """The sentences of ``doc`` that speak of the complaint."""
    sents = doc.sents if doc.has_annotation("SENT_START") else [doc[:]]
    return [sent for sent in sents if complaint_sentence(sent)]


def off_topic(doc, min_sentences, complaint=None):
    """True if ``doc`` has at least ``min_sentences`` sentences and none about the complaint
    (``complaint``: its complaint sentences, if already found)."""
    if complaint is None:
        complaint = complaint_sentences(doc)
    if complaint:
        return False
    sents = list(doc.sents) if doc.has_annotation("SENT_START") else [doc[:]]
    return sum(1 for s in sents if not all(t.is_space for t in s)) >= min_sentences
