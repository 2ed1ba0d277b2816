"""The model card (``README.md`` of a model directory), rendered from ``meta.json``.

Training writes the card beside the artifacts, so every figure in it is the
figure recorded in ``meta.json`` for that very model, and the card is covered
by the artifact hashes like any other file.
"""

LIMITATIONS = """\
- The corpus was written for this project by one author. Most of the test
  split is in the same voice as the training split, so its figures overstate
  accuracy on text from elsewhere; the different-voice subset (test documents
  written by another procedure, rows at the end of the test table) and the
  unseen-mention recall are the better guides to new text.
- Boundaries are the weakest point: strict F1 is well below lenient F1. Typical
  errors: a modifier left out ("steroid injections" for "sometimes steroid
  injections"; "walking" for "walking all day" up to model 0.4.35).
- Same word, other role: a word that is usually a cause or remedy can still be extracted
  where it is not one, mostly in short texts, which are taken to be about the
  complaint ("Lifting weights is my hobby." gives a CAUSE; "Ice on the roads
  this morning, drive safe everyone." a REMEDY).
- Negation and experiencer: cue rules, or a trained model where one beat the
  rules on train (cross-validated) and dev beyond noise (table above); both rest on few
  examples ({negated} negated and
  {other} `other` mentions in train). The cue lists follow lay and article
  wording release by release and still miss a verdict in words they do not
  hold ("Yoga felt good but did not stop the spasms"), a scope that runs over
  several clauses or down a list under a title ("Back exercises to avoid /
  ... full sit-ups, toe touches"), and statements the corpus itself reads
  both ways ("Surgery is rarely the answer"). A pronoun that refers to
  someone else in a third-person text is read as the patient. {deciders}
- `score` is calibrated (Platt scaling, against strict correctness) on
  mentions predicted by a classifier that was not fitted on them (see
  Calibration); its calibration error (reliability tables above, for test and dev) is
  higher on the test split than on dev: the test split holds the 60
  different-voice documents (dev none), on which the model is less accurate
  than its scores say (their calibration error is the last row of the test
  table).
"""


def _selection_rule(hp):
    """How the grid row was chosen (models since 0.4.6 record the tolerance)."""
    if "selection_tolerance" not in hp:
        return ": the best dev strict + lenient F1"
    return (f": among the settings whose dev strict + lenient F1 is within {hp['selection_tolerance']} of "
            "the best (level, on dev's ~1,000 mentions), the one with the highest dev unseen-mention recall")


def _calibration_fit(meta):
    """The paragraph on what the calibrator was fitted on (models since 0.4.6), or nothing."""
    cal = meta.get("calibration")
    if not cal:
        return ""
    n = cal["mentions"]
    final = cal.get("final_fit")
    whose = "The calibrator of the classifier fitted on train alone (the dev figures) was" if final else \
        "The calibrator was"
    text = (f"{whose} fitted on {n['train_out_of_fold'] + n['dev']:,} kept mentions: "
            f"{n['train_out_of_fold']:,} of the train split, each predicted by a classifier fitted on the "
            f"other {cal['folds'] - 1} of {cal['folds']} folds (by document), and {n['dev']:,} of dev. "
            f"Fitted on the train mentions alone, its expected calibration error on dev (then held out) is "
            f"{_f(cal['dev_ece_fitted_on_train_only'])}; the uncalibrated probability's is "
            f"{_f(cal['dev_ece_uncalibrated'])}.")
    if final:
        text += (f" The shipped classifier, fitted on train and dev ({final['documents']:,} documents), has a "
                 f"calibrator of its own, fitted on {final['mentions_out_of_fold']:,} kept mentions of both, each "
                 f"predicted by a classifier fitted on the other {cal['folds'] - 1} of {cal['folds']} folds (by "
                 f"document; their uncalibrated expected calibration error "
                 f"{_f(final['ece_out_of_fold_uncalibrated'])}): the test table above is that calibrator on "
                 f"held-out text.")
    return text + "\n\n"


def _refitted(meta):
    """Whether the shipped classifier was fitted again on train and dev (models since 0.4.11)."""
    return meta["split"].get("trained_on") == "train+dev"


def _final_fit(meta):
    """What the shipped classifier was fitted on, for the Data section."""
    if _refitted(meta):
        return ("`C` and the threshold chosen on dev, and every dev figure below measured, with a classifier "
                "fitted on train alone; the shipped classifier was then fitted again on train and dev "
                "together with those settings (the final fit), and its score calibrated on the mentions of "
                "both, predicted out of fold. Unseen mentions are those absent from train and dev; test "
                "used for reporting only.")
    return ("Trained on train; `C` and the threshold chosen on dev, and the score calibrated on dev"
            + (" and on train, predicted out of fold" if "calibration" in meta else "")
            + "; test used for reporting only.")


def _dev_heading(meta):
    if _refitted(meta):
        return "Held-out results: dev split, classifier fitted on train alone (used for selection and calibration)"
    return "Held-out results: dev split (used for selection and calibration)"


def _f(x):
    return f"{x:.3f}"


def _metrics_table(report):
    from .evaluation import negation_genres

    model, base = report["model"], report["baseline"]
    rows = ["| figure | model | rules-only baseline |", "|---|---|---|"]
    for mode in ("strict", "lenient"):
        for lab in ("micro", "CAUSE", "REMEDY"):
            for k in ("precision", "recall", "f1"):
                rows.append(f"| {mode} {lab} {k} | {_f(model[mode][lab][k])} | {_f(base[mode][lab][k])} |")
    for name, key in (("label accuracy (overlapping spans)", "label_accuracy"),
                      ("category accuracy (matched)", "category_accuracy"),
                      ("negation accuracy (matched)", "negation_accuracy"),
                      ("experiencer accuracy (matched)", "experiencer_accuracy"),
                      ("unseen-mention recall", "unseen_recall")):
        rows.append(f"| {name} | {_f(model[key])} | {_f(base[key])} |")
    rows.append(f"| negation F1 (matched) | {_f(model['negation']['f1'])} | {_f(base['negation']['f1'])} |")
    for genre, figs in negation_genres(model):
        b = base["negation_per_genre"].get(genre, {"f1": 0.0})
        rows.append(f"| {genre} negation F1 (matched, n={figs['gold']}) | {_f(figs['f1'])} | {_f(b['f1'])} |")
    rows.append(f"| experiencer other F1 (matched) | {_f(model['experiencer_other']['f1'])} "
                f"| {_f(base['experiencer_other']['f1'])} |")
    if "experiencer_patient_accuracy" in model:
        rows.append(f"| experiencer patient accuracy (matched) | {_f(model['experiencer_patient_accuracy'])} "
                    f"| {_f(base['experiencer_patient_accuracy'])} |")
    for genre, figs in model["per_genre"].items():
        b = base["per_genre"][genre]
        if figs["gold"]:
            rows.append(f"| {genre} lenient F1 | {_f(figs['lenient'])} | {_f(b['lenient'])} |")
        else:
            rows.append(f"| {genre} false positives (no gold mentions) | {figs['predicted']} | {b['predicted']} |")
    if "ece" in model:
        rows.append(f"| expected calibration error of score | {_f(model['ece'])} | - |")
    rows.extend(_section_rows(report))
    rows.extend(_voice_rows(report))
    return "\n".join(rows)


def _category_table(report):
    """Per category: F1 of mentions found (overlapping span, same label) with that category."""
    model, base = report["model"], report["baseline"]
    rows = ["| category | gold mentions | model F1 | rules-only baseline F1 |", "|---|---|---|---|"]
    for key, figs in model.get("per_category", {}).items():
        b = base.get("per_category", {}).get(key, {"f1": 0.0})
        rows.append(f"| {key} | {figs['gold']} | {_f(figs['f1'])} | {_f(b['f1'])} |")
    return "\n".join(rows)


def _voice_rows(report):
    """The different-voice subset of the test split (written after the model, see corpus/README.md)."""
    voice = report.get("different_voice")
    if not voice:
        return []
    m, b, n = voice["model"], voice["baseline"], voice["documents"]
    return [f"| different-voice subset ({n} documents): {mode} micro F1 | {_f(m[mode]['micro']['f1'])} "
            f"| {_f(b[mode]['micro']['f1'])} |" for mode in ("lenient", "strict")] + [
        f"| different-voice subset: unseen-mention recall | {_f(m['unseen_recall'])} | {_f(b['unseen_recall'])} |"] + (
        [f"| different-voice subset: expected calibration error of score | {_f(m['ece'])} | - |"] if "ece" in m else [])


SECTION_SCOPES = {"clinical": "clinical documents", "all_annotated": "all annotated notes"}


def _section_rows(report):
    sections = report.get("sections", {})
    return [f"| section header accuracy, {label} (n={sections[key]['gold']} headers) "
            f"| {_f(sections[key]['accuracy'])} | - |" for key, label in SECTION_SCOPES.items() if key in sections]


def _reliability(report):
    return "\n".join(f"| {r['bin']} | {r['n']} | {_f(r['mean_score'])} | {_f(r['accuracy'])} |"
                     for r in report.get("reliability", []))


def _train_attributes(meta):
    counts = meta.get("train_attributes", {})
    chosen = (meta.get("assertion") or {}).get("chosen", {})
    negation, experiencer = chosen.get("negation", "rules"), chosen.get("experiencer", "rules")
    reading = {"rules": "the rules", "model": "the trained model"}
    if negation == experiencer:
        deciders = f"In this model {reading[negation]} decide both."
    else:
        deciders = f"In this model {reading[negation]} decide negation, {reading[experiencer]} the experiencer."
    return {"negated": counts.get("negated", "?"), "other": counts.get("experiencer_other", "?"),
            "deciders": deciders}


def _error_table(report):
    model, base = report["model"].get("error_classes"), report["baseline"].get("error_classes")
    if not model:
        return "| (not recorded) | | |"
    order = ("exact", "boundary", "label", "missed", "false_positive")
    return "\n".join(f"| {name.replace('_', ' ')} | {model[name]} | {base[name]} |" for name in order)


def _assertion_table(report):
    if not report:
        return "(not trained)"
    rows = ["| attribute | reading | F1, train (5-fold CV) + dev | precision (dev) | recall (dev) | F1 (dev) "
            "| gold positives (dev) | chosen |", "|---|---|---|---|---|---|---|---|"]
    for key, name in (("negation", "negation"), ("experiencer_other", "experiencer")):
        for reading in ("rules", "model"):
            r = report[key][reading]
            pooled = report.get("decided_on", {}).get(key, {}).get(reading)
            chosen = "yes" if report["chosen"][name] == reading else ""
            rows.append(f"| {key} | {reading} | {_f(pooled['f1']) if pooled else '-'} | {_f(r['precision'])} "
                        f"| {_f(r['recall'])} | {_f(r['f1'])} | {r['gold']} | {chosen} |")
    boot = report.get("bootstrap")
    if boot:  # models trained before 0.4.9 chose on the pooled F1 alone
        method = (f"Paired bootstrap over the {boot['negation']['documents']} documents of train and dev that "
                  f"hold gold mentions ({boot['negation']['samples']} resamples): the model is kept only if it is "
                  f"no better than the rules in fewer than {report['model_kept_below_p']:.0%} of them.")
        header = "| attribute | model F1 - rules F1 | 95% interval | share of resamples where the model is no better |"
        rows += ["", method, "", header, "|---|---|---|---|"]
        rows += [f"| {key} | {b['difference']:+.3f} | {b['interval_95'][0]:+.3f} to {b['interval_95'][1]:+.3f} "
                 f"| {b['p']:.2f} |" for key, b in ((key, boot[key]) for key in ("negation", "experiencer_other"))]
    return "\n".join(rows)


def _model_selection(meta):
    comparison = meta.get("model_selection")
    if not comparison:
        return "(not run for this model)"
    rows = ["| dev split | threshold | strict F1 | lenient F1 | unseen recall |", "|---|---|---|---|---|"]
    for r in comparison["families_and_features"]:
        threshold = "-" if r["threshold"] is None else r["threshold"]
        rows.append(f"| {r['model']} | {threshold} | {_f(r['dev_strict_f1'])} | {_f(r['dev_lenient_f1'])} "
                    f"| {_f(r['dev_unseen_recall'])} |")
    for r in comparison["learning_curve"]:
        rows.append(f"| logistic regression, {round(100 * r['share'])}% of train ({r['documents']} documents) "
                    f"| {r['threshold']} | {_f(r['dev_strict_f1'])} | {_f(r['dev_lenient_f1'])} "
                    f"| {_f(r['dev_unseen_recall'])} |")
    return "\n".join(rows)


def _recognizer(meta):
    ner = meta["hyperparameters"].get("ner")
    if not ner:
        return ""
    on = "train and dev" if ner.get("recognizer_trained_on") == "train+dev" else "train"
    return (f"`spasmtext_ner` (spaCy's `ner` trained from blank on {on} for {ner['epochs']} epochs: a CNN "
            "over hashed word forms, prefixes, suffixes and shapes, no pretrained vectors; its CAUSE and "
            "REMEDY entities are candidates with origin `ner:CAUSE` or `ner:REMEDY`, and the classifier "
            f"was fitted on the entities of {ner['folds']} recognizers each trained without the fold it "
            "labelled" + (" and, for the dev documents of the final fit, on those of a recognizer trained on "
                          "train" if _refitted(meta) else "") + "), ")


def _recognizer_comparison(meta):
    if not meta["hyperparameters"].get("ner") or not meta.get("model_selection"):
        return ""
    return ("\nHere the shipped classifier is compared with the same classifier over the rule\n"
            "candidates alone (the default model's kind, fitted again here) and with the\n"
            "recognizer alone (its entities taken as mentions; no threshold). The family\n"
            "comparison and learning curve are in the default model's card.\n")


def render_experiment_card(meta):
    """Markdown card of a model trained with ``--no-test``: its dev figures and a warning
    that it was not evaluated on the test split and is not for release."""
    hp = meta["hyperparameters"]
    return f"""# Experiment: {meta['lang']}_{meta['name']} {meta['version']} (not for release)

{meta['description']}

Trained with `spasmtext train --no-test`: the test split was not read, so this
model has no held-out test figures. Compare it with others on dev; a release is
trained without `--no-test` once its changes are chosen, and that run reads the
test split.

Selected `C={hp['C']}`, `threshold={hp['threshold']}`. Corpus SHA-256
`{meta['corpus']['sha256'][:16]}…`, seed {meta['seed']}.

## Dev split (used for selection and calibration)
{_metrics_table(meta['metrics']['dev'])}
"""


def _reranker_rows(meta):
    """The dev figures of the selected setting without and with the reranker (models from
    0.4.31), after the selection grid, which is scored without it."""
    report = meta.get("reranker")
    if not report:
        return ""
    rows = "\n".join(f"| {name} | {_f(r['dev_strict_f1'])} | {_f(r['dev_lenient_f1'])} | "
                     f"{_f(r['dev_unseen_recall'])} |"
                     for name, r in (("without the reranker", report["dev_without"]),
                                     ("with the reranker", report["dev_with"])))
    fitted = report["fitted_on"]
    return f"""
The grid above and the comparisons below are scored without the reranker of
overlapping candidates, which is fitted after the selection, on the groups of
overlapping candidates kept in train documents by classifiers fitted on the
other folds ({fitted['candidates']:,} candidates, {fitted['gold_spans']:,} of them gold spans), and
applied at the selected setting (a final fit fits it again on train and dev):

| selected setting, dev | strict F1 | lenient F1 | unseen-mention recall |
|---|---|---|---|
{rows}
"""


