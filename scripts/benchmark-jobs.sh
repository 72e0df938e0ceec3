#!/usr/bin/env bash
# Documents per second of the default chain through the real binary, with 1 and 2 jobs.
#
#   [FORMATS="json, jsonl, markdown, sqlite, report"] [BASELINE=other/galley] \
#       scripts/benchmark-jobs.sh [GALLEY] [DOCUMENTS] [ROUNDS]
#
# GALLEY defaults to .build/release/galley; DOCUMENTS (default 2000) news-like pages of about
# 2.7 KB (half English with words hyphenated at line ends, half Chinese), one file each, are
# generated once. Each round runs `galley run` into a fresh output folder with --jobs 1 and with
# --jobs 2, and once with no inputs at all (the process's constant cost: start-up, stage set-up,
# the run's bookkeeping). With BASELINE, every round runs that binary the same way too, the two
# alternating, so that a machine whose speed drifts weighs on both alike; only ratios between
# runs of one session mean much on a shared machine.
#
# For every run it prints the wall-clock documents per second of the whole process, the
# documents per second inside the run (from metrics.json), the CPU seconds the process used
# (user + system) and export's busy microseconds a document; then the medians, the 2-jobs/1-job ratios, BASELINE ratios, and the load
# average before and after. The work folder is made under TMPDIR (default /tmp):
# TMPDIR=/dev/shm takes the disk, and whatever else is writing to it, out of the measure.
set -euo pipefail
cd "$(dirname "$0")/.."
galley="$(readlink -f "${1:-.build/release/galley}")"
documents="${2:-2000}"
rounds="${3:-3}"
baseline="${BASELINE:+$(readlink -f "$BASELINE")}"
work="$(mktemp -d "${TMPDIR:-/tmp}/galley-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT

python3 - "$work/in" "$documents" seeds/000_a961b149a5844a09.txt <<'PY'
import os, sys
folder, count, seed = sys.argv[1], int(sys.argv[2]), sys.argv[3]
os.makedirs(folder)
paragraphs = [p.strip() for p in open(seed, encoding="utf-8").read().split("\n\n") if p.strip()]
english = ("The council met on Monday to discuss the river crossing. It approved the second plan for "
           "the bridge after a long de-\nbate about its cost. Residents welcomed the decision, said the "
           "mayor, who had cam-\npaigned for it. Work is to begin in the spring and take two years.")
for index in range(count):
    if index % 2:
        parts, size = [f"Council Report {index}"], 0
        while size < 2600:
            parts.append(english)
            size += len(english) + 2
        text = "\n\n".join(parts)
    else:
        parts, size, k = [], 0, index
        while size < 2700:
            paragraph = paragraphs[k % len(paragraphs)]
            parts.append(paragraph)
            size += len(paragraph.encode()) + 2
            k += 1
        text = "\n\n".join(parts)
    with open(os.path.join(folder, f"{index:05d}.txt"), "w", encoding="utf-8") as handle:
        handle.write(text + "\n")
PY
mkdir -p "$work/empty"
# The default chain; export writes FORMATS (default: its own default, JSON and JSON Lines).
sed -e 's|paths: \[seeds\]|paths: [in]|' -e "s|formats: \[.*\]|formats: [${FORMATS:-json, jsonl}]|" \
    pipeline.yaml > "$work/pipeline.yaml"
sed -e 's|paths: \[in\]|paths: [empty]|' "$work/pipeline.yaml" > "$work/empty.yaml"
du -sh "$work/in" | sed 's/^/input: /'

python3 - "$work" "$rounds" "$galley" ${baseline:+"$baseline"} <<'PY'
import json, os, resource, shutil, statistics, subprocess, sys, time
work, rounds, binaries = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
names = ["galley"] + (["baseline"] if len(binaries) > 1 else [])
load_before = os.getloadavg()

def run(binary, jobs, config="pipeline.yaml"):
    out = os.path.join(work, "out")
    shutil.rmtree(out, ignore_errors=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    # The run without inputs warns that it found none.
    subprocess.run([binary, "run", "--quiet", "--jobs", str(jobs), "--config", config, "--output", out],
                   cwd=work, check=True, stderr=subprocess.DEVNULL if config == "empty.yaml" else None)
    wall = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    metrics = json.load(open(os.path.join(out, "metrics.json")))["run"]
    return wall, cpu, metrics

rows = []   # (name, jobs, whole docs/s, in-run docs/s, cpu seconds)
for round in range(1, rounds + 1):
    for name, binary in zip(names, binaries):
        for jobs in (1, 2):
            wall, cpu, metrics = run(binary, jobs)
            docs = metrics["documents"]
            busy = {stage["stage"]: stage["busy_seconds"] for stage in metrics["stages"]}
            rows.append((name, jobs, docs / wall, metrics["documents_per_second"], cpu))
            print(f"round {round}, {name}, --jobs {jobs}: {docs / wall:.0f} docs/s whole process, "
                  f"{metrics['documents_per_second']:.0f} in the run, {cpu:.3f} s CPU, "
                  f"export {busy.get('export', 0) / max(docs, 1) * 1e6:.0f} us/doc", flush=True)
        wall, cpu, _ = run(binary, 1, "empty.yaml")
        rows.append((name, 0, 0, 0, cpu))
        print(f"round {round}, {name}, no inputs: {cpu * 1000:.0f} ms CPU, {wall * 1000:.0f} ms wall", flush=True)

def median(name, jobs, column):
    return statistics.median(row[column] for row in rows if row[0] == name and row[1] == jobs)

for name in names:
    one, two = median(name, 1, 2), median(name, 2, 2)
    print(f"{name}: median whole-process docs/s --jobs 1 {one:.0f}, --jobs 2 {two:.0f}, ratio {two / one:.2f}x; "
          f"CPU s --jobs 1 {median(name, 1, 4):.3f}, --jobs 2 {median(name, 2, 4):.3f}; "
          f"no inputs {median(name, 0, 4) * 1000:.0f} ms CPU")
if len(names) > 1:
    for jobs in (1, 2):
        print(f"galley / baseline, --jobs {jobs}: docs/s {median('galley', jobs, 2) / median('baseline', jobs, 2):.2f}x, "
              f"CPU {median('galley', jobs, 4) / median('baseline', jobs, 4):.2f}x")
    print(f"galley / baseline, no inputs: CPU {median('galley', 0, 4) / median('baseline', 0, 4):.2f}x")
print("load average before: {:.2f} {:.2f} {:.2f}; after: {:.2f} {:.2f} {:.2f}".format(*load_before, *os.getloadavg()))
PY
