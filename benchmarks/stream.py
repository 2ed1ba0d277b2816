"""Memory while streaming, and kill -9 / --resume, through the `spasmtext extract` CLI.

    python benchmarks/stream.py [--records 1000000] [--checkpoints 10000,100000,1000000]

Writes N short JSONL records (2-3 sentences, 1% of them broken in various ways),
then:
  1. runs `spasmtext extract` on them and prints the RSS of the process after each
     checkpoint of records written (sampled every 0.2 s), and its growth from
     100,000 records to the last sample before the process ends (memory must not
     grow with the input);
  2. runs it again, kills it with SIGKILL half way, resumes with --resume, and
     checks that the output equals the uninterrupted run byte for byte (no record
     lost, duplicated, reordered or torn).
"""

import argparse
import json
import math
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SENTENCES = ["After lifting boxes at work my back seized up.", "Ice helped a lot.", "Denies any trauma.",
             "My wife swears by heat.", "Ibuprofen did nothing for me.", "PT twice a week helps.",
             "Sitting all day makes my lower back ache.", "Follow up in two weeks."]


def write_input(path, n):
    rnd = random.Random(0)
    with open(path, "wb") as out:
        for i in range(n):
            if i % 100 == 17:
                out.write(b'{"id": "b%d", "text": "bad \\xff bytes"}\n' % i if i % 200 == 17 else b"{broken\n")
                continue
            text = " ".join(rnd.sample(SENTENCES, rnd.randint(2, 3)))
            out.write(json.dumps({"id": f"n{i}", "text": text}).encode() + b"\n")


def rss_mb(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def lines_in(path):
    return path.read_bytes().count(b"\n") if path.exists() else 0


def run(src, out, *extra):
    return subprocess.Popen([sys.executable, "-m", "spasmtext.cli", "extract", str(src), "-o", str(out), *extra],
                            stderr=subprocess.DEVNULL)


def model_fingerprint():
    """SHA-256 of the bundled model's meta.json (which holds every artifact's hash)."""
    from spasmtext.integrity import sha256_file
    from spasmtext.pipeline import bundled_model_path

    return sha256_file(bundled_model_path() / "meta.json")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--checkpoints", default="10000,50000,100000")
    args = parser.parse_args()
    checkpoints = [int(c) for c in args.checkpoints.split(",") if int(c) <= args.records]
    model = model_fingerprint()
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        src, full, part = folder / "in.jsonl", folder / "full.jsonl", folder / "part.jsonl"
        write_input(src, args.records)
        start = time.time()
        proc = run(src, full)
        print(f"{'records written':>16} {'RSS MB':>8} {'seconds':>8}")
        samples = []  # (records written, RSS MB), every 0.2 s until the process ends
        pending = list(checkpoints)
        while proc.poll() is None:
            written, rss = lines_in(full), rss_mb(proc.pid)
            if not math.isnan(rss):  # the process was still there
                samples.append((written, rss))
            while pending and written >= pending[0]:
                print(f"{pending.pop(0):16,} {rss:8.0f} {time.time() - start:8.0f}")
            time.sleep(0.2)
        print(f"finished: {lines_in(full):,} records in {time.time() - start:.0f} s")
        after = [s for s in samples if s[0] >= 100_000]
        if len(after) > 1:
            (a, first), (b, last) = after[0], after[-1]
            print(f"RSS {first:.0f} MB at {a:,} records, {last:.0f} MB at {b:,} records (last sample): "
                  f"growth {100 * (last - first) / first:+.1f}%; peak {max(r for _, r in samples):.0f} MB")
        proc = run(src, part)
        while lines_in(part) < args.records // 2 and proc.poll() is None:
            time.sleep(0.05)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        killed_at = lines_in(part)
        subprocess.run([sys.executable, "-m", "spasmtext.cli", "extract", str(src), "-o", str(part), "--resume"],
                       check=True, stderr=subprocess.DEVNULL)
        if model_fingerprint() != model:
            sys.exit("the bundled model changed during the benchmark: the runs are not comparable")
        same = part.read_bytes() == full.read_bytes()
        print(f"kill -9 after {killed_at:,} records, then --resume: output identical to the "
              f"uninterrupted run: {same} ({lines_in(part):,} records)")
        if not same:
            sys.exit(1)


if __name__ == "__main__":
    main()