def render_model_card(meta):
    """Markdown model card for a model's ``meta`` dict."""
    hp = meta["hyperparameters"]
    split = meta["split"]["documents"]
    selection = "\n".join(
        f"| {r['C']} | {r['threshold']} | {_f(r['dev_strict_f1'])} | {_f(r['dev_lenient_f1'])} | "
        f"{_f(r['dev_unseen_recall'])} |"
        for r in meta["selection"]
    )
    return f"""# Model card: {meta['lang']}_{meta['name']} {meta['version']}

{meta['description']}

Generated by `spasmtext train` from `meta.json`; every figure below is the one
recorded there for this model.

## Pipeline
`spacy.blank("en")` tokenizer, then `spasmtext_sentences` (rules),
`spasmtext_sections` (note section headers), {_recognizer(meta)}`spasmtext_candidates`
(lexicon, triggers, phrase chunks{', entities' if meta['hyperparameters'].get('ner') else ''}),
`spasmtext_classifier` (scikit-learn logistic regressions: label, then
category{', then a reranker of overlapping kept candidates' if meta.get('reranker') else ''}; Platt
scaling of the score), `spasmtext_context` (negation and
experiencer: cue rules, and a trained model where it beats them on train
(cross-validated) and dev beyond noise).

## Data
Corpus `{meta['corpus']['path']}` (SHA-256 `{meta['corpus']['sha256'][:16]}…`):
{meta['corpus']['documents']} documents, {meta['corpus']['mentions']} mentions, written for this
project and annotated by `ANNOTATION.md`. Split by document, stratified by genre:
train {split['train']}, dev {split['dev']}, test {split['test']} (test split SHA-256
`{meta['split']['test_sha256'][:16]}…`). {_final_fit(meta)}

## Training
Seed {meta['seed']}. Selected `C={hp['C']}`, `threshold={hp['threshold']}`{_selection_rule(hp)}.
Candidate recall (share of gold mentions proposed exactly by the candidate
stage): train {meta['candidate_recall']['train']}, dev {meta['candidate_recall']['dev']}.

| C | threshold | dev strict F1 | dev lenient F1 | dev unseen-mention recall |
|---|---|---|---|---|
{selection}
{_reranker_rows(meta)}
## Model selection (dev split)
Each row is trained on train (or the share of it named) with the selected `C`
and scored on dev at its own best threshold; the test split is not used. The
shipped family is logistic regression: native probabilities, the simplest
model, and it stays unless another family beats it clearly here. The learning
curve says whether more annotated text still helps.

{_model_selection(meta)}
{_recognizer_comparison(meta)}
## Held-out results: test split
{_metrics_table(meta['metrics']['test'])}

### Per category (test split)
A gold mention counts as found when a prediction overlaps it with the same label
and the same category (lenient span, strict category).

{_category_table(meta['metrics']['test'])}

## Error analysis (dev split)
Each gold mention is exact (span and label right), a boundary error (an
overlapping prediction with the right label), a label error (overlapping, wrong
label) or missed; a prediction overlapping no gold mention is a false positive.

| class | model | rules-only baseline |
|---|---|---|
{_error_table(meta['metrics']['dev'])}

Largest classes and what was done about them so far: *missed* mentions were
mostly phrases absent from the lexicon and list items far from any trigger
(phrase chunks now propose n-grams holding a lexicon word or opening/closing a
clause segment: exact candidate recall on train rose from 0.72 to 0.96 on
corpus 0.1; the current figure is under Training), and corpus 0.2 added
documents for the thinnest categories (NERVE had 19 mentions) and for article
and clinical phrasing; *boundary*
errors are modifiers kept or dropped ("walking" for "walking all day"; a
decoder that prefers longer spans was tried and lowered dev strict F1);
*false positives* came from words in other roles and from long notes on other
problems (the topic rule, the section and complaint-distance features, and 42
documents without mentions were added for them); *label* confusions are rare
and mostly role reversals ("walking" as a cause). Negation errors on train
(bare "not"/"never" after a mention read as a cue, "failed X", apostrophe-less
"didnt work") led to the cue-list changes of 0.2 (rules' negation F1 on train
0.687 -> 0.775). On corpus 1.0 the train and dev error lists showed "no"
reaching over a comma into the next list item ("no breaks and less walking, a
sagging mattress"), remedies that "made it worse" or were "not tolerated" or
"stopped", and "Myth:" lines; the rules now stop short cues at a comma, negate
remedies only with those cues, and read "Myth:" as a cue (rules' negation F1
on train 0.675 -> 0.795, dev 0.750 -> 0.803; on test, rules-only pipeline
0.804 -> 0.807). Of the train and dev negations that rules and model both still
missed (101 of 402), many were lists of failed remedies ("What didn't work:
muscle relaxers, chiropractor, bed rest", "despite a year of PT, ESI and
NSAIDs", "no lasting relief from gabapentin, duloxetine or PT"), verdicts in
brackets ("inversion table (no)") and "hasn't helped" / "they don't help".
Cues that govern a list of remedies (to the end of the sentence; the "didn't"
of "What doesn't help: standing" no longer negates the causes under it) and
those cues took negation F1 on the gold mentions of train (5-fold CV) + dev
from 0.794 to 0.836 (rules) and 0.803 to 0.848 (model), on dev alone from
0.803 to 0.882 and 0.806 to 0.896. They did not carry over to test: the
pipeline's test figure went from 0.756 to 0.740 and the rules-only pipeline's
from 0.807 to 0.774 (61 negations, so within noise, but not the gain dev
shows). Cue lists written from the train and dev error lists have reached
their limit; more negated mentions in new voices are what is missing. Corpus
1.2 added 160 documents in voices the corpus did not have (product reviews,
an EMS report, a discharge summary, consult letters, a school nurse, a care
home, podcast and radio transcripts, a travel blog, committee minutes), 151
negated mentions among them, and three documents over 1,000 words. Before any
rule was changed, the negation rules scored F1 0.72 on the gold mentions of
the first 128 of them in train and dev (102 negations; the model,
cross-validated, 0.74), against 0.84 on the older documents: the cue lists
did not reach new phrasing. What they missed were variants of known
cues ("didn't really help", "doesn't seem to be working", "hasn't made a
dent", "made zero difference", "did very little", "none of it made a
difference", "gave up on", "no joy with", "brace not required") and "which"
between a remedy and its verdict ("an extra pillow, which did not help"). The
rules now hold token patterns (spaCy `Matcher` patterns, as medspaCy's ConText
rules take a `pattern`) for the grammatical variants of those cues, a relative
pronoun no longer ends a backward cue's reach, and cues that a remedy failed
("didn't help", "no relief") negate remedies only ("sitting all day didn't
help" names a cause). Negation F1 on train (5-fold CV) + dev gold mentions
(corpus 1.2 before its three long documents): rules 0.814 -> 0.828, model
0.833 -> 0.840. On those first 128 new documents the rules went from 0.72 to
0.80, but the patterns were written after reading their errors; on the last 32 new documents, written after the patterns (26
negations in train and dev), the rules score 0.65 with or without them. So the
patterns generalise cues, not meaning: a list under "Things I wasted money
on", a verdict in the next sentence ("It didn't."), "skipped", "not keen".
Experiencer errors were texts about someone else's complaint
("Mum's back (82): osteoporosis, ...", every later mention with no cue of its
own), advisers read as experiencers ("my mum says to ...") and the one told
read as the writer ("a friend told me yoga fixed her back"): the
complaint-owner, speaker and "told me" rules took the rules' `other` F1 on
train from 0.766 to 0.838 and on dev from 0.780 to 0.923.
The topic rule (a text of 4 sentences or more, none of them about the
complaint, gets no candidates) reads 33 train documents (135 gold mentions)
and 6 dev documents (27) written about back pain as off topic: short
articles, posts and complaints that name the back only in passing ("Muscle
cramps, including those in the back", "day 4 of this stupid back", "The pain
started after I slipped"). Model 0.4.1 let texts of 4 to 7 sentences through
when any word of them spoke of pain or the back: with the 0.4.1 classifier
of en_spasmtext and only the rule changed, dev strict / lenient F1 and unseen
recall were 0.705 / 0.808 / 0.648 under the 4-sentence rule and 0.712 / 0.818
/ 0.664 under 0.4.1's. But the 1,835
five-sentence pieces of the real notes of `../shared/data/mtsamples-partial.csv`
(operative notes, consults: fragments of notes on other problems, as an export
of one row per paragraph gives) then got 532 mentions instead of 250, every one
of a sample of 12 false ("the back of the testis", "tooth pain", "infection" in
a consent paragraph). Narrower versions (without bare "back", "stenosis" and
"injury", or not in texts with section headers, or both) still gave 340 to
447. Model 0.4.2
keeps the 4-sentence rule and only adds unambiguous ways of naming the back to
what makes a sentence speak of the complaint ("own", "stupid", "rounded" back;
back "injuries", back "cracking"): 29 train documents (114 mentions) are still
read as off topic, dev 0.706 / 0.809 / 0.650 with the same 0.4.1 classifier,
and the MTSamples pieces keep their 250 mentions. Short texts that never name
the back remain a known gap of the rule (see "Limitations" in the README).
Model 0.4.3 was checked on real notes as well as on the corpus: the 317 notes
of `../shared/data/mtsamples-partial.csv` (urology, surgery, bariatrics,
cardiology; not annotated, not used for training). Model 0.4.2 of
en_spasmtext found 144 mentions in 20 of them (34 of them `other`). Read by
these guidelines (one reader, no second annotator), about one in five was
right, every right one in the six notes about the spine; the rest came from
notes on other problems that name the back once (a review of systems, a past
history), from allergy and medication lists, and from the narrative of
operations. The corpus (a median of 28 to 43 words a document, five of over
1,000) holds few such notes, so its dev and test figures cannot show this.
Changes, each checked on dev and on those notes: "anterior superior iliac
spine" (a landmark of the pelvis) and "see her back" (a return visit) no longer
make a sentence speak of the complaint; an allergy list and a review of
systems hold no candidates, and a medication list or the narrative of a
procedure only lexicon phrases and what its sentence ties to the complaint
("Percocet for his back discomfort"), not the drugs of other problems or the
instruments of an operation; 19
common analgesics joined the lexicon (paracetamol, codeine, ketorolac,
duloxetine, morphine, ...); in a note with section headers "I" is the
clinician, so "she" and "his" no longer make the patient's mentions `other`
(train `other` false positives of the rules, gold mentions: 47 -> 41); a
sentence that is only a negation answers the one before it ("Bought this
topper because the reviews said it fixes back pain. It did not."; "Any history
of fractures, cancer? No."), and a backward cue opened by a word referring
back reaches further ("Started baclofen 3 days ago, reports it is not
helping"). With en_spasmtext, dev strict / lenient F1 and unseen recall went
from 0.707 / 0.809 / 0.645 to 0.715 / 0.812 / 0.645, the MTSamples notes from
144 mentions to 115 in 14 notes (4 `other`; by the same reading 34 right,
30%), their five-sentence pieces from 232 to 222; negation F1 on the
gold mentions of train (5-fold CV) and dev: rules 0.812 -> 0.820, model 0.821
-> 0.826 (dev alone unchanged). Model 0.4.4 adds corpus 1.3: 21 clinical
notes in the full shapes of real notes (`src/realnotes_1.txt`, written after
reading those false mentions, not copied from them: consults and histories on
other problems with past history, medication and allergy lists and a review of
systems, some naming back pain in passing; operative and procedure notes with
a long narrative; vertebral levels as landmarks); 14 went to train, 3 to dev
and 4 to test. On the new dev split, en_spasmtext 0.4.3 scores 0.710 / 0.808 /
0.650 and 0.4.4 0.711 / 0.811 / 0.650; the MTSamples notes get 100 mentions
in 13 notes (32 right by the same reading), their pieces 215. Three more rules
were measured and left out: a sentence that names only a vertebral level
("clamped just above T10") not speaking of the complaint took the MTSamples
notes to 86 mentions but cost 0.005 dev F1 after retraining; counting only
lines with words in `topic_window` gained 0.001 dev F1 and 51 MTSamples
mentions; keeping in a procedure section only lexicon phrases even where the
sentence names a spinal level took them to 86 but cost 0.002 dev F1. Model
0.4.5 completes the lexicon's spine procedures (laminotomy, foraminotomy,
facetectomy, rhizotomy, vertebroplasty, medial branch block, nerve root block,
spinal cord stimulator, disc replacement, TLIF, PLIF, ACDF, the "diskectomy"
spelling, ...): dev 0.711 / 0.811 / 0.650 -> 0.713 / 0.812 / 0.652, MTSamples
notes 100 -> 98 mentions (35 right by the same reading, 36%), pieces 215 -> 204.
Model 0.4.6: the topic rule also hears "the neck and back", "back and knees",
"a stiff back", "their backs", "spinal stenosis" (not "spinal anesthesia") and
"facet" (off-topic train documents holding gold mentions 29 -> 23, dev 6 -> 5;
the MTSamples notes keep the same 106 complaint sentences); operative notes
have their headers (OPERATIVE FINDINGS, DESCRIPTION OF THE PROCEDURE, TITLE OF
OPERATION, TUBES AND DRAINS, PREOPERATIVE DIAGNOSIS (ES)...; corpus header
accuracy unchanged), their procedure sections hold lexicon phrases only (the
rule that cost 0.002 dev F1 at 0.4.4 costs nothing with the rest), no
candidate is a vertebral level alone ("L4-L5") or holds a header's words (no
gold mention does), and the lexicon has the "disk" spellings, protrusion,
extrusion, prolapse and herniated nucleus pulposus. Grid rows within 0.005 of
the best dev strict + lenient F1 now count as level and the higher dev
unseen-mention recall decides (the retrained grid's best sum, at `C=2`, beat
`C=0.5` by 0.0002 with unseen recall 0.610 against 0.675). Dev 0.713 / 0.812 /
0.652 -> 0.717 / 0.822 / 0.680; MTSamples notes 98 -> 79 mentions in 13 notes,
about half right by the same reading (most false ones now in notes on other
problems: a bariatric history's "tying shoes", a urology plan); pieces 204 ->
208. Measured and left out: a first word x lexicon reading feature ("Avoid"
before a remedy): dev strict F1 +0.012, but 5-fold cross-validation on train
-0.001, so the dev gain is noise.
Model 0.4.7 changes the negation rules only (extraction is that of 0.4.6),
after reading the rules' errors on the gold mentions of train and dev: advice
against and stopping ("avoid", "not recommended") negate remedies only ("Avoid
ibuprofen and heavy lifting": the lifting is still a cause); a belief the
writer revises ("I thought it was a pulled muscle but it turned out to be a
kidney stone", "dismissed as bad posture") negates a cause; a cue in a
condition negates nothing ("If self-care doesn't help, ...", "surgery if no
improvement"); "did not help" judges what came before it, not what follows
("heat did not help at all, ice was better"); a forward cue stops at a colon
unless it heads the line ("Crash diets are not recommended: steady weight loss
..."); a late verdict reaches the subject opening its sentence ("The muscle
relaxers the doctor gave him did nothing"); side effects that ended a remedy
("made me so drowsy", "upset my stomach"); "rule out" (a planned work-up) is
no longer a negation. Rules on gold mentions: train F1 0.812 -> 0.863, dev
0.835 -> 0.948 (dev is optimistic: its errors were read too). The held-out
test split did not follow: negation F1 on matched mentions 0.808 -> 0.810
(clinical 0.861 -> 0.886, forum 0.789 -> 0.737, n=42 and 20), so these rules
fit the kinds of error that were read, and the errors left on unseen text are
of other kinds; more annotated negations in new voices are what would show
them.
Model 0.4.8 adds corpus 1.4 (72 documents in new voices, 274 mentions, 99
negated; 50 to train, 11 to dev, 11 to test) and changes nothing else. Before
any model ran on them, 0.4.7 scored negation F1 0.680 on the gold mentions of
the first 40 and 0.788 on the last 32 (0.4.6: 0.609 and 0.776): its rules
generalise a little, its recall on new wording is low. Rules written from the
first 40's misses ("haven't shifted it", "nada", "talked me out of") took
those to 0.804 and left the other 32 at 0.788, and a bare "not"/"no" after a
remedy as a cue cost 0.03-0.05 F1 on train and dev: neither was kept. On the
new dev split the rules beat the negation model on train (5-fold CV) plus dev
(0.860 against 0.854), so 0.4.8 negates by the rules, and the experiencer
model beats the rules there by 0.007 (0.830 against 0.823), so `other` is now
the model's; both choices are level enough to flip with a few documents. The
model's reading keeps the section rule over it: a mention in a family history
section is `other` whatever the model weighs (a first 0.4.8 candidate without
this read "FAMILY HISTORY: Scoliosis." as the patient's, which a test caught).
Real notes on other problems that name the back in passing remain
the largest known source of false mentions (see "Limitations" in the README).
Model 0.4.9 changes how negation and experiencer are read, and nothing else
(extraction is that of 0.4.8): a trained assertion model now replaces the
rules only if a paired bootstrap over the documents of train and dev finds it
better in at least 95% of 2,000 resamples. 0.4.8's experiencer model had won
by 0.007 F1 (0.830 against 0.823), a difference the bootstrap puts at p = 0.39
(95% interval -0.038 to +0.053), and both choices had flipped between
releases on such differences; 0.4.9 reads both by the rules, which name the
cue that made each reading. The verbs that make a negation a verdict on what
came before it ("Rest hasn't helped, ...") are now data (`verdict_verbs` in
the rules), with no change in output. Measured and left out: a negation model
with clause-level features (a negation word anywhere in the clause before or
after the mention, with its label; the clause's words). Out of fold on the
gold mentions of train and dev it scored F1 0.856-0.862 with folds by
document and 0.852-0.860 with folds by writing batch (closer to unseen
voices), against 0.853-0.859 for the 0.4.8 features and 0.860 for the rules;
on the 61 documents of corpus 1.4 in train and dev 0.70-0.74 against the
rules' 0.71. Without the rules' reading among its features the model reaches 0.78:
the corpus's 663 negated mentions in train and dev are too few to learn
negation from, and the model mostly copies the rules. Two extraction ideas
were measured on dev and left out too. A re-ranker of overlapping candidates
(a logistic regression over each candidate's probability, its rank and gap to
the best one, and the words it adds or cuts, trained on the candidate sets of
train predicted out of fold): dev strict F1 0.721 -> 0.721-0.722, where
always picking the right one of the candidates kept would give 0.774; the
label model's probability already holds what it could learn. A sentence
feature for texts that never speak of the complaint, whether the sentence
names another body part ("Physical therapy for her knee"): dev lenient F1
0.825 -> 0.826, "Physical therapy" in that sentence 0.43 -> 0.34, still
kept, and the same count of mentions in fragments of real notes (211 -> 212).
Model 0.4.10 adds corpus 1.5 and changes nothing else: 48 documents written
after 0.4.9 was frozen (`j001`-`j048`, 12 per genre, 181 mentions; 36 to
train, 6 to dev, 6 to test). Before they were added, 0.4.9 scored lenient F1
0.789, strict 0.636 and unseen-mention recall 0.667 on them
(`en_spasmtext_ner` 0.817, 0.650, 0.667), close to its test split (0.776,
0.667, 0.634; 0.805, 0.699, 0.643): the test split is a fair guide to new
text of the corpus's kinds. Negation F1 on their matched mentions was 0.70
(22 negated; complaints 0.55), 0.76 after two annotations were corrected to
the corpus's decisions; lay verdicts in new words ("does sod all", "barely
registers", "no different") are still what the rules miss. Measured and left
out: the recognizer of `en_spasmtext_ner` trained with dropout 0.2 instead of
0.1 (dev strict / lenient F1 0.756 / 0.840 -> 0.737 / 0.833, unseen-mention
recall 0.705 -> 0.730).
Model 0.4.11 is fitted on train and dev together (the final fit), once dev
has chosen `C` and the threshold and given its figures with a classifier
fitted on train alone; nothing else changed. Measured before, without the
test split, with the default model's pipeline: a fifth of train held out (two
draws), a classifier fitted on the rest gained from the dev documents added
to it lenient F1 0.794 -> 0.807 and 0.765 -> 0.778, strict 0.677 -> 0.689 and
0.656 -> 0.674, and unseen-mention recall 0.712 -> 0.733 and 0.606 -> 0.618
(same `C` and threshold, the same mentions counted as unseen). Unseen
mentions are now those absent from the train and dev mentions, what the
classifier was fitted on, so fewer test mentions count as unseen than for
0.4.10. The recognizer of `en_spasmtext_ner` is still trained on train only.
Model 0.4.12 trains the recognizer of `en_spasmtext_ner` on train and dev
too, once the classifier's final fit is done (whose entities stay out of
sample: out of fold on train, those of a recognizer trained on train on dev);
the default model is 0.4.11's but for its version. Measured before, without
the test split: with a fifth of train held out, the recognizer alone (its
entities taken as mentions) gained strict F1 0.640 -> 0.659, lenient 0.760 ->
0.774 and unseen-mention recall 0.593 -> 0.658 from the dev documents added
to the rest. On the test split, read once for this release, the whole model
moved by less than noise against 0.4.11 (strict 0.714 -> 0.717, lenient
0.819 -> 0.815, unseen-mention recall 0.672 -> 0.664): the recognizer's own
gain did not carry over to the classifier's choices, which were fitted on
entities of recognizers trained on less.
Model 0.4.13 changes the negation rules only (the classifiers are 0.4.12's,
refitted from the same data and seed): a backward cue that closes a list of
remedies reaches every item of it ("Ibuprofen and a course of prednisolone
did not help"), and over a dose ("Took naproxen 500 mg at 8am, no relief"); a
remedy that makes a list item of its own is negated by a verdict opening the
next sentence ("Back belts and braces. These are not recommended ..."); new
cues "without lasting improvement" and "unchanged after". They came from the
rules' false negatives on train: on the gold mentions of train their negation
F1 rose 0.836 -> 0.854 (recall 0.764 -> 0.793, precision unchanged at 0.924),
on dev it stayed 0.940. On the test split, read once for this release,
neither model's figures moved (negation F1 0.804 for the default, 0.780 for
`en_spasmtext_ner`, as with 0.4.12; the classifiers and the recognizer came
out byte for byte as 0.4.12's): the new rules find their patterns in train's
texts, not in the held-out ones.
Measured on the classifier and left out, without the test split: features of
each train document built with a third or a fifth of the lexicon held out (so
that mentions in training look like those the lexicon does not know): dev
unseen-mention recall 0.682 -> 0.700-0.706, but on four held-out fifths of
train strict F1 -0.006 to +0.002 and lenient -0.005 to +0.001 with unseen
recall -0.002 to +0.023; and features pairing the word outside each edge of a
candidate with the word inside it: dev strict F1 0.720 -> 0.732, but on the
four fifths of train unseen-mention recall fell by 0.004 to 0.024 (mean 0.017)
for a strict gain of 0.008 on average: memorised edges.
Model 0.4.14 extends the negation rules again from train's false negatives
(the classifiers are unchanged): doses inside a list of remedies ("ibuprofen
400 mg and a course of prednisolone without relief"); a contrast whose clause
refers back to the remedy after a few words ("but sadly after six weeks it
did nothing"); a next sentence that opens "Nothing changed" for the remedies
of a sentence with no verdict of its own; a cue that opens with "nothing",
"none" or "neither" judging all before it in its clause; lay verdicts ("does
sod all", "barely registers", "hasn't got me anywhere", "haven't shifted it",
"made no odds", "not worth the money") and "declined by pt", "no longer
advised", "don't prevent". On the gold mentions of train the rules' negation
F1 rose 0.854 -> 0.872 (recall 0.793 -> 0.825, precision 0.924 -> 0.923); on
dev it stayed 0.940. On the test split, read once for this release, negation
F1 on matched mentions rose 0.804 -> 0.812 for the default model (clinical
0.887 -> 0.909, article 0.769 -> 0.750, forum and complaint unchanged) and
0.780 -> 0.788 for `en_spasmtext_ner`; nothing else moved (the classifiers and
the recognizer came out byte for byte as before). Tried and dropped on train:
"stop", "skip" and "talked me out of" as forward cues (their scope ran on
over "and": as many new false positives as mentions found), "and has", "and
was", "and I" as clause breaks (no gain).
Model 0.4.15 changes the experiencer rules only: a clinician's letter or
report ("I saw Mr ...", "thank you for referring", "grateful if you could
see", "occupational health report") is read as a clinical note, so its "he"
and "she" are the patient whoever writes "I" (they were read as someone
else's in a first-person text). On the gold mentions of train the rules'
experiencer `other` F1 rose 0.807 -> 0.832 (precision 0.777 -> 0.826, recall
unchanged), on dev it stayed 0.866. Salutations and sign-offs ("Dear Dr",
"Yours sincerely") were left out: patients write letters to doctors too. On
the test split, read once for this release, nothing moved (experiencer
`other` F1 0.876 and 0.872, patient accuracy 0.990 for both models).
Model 0.4.16 changes the topic rule only, from the real notes of
`../shared/data/mtsamples-partial.csv`: a finding the note denies ("Denies
back pain", "No paraspinal spasm.", "She denied any headache, ..., neck
stiffness") no longer makes its sentence speak of the complaint ("I had no
back pain until I started running", "without back pain" and "no change in
his back pain" still do), and a tumour stage ("T2, NX, MX") or "C02" is no
vertebral level. With 0.4.15's classifier the notes went from 77 mentions
to 61 (the 16 dropped all false: a neurology history's "chills" and "head
trauma", a urology plan's "genital warts", a bladder cancer's "radiation
therapy"); on train and dev three false mentions went and no gold mention
lost its candidate; dev, with a classifier fitted on train alone: 0.720 /
0.827 / 0.682 -> 0.721 / 0.827 / 0.684 (strict, lenient, unseen recall).
The classifiers, refitted on the few train and dev documents whose features
changed, give the notes 64 mentions in 11 notes (three new false ones, such
as "hematochezia"; en_spasmtext_ner 64 in 12) and their five-sentence pieces
205 (215 before; en_spasmtext_ner 171). On the test split, read once for
this release, the figures moved within noise: default strict / lenient F1
0.680 / 0.785 -> 0.680 / 0.784, unseen recall 0.630 -> 0.625, calibration
error 0.034 -> 0.024, negation F1 0.812 -> 0.810, experiencer `other` F1
0.876 -> 0.881, the different-voice subset 0.723 -> 0.711 lenient;
en_spasmtext_ner 0.717 / 0.815 -> 0.718 / 0.815, unseen recall 0.664 ->
0.666, the different-voice subset 0.741 -> 0.747.
Model 0.4.17 cuts a kept REMEDY that is "no" or "avoid" before a remedy of
the lexicon ("No opioids", "Avoid bed rest") to the remedy, which the
context rules then read as advised against (ANNOTATION.md: "should not be
done"); an avoidance that is a remedy of its own ("Avoid heavy lifting",
"No lifting over 10 lbs": lifting is a cause in the lexicon) keeps its word.
In train every one of the 10 gold remedies of the lexicon right after "no"
or "avoid" is such a negated mention without the word, and no gold mention
is "no" or "avoid" before a lexicon remedy with the REMEDY label. The
lexicon gains "opioids", "opioid", "opiates" and "narcotics" (dev's errors
held "No opioids"). Dev, classifier fitted on train alone: strict / lenient
F1 and unseen recall 0.721 / 0.827 / 0.684 -> 0.726 / 0.827 / 0.682,
negation F1 on matched mentions 0.919 -> 0.939 (the rule alone, without the
new words, changed nothing on dev). Tried and left out: 17 more words that
no gold mention ends with ("never", "not", "anymore", "though", ...) as words
no candidate ends with: dev 0.721 / 0.826 / 0.682, no gain. On the test
split, read once for this release: default strict / lenient F1 0.680 /
0.784 -> 0.683 / 0.785, category accuracy 0.909 ->
0.911, unseen recall and negation F1 unchanged (0.625, 0.810);
en_spasmtext_ner 0.718 / 0.815 -> 0.720 / 0.816, unseen recall 0.666 ->
0.668, negation F1 unchanged (0.788). The MTSamples notes: 64 mentions in
11 notes (en_spasmtext_ner 63), their pieces 206 (178).
Model 0.4.18 adds corpus 1.6 (51 documents written with negation in words
the cue lists lacked, 198 mentions, 44 negated; see corpus/README.md, with
the frozen 0.4.17's figures on them: lenient F1 0.725, negation F1 0.72) and
changes the negation rules after reading its errors on the documents that
went to train and dev: a "but" clause that is the verdict alone ("was
pleasant but no lasting change", not "Ice helped but no relief from heat"),
a forward cue inside brackets stops at them ("pregabalin (dizziness,
stopped), facet joint injections"), a mention opening a clause after ", and"
reaches a late verdict as a sentence's subject does; "isn't" and "wasn't"
reach to the next comma as "not" does, "failed" judges remedies only (not the
stenosis of "stenosis, failed 1 year of conservative management"); new cues
"ceased", "discontinued", "hopeless", "should not be used", "don't
recommend", "skip", "never did anything", "does not cause", "nil", "no
sustained improvement", "got (precisely) nowhere"; and "minimal relief" or
"little benefit" no longer negate (partial relief is not negation, as every
such gold mention says). The rules on the gold mentions: train negation F1
0.866 -> 0.880, dev 0.913 -> 0.936 (24 mentions fixed, 3 lost); tried and
dropped, each a net loss on train and dev: "rather than" and "instead of"
before a remedy, "stop", "blamed on". Dev, classifier
fitted on train alone, on the 262 documents of corpus 1.5's dev split:
strict / lenient F1 0.726 / 0.827 -> 0.729 / 0.830, negation F1 0.939 ->
0.944; on the whole new dev split (270 documents) 0.721 / 0.823, unseen
recall 0.686, negation F1 0.942. Measured and left out: the topic rule
drops every candidate of a text of four or more sentences none of which
names the complaint; in train and dev that empties 39 texts that speak of
back pain without the word (a heat article, a forum reply, "Nil trauma.
Sleeps on a soft mattress"; 142 gold mentions) and 46 texts with no
mention. Without the rule dev went 0.726 / 0.827 -> 0.727 / 0.831 (corpus
1.5), but the rule is what keeps the real notes' pieces clean, and no
narrower rule separated the two kinds: a pain word with no other body part
before it recovered 9 of corpus 1.5's 33 such texts and opened 49 of the
MTSamples pieces; the absence of any word for another body part or organ
marks 26 of the 39 texts, but also 19 of the 46 and 388 of the pieces.
On the test split, read once for this release, which now holds 330
documents (corpus 1.6 sent 8 of its new ones there, unread): default strict
/ lenient F1 0.681 / 0.787, unseen recall 0.638, negation F1 0.807
(complaint 0.61, forum 0.68, article 0.79, clinical 0.91), calibration
error 0.030; on the 322 documents of before, against 0.4.17: 0.683 / 0.785
-> 0.682 / 0.787, unseen recall 0.624 -> 0.635, negation F1 0.810 -> 0.814.
en_spasmtext_ner: 0.708 / 0.815, unseen recall 0.690, negation F1 0.802; on
the 322 of before 0.720 / 0.816 -> 0.711 / 0.815, unseen recall 0.667 ->
0.688, negation F1 0.788 -> 0.804. The MTSamples notes: 60 mentions in 10
notes (en_spasmtext_ner 68 in 13, up from 63), their pieces 208 (199, up from
178).
Model 0.4.19 changes the context rules only, from four sets of probe
sentences written from general phrasing, not from the corpus: verdicts of
failure ("never worked", "to no avail", "unsuccessful", "overrated",
"couldn't tolerate", "refractory to", "contraindicated", "weaned off", "is
not an option", "didn't do a single thing"), a cue list for causes the text
says do not worsen the pain or are not the reason ("sitting doesn't bother
it", "stress is not a factor"), and "my friend" no longer puts the writer in
the clause ("My friend said yoga fixed his back": the friend's). The rules
on the gold mentions: negation F1 train 0.880 -> 0.884, dev 0.936 -> 0.940;
experiencer `other` F1 train 0.825 -> 0.828, dev 0.866 -> 0.884. Each probe
set, written after the fixes for the set before it, scored the same on the
old and the new rules (43 of 57, 27 of 35): lay phrasing is a long tail that
cue lists follow and do not lead, so expect little change on new text. Dev,
classifier fitted on train alone: strict / lenient F1 and unseen recall
unchanged (0.721 / 0.823 / 0.686), negation F1 0.942, experiencer `other`
F1 0.887 -> 0.898. On the test split, read once for this release: mentions
unchanged (default 0.681 / 0.787, unseen recall 0.638; en_spasmtext_ner
0.708 / 0.815, 0.690), negation F1 0.807 -> 0.824 (complaint 0.61 -> 0.67,
forum 0.68 -> 0.71, clinical 0.91 -> 0.92, article 0.79), en_spasmtext_ner
0.802 -> 0.819; experiencer `other` F1 unchanged (0.876, 0.882). The
MTSamples notes: 60 mentions in 10 notes, their pieces 208, as 0.4.18.
Model 0.4.20 adds corpus 1.7 (35 documents written after 0.4.19 was frozen,
127 mentions; see corpus/README.md, with the frozen 0.4.19's figures on them)
and one experiencer rule: in a first-person text, "him" or "her" as the
object of a remedy's verdict says whose the remedy is ("The rollator has
helped him", "Tramadol made her confused"; not "their", and not for causes).
The rules on the gold mentions of train: experiencer `other` F1 0.828 ->
0.832, dev unchanged. Measured and left out: "after" as a terminator (train
negation +2 mentions, experiencer -1, and a "but sadly after six weeks it did
nothing" trap broken). Dev, classifier fitted on train alone, on the 276
documents of corpus 1.7's dev split: strict / lenient F1 0.718 / 0.824,
unseen recall 0.684, negation F1 0.939, experiencer `other` F1 0.889. On the
test split, read once for this release, now 336 documents (corpus 1.7 sent
6 of its new ones there, unread): default 0.678 / 0.787, unseen recall
0.636, negation F1 0.826, experiencer `other` F1 0.891, calibration error
0.033; on the 330 documents of before, against 0.4.19: 0.681 / 0.787 ->
0.677 / 0.785, unseen recall 0.638 -> 0.635, negation F1 0.824 -> 0.820,
`other` F1 0.876 -> 0.881. en_spasmtext_ner: 0.707 / 0.815, unseen recall
0.667, negation F1 0.824, `other` F1 0.869; on the 330 of before 0.708 /
0.815 -> 0.705 / 0.815, unseen recall 0.690 -> 0.670, `other` F1 0.882 ->
0.857: with 23 more training documents the retrained recognizer finds
other unseen mentions, fewer of them (retraining variance of this size was
seen before, 0.4.18's rose by 0.02). The MTSamples notes: 62 mentions in 11
notes (en_spasmtext_ner 59 in 13), their pieces 213 (173).
Model 0.4.21 takes back two of 0.4.19's cues that a review found to negate
remedies in clinical text: "no evidence" after a remedy ("S/p fusion L4-5
with no evidence of hardware failure" negated the fusion) and "done with"
before one ("Done with physical therapy last month" is a course completed,
not a failure). Neither changed a gold mention of train or dev, nor a
figure of the test split (read once for this release; the same as 0.4.20's),
nor the classifiers and recognizer, which are byte for byte 0.4.20's.
Model 0.4.22 reads typographic forms as the plain characters its lexicon and
rules are written with, one for one so that no offset moves (curly
apostrophes and quotes, en and em dashes, tabs, no-break and other spaces):
training, evaluation and the recognizer now make their docs as `extract`
does. A check on the dev split with one character class swapped in every
text had found strict F1 0.86 -> 0.30 with a no-break space for every space
and 60 mentions changed by curly apostrophes; after, all such variants give
the dev split's mentions exactly. The corpus holds one such character, an
em dash in a test document, so train and dev read as before. The rules add
"refused", "refusing" and "declining" beside "refuses", "declined" and
"declines" (no gold mention of train or dev changes). The classifiers and
the recognizer are byte for byte 0.4.21's. On the test split (read once for
this release) the em-dash document reads differently: default strict F1
0.678 -> 0.678 (one exact mention fewer, 863 -> 862; lenient, negation and
experiencer figures unchanged), en_spasmtext_ner 0.707 / 0.815 -> 0.707 /
0.815 (one REMEDY fewer in that complaint: 1035 -> 1034 matched, unseen
recall 0.667 -> 0.665).
Model 0.4.23 reads "n't" written without its apostrophe ("didnt", "wasnt",
"cant": spaCy splits off "nt") as it reads "n't": every cue with "n't" has
its bare form, the classifier's word features read "nt" as "n't", and no
candidate starts or ends inside a word ("ca|nt lift"). A check on the dev
split with every "n't" written "nt" had found 9 negations lost and one
mention cut mid-word ("n't lift"); on train 59 and 4; after, both splits
give their mentions and attributes exactly. A possessive written without its
apostrophe, or a plural ("my wifes physio", "my husbands back", "my friends
said"), now says whose a mention is as "my wife's" and "my friend" do: with
every apostrophe inside a word dropped, 20 of the dev split's 61 `other`
mentions had turned `patient` (train 21 of 233); after, 1 (train 4), and
mentions still change in 11 dev texts where "wife's massage" becomes one
word. Train holds five bare contractions, so the classifiers were fitted
again: dev (classifier fitted on train) 0.718 / 0.825 strict / lenient F1,
unseen recall 0.688 (0.4.22: 0.718 / 0.824 / 0.684). Test split (read once
for this release), default model: strict 0.678 -> 0.680, lenient 0.787 ->
0.787, unseen recall 0.636 -> 0.636, negation F1 0.826 -> 0.828,
experiencer other F1 0.891 -> 0.885, calibration error 0.033 -> 0.028;
en_spasmtext_ner (recognizer trained again too): strict 0.707 -> 0.711,
lenient 0.815 -> 0.817, unseen recall 0.665 -> 0.662, negation F1 0.824 ->
0.830, experiencer other F1 0.869 -> 0.855. The corpus is
written with apostrophes, so its figures move by retraining's noise only.
Model 0.4.24 reads text in capitals as in lower case. Its tokenizer splits
contractions in capitals as spaCy splits their lower-case forms ("DIDN'T" as
"DID" + "N'T"; spaCy left it one word, hiding the cue), and the classifier
reads a candidate in a sentence of four or more upper-case words and no
lower-case one as lower case, not as an abbreviation. A check on the dev
split in capitals had found 132 of 276 texts changing their mentions
(strict F1 0.857 -> 0.777, 32 negations changed). The corpus holds such
sentences only as note titles and headers (27 in 25 documents, such as
"HISTORY OF PRESENT ILLNESS:"). The tokenizer also splits sentence punctuation
typed without a space ("it hurt!ice helped", "ibuprofen;heat", "tried
PT.Didnt help"; spaCy split "." only between a lower-case and a capital
letter), and a symbol outside ASCII with neither letter nor digit (an
emoji, a star) reads as punctuation: "😫 PT" had been a REMEDY, and "Nothing
worked. 😫" no verdict of its own. With no
space after any punctuation mark, the dev split's strict F1 had fallen from
0.857 to 0.824, with an emoji after every sentence to 0.822. The corpus
holds stars and pound signs in a few documents, so the classifiers were
fitted again (the recognizer of en_spasmtext_ner is byte for byte 0.4.23's:
no corpus text tokenizes differently). The same release reads soft line
breaks of wrapped text, HTML character references, invisible characters and
two spaces between words (code only; no corpus text holds one). `python benchmarks/variants.py` gives
these checks; on the dev split with 0.4.24: capitals 0.853, no space after
punctuation 0.846, an emoji after each sentence 0.852, wrapped at 72 columns
0.856 (as written 0.857; en_spasmtext_ner: capitals 0.887, as written
0.944). Dev (classifier fitted on train): 0.719 / 0.825 strict / lenient
F1, unseen recall 0.686 (0.4.23: 0.718 / 0.825 / 0.688); en_spasmtext_ner
0.749 / 0.841 / 0.701 (0.749 / 0.840 / 0.699). Test split (read once for
this release), default model: strict 0.680 -> 0.680, lenient 0.787 ->
0.788, unseen recall 0.636 -> 0.636, negation F1 0.828 -> 0.828,
experiencer other F1 0.885 -> 0.877, calibration error 0.028 -> 0.028;
en_spasmtext_ner: strict 0.711 -> 0.711, lenient 0.817 -> 0.817, unseen
recall 0.662 -> 0.664, negation F1 0.830 -> 0.829, experiencer other F1
0.855 -> 0.859, its article genre 0.803 -> 0.798 lenient. The test split
holds no wrapped text, reference or emoji, and in capitals only four note
titles: its figures move by retraining's noise.
Model 0.4.25 reads more of the ways lay writers say a remedy failed, in
their grammatical variants rather than as fixed phrases ("doesn't even take
the edge off", "didn't make a lick of difference", "not even a little
relief", "wasn't strong enough", "a total bust", "was a joke", "no dice",
"I'm no better", "not so much", "they don't anymore"); a verdict after a
coordinated subject reaches every item ("heat and ice have been
ineffective"); a negation's scope ends at "until" and at "since" ("hasn't
been the same since the fall": the fall happened; an experiencer cue still
reaches over "since"); a negated "skip", "miss" or "forget" ("I never skip
my core exercises") and "no one" are no cue. None of this changes a reading
of a train or dev gold mention (the rules' negation F1 on gold mentions:
train 0.886, dev 0.938, as before): the corpus does not hold these
phrasings. The recognizer of en_spasmtext_ner reads a sentence written in
capitals in lower case (a copy of the doc with the same tokens, its
entities copied back), as the classifier already did; on the dev split in
capitals its strict F1 had been 0.887 (as written 0.944); with 0.4.25, 0.918
(as written 0.928, in lower case 0.918). The rules were also checked on lay
sentences written for the purpose, outside the corpus: a first set, from
which the new patterns were written, went from 44 to 56 right of 56 mentions
found; a second, written before any change and read after, from 24 to 28 of
37 (its misses gave a few more cues); a third, written after them, scored 22
of 30 on the old rules and on the new, and its two false negations after
"since" led to that rule (24 of 30). The default model's classifier is byte
for byte 0.4.24's (only the context rules changed); its dev figures are
0.4.24's: 0.719 / 0.825 strict / lenient F1, unseen recall 0.686. The
recognizer of en_spasmtext_ner is byte for byte 0.4.24's; its classifier,
fitted on out-of-fold entities that now read capitals in lower case (the
corpus's 27 note titles and headers), changed little, but dev chose another
setting within its tolerance (C 0.5 and threshold 0.10 for 1.0 and 0.15):
dev 0.745 / 0.840 / unseen recall 0.744 (0.4.24: 0.749 / 0.841 / 0.701).
Test split (read once for this release), default model: strict 0.680 ->
0.680, lenient 0.788 -> 0.788, unseen recall 0.636 -> 0.636, negation F1
0.828 -> 0.833 (forum 0.74 -> 0.78, article 0.75 -> 0.74, complaint 0.72 ->
0.72, clinical 0.92 -> 0.92), experiencer other F1 0.877 -> 0.877;
en_spasmtext_ner: strict 0.711 -> 0.697, lenient 0.817 -> 0.808, unseen
recall 0.664 -> 0.711, negation F1 0.829 -> 0.832, calibration error 0.017
-> 0.030, genres 0.798-0.836 -> 0.791-0.835 (forum 0.818 -> 0.799): the
lower threshold trades precision for recall, as dev said it would.
Model 0.4.26 stops reading two kinds of lay praise as negation: a doubt the
writer takes back ("I never thought yoga would help but it did", "didn't
expect the heating pad to help, but it worked wonders") and a double
negative ("can't recommend physio enough", "can't live without my heating
pad", "no substitute for core work", "don't regret the surgery", "no worse
after the chiropractor"); it reads "didn't do my back any favours", "money
down the drain" and "pt declined" as verdicts ("pain declined" is none), and
a cue that closes a sentence with its period ("didn't.") also closes one
without it, at the end of the text or of a line ("Tried ibuprofen, it
didn't"). One reading of a train or dev gold mention changes ("Can't
recommend seeing a physio enough", train, now right): the rules' negation F1
on gold mentions is train 0.886 -> 0.887, dev 0.938. On lay sentences
written outside the corpus: a set from whose errors these rules were
written, 7 -> 15 right of 15 mentions found; a second set, written before
the change and then used for it, 26 -> 34 of 36; a third, written after
the change and read once, 19 -> 21 of 25 (of its four misses, three are
new wording of the same kinds: "was sure it would be useless but honestly
it helped", "couldn't get through a shift without"). Both models'
classifiers, and the recognizer of en_spasmtext_ner, are byte for byte
0.4.25's (only the context rules changed), and so are their dev figures.
Test split (read once for this release): every figure as with 0.4.25 for
both models (default negation F1 0.833, en_spasmtext_ner 0.832), as on
dev: the corpus holds few of these phrasings.
Model 0.4.27 reads a verdict that heads a list as negating the remedies
after its colon ("Things that did nothing for my back: the TENS unit, a
heat belt and acupuncture", "Didn't work for me: chiropractor, massage"),
unless a mention or a noun before the verdict is what it judges ("Heat did
nothing: I switched to ice", "Crash diets are not recommended: ...") or the
list is of what made the pain worse; a list cue inside a condition negates
nothing ("If physio doesn't help: surgery, ..."); a remedy that "used to
work, not anymore" failed; "was sure the brace would be useless but it
helped" and "couldn't get through a shift without my brace" are praise.
The rules' negation F1 on gold mentions: train 0.887 -> 0.888 (one cause
after "Not recommended:" no longer negated), dev 0.938. Candidates no
longer start with a contraction piece ("ca|n't"), a free-standing dash or
a word that opens a clause about a mention ("sure", "think", "tried",
"reports", "denies": no gold mention of train or dev starts with one):
4% fewer candidates (69,619 -> 66,815 on train and dev), and both models'
classifiers were fitted again (the recognizer of en_spasmtext_ner is byte
for byte 0.4.26's). Dev, classifiers fitted on train alone: default 0.719 /
0.825 strict / lenient F1, unseen recall 0.686 -> 0.690; en_spasmtext_ner
0.745 / 0.840 / 0.744 -> 0.745 / 0.838 / 0.748. On lay sentences written
outside the corpus before these changes and read once after them, 33 of
40 mentions get the right negation, against 30 with 0.4.26's rules and
code (its misses: two list headings in other words, "Things that were
useless for my sciatica:", "Wasted my money on:"; "a total gimmick",
"should not be a first choice", "stay away from", "exactly the same" after
six sessions; and "Not a day goes by that I don't stretch" read as
negated). Test split (read once for this release), default model: strict
0.680 -> 0.682, lenient 0.788 -> 0.788, unseen recall 0.636 -> 0.640,
negation F1 0.833 -> 0.848 (forum 0.78 -> 0.86, article 0.74 -> 0.74,
complaint 0.72 -> 0.72, clinical 0.92 -> 0.92), calibration error 0.028 ->
0.025; en_spasmtext_ner: strict 0.697 -> 0.697, lenient 0.808 -> 0.809,
unseen recall 0.711 -> 0.711, negation F1 0.832 -> 0.844 (forum 0.85,
article 0.75), experiencer other F1 0.863 -> 0.855. The rules-only
baseline's negation F1 went from 0.856 to 0.873 on the same change.
Model 0.4.28 reads a title that is a verdict ("What usually does not
help", "Five things that do not help a sore back. 1. ...", "Things I
wasted money on for my back") as negating the remedies that open the list
items below it (numbered, bulleted, or items of their own, "Paracetamol on
its own."), up to the next line that reads as a title ("What helps"); a
title opens its line, holds no mention, and is no list item itself ("6.
Imaging is not needed." is an item, not a title), and a short verdict on
what came before ("It didn't help" then "Yoga did though.") is none. The
rules were written from train's misses: negation F1 on gold mentions train
0.888 -> 0.896 (8 mentions right, none lost), dev 0.938 unchanged (dev
holds no such list). Both models' classifiers, and the recognizer of
en_spasmtext_ner, are byte for byte 0.4.27's (only the context rules
changed). Test split (read once for this release): every figure as with
0.4.27 for both models (negation F1 0.848 and 0.844, article 0.74 and
0.75): the test split holds no such list either.
Model 0.4.29 reads advice against and verdicts on evidence in an
article's words ("Back braces are discouraged", "Prolonged bed rest delays
recovery", "deep forward folds are best left out", "a poor substitute",
"unlikely to help", "has not been shown to work", "studies have not shown
a clear benefit", "be wary of", "there is no evidence that"), "Zero
improvement." as an answer to the sentence before, and "can't fault", "not
saying" and "don't let anyone tell you" as pseudo-cues; an order after the
comma that closes a condition ("If your back is sore, skip deep
backbends") is no longer read as part of the condition; a verdict that
heads a list may have a copula ("Things that were useless for my
sciatica:"); and a list cue with a mention before it in its sentence
("Ice was useless: heat helped") judges that mention only. Written from
train's misses (article negation F1 on gold mentions 0.804 -> 0.874) and
lay and article sentences written outside the corpus: negation F1 on gold
mentions train 0.896 -> 0.909 (15 mentions right, none lost), dev 0.938
unchanged. Cues that broke gold readings were left out: "rarely needed"
(the corpus reads it both ways), "little evidence that", "not been shown
to prevent" (uncertain statements are not negations). Both models'
classifiers, and the recognizer of en_spasmtext_ner, are byte for byte
0.4.28's; every dev figure is unchanged. Test split (read once for this
release): negation F1 0.848 -> 0.857 (article 0.73 -> 0.78, 18 -> 20 of
25 negated mentions found; forum 0.86, complaint 0.72, clinical 0.92
unchanged) and 0.844 -> 0.853 for en_spasmtext_ner (article 0.75 -> 0.80);
on the different-voice subset 0.917 -> 0.939 and 0.909 -> 0.933; the
rules-only baseline's 0.873 -> 0.883. Every other figure as with 0.4.28.
Model 0.4.30 reads a verdict that opens the next sentence with a word
referring back ("Bought a back brace last month. It's useless.", "Tried
yoga for my sciatica. It made no difference.", "They did nothing."): it
negates the remedy of the sentence before, the only one there for "it",
"this" or "that", unless that sentence praises, judges or hedges ("Heat
helps. It's the best.", "Muscle relaxants may ease a spasm. They are not
recommended for more than a week."); an answer may open with "For me,",
"Sadly," or "And" ("Does massage help sciatica? For me, no."); "rubbish"
and "barely took the edge off" are verdicts, "not useless" and "not a
waste" are not. On gold mentions train's negation F1 went from 0.909 to
0.911 and dev's stayed 0.938: the corpus holds few such lay pairs. On
26 lay sentences written outside the corpus after the change and before
it was measured, 11 of the 25 mentions found had the right negation with
0.4.29's code and rules, 19 with this one's (21 once "rubbish" and
"barely took the edge off", from its misses, were added). Both models'
classifiers, and the recognizer of en_spasmtext_ner, are byte for byte
0.4.29's. Test split (read once for this release): every figure as with
0.4.29, for both models (negation F1 0.857 and 0.853): the test split holds
none of the readings this release adds.

Model 0.4.31 adds a reranker (`spasmtext/rerank.py`): where candidates the
label model keeps overlap ("pinched nerve" and "pinched nerve at L5-S1",
"kidney stone" and "ruling out kidney stone"), a logistic regression picks
which one is the mention instead of the higher label probability. It reads
each competitor's probability, its gap to the best-scored one, its length,
origin and edge words, and the words it adds or drops on either side; it is
fitted on the groups of overlapping candidates kept in train documents by
classifiers fitted on the other folds (3,056 candidates of train, 1,203 of
them gold spans, for the dev figures; the shipped one, in the final fit, on
3,640 of train and dev, 1,452 gold), and the calibrator's out-of-fold
mentions are picked by rerankers fitted on the other folds too. On dev (classifier and reranker fitted on
train) strict / lenient F1 went from 0.719 / 0.825 to 0.728 / 0.827 and
unseen-mention recall from 0.690 to 0.695: 11 gold spans found exactly that
were not, 1 lost (sign test p = 0.006); of dev's 282 groups, 254 hold a gold
span and a gold one is kept in 202 (192 before). The re-ranker measured
for 0.4.9 (above) gained nothing on dev with the candidates and classifier
of then; this one ranks only groups of candidates kept above the threshold.
The dev calibration error of the calibrator fitted on train alone went from
0.044 to 0.053. Test split
(read once for this release), en_spasmtext: strict / lenient F1 0.682 /
0.788 -> 0.686 / 0.789 (exact spans 868 -> 873, boundary errors 136 ->
132), unseen-mention recall 0.640 -> 0.641, label accuracy 0.968 -> 0.969,
calibration error 0.025 -> 0.032; on the different-voice subset strict F1
0.586 -> 0.602; negation and experiencer figures as 0.4.30's. For
en_spasmtext_ner the reranker is level: dev 0.745 / 0.838 -> 0.749 / 0.837
(fitted on 3,332 candidates, 1,261 gold spans; 3,950 and 1,506 shipped), test 0.697 / 0.809 -> 0.696
/ 0.809 (exact spans 919 -> 918), different-voice lenient F1 0.746 -> 0.741;
it is fitted for both models alike, one code path, rather than chosen per
model on a dev difference within the selection tolerance (0.005). Both
models' label and category models, and the recognizer, are byte for byte
0.4.30's; the reranker and the calibrator are new. Measured on dev
(classifier fitted on train) and left out: letting candidates below the
threshold that overlap a kept one into the groups (strict F1 0.723 with those
above 0.10, 0.720 above 0.05, against 0.728); a threshold per label (without
the reranker no pair beat the shared 0.15 by more than 0.001); lexicon phrases extended by up to 6
words instead of 4 (candidate recall 0.897 -> 0.905, F1 0.729 / 0.827, level)
and chunks of up to 6 words instead of 5 (0.725 / 0.824). Of dev's 111
boundary errors left, 50 are groups where the reranker keeps another
candidate, 33 gold spans scored below the threshold and 28 spans no rule
proposes; the corpus draws some of these spans both ways (a spinal level
after a finding is inside the span 5 times in train and dev, outside 10).

Model 0.4.32 reads lexicon phrases with another article or possessive, or
none ("pillow between my knees", "sitting at my desk", "pillow between knees"
for the lexicon's "pillow between your knees" and "sitting at a desk"), and
proposes a position joined by "with" to the positioning phrase that props it
as one candidate ("sleep on your side with a pillow between the knees",
origin `pos_join`), which the brief names as one remedy and most of the
corpus annotates as one; corpus 1.8 makes the four train documents that split
it (or left one half out) agree. Before, "Sleep on your side with a pillow
between the knees." gave no mention at all. Dev (classifier fitted on train,
corpus 1.7, same setting): strict / lenient F1 0.728 / 0.827 -> 0.724 /
0.826; with corpus 1.8 0.727 / 0.826, unseen-mention recall 0.695 -> 0.697:
level. On 18 texts written for this change before it was made (21 spans
whose possessive or article differs from the lexicon's, or that join a
position and a pillow) strict 8 -> 13, lenient 14 -> 18 of 21. Test split
(read once for this release), en_spasmtext: strict / lenient F1 0.686 /
0.789 -> 0.689 / 0.792, unseen-mention recall 0.641 (the same), category
accuracy 0.911 -> 0.915, calibration error 0.032 -> 0.023, lenient F1 by
genre 0.776-0.822, different-voice subset lenient 0.718 -> 0.723; negation,
experiencer and sections as 0.4.31's. en_spasmtext_ner, for which dev chose
the threshold 0.15 instead of 0.10 (dev 0.749 / 0.837 / 0.748 -> 0.753 /
0.847 / 0.725): test 0.696 / 0.809 -> 0.709 / 0.817, unseen-mention recall
0.711 -> 0.680 (the higher threshold keeps fewer new phrasings), calibration
error 0.032 -> 0.015, different-voice lenient 0.741 -> 0.761. Both models'
recognizer, classifiers, reranker and calibrator are fitted again (corpus
1.8, new candidates); no other setting changed.

Model 0.4.33 changes the experiencer rules only (extraction is that of
0.4.32): a person who has the complaint, named as the subject of the
sentence about it, owns the mentions after it that have no cue of their own,
as "my wife's sciatica" already did. "My husband has had sciatica since
March. The GP said it was a slipped disc. He is on naproxen now" read the
slipped disc as the writer's; "Dad (78) has had back pain since a fall" did
not say whose either. The subject counts in a first-person text (as "his"
and "her" do), or in any text when it is a family name written as a name
("Grandad has lower back pain again"); not "a kid" ("I had surgery as a
kid and the back pain is back") nor "patient". Rules on the gold mentions:
experiencer `other` F1 train 0.837 -> 0.844, dev 0.877 -> 0.886, `patient`
accuracy train 0.992 -> 0.992, dev 0.991 (the same); negation unchanged. On
10 texts written after the first form of the change (15 mentions found),
10 -> 12 right with it, 14 with the family names, which one of those texts
("Grandad has lower back pain again") suggested: not a held-out count. Test
split (read once for this release): experiencer `other` F1 0.877 -> 0.857,
`patient` accuracy 0.990 -> 0.987 (en_spasmtext_ner: 0.880 -> 0.863, 0.989
-> 0.986); the test split did not follow train and dev, and the change is
kept because the choice is made on them, not on a test reading. Every other
figure is 0.4.32's: both models' recognizer, classifiers, reranker and
calibrator are byte for byte 0.4.32's.

Model 0.4.34 changes the negation and experiencer rules only (extraction is
that of 0.4.33). Negation: a clause after "but" that opens with a verb and no
subject of its own goes on about the mention before it ("Heat patches are
comfy but make no difference", "... was fun at first but was no use"); "did
nothing but <verb>" is a verdict, although "nothing but" alone is a
pseudo-negation ("nothing but good"): a pseudo-negation inside a longer cue
gives way to it, as NegEx takes the longest trigger; new cues say a remedy
left things as they were or worse ("exactly the same", "no better
afterwards", "does more harm than good", "too risky") or clear a cause
("Sitting itself does not damage your spine", "Running doesn't wear out the
spine", "is not the enemy"). Experiencer: in a first-person text, "he" or
"she" as the subject of a sentence about the complaint owns the mentions after
it ("My dad is 80. He has a bad back. Ibuprofen does nothing for it": both
read as the patient's before), unless a verb of saying follows ("He thinks
the pain is a pulled muscle"); "told me" marks a speaker, not the
experiencer ("She told me that ice is better"). Rules on the gold mentions:
negation F1 train 0.911 -> 0.913, dev 0.938 -> 0.953 (the dev cases were among
the errors read to write the rules, so the dev gain is not held out);
experiencer unchanged on train and dev. Sentences written before the changes
(probe sets, not in the corpus): 20 on "but" clauses and "did nothing but",
13 -> 18 right of 19 found; 24 earlier article and lay sentences, 16 -> 18 of
21; 10 on pronoun owners, 9 -> 12 of 12 found. No reading changes on the
MTSamples notes or their three-sentence pieces (937 mentions). Dev (matched
mentions, classifier fitted on train): negation F1 0.939 -> 0.952 (article
0.897 -> 0.968, forum 0.850 -> 0.878), experiencer unchanged. Test split
(read once for this release): every figure is 0.4.33's, negation F1 0.857
(en_spasmtext_ner 0.852), experiencer `other` F1 0.857 (0.863), `patient`
accuracy 0.987 (0.986): no test text holds the new phrasings where they
change a reading. Both models' recognizer, classifiers, reranker and
calibrator are byte for byte 0.4.33's.

Model 0.4.35 is trained on corpus 1.9: 42 documents written after models
0.4.34 were frozen, in voices the corpus had few of, with negation in words of
their own (`corpus/src/fresh_6.txt`; 189 mentions, 46 negated; 29 went to
train, 7 to dev and 6 to test by the split rule). Before they were added, the
frozen 0.4.34 scored lenient F1 0.729, strict 0.627, unseen-mention recall
0.506 and negation F1 0.806 on the first 40 of them (en_spasmtext_ner 0.775,
0.650, 0.539 and 0.818; corpus/README.md, "Version 1.9"). One cue from their
train and dev errors: the clinical "neg for" ("MRI neg for stress reaction"),
as "negative for" (rules' negation F1 on the gold mentions of train 0.908 ->
0.909, dev 0.951, the same). The recognizer of en_spasmtext_ner now trains and
reads with numpy's OpenBLAS rather than thinc's BLIS (spasmtext 0.4.35; in
training, all but the small output layer that spaCy makes once the labels are
set). Both models' recognizer, classifiers,
reranker and calibrator are fitted again; the settings are chosen on dev as
before (the default model now takes `C=1.0`, 0.4.34 `0.5`; threshold 0.15 for
both). Dev (grown by 7 of the new texts, classifier fitted on train): strict /
lenient F1 0.727 / 0.826 -> 0.715 / 0.816, unseen-mention recall 0.697 ->
0.665, negation F1 0.952 -> 0.946 (en_spasmtext_ner 0.749 / 0.841 / 0.709).
Test split (read once for this release; 342 documents, 6 of them new): en_spasmtext
strict / lenient F1 0.685 / 0.787, unseen-mention recall 0.633, negation F1
0.856, experiencer `other` F1 0.857, calibration error 0.037 (0.4.34 on its 336:
0.689 / 0.791, 0.641, 0.857, 0.857, 0.023; 0.4.35 on those same 336: 0.685 /
0.788, 0.635, 0.860); en_spasmtext_ner 0.713 / 0.813, 0.683, 0.851, 0.845,
0.020 (on the same 336: 0.713 / 0.815, 0.687, 0.855; 0.4.34: 0.709 / 0.817,
0.680, 0.852). The new texts moved no held-out figure beyond the 0.01 that a
retrain moves them by: 29 training documents (2%) are too few to teach the
new phrasings they hold.

Model 0.4.36 is trained on corpus 1.10: 45 documents written after models
0.4.35 were frozen (`corpus/src/fresh_7.txt`; 179 mentions, 25 negated, 9 with
experiencer `other`, 5 documents without mentions; 30 went to train, 7 to dev
and 8 to test by the split rule). Before they were added, the frozen 0.4.35
scored lenient F1 0.811, strict 0.639, unseen-mention recall 0.646 and negation
F1 0.884 on them as first written (en_spasmtext_ner 0.813, 0.637, 0.683 and
0.889; corpus/README.md, "Version 1.10"). From their train and dev errors: the
candidate stage's topic window counts only sentences with words (the white
space after a list item's full stop was a sentence of its own, so in a note
written as a list the window reached half as far: a discharge advice list lost
its last items); the topic rule hears "back belts" and "the back" after a verb
that makes it the body's ("can strain the back"); the context rules read
"without a break" and "won't take anything stronger than" as no negation, "no
need for" and "have not shown less pain" as negation, and "my bandmate",
"flatmate", "housemate", "classmate", "workmate", "colleague" as other people.
Measured with classifiers fitted on train alone (corpus 1.10's dev): the window
left dev F1 where it was (strict / lenient 0.7232 / 0.8225 -> 0.7225 / 0.8229 at
the same setting) and raised exact candidate recall on dev from 0.888 to 0.895;
the topic rule empties 8 dev texts with mentions instead of 10; the rules
changed two readings on the gold mentions of train and none on dev; none of
the three changed a mention in the MTSamples notes or their pieces. The
recognizer of en_spasmtext_ner now trains every layer with numpy's OpenBLAS,
the output layer too (0.4.35 trained that one on BLIS). Both models'
recognizer, classifiers, reranker and calibrator are fitted again; dev chose
`C=1.0` and threshold 0.15 for the default model (as 0.4.35) and `C=0.5`,
0.15 for en_spasmtext_ner. Dev (grown by 7 of the new texts, classifier fitted
on train): strict / lenient F1 0.723 / 0.827, unseen-mention recall 0.671,
negation F1 0.950 (en_spasmtext_ner 0.746 / 0.843 / 0.697 / 0.935). Test split
(read for this release only; 350 documents, 8 of them new; read by both of its
trainings, the first made with "activity" mislabelled in one train document,
which changed only category accuracy, by 0.001-0.002, and once by
mistake by a dev-only model with the topic rule off, whose figures were not
used): en_spasmtext
strict / lenient F1 0.686 / 0.793, unseen-mention recall 0.646, negation F1
0.856, experiencer `other` F1 0.857, calibration error 0.031 (on 0.4.35's 342
test documents: 0.688 / 0.793, 0.647, 0.855, against 0.4.35's 0.685 / 0.787,
0.633, 0.856); en_spasmtext_ner 0.716 / 0.823, 0.692, 0.855, 0.855, 0.029 (on
the same 342: 0.718 / 0.823, 0.691, 0.854, against 0.713 / 0.813, 0.683,
0.851). The different-voice subset: lenient F1 0.722 (0.4.35: 0.728),
calibration error 0.078 (0.118); en_spasmtext_ner 0.753 (0.749), 0.125
(0.115). Lenient F1 rose by 0.006 (default) and 0.010 (en_spasmtext_ner) on
the same test texts, about what a retrain moves it by.

Model 0.4.37 is trained on corpus 1.11: the 31 documents written after models
0.4.36 were frozen (`corpus/src/fresh_8.txt`, scored by the frozen 0.4.36
before they joined: corpus/README.md, "Version 1.11"), 55 documents aimed at the
categories weakest on dev (posture causes, positioning remedies, devices;
`corpus/src/gaps_16.txt`), and span conventions made one where the corpus
was split: a remedy's frequency and dose stay out of its span (145 of 174
had it so), the interval of a timed break stays in, "use" and its determiner
stay out (54 of 72), "<PT/physio> referral" keeps "referral" (9 of 15), a
spinal level stays with its operation, "gentle", "regular", "new", "too much"
stay in and "years of", "previous", "prior" out, each as most of the corpus
had it, and a cause's "all day" stays in, as ANNOTATION.md's "sitting at a
desk all day" has it (26 of 61 had it so; made one after a first training of
0.4.37 cut "walking all day", a README example, to "walking": the frequency
trim alone had taught a time phrase after "walking" as outside the span). With
the 8 additions below, 113 mentions changed or added in 103 of
corpus 1.10's documents, 12 of them test documents. Reading
a train-only model's dev false positives found 8 mentions the guidelines ask
for that dev's annotation had left out ("all day, bent over", a title's "weak
core"); they are added, all in dev, so dev precision gains from that reading
itself. The context rules end advice against that is a mention of its own
("avoid heavy lifting for 1 week, physio if not improving") at its comma,
read another person's remedy the writer used ("Tried my wife's diazepam") as
the writer's, and hear "I came off" a drug as a remedy given up (rules on the
gold mentions of train: negation F1 0.910 -> 0.913, experiencer `other` F1
0.850 -> 0.852; dev unchanged). A line break after a full stop now belongs to
the sentence it ends (no sentence is white space alone; dev and MTSamples
within noise). Before any of this, 32 more documents were written and scored
by the frozen 0.4.36 (`corpus/pending/fresh_9.txt`, outside the corpus until 1.12; no
error read): they are scored by 0.4.37 once, below, so that its changes are
measured on text that none of them was made on.
Both models' recognizer, classifiers, reranker and calibrator are fitted again;
dev chose `C=0.5` and threshold 0.15 for the default model (0.4.36: `C=1.0`)
and `C=1.0`, 0.15 for en_spasmtext_ner. Dev (grown by 13 new texts and changed
by the conventions, so not comparable with 0.4.36's; classifier fitted on
train): strict / lenient F1 0.736 / 0.829, unseen-mention recall 0.674,
negation F1 0.952 (en_spasmtext_ner 0.766 / 0.848 / 0.716 / 0.949). On the 32
pending documents (122 mentions, 42 unseen), 0.4.36 -> 0.4.37: strict F1
0.763 -> 0.775, lenient F1 0.822 -> 0.842, unseen-mention recall 0.643 ->
0.667, negation F1 0.919 -> 0.923, calibration error 0.065 -> 0.065
(en_spasmtext_ner 0.717 -> 0.764, 0.819 -> 0.850, 0.643 -> 0.667, negation F1
0.919 -> 0.889 on 20 negated mentions, 0.059 -> 0.070). Test split (363
documents, 13 of them new, 12 changed by the conventions): en_spasmtext strict
/ lenient F1 0.695 / 0.788, unseen-mention recall 0.645, negation F1 0.872,
experiencer `other` F1 0.873, calibration error 0.019 (on 0.4.36's 350 test
documents, as corpus 1.11 annotates them: 0.693 / 0.788, 0.643, 0.870, 0.870,
against 0.4.36's 0.686 / 0.793, 0.646, 0.856, 0.857 as corpus 1.10 annotated
them); en_spasmtext_ner 0.715 / 0.818, 0.674, 0.854, 0.840, 0.023 (on the
same 350: 0.713 / 0.817, 0.670, 0.855, 0.844, against 0.716 / 0.823, 0.692,
0.855, 0.855). The different-voice subset: lenient F1 0.711 (0.4.36: 0.722),
calibration error 0.078 (0.078); en_spasmtext_ner 0.749 (0.753), 0.089
(0.125). The test split was read by two trainings of this release: the first,
before the "all day" convention, gave en_spasmtext 0.696 / 0.791, 0.647,
0.872 and en_spasmtext_ner 0.718 / 0.819, 0.684, 0.863, and on the pending
documents 0.797 / 0.847 (en_spasmtext_ner 0.774 / 0.834); the second training
was made for the README example, not for those figures. On the test split the
changes moved the default model's strict F1 by +0.007 and negation F1 by
+0.014, and every other figure of both models by less than a retrain does;
on the pending documents, text none of the changes was made on, both models
gained 0.01-0.05 in strict and lenient F1 and unseen-mention recall, while
en_spasmtext_ner's negation F1 fell by 0.03 (20 negated mentions).

Model 0.4.38 is trained on corpus 1.12: the 32 documents written after models
0.4.36 were frozen (`corpus/src/fresh_9.txt`, scored by the frozen 0.4.36 and
0.4.37 before they joined: corpus/README.md, "Version 1.12"), 46 documents in
occupations and sports the corpus had not met, aimed at the activity
categories weakest on dev (`corpus/src/gaps_17.txt`), and the 1.11 decisions
applied where they had been missed (four mentions, one of them in a test
document, changed by the rule). Reading the frozen 0.4.37's errors on the 28
train and dev texts of `fresh_9` led to three changes. The topic rule, which
had dropped three of those forum texts whole, hears more ways of naming the
complaint ("kills the back", "my belayer's neck is wrecked", "anyone else's
back ruined", "Back's shot.", "feet and back"; not "the car's back seat",
"the patient's back was prepped" or "Back is nontender"): on corpus 1.12,
the train and dev documents with mentions that it empties went from 46 to 40
(167 to 149 mentions), those without mentions stayed at 61, and the MTSamples
counts did not move (0.4.37's classifier). The context rules end a
forward cue at a ", and" that closes no list item ("so I don't lean in as
far, and Pilates twice a week is keeping it under control"), read "D/c with"
and "D/c home on" as a discharge, and no longer negate a remedy stopped "as
no longer needed" (the 1.11 decision, which they had not followed): rules on
the gold mentions of train, negation F1 0.913 -> 0.918 (with the corpus
fixes); dev unchanged, 0.947. Before any of this, 32 more documents were
written and scored by the frozen 0.4.37 (`corpus/pending/fresh_10.txt`,
outside the corpus; no error read): its default model found them much harder
than `fresh_9` (lenient F1 0.704 against 0.842, CAUSE recall 0.400), so
0.4.38 is scored on them once, below.
Both models' recognizer, classifiers, reranker and calibrator are fitted again;
dev chose `C=0.5` and threshold 0.15 for the default model and `C=1.0`, 0.15
for en_spasmtext_ner, as for 0.4.37. Dev (grown by 10 texts, so not
comparable with 0.4.37's; classifier fitted on train): strict / lenient F1
0.731 / 0.832, unseen-mention recall 0.685, negation F1 0.953
(en_spasmtext_ner 0.754 / 0.842 / 0.701 / 0.939). On the 32 pending
documents (122 mentions, 48 unseen), 0.4.37 -> 0.4.38: strict F1 0.583 ->
0.599, lenient F1 0.704 -> 0.728, unseen-mention recall 0.429 -> 0.438,
negation F1 0.800 -> 0.815 (18 negated), calibration error 0.115 -> 0.088
(en_spasmtext_ner 0.664 -> 0.670, 0.771 -> 0.811, 0.490 -> 0.583, 0.846 ->
0.857, 0.102 -> 0.083): both gain, en_spasmtext_ner more, and both stay far
below the test split on these texts. Test split (373 documents, 10 of them
new, one changed by a decision): en_spasmtext strict / lenient F1 0.692 /
0.786, unseen-mention recall 0.631, negation F1 0.875, experiencer `other` F1
0.873, calibration error 0.017 (on 0.4.37's 363 test documents, as corpus
1.12 annotates them: 0.694 / 0.787, 0.635, 0.876, 0.873, against 0.4.37's
0.695 / 0.788, 0.645, 0.872, 0.873); en_spasmtext_ner 0.723 / 0.826, 0.681,
0.850, 0.846, 0.024 (on the same 363: 0.725 / 0.826, 0.684, 0.851, 0.846,
against 0.715 / 0.818, 0.674, 0.854, 0.840). The different-voice subset:
lenient F1 0.702 (0.4.37: 0.711), calibration error 0.075 (0.078);
en_spasmtext_ner 0.762 (0.749), 0.080 (0.089). On the test split the default
model moved by less than a retrain does (unseen-mention recall -0.010) and
en_spasmtext_ner gained 0.008-0.010 in strict and lenient F1 and unseen
recall, about what a retrain moves it by; on the pending documents, text
none of the changes was made on, both gained (default lenient +0.024,
en_spasmtext_ner +0.040).

Model 0.4.39 is trained on the same corpus 1.12 with a wider candidate stage.
Reading why a train-only model missed causes in 58 train texts of the two
newest batches, fitted without them, showed that 17 of its 22 missed causes
were verb-headed activities that no candidate held whole ("Lifting a toddler
out of a cot", "Carrying two cameras on a harness", "Dressing stone at a low
banker"). A lexicon phrase now extends right by up to 6 tokens (was 4), and a
clause-opening "-ing" word with the words after it in its segment (8 in all
at most) is a candidate (origin `gerund`). With train-only models fitted
without those 58 texts: dev strict / lenient F1 0.729 / 0.829 -> 0.734 /
0.834, CAUSE recall 0.766 -> 0.777, unseen-mention recall 0.686 -> 0.697; on
the 58 held-out texts 0.695 / 0.811 -> 0.703 / 0.822, CAUSE recall 0.682 ->
0.741, unseen-mention recall 0.619 -> 0.652; MTSamples mentions unchanged (67
in whole notes, 203 -> 201 in five-sentence pieces); 2.9% more candidates on
corpus texts. Nothing else changed. `corpus/pending/fresh_10.txt`, scored by
0.4.37 and 0.4.38, is scored by 0.4.39 once, below.
Dev chose `C=1.0`, threshold 0.15 for the default model (0.4.38: `C=0.5`) and
`C=0.5`, threshold 0.20 for en_spasmtext_ner (0.4.38: `C=1.0`, 0.15). Dev
(classifier fitted on train): strict / lenient F1 0.740 / 0.832,
unseen-mention recall 0.679, negation F1 0.949 (0.4.38: 0.731 / 0.832 / 0.685
/ 0.953); en_spasmtext_ner 0.756 / 0.840 / 0.668 / 0.937 (0.754 / 0.842 /
0.701 / 0.939). On the 32 pending documents, 0.4.38 -> 0.4.39: strict F1
0.599 -> 0.615, lenient F1 0.728 -> 0.751, CAUSE recall 0.425 -> 0.525,
unseen-mention recall 0.438 -> 0.479, negation F1 0.815 -> 0.857,
calibration error 0.088 -> 0.087 (en_spasmtext_ner 0.670 -> 0.682, 0.811 ->
0.818, unseen 0.583 -> 0.542, 0.857 -> 0.857, 0.083 -> 0.084). Test split
(373 documents, as for 0.4.38): en_spasmtext strict / lenient F1 0.690 /
0.790, unseen-mention recall 0.648, negation F1 0.876, experiencer `other`
F1 0.861, calibration error 0.024 (0.4.38: 0.692 / 0.786, 0.631, 0.875,
0.873, 0.017); en_spasmtext_ner 0.725 / 0.823, 0.648, 0.856, 0.852, 0.027
(0.723 / 0.826, 0.681, 0.850, 0.846, 0.024). The different-voice subset:
lenient F1 0.718 (0.702), calibration error 0.107 (0.075); en_spasmtext_ner
0.762 (0.762), 0.120 (0.080). For the default model the wider candidates
carry over to text none of the change was made on (pending lenient +0.023,
CAUSE recall +0.10) and move the test split by less than a retrain does
(unseen recall +0.017); en_spasmtext_ner's dev chose a higher threshold, and
its unseen-mention recall fell (test -0.033, pending -0.041) while strict F1
rose a little: the selection trades them within its tolerance.

Model 0.4.40 is trained on corpus 1.13 with the same code and context rules
that read more. Before any change, 33 more documents were written and scored
by the frozen 0.4.39 (`corpus/pending/fresh_11.txt`, outside the corpus; no
error read: lenient F1 0.781, strict 0.638, unseen-mention recall 0.462;
en_spasmtext_ner 0.788 / 0.695 / 0.538). Corpus 1.13 adds `fresh_10` (32
documents, errors read on its 27 train and dev texts only) and `gaps_18` (26
documents aimed at what that reading found, seven of them without a mention),
and fixes slips that reading found (two texts that never named the back, a
title and a "No trauma." line left out, seven categories made one with the
corpus's earlier readings). The context rules read a remedy that "does not
speed recovery" or "won't shorten" an episode, "packed it in", "hated it",
"is not a fix" as negated, "stopped my night cramps" as a remedy that worked,
"dismissed for years as" as a revised cause, and British and family names
("my mate", "my nan", "my other half") as other people (rules alone on gold
mentions: train negation F1 0.918 -> 0.919, experiencer `other` F1 0.861 ->
0.868; dev 0.939 -> 0.958, 0.855 -> 0.863, the dev gain partly from reading
dev's errors). Two candidate changes were tried with train-only models and
not kept, as dev did not gain: verb phrases after a subject ("he lifted a full
honey super"; strict / lenient F1 0.733 / 0.833 -> 0.731 / 0.832, CAUSE
lenient precision 0.812 -> 0.803) and trigger verbs of notes and reporting
words dropped from a candidate's start ("Provided ...", "States ...",
"ruling out ..."; 0.732 / 0.830).
Dev chose `C=0.5`, threshold 0.15 for the default model (0.4.39: `C=1.0`)
and `C=0.5`, threshold 0.10 for en_spasmtext_ner (0.4.39: 0.20). Dev (grown
by 11 texts, so not comparable with 0.4.39's; classifier fitted on train):
strict / lenient F1 0.733 / 0.833, unseen-mention recall 0.693, negation F1
0.958; en_spasmtext_ner 0.753 / 0.846 / 0.757 / 0.949. On the 33 pending
documents (149 mentions, 52 unseen), 0.4.39 -> 0.4.40: strict F1 0.638 ->
0.634, lenient F1 0.781 -> 0.796, CAUSE lenient recall 0.667 -> 0.688,
unseen-mention recall 0.462 -> 0.519, negation F1 0.914 -> 0.914 (21
negated), experiencer `other` F1 0.500 -> 0.600 (6 `other`), calibration
error 0.137 -> 0.137 (en_spasmtext_ner 0.695 -> 0.709, 0.788 -> 0.834, CAUSE
recall 0.646 -> 0.792, unseen 0.538 -> 0.692, 0.941 -> 0.944, 0.500 -> 0.444,
0.054 -> 0.073). Test split (383 documents, 10 of them new): en_spasmtext
strict / lenient F1 0.688 / 0.791, unseen-mention recall 0.656, negation F1
0.879, experiencer `other` F1 0.863, calibration error 0.030 (on 0.4.39's 373
test documents, unchanged in 1.13: 0.689 / 0.792, 0.655, 0.879, 0.867,
0.029, against 0.4.39's 0.690 / 0.790, 0.648, 0.876, 0.861, 0.024);
en_spasmtext_ner 0.712 / 0.819, 0.736, 0.854, 0.843, 0.019 (on the same 373:
0.716 / 0.820, 0.738, 0.853, 0.847, 0.020, against 0.725 / 0.823, 0.648,
0.856, 0.852, 0.027). The different-voice subset: lenient F1 0.702 (0.4.39:
0.718), calibration error 0.076 (0.107); en_spasmtext_ner 0.751 (0.762),
0.097 (0.120). The default model moved on the test split by less than a
retrain does and gained on the pending documents (lenient +0.015, unseen
+0.057); en_spasmtext_ner's dev chose a lower threshold, and its
unseen-mention recall rose (test +0.090, pending +0.154) for a little strict
F1 (test -0.009): the selection's trade the other way from 0.4.39's.

Model 0.4.41 is trained on corpus 1.14 with context rules that read more
verdicts. Before any change, 37 more documents were written and scored by the
frozen 0.4.40 (`corpus/pending/fresh_12.txt`, outside the corpus; no error
read: lenient F1 0.758, strict 0.634, unseen-mention recall 0.533, negation F1
0.800; en_spasmtext_ner 0.789 / 0.654 / 0.600 / 0.824). Corpus 1.14 adds
`fresh_11` (33 documents, errors read on its 29 train and dev texts only) and
fixes slips: 24 titles that name a cause or remedy as their subject,
annotated by the corpus's rule for titles (found from the consistency report,
5 of them in test), four remedies whose verdict ("have not been shown",
"haven't helped much") the corpus negates elsewhere, two causes drawn as
remedies, and fresh_11's own omissions. The context rules read a one-word
verdict answering the sentence before it ("False.", "False: ...", "You
don't.", "Not in my experience."), "not been shown", "helped my feet but not
my back", "rarely necessary", "withheld", "avoided due to", "changed nothing",
"zero difference" and "X-ray excluded fracture" as negation, and "not clear
whether" as uncertainty (rules alone on gold mentions: train negation F1
0.918 -> 0.927, dev 0.959 -> 0.956, one verdict reaching a later clause).
Tried with train-only models and not kept: a closing quote or bracket after a
full stop ending the sentence ('... is gone." False: ...'; dev strict /
lenient F1 0.736 / 0.835 -> 0.737 / 0.835, negation F1 0.955 -> 0.952,
calibration error 0.039 -> 0.052); and letting a candidate scored 0.9 or more
override the topic rule (on dev it would recover two of the nine emptied
texts with mentions, 13 of their 41 mentions, and on 300 off-topic MTSamples
notes it would let 17 notes through).
Dev chose `C=0.5`, threshold 0.15 for both models (0.4.40: the same for the
default, threshold 0.10 for en_spasmtext_ner). Dev (grown by 3 texts;
classifier fitted on train): strict / lenient F1 0.736 / 0.835,
unseen-mention recall 0.687, negation F1 0.955; en_spasmtext_ner 0.761 /
0.851 / 0.709 / 0.953. On the 37 pending documents (166 mentions, 75 unseen),
0.4.40 -> 0.4.41: strict F1 0.634 -> 0.630, lenient F1 0.758 -> 0.767, CAUSE
lenient recall 0.589 -> 0.607, unseen-mention recall 0.533 -> 0.533,
negation F1 0.800 -> 0.800 (20 negated matched; the article texts' quoted
myths are read by no cue), experiencer `other` F1 0.800 -> 0.800,
calibration error 0.071 -> 0.072 (en_spasmtext_ner 0.654 -> 0.669, 0.789 ->
0.805, unseen 0.600 -> 0.627, 0.824 -> 0.778, 0.800 -> 0.833, 0.062 ->
0.057). Test split (387 documents, 4 of them new, 5 with a title newly
annotated): en_spasmtext strict / lenient F1 0.690 / 0.795, unseen-mention
recall 0.643, negation F1 0.880, experiencer `other` F1 0.863, calibration
error 0.021 (on 0.4.40's 383 test documents, as annotated in 1.14: 0.692 /
0.796, 0.645, 0.880, 0.863, 0.019, against 0.4.40's 0.689 / 0.793, 0.655,
0.879, 0.863, 0.029); en_spasmtext_ner 0.722 / 0.818, 0.678, 0.886, 0.855,
0.011 (on the same 383: 0.723 / 0.818, 0.679, 0.886, 0.855, 0.011, against
0.714 / 0.821, 0.735, 0.854, 0.843, 0.019). The different-voice subset:
lenient F1 0.712 (0.4.40: 0.702), calibration error 0.087 (0.076);
en_spasmtext_ner 0.755 (0.751), 0.065 (0.097). The default model moved on
the test split and the pending documents by less than a retrain does;
en_spasmtext_ner's dev chose the higher threshold again, so its
unseen-mention recall fell back (test -0.056, pending +0.027) while strict F1
and negation F1 rose (test +0.009, +0.032): the selection's trade within its
tolerance, as in 0.4.39.

Model 0.4.42 is trained on corpus 1.15 with context and topic rules that read
a few more texts. Before any change, 40 more documents were written and
scored by the frozen 0.4.41 (`corpus/pending/fresh_13.txt`, outside the
corpus; no error read: lenient F1 0.840, strict 0.672, unseen-mention recall
0.703, negation F1 0.849; en_spasmtext_ner 0.882 / 0.740 / 0.730 / 0.857).
Corpus 1.15 adds `fresh_12` (37 documents, errors read on its 31 train and
dev texts only) and `gaps_19` (36 documents, most of them forum threads in
settings the corpus had little of, four without a mention), and applies two
of the corpus's span rules where they had been missed: care-seeking keeps its
verb ("[saw an orthopedist]", 8 spans) and a cause keeps its duration or the
shoulder a load is carried on ("[raking leaves all afternoon]", "[carrying a
heavy tote bag on one shoulder]", 6 spans); three fresh_12 texts that never
named the back now do. The context rules no longer let a complete verdict
reach the next item ("Tried ibuprofen without relief and heat with partial
relief"), read "I saw this 39-year-old ..." as a clinician's letter (its "he"
is the patient), and drop nine phrase cues that other cues already read (no
reading changes; the cue a user sees may: "made zero difference" is now read
by its token pattern, "avoided due to" by "avoided"). The topic rule takes
"Back flares up" and "Back playing up" as speaking of the complaint. Rules
alone on gold mentions: dev negation F1 0.952 -> 0.954, train experiencer
`other` F1 0.864 -> 0.867.
Dev chose `C=0.5`, threshold 0.15 for the default (as 0.4.41) and `C=1.0`,
threshold 0.10 for en_spasmtext_ner (0.4.41: `C=0.5`, 0.15): its rows at
0.10 and 0.15 differ by 0.0001 in strict plus lenient F1, so the higher dev
unseen-mention recall (0.755 against 0.705) decided, as the selection rule
says. Dev (grown by 11 texts; classifier fitted on train): strict / lenient
F1 0.743 / 0.835, unseen-mention recall 0.691, negation F1 0.960;
en_spasmtext_ner 0.761 / 0.855 / 0.755 / 0.944. On the 40 pending documents
(187 mentions, 74 unseen), 0.4.41 -> 0.4.42: strict F1 0.672 -> 0.681,
lenient F1 0.840 -> 0.834, unseen-mention recall 0.703 -> 0.676, negation F1
0.849 -> 0.849, experiencer `other` F1 0.667 -> 0.667, calibration error
0.095 -> 0.061 (en_spasmtext_ner 0.740 -> 0.707, 0.882 -> 0.850, 0.730 ->
0.730, 0.857 -> 0.824, 0.727 -> 0.667, 0.062 -> 0.058: the lower threshold
let more false positives through there). Test split (398 documents, 11 of
them new, 2 re-annotated by the span rules above): en_spasmtext strict /
lenient F1 0.689 / 0.793, unseen-mention recall 0.651, negation F1 0.886,
experiencer `other` F1 0.867, calibration error 0.027 (0.4.41 on the same
398 documents: 0.687 / 0.793, 0.646, 0.879, 0.865, 0.021); en_spasmtext_ner
0.717 / 0.819, 0.734, 0.871, 0.852, 0.011 (0.4.41: 0.718 / 0.816, 0.682,
0.885, 0.857, 0.014). The different-voice subset: lenient F1 0.709 (0.4.41:
0.712), calibration error 0.111 (0.087); en_spasmtext_ner 0.770 (0.755),
0.066 (0.065). The default moved by less than a retrain does everywhere; 51
more training documents (3% of train) are worth about 0.002 F1 on the
learning curve, below what one test split can show. en_spasmtext_ner traded as its threshold
says: unseen-mention recall up (test +0.052, now above 0.70), negation F1
and the pending documents' F1 down.

Model 0.4.43 is trained on corpus 1.16 with context rules that read myths and
a sentence splitter that ends a quoted sentence. Before any change, 40 more
documents were written and scored by the frozen 0.4.42
(`corpus/pending/fresh_14.txt`, outside the corpus; no error read: lenient F1
0.864, strict 0.767, unseen-mention recall 0.743, negation F1 0.814, article
negation 0.400; en_spasmtext_ner 0.877 / 0.750 / 0.829 / 0.820).
Corpus 1.16 adds `fresh_13` (40 documents, errors read on its 32 train and
dev texts only; one that never named the back now does, three categories
moved to the corpus's earlier decisions). From those errors and the train
and dev texts like them: a sentence now ends after the closing quote of a
quotation that ends it ('"Bed rest is best." It isn't') and before the
opening quote of the next ('myths. "You should'), where it had run on to
the next full stop; a quotation under a title that names myths or beliefs
negates its remedies (not its causes, the myth's premise; not when the next
sentence says "True"); "It isn't: ..." and "It isn't; ..." answer the
sentence before them and no longer negate their own reasons; a "Myth:" line
about a remedy leaves its cause alone ("Myth 4: Surgery is the only fix for
a herniated disc"); "Myth one:" is read as "Myth 1:" is; "offered and
declined", "deferred" and "slows things down" are cues; a forward cue inside
a longer backward cue gives way to it (NegEx's longest trigger, in place of
0.4.42's verdict check, with the same readings); and a note's title ("Pain
clinic review.", "Chiropractic SOAP.") holds no candidates (none of the 147
such titles in train and dev holds a gold mention). Rules alone on gold
mentions: negation F1 train 0.920 -> 0.929, dev 0.956 -> 0.962.
Dev chose `C=0.5`, threshold 0.15 for both models (en_spasmtext_ner: 0.4.42
`C=1.0`, 0.10). Dev (grown by 8 texts; classifier fitted on train): strict /
lenient F1 0.743 / 0.834, unseen-mention recall 0.694, negation F1 0.968;
en_spasmtext_ner 0.759 / 0.850 / 0.723 / 0.967. On the 40 pending documents
(201 mentions, 70 unseen), 0.4.42 -> 0.4.43: strict F1 0.767 -> 0.775,
lenient F1 0.864 -> 0.868, unseen-mention recall 0.743 -> 0.743, negation F1
0.814 -> 0.857 (article 0.400 -> 0.632), calibration error 0.099 -> 0.094
(en_spasmtext_ner 0.750 -> 0.810, 0.877 -> 0.911, 0.829 -> 0.857, 0.820 ->
0.862, 0.066 -> 0.070). One of the pending articles lists myths as "Myth
one: ..."; the rule for it came from a dev text, but the pending text was
written by the same hand, so its article negation figure flatters the rules.
Test split (406 documents, 8 of them new): en_spasmtext strict / lenient F1
0.692 / 0.793, unseen-mention recall 0.649, negation F1 0.889 (article
0.821, complaint 0.800), experiencer `other` F1 0.867, calibration error
0.025; en_spasmtext_ner 0.722 / 0.827, 0.702, 0.857, 0.850, 0.021. The
different-voice subset: lenient F1 0.712 (0.4.42: 0.709), calibration error
0.096; en_spasmtext_ner 0.769 (0.770), 0.092. The default moved by less than
a retrain does; en_spasmtext_ner's dev chose the higher threshold, so its
unseen-mention recall fell back towards 0.70 (0.734 -> 0.702 on a test split
8 documents larger) and its negation F1 with it, as in 0.4.41.

Model 0.4.44 is trained on corpus 1.17 with four more context rules. Before
any change, 40 more documents were written and scored by the frozen 0.4.43
(`corpus/pending/fresh_15.txt`, outside the corpus; no error read: lenient F1
0.828, strict 0.758, unseen-mention recall 0.590, negation F1 0.936;
en_spasmtext_ner 0.850 / 0.759 / 0.590 / 0.939). Corpus 1.17 adds
`fresh_14` (40 documents, errors read on its 36 train and dev texts only) and
negates one cause the corpus had left unnegated against its own convention
("Slouching isn't dangerous"). From those errors and the train and dev texts
like them: a passive verdict ("Naproxen was stopped for dyspepsia and
etoricoxib has helped") no longer reaches the remedy after it; "the few that
do not." and the like negate nothing; "have not shown", "did not show" and
"failed to show" say a remedy failed; "is not harmful" and "is not dangerous"
negate a cause. "Referral" no longer ends a note's title, so "Got a physio
referral." keeps its candidate. Rules alone on gold mentions: negation F1
train 0.926 -> 0.930, dev 0.960 -> 0.960.
Dev chose `C=0.5` for both, threshold 0.15 for the default and 0.10 for
en_spasmtext_ner (0.4.43: 0.15; its choice keeps flipping between the two,
whose rows are level on dev). Dev (grown by 4 texts; classifier fitted on
train): strict / lenient F1 0.741 / 0.837, unseen-mention recall 0.688,
negation F1 0.963; en_spasmtext_ner 0.763 / 0.849 / 0.759 / 0.959. On the 40
pending documents (189 mentions, 61 unseen), 0.4.43 -> 0.4.44: strict F1
0.758 -> 0.745, lenient F1 0.828 -> 0.826, unseen-mention recall 0.590 ->
0.590, negation F1 0.936 -> 0.936, calibration error 0.083 -> 0.077
(en_spasmtext_ner 0.759 -> 0.747, 0.850 -> 0.851, 0.590 -> 0.705, 0.939 ->
0.957, 0.063 -> 0.073): the new rules met none of their phrasings there, and
the rest moved by a mention or two either way, less than a retrain does.
Test split (410 documents, 4 of them new): en_spasmtext strict / lenient F1
0.696 / 0.797, unseen-mention recall 0.655, negation F1 0.887 (article
0.814, complaint 0.811), experiencer `other` F1 0.865, calibration error
0.027; en_spasmtext_ner 0.716 / 0.824, 0.745, 0.874, 0.843, 0.019. The
different-voice subset: lenient F1 0.714 (0.4.43: 0.712), calibration error
0.096; en_spasmtext_ner 0.765 (0.769), 0.080. en_spasmtext_ner's lower
threshold moves it as in 0.4.42: unseen-mention recall up (0.702 -> 0.745),
strict F1 and negation F1 down.

Model 0.4.45 is trained on corpus 1.18 with three more context rules, a topic
rule that hears "back cramp" and "pain in the back", and more note titles.
Before any change, 40 more documents were written and scored by the frozen
0.4.44 (`corpus/pending/fresh_16.txt`, outside the corpus; no error read:
lenient F1 0.817, strict 0.700, unseen-mention recall 0.626, negation F1
0.889; en_spasmtext_ner 0.841 / 0.685 / 0.759 / 0.880). Corpus 1.18 adds
`fresh_15` (40 documents, errors read on its 33 train and dev texts only).
From those errors and the train and dev texts like them: a pain word before
"in the back" or "to the back", and "back cramp", say a text is about the
back (the topic rule had emptied a train text on a night-time back cramp,
and one older train text with it); a remedy whose relief "never lasted" or
"didn't last", or one named before "I stay away from", is negated; a relative
who gives an opinion after an aside ("My daughter, who is a nurse, thinks
it's ...") is not the experiencer; a note's title may end in "clinic",
"instructions", "newsletter", "bulletin", "notice" or "follow-up", and holds
no candidate ("Antenatal clinic." was read as a remedy). Rules alone on gold
mentions: negation F1 train 0.929 -> 0.930, dev 0.962 -> 0.962; experiencer
`other` F1 train 0.864 -> 0.865, dev 0.852 -> 0.852.
Dev chose `C=1.0` (0.4.44: 0.5) and threshold 0.15 for the default, `C=0.5`
and threshold 0.20 for en_spasmtext_ner (0.4.44: 0.10; its rows from 0.10 to
0.20 are level on dev within the selection's tolerance, and the choice moved
again). Dev (grown by 7 texts; classifier fitted on train): strict / lenient
F1 0.745 / 0.839, unseen-mention recall 0.685, negation F1 0.965;
en_spasmtext_ner 0.770 / 0.852 / 0.677 / 0.965. On the 40 pending documents
(194 mentions, 83 unseen), 0.4.44 -> 0.4.45: strict F1 0.700 -> 0.697,
lenient F1 0.817 -> 0.820, unseen-mention recall 0.626 -> 0.639, negation F1
0.889 -> 0.889, calibration error 0.058 -> 0.038 (en_spasmtext_ner 0.685 ->
0.699, 0.841 -> 0.839, 0.759 -> 0.663, 0.880 -> 0.894, 0.075 -> 0.050).
Test split (417 documents, 7 of them new): en_spasmtext strict / lenient F1
0.706 / 0.804, unseen-mention recall 0.660, negation F1 0.884 (article
0.800, complaint 0.821), experiencer `other` F1 0.868, calibration error
0.021; en_spasmtext_ner 0.735 / 0.825, 0.663, 0.884 (article 0.842,
complaint 0.842), 0.850, 0.009. The different-voice subset: lenient F1 0.720
(0.4.44: 0.714), calibration error 0.116 (0.096); en_spasmtext_ner 0.749
(0.765), 0.109 (0.080). en_spasmtext_ner's higher threshold moved it the
other way from 0.4.44: strict F1 up (0.716 -> 0.735), unseen-mention recall
down (0.745 -> 0.663, below 0.70 again).

## Negation and experiencer: rules or trained model
Logistic regressions over the rules' reading, cue positions and context words,
trained on the gold mentions of train; kept only where they beat the rules on
the gold mentions of train (predicted by 5-fold cross-validation by document)
and dev together, so that the choice does not rest on a few dozen dev
mentions, and beat them beyond noise (a paired bootstrap over those
documents, below). Otherwise the rules decide: their reading names the cue
that made it (`negation_cue`). Gold mentions are used, so extraction errors do
not count here.

{_assertion_table(meta.get('assertion'))}

## Section headers
Rules (`resources/sections.json`): a known header phrase that opens a line and
ends with a colon, or stands alone on its line in capitals. Headers are
annotated in the corpus's clinical and note-shaped `other` documents; the
header vocabulary was extended from the detector's misses on the train and dev
documents only, so the test rows above are held out. Scored by line and section
name: accuracy = right / (gold headers + wrong detections). Headers run into
the text, as in exports that turn line breaks into commas ("... with
heat.,MEDICATIONS: , ..." in the MTSamples CSV), are found when upper case and
known: 904 headers in the 317 MTSamples notes instead of 70. The corpus has no
such notes, so this is not scored; a header glued to the previous word by the
tokenizer ("NKDA.,PAST") starts its section one word early.

## Calibration of `score`
Kept mentions binned by score; accuracy = share strictly right (span and label).
On the test split (held out; expected calibration error
{_f(meta['metrics']['test']['model'].get('ece', float('nan')))}):

| score bin | mentions | mean score | accuracy |
|---|---|---|---|
{_reliability(meta['metrics']['test']['model'])}

{_calibration_fit(meta)}On the dev split, where the Platt scaling was fitted (so this table is not
held out; the classifier fitted on train{' alone' if _refitted(meta) else ''}; expected calibration error
{_f(meta['metrics']['dev']['model'].get('ece', float('nan')))}):

| score bin | mentions | mean score | accuracy |
|---|---|---|---|
{_reliability(meta['metrics']['dev']['model'])}

## {_dev_heading(meta)}
{_metrics_table(meta['metrics']['dev'])}

## Limitations
{LIMITATIONS.format(**_train_attributes(meta))}
## Versions
spasmtext {meta['versions']['spasmtext']}, spaCy {meta['versions']['spacy']},
trained with scikit-learn {meta['versions']['scikit-learn']}. The classifiers are saved as arrays
(feature names and classes in JSON, weights in `.npy`, no pickles): loading and applying them
needs neither scikit-learn nor a particular version of it.
"""


