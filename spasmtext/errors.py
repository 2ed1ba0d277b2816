"""All error messages of spasmtext, in one place.

Messages follow spaCy's convention: a code, what was expected and what was
got. They carry record ids, offsets, paths and counts, never the text of a
note (patient data).
"""


class Errors:
    """Error (E) and warning (W) messages."""

    E001 = "E001 Expected text of type str, got {type} (record {id})."
    E002 = ("E002 Model integrity check failed: '{path}' has SHA-256 {got}, "
            "expected {expected}. The file was modified or corrupted; refusing "
            "to load it.")
    E003 = "E003 Model directory '{path}' has no meta.json."
    E004 = "E004 Model artifact '{name}' listed in meta.json is missing from '{path}'."
    E005 = ("E005 The bundled model's meta.json has SHA-256 {got}, expected {expected} "
            "(pinned in spasmtext.integrity). Refusing to load a swapped or edited meta.json.")
    E006 = "E006 Model directory '{path}' has a file not listed in meta.json: '{name}'."
    E007 = "E007 The classifier component is not fitted; train it with `spasmtext train` or load a trained model."
    E008 = "E008 Corpus line {line} of '{path}' is not valid JSON ({error})."
    E009 = "E009 Corpus markup error in '{path}' document {id}: {error}."
    E010 = "E010 Expected an input record with a '{field}' field, got keys {keys} (line {line})."
    E011 = "E011 Unknown output format '{format}'; expected one of {options}."
    E012 = "E012 Processing failed: {error_type} (record {id})."
    E013 = "E013 Unknown split '{split}'; expected one of {options}."
    E014 = "E014 Invalid input line {line}: not valid JSON ({error})."
    E016 = "E016 Invalid input {where}: not valid {encoding} (byte {position})."
    E017 = "E017 --texts and the records file have different numbers of lines; they must match line by line."
    E018 = "E018 --resume needs a JSONL output file (got '{output}'): it counts the records already written."
    E019 = "E019 Parquet needs pyarrow, which is not installed: pip install 'spasmtext[parquet]'."
    E020 = ("E020 A linear model's coefficients have shape {coef}, which does not match its intercepts "
            "and its {n} feature names.")
    E021 = ("E021 '{path}' holds pickled classifiers ({files}), as models saved by spasmtext before 0.2 "
            "did; they are not loaded, because unpickling can run code. Retrain with `spasmtext train`.")

    E022 = "E022 A context rule pattern has the unknown kind '{kind}'; expected one of {kinds}."
    E023 = "E023 '{name}' is not the name of a bundled model; bundled models: {names}."
    E024 = ("E024 --resume would mix two models in '{output}': its records so far were written by {before}, "
            "this run uses {now}. Resume with the same --model and spasmtext version, or write a new output.")
    E025 = ("E025 {path} does not follow the record format of ANNOTATION.md ({count} problems); "
            "first: {first}")

    E026 = ("E026 --id-field '{field}' is not a column of {where}; its columns: {columns}. (Without "
            "--id-field, documents get an 'id' column's values if there is one, else their row number.)")
    E027 = ("E027 Input CSV cannot be parsed after line {line} ({error}); the rows before were read. Check the "
            "file's quoting, or convert it to JSONL.")
    E028 = ("E028 Unknown or unusable input encoding '{encoding}': input is read line by line, so it must be "
            "one that writes line breaks and ASCII as ASCII does (utf-8, cp1252, latin-1, ...); convert a "
            "UTF-16 file to UTF-8 first.")
    E029 = "E029 Expected a dict item with a 'text' key, got keys {keys} (record {id})."
    E030 = ("E030 Spelling-tolerant reading needs wordfreq, which is not installed: "
            "pip install 'spasmtext[spelling]'.")
    E031 = ("E031 '{path}' is not empty and holds no model: spasmtext.save writes a pipeline only to a new "
            "or empty directory or over a model directory it or `spasmtext train` wrote.")
    E032 = "E032 '{path}' is a bundled model; save a changed pipeline to a directory of your own."

    W002 = "W002 No progress bar: tqdm is not installed."
    W003 = ("W003 --resume cannot check which model wrote the {records} records already in '{output}' (no "
            "'{run_file}' beside it: written before spasmtext 0.4.6); it assumes this one.")
    W005 = ("W005 {count} documents were not valid UTF-8 (E016). If the file was written in another "
            "encoding, as older Windows exports are, run again with --encoding (e.g. cp1252).")
    W004 = ("W004 {count} of the JSONL records had no '{field}' field (first: line {first}); their id is "
            "their line number.")


class CorpusError(ValueError):
    """A corpus file breaks the annotation contract."""


class InputError(ValueError):
    """An input file that cannot be read as asked (a column named that it does not have)."""


class MissingExtraError(ImportError):
    """An optional feature was asked for whose extra is not installed."""


class IntegrityError(RuntimeError):
    """A model artifact does not match its recorded SHA-256."""
