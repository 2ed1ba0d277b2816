"""The design grid of the different-voice test subset (corpus/src/voice_1.txt).

    python corpus/voice_design.py

The subset tests generalisation: its documents were written after the model
v0.1 was frozen, by another procedure than the rest of the corpus. Instead of
free writing per genre, each document follows one row of this seeded grid: a
voice that the training texts do not use, one cause category and one remedy
category to work in (drawn independently, so pairings are not the usual ones),
and a twist. The writer then writes a text in that voice and annotates it by
ANNOTATION.md. Every document of the subset is in the test split
(``make_splits``: ids starting with "v"), never in train or dev.
"""

import random

VOICES = [
    ("text messages in shorthand, typos, no capitals", "complaint"),
    ("a non-native English speaker writing to a clinic", "complaint"),
    ("an older person's letter to a newspaper health column", "forum"),
    ("a parent or caregiver posting about someone they look after", "forum"),
    ("a telehealth visit transcribed from speech, with fillers", "clinical"),
    ("a nurse triage telephone note, terse", "clinical"),
    ("a workplace injury report form", "clinical"),
    ("a pharmacist's question-and-answer column", "article"),
    ("a fitness coach's newsletter", "article"),
    ("an insurance or benefits letter summarising care", "article"),
]
CAUSES = ["LIFTING", "SUDDEN_MOVEMENT", "POSTURE", "OVERUSE", "INJURY", "DECONDITIONING", "STRUCTURAL",
          "NERVE", "SYSTEMIC"]
REMEDIES = ["EXERCISE", "STRETCHING", "POSITIONING", "HEAT_COLD", "MEDICATION", "MANUAL_THERAPY",
            "PROFESSIONAL_CARE", "REST_ACTIVITY", "NUTRITION", "PROCEDURE", "DEVICE"]
TWISTS = ["a remedy that did not help", "someone else's cause or remedy", "a coordinated list",
          "the same word in another role", "no mention at all", "a cause that is denied", "nothing special"]


def grid(n=60, seed=2026):
    rnd = random.Random(seed)
    rows = []
    for i in range(n):
        voice, genre = VOICES[i % len(VOICES)]
        rows.append({"id": f"v{i + 1:03d}", "genre": genre, "voice": voice, "cause": rnd.choice(CAUSES),
                     "remedy": rnd.choice(REMEDIES), "twist": rnd.choice(TWISTS)})
    return rows


if __name__ == "__main__":
    for row in grid():
        print(f"{row['id']} {row['genre']:9} | {row['voice']} | {row['cause']} / {row['remedy']} | {row['twist']}")