def readme_start(name):
    """The line that opens the README's generated table of the bundled model ``name``."""
    return f"<!-- metrics:start (generated from models/{name}/meta.json) -->"


README_START = readme_start("en_spasmtext")
README_END = "<!-- metrics:end -->"


def readme_table(meta, name="en_spasmtext"):
    """The short held-out table of the bundled model ``name`` quoted in the project README
    (test split)."""
    model, base = meta["metrics"]["test"]["model"], meta["metrics"]["test"]["baseline"]
    rows = ["| test split | model | rules-only baseline |", "|---|---|---|"]
    for mode in ("lenient", "strict"):
        for k in ("precision", "recall", "f1"):
            rows.append(f"| {mode} micro {k} | {_f(model[mode]['micro'][k])} | {_f(base[mode]['micro'][k])} |")
    for lab in ("CAUSE", "REMEDY"):
        rows.append(f"| lenient {lab} F1 | {_f(model['lenient'][lab]['f1'])} | {_f(base['lenient'][lab]['f1'])} |")
    rows.append(f"| label accuracy (overlapping spans) | {_f(model['label_accuracy'])} | {_f(base['label_accuracy'])} |")
    rows.append(f"| category accuracy (matched) | {_f(model['category_accuracy'])} | {_f(base['category_accuracy'])} |")
    rows.append(f"| negation accuracy (matched) | {_f(model['negation_accuracy'])} | {_f(base['negation_accuracy'])} |")
    rows.append(f"| negation F1 (matched) | {_f(model['negation']['f1'])} | {_f(base['negation']['f1'])} |")
    rows.append(f"| experiencer other F1 (matched) | {_f(model['experiencer_other']['f1'])} "
                f"| {_f(base['experiencer_other']['f1'])} |")
    rows.append(f"| unseen-mention recall | {_f(model['unseen_recall'])} | {_f(base['unseen_recall'])} |")
    for genre, figs in model["per_genre"].items():
        if figs["gold"]:
            rows.append(f"| {genre} lenient F1 | {_f(figs['lenient'])} | {_f(base['per_genre'][genre]['lenient'])} |")
    rows.extend(_section_rows(meta["metrics"]["test"]))
    rows.extend(_voice_rows(meta["metrics"]["test"]))
    return "\n".join([readme_start(name)] + rows + [README_END])


