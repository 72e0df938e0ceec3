#!/usr/bin/env bash
# Builds Galley's libFuzzer targets (the package in Fuzz/) and runs each for SECONDS (default 20).
#
#   scripts/fuzz.sh [SECONDS] [TARGET ...]      targets: pipeline testfile stream search stages
#
# Each target starts from its seed corpus in Fuzz/Corpus/<target>. New inputs go to a scratch
# folder, unless FUZZ_GROW=1, which adds them to the seed corpus (to be committed after a long
# run). A crash, a trap, a sanitizer report or a timeout stops the script with the reproducing
# input in Fuzz/crashes/. FUZZ_SANITIZE=address,fuzzer builds with AddressSanitizer too.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-20}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(pipeline testfile stream search stages)
sanitize=${FUZZ_SANITIZE:-fuzzer}
sanitizers=()
IFS=, read -ra names <<< "$sanitize"
for name in "${names[@]}"; do sanitizers+=(--sanitize="$name"); done
# SwiftPM hands swiftc one -sanitize= flag per sanitizer, and swiftc keeps only the last one:
# with `-sanitize=fuzzer -sanitize=address` the Swift code would get no coverage instrumentation
# and libFuzzer would mutate blind. One combined flag, last, keeps them all.
[ ${#names[@]} -gt 1 ] && sanitizers+=(-Xswiftc -sanitize="$sanitize")
build=Fuzz/.build
[ "$sanitize" = fuzzer ] || build=Fuzz/.build-$(echo "$sanitize" | tr , -)
swift build --package-path Fuzz --scratch-path "$build" -c release "${sanitizers[@]}" --product galley-fuzz
binary=$build/release/galley-fuzz
mkdir -p Fuzz/crashes
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
for target in "${targets[@]}"; do
    seed=Fuzz/Corpus/$target
    mkdir -p "$seed" "$scratch/$target"
    folders=("$scratch/$target" "$seed")
    [ "${FUZZ_GROW:-0}" = 1 ] && folders=("$seed")
    echo "== $target: $seconds s"
    status=0
    GALLEY_FUZZ_TARGET=$target SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=detect_leaks=0 \
        "$binary" "${folders[@]}" -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
        -artifact_prefix="Fuzz/crashes/$target-" -print_final_stats=1 > "$scratch/$target.log" 2>&1 || status=$?
    grep -E "^#[0-9]+ *DONE|INFO: seed corpus|ERROR|SUMMARY|stat::number_of_executed_units|stat::peak_rss_mb" \
        "$scratch/$target.log" || true
    if [ "$status" -ne 0 ]; then
        tail -40 "$scratch/$target.log" >&2
        echo "fuzz target $target failed (exit $status); the input is in Fuzz/crashes/" >&2
        exit 1
    fi
done
