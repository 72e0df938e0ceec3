#!/usr/bin/env bash
# Peak memory of `galley run` against the size of the largest document in flight (issue 19,
# defect 9). First runs the repository's default pipeline over a 1 KB document, whose peak is
# the constant (the binary, dictionaries and models). Then for each size in MB (default: 1 5
# 20), writes one document of that size of mixed English and Chinese paragraphs, runs the
# pipeline over it (and, with FOUR=1, over four such documents at once), and prints the peak
# resident set size, its ratio to the document's size, and the ratio of what it takes beyond
# the constant (the per-document factor that issue 19 asks to bring to 4).
#
# The current figures, with what sets each peak, are in docs/operations.md (Memory).
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
[ ${#sizes[@]} -gt 0 ] || sizes=(1 5 20)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sed -e 's/\[seeds\]/[in]/' -e 's/dir: output/dir: out/' pipeline.yaml > "$work/pipeline.yaml"
printf "%-6s %-8s %-9s %-7s %-12s\n" "docs" "MB each" "peak MB" "ratio" "beyond base"
base=
for size in base "${sizes[@]}"; do
    counts=(1 ${FOUR:+4})
    [ "$size" != base ] || counts=(1)
    for count in "${counts[@]}"; do
        rm -rf "$work/in" "$work/out"
        mkdir -p "$work/in"
        python3 - "$work/in" "$size" "$count" <<'PY'
import random, sys
folder, count = sys.argv[1], int(sys.argv[3])
size = 1_000 if sys.argv[2] == "base" else int(sys.argv[2]) * 1_000_000
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
        if [ "$size" = base ]; then
            base=$peak
            awk -v p="$peak" 'BEGIN { printf "%-6d %-8s %-9.0f %-7s %-12s\n", 1, "0.001", p / 1024, "", "(base)" }'
            continue
        fi
        awk -v c="$count" -v s="$size" -v p="$peak" -v b="$base" 'BEGIN {
            printf "%-6d %-8d %-9.0f %-7.1f %-12.1f\n", c, s, p / 1024, (p / 1024) / s, ((p - b) / 1024) / (c * s) }'
    done
done