def update_readme(readme_path, metas, example_line, nlp):
    """Refresh the generated parts of the project README: the held-out table of each
    bundled model (``metas``: name -> meta) and the example record (the first line of
    ``examples/notes.jsonl`` run through ``nlp``)."""
    import json
    import re

    from .api import extract

    text = open(readme_path, encoding="utf8").read()
    for name, meta in metas.items():
        text = re.sub(re.escape(readme_start(name)) + ".*?" + re.escape(README_END),
                      lambda _, meta=meta, name=name: readme_table(meta, name), text, flags=re.S)
    example = json.loads(example_line)
    mentions = extract(example["text"], nlp)
    block = ('{"id": ' + json.dumps(example["id"]) + ', "mentions": [\n  '
             + ",\n  ".join(json.dumps(m) for m in mentions) + "]}\n")
    start = text.index('```json\n{"id": ' + json.dumps(example["id"])) + len("```json\n")
    text = text[:start] + block + text[text.index("```", start):]
    with open(readme_path, "w", encoding="utf8") as handle:
        handle.write(text)


if __name__ == "__main__":  # python -m spasmtext.modelcard README.md examples/notes.jsonl
    import json
    import sys

    from .integrity import PINNED_META_SHA256
    from .pipeline import bundled_model_path, load

    metas_ = {name: json.loads((bundled_model_path(name) / "meta.json").read_text(encoding="utf8"))
              for name in PINNED_META_SHA256 if (bundled_model_path(name) / "meta.json").is_file()}
    with open(sys.argv[2], encoding="utf8") as handle:
        first = handle.readline()
    update_readme(sys.argv[1], metas_, first, load())
