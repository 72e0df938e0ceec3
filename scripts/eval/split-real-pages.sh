#!/usr/bin/env bash
# Splits ../shared/data/real-pages (or the folder given) into a development and a validation part, by
# whole documents: in every kind, pages 01, 03, 05 are for development, 02, 04, 06 for validation.
# Tune only on the development part; report both. The parts are folders of symbolic links laid out
# like real-pages/, so ../shared/tools/score_real_pages.py scores either.
#   scripts/eval/split-real-pages.sh [REAL_PAGES_DIR] [OUT_DIR]   → OUT_DIR/dev, OUT_DIR/validation
set -euo pipefail
source_dir=$(cd "${1:-$(dirname "$0")/../../../shared/data/real-pages}" && pwd)
out_dir=${2:-/tmp/galley-real-pages}
rm -rf "$out_dir/dev" "$out_dir/validation"
for kind_dir in "$source_dir"/*/; do
    kind=$(basename "$kind_dir")
    mkdir -p "$out_dir/dev/$kind" "$out_dir/validation/$kind"
    for text in "$kind_dir"*.txt; do
        name=$(basename "$text" .txt)
        number=${name##*-}
        if (( 10#$number % 2 == 1 )); then part=dev; else part=validation; fi
        ln -s "$text" "$out_dir/$part/$kind/$name.txt"
        [ -e "$kind_dir$name.gold.json" ] && ln -s "$kind_dir$name.gold.json" "$out_dir/$part/$kind/$name.gold.json"
    done
done
[ -e "$source_dir/SOURCES.md" ] && ln -sf "$source_dir/SOURCES.md" "$out_dir/SOURCES.md"
echo "$out_dir/dev $out_dir/validation"
