#!/usr/bin/env bash
# Peak memory of `galley run` against the size of the largest document in flight (issue 19,
# defect 9). For each size in MB (default: 5 20 50), writes one document of that size of
# mixed English and Chinese paragraphs, runs the repository's default pipeline over it (and,
# with FOUR=1, over four such documents at once), and prints the peak resident set size and
# its ratio to the document's size.
#
#   scripts/memory-benchmark.sh [SIZE_MB ...]        GALLEY=path/to/galley to pick a binary
set -euo pipefail
cd "$(dirname "$0")/.."
galley=${GALLEY:-}
if [ -z "$galley" ]; then
    swift build -c release --product galley >/dev/null
    galley=$(pwd)/.build/release/galley
fi
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(5 20 50)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sed -e 's/\[seeds\]/[in]/' -e 's/dir: output/dir: out/' pipeline.yaml > "$work/pipeline.yaml"
printf "%-10s %-10s %-12s %-8s\n" "docs" "MB each" "peak MB" "ratio"
for size in "${sizes[@]}"; do
    for count in 1 ${FOUR:+4}; do
        rm -rf "$work/in" "$work/out"
        mkdir -p "$work/in"
        python3 - "$work/in" "$size" "$count" <<'PY'
import random, sys
folder, size, count = sys.argv[1], int(sys.argv[2]) * 1_000_000, int(sys.argv[3])
words = ["harbour", "reopened", "today.", "the", "markets", "rose", "analysts", "said", "rally",
         "would", "last", "港口", "今天", "重新", "开放。"]
for n in range(count):
    random.seed(n)
    parts, total = [], 0
    while total < size:
        paragraph = " ".join(random.choice(words) for _ in range(60))
        parts.append(paragraph)
        total += len(paragraph.encode()) + 2
    open(f"{folder}/doc{n}.txt", "w").write("\n\n".join(parts))
PY
        peak=$(cd "$work" && /usr/bin/time -f "%M" "$galley" run --quiet 2>&1 >/dev/null | tail -1)
        awk -v c="$count" -v s="$size" -v p="$peak" 'BEGIN { printf "%-10d %-10d %-12.0f %-8.1f\n", c, s, p / 1024, (p / 1024) / s }'
    done
done
