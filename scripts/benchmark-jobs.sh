#!/usr/bin/env bash
# Documents per second of the default chain through the real binary, with 1 and 2 jobs.
#
#   [FORMATS="json, jsonl, markdown, sqlite, report"] scripts/benchmark-jobs.sh [GALLEY] [DOCUMENTS] [ROUNDS]
#
# GALLEY defaults to .build/release/galley; DOCUMENTS (default 2000) news-like pages of about
# 2.7 KB, one file each, are generated once; each round runs `galley run` into a fresh output
# folder with --jobs 1 and with --jobs 2 (alternating, so that a machine whose speed drifts weighs on both alike)
# and the script prints each round's whole-process and stage figures, the median documents
# per second of each, and their ratio. The work folder is made under TMPDIR (default /tmp):
# TMPDIR=/dev/shm takes the disk, and whatever else is writing to it, out of the measure.
set -euo pipefail
cd "$(dirname "$0")/.."
galley="$(readlink -f "${1:-.build/release/galley}")"
documents="${2:-2000}"
rounds="${3:-3}"
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
# The default chain; export writes FORMATS (default: its own default, JSON and JSON Lines).
sed -e 's|paths: \[seeds\]|paths: [in]|' -e "s|formats: \[.*\]|formats: [${FORMATS:-json, jsonl}]|" \
    pipeline.yaml > "$work/pipeline.yaml"
du -sh "$work/in" | sed 's/^/input: /'

for round in $(seq 1 "$rounds"); do
    for jobs in 1 2; do
        rm -rf "$work/out-$jobs"
        start=$(date +%s.%N)
        (cd "$work" && "$galley" run --quiet --jobs "$jobs" --output "out-$jobs")
        end=$(date +%s.%N)
        python3 - "$work/out-$jobs/metrics.json" "$jobs" "$start" "$end" >> "$work/results" <<'PY'
import json, sys
run = json.load(open(sys.argv[1]))["run"]
jobs, whole = sys.argv[2], float(sys.argv[4]) - float(sys.argv[3])
busy = {stage["stage"]: stage["busy_seconds"] for stage in run["stages"]}
total = sum(busy.values())
print(f"{jobs} {run['documents'] / whole:.1f} {run['documents_per_second']:.1f} "
      f"{busy.get('export', 0) / max(total, 1e-9) * 100:.0f} {busy.get('export', 0) / run['documents'] * 1e6:.0f}")
PY
        tail -1 "$work/results" | awk -v r="$round" '{printf "round %s, --jobs %s: %s docs/s whole process, %s docs/s in the run, export %s%% of stage time (%s us/doc)\n", r, $1, $2, $3, $4, $5}'
    done
done
python3 - "$work/results" <<'PY'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1])]
median = {jobs: statistics.median(float(r[1]) for r in rows if r[0] == jobs) for jobs in ("1", "2")}
print(f"median whole-process docs/s: --jobs 1 {median['1']:.0f}, --jobs 2 {median['2']:.0f}, ratio {median['2'] / median['1']:.2f}x")
PY
