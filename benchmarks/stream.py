"""Memory while streaming, and kill -9 / --resume, through the `spasmtext extract` CLI.

    python benchmarks/stream.py [--records 1000000] [--checkpoints 10000,100000,1000000]

Writes N short JSONL records (2-3 sentences, 1% of them broken in various ways),
then:
  1. runs `spasmtext extract` on them and prints the RSS of the process after each
     checkpoint of records written, and its growth from 100,000 records to the last
     checkpoint (memory must not grow with the input);
  2. runs it again, kills it with SIGKILL half way, resumes with --resume, and
     checks that the output equals the uninterrupted run byte for byte (no record
     lost, duplicated, reordered or torn).
"""

import argparse
import json
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


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--checkpoints", default="10000,50000,100000")
    args = parser.parse_args()
    checkpoints = [int(c) for c in args.checkpoints.split(",") if int(c) <= args.records]
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        src, full, part = folder / "in.jsonl", folder / "full.jsonl", folder / "part.jsonl"
        write_input(src, args.records)
        start = time.time()
        proc = run(src, full)
        print(f"{'records written':>16} {'RSS MB':>8} {'seconds':>8}")
        rss = {}
        for checkpoint in checkpoints:
            while lines_in(full) < checkpoint and proc.poll() is None:
                time.sleep(0.2)
            if proc.poll() is None:
                rss[checkpoint] = rss_mb(proc.pid)
                print(f"{checkpoint:16,} {rss[checkpoint]:8.0f} {time.time() - start:8.0f}")
        proc.wait()
        print(f"finished: {lines_in(full):,} records in {time.time() - start:.0f} s")
        if len(rss) > 1:
            (a, first), (b, last) = sorted(rss.items())[0], sorted(rss.items())[-1]
            if a < 100_000 <= b and 100_000 in rss:
                a, first = 100_000, rss[100_000]
            print(f"RSS growth from {a:,} to {b:,} records: {100 * (last - first) / first:+.1f}%")
        proc = run(src, part)
        while lines_in(part) < args.records // 2 and proc.poll() is None:
            time.sleep(0.05)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        killed_at = lines_in(part)
        subprocess.run([sys.executable, "-m", "spasmtext.cli", "extract", str(src), "-o", str(part), "--resume"],
                       check=True, stderr=subprocess.DEVNULL)
        same = part.read_bytes() == full.read_bytes()
        print(f"kill -9 after {killed_at:,} records, then --resume: output identical to the "
              f"uninterrupted run: {same} ({lines_in(part):,} records)")
        if not same:
            sys.exit(1)


if __name__ == "__main__":
    main()
