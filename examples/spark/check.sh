#!/usr/bin/env bash
# Runs examples/spark/galley_job.py under Spark (local[2]) and checks that the documents it
# collects are byte for byte, id by id, those of `galley stream` on the same input.
#
#   examples/spark/check.sh [COUNT]      # input lines to generate (default 300)
#
# Needs Java 17 or later (Debian: default-jre-headless) and PyPI (PySpark is installed into a
# virtual environment, GALLEY_SPARK_VENV, default ~/.cache/galley/spark-venv, kept between runs). The binary is the static
# build of build-static.sh (checked there with the toolchain out of reach), unless GALLEY names
# one. Also checks that a task whose galley fails fails the job (checkCode=True) instead of
# returning no documents.
set -euo pipefail
cd "$(dirname "$0")/../.."
root="$PWD"
count="${1:-300}"

if ! java -version >/dev/null 2>&1; then
    echo "spark check: no Java; install default-jre-headless" >&2
    exit 2
fi

venv="${GALLEY_SPARK_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/galley/spark-venv}"
if ! "$venv/bin/python" -c 'import pyspark' 2>/dev/null; then
    mkdir -p "$(dirname "$venv")"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet -r examples/spark/requirements.txt
fi

galley="${GALLEY:-}"
if [ -z "$galley" ]; then
    galley="$root/.build/galley-static/galley"
    examples/spark/build-static.sh "$galley"
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 examples/spark/make_input.py seeds/000_a961b149a5844a09.txt "$count" > "$work/input.jsonl"

# The reference: one local stream over the whole input, with the environment the job passes.
SUMMARY_SENTENCES=1 "$galley" stream --config examples/spark/pipeline.yaml < "$work/input.jsonl" > "$work/local.jsonl" 2> "$work/local.log"

export PYSPARK_PYTHON="$venv/bin/python"
"$venv/bin/python" examples/spark/galley_job.py --master 'local[2]' --partitions 4 \
    --input "$work/input.jsonl" --output "$work/spark" \
    --galley "$galley" --config examples/spark/pipeline.yaml --env SUMMARY_SENTENCES=1 \
    --file /usr/share/hunspell/en_US.aff --file /usr/share/hunspell/en_US.dic --env GALLEY_DICTIONARY=en_US \
    --file /usr/share/hyphen/hyph_en_US.dic --env GALLEY_HYPHENATION=hyph_en_US.dic \
    --file /usr/lib/python3/dist-packages/jieba/dict.txt --env GALLEY_CJK_WORDS=dict.txt 2> "$work/spark.log" \
    || { tail -30 "$work/spark.log" >&2; echo "spark check: the job failed" >&2; exit 1; }
cat "$work"/spark/part-* > "$work/spark.jsonl"

"$venv/bin/python" - "$work/input.jsonl" "$work/local.jsonl" "$work/spark.jsonl" <<'PY'
import collections, json, sys
inputs, local, spark = (open(path, "rb").read().splitlines() for path in sys.argv[1:])
def by_id(lines):
    table = collections.Counter()
    for line in lines:
        table[(json.loads(line)["id"], line)] += 1
    return table
if len(local) != len(inputs):
    sys.exit(f"spark check: galley stream wrote {len(local)} lines for {len(inputs)} inputs")
if by_id(spark) != by_id(local):
    missing = by_id(local) - by_id(spark)
    extra = by_id(spark) - by_id(local)
    sys.exit(f"spark check: {len(missing)} documents differ ({len(spark)} from Spark, {len(local)} local); "
             f"first local-only: {next(iter(missing), ('', b''))[1][:200]!r}; first Spark-only: {next(iter(extra), ('', b''))[1][:200]!r}")
errors = sum(1 for line in local if b'"error"' in line)
print(f"spark check: {len(spark)} documents from Spark local[2] (4 partitions), byte-identical by id "
      f"to galley stream ({errors} of them error lines)")
PY

# A galley that exits non-zero (here: a pipeline it refuses, exit 2) must fail the job.
printf 'stages:\n  - use: sumarize\n' > "$work/broken.yaml"
if "$venv/bin/python" examples/spark/galley_job.py --master 'local[2]' --partitions 2 \
    --input "$work/input.jsonl" --output "$work/broken-out" \
    --galley "$galley" --config "$work/broken.yaml" > "$work/broken.log" 2>&1; then
    echo "spark check: a job whose galley failed succeeded" >&2
    exit 1
fi
grep -q 'PIPE_FUNCTION_EXITED\|exited with code\|error_code' "$work/broken.log" \
    || { tail -20 "$work/broken.log" >&2; echo "spark check: the failed job did not say why" >&2; exit 1; }
echo "spark check: a task whose galley exits 2 fails the job"
