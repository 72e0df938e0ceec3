#!/usr/bin/env bash
# Follows docs/writing-a-stage.md on this checkout, so that the guide cannot rot:
#   1. scaffolds its stage with scripts/new-stage, builds, runs the new stage's unit tests (and
#      fails unless every one of them ran) and its pipeline test with `galley test`;
#   2. writes the guide's code blocks (each after a `<!-- guide-check: PATH -->` line) into their
#      files, runs scripts/regenerate.sh, and does the same again;
#   3. runs the tests that check the registry, the generated files, the stage pages and every
#      pipeline test.
# Then it puts every file back as it was, whether it passed or not. .ci/run runs it after the
# full test suite.
#
# It works in place rather than on a copy so that the build is incremental (a copy would be a
# second clean build of Galley and its dependencies: minutes more on two cores). Only the paths
# the scaffold touches are saved and restored; the check fails if the scaffold touched any other.
#
#   scripts/check-guide.sh
set -euo pipefail
cd "$(dirname "$0")/.."

module=Redact
name=redact
guide=docs/writing-a-stage.md
created=("Sources/Stages/$module" "Tests/Stages/$module" "tests/pipeline/$name.yaml" "docs/stages/$name.md")
changed=(Package.swift Sources/GalleyStages/BuiltinStages.swift README.md docs/reference.md pipeline.schema.json)

for path in "${created[@]}"; do
    if [ -e "$path" ]; then
        echo "check-guide: $path exists already (left over from an interrupted check?); remove it first" >&2
        exit 1
    fi
done

saved=$(mktemp -d)
for path in "${changed[@]}"; do
    mkdir -p "$saved/$(dirname "$path")"
    cp -p "$path" "$saved/$path"
done
restore() {
    for path in "${created[@]}"; do rm -rf "$path"; done
    for path in "${changed[@]}"; do cp -p "$saved/$path" "$path"; done
    rm -rf "$saved"
}
trap restore EXIT
# Interrupted: exit, so that the EXIT trap puts the files back.
trap 'exit 130' INT
trap 'exit 143' TERM

# Paths that differ from HEAD before and after the scaffold: only the expected ones may appear.
status() { git status --porcelain --untracked-files=all | sed 's/^...//' | sort; }
before=$(status)

started=$(date +%s)
step() { echo "check-guide: $* ($(( $(date +%s) - started )) s)"; }

step "scripts/new-stage $module"
scripts/new-stage "$module" >/dev/null

unexpected=$(comm -13 <(echo "$before") <(status) | grep -vE "^(Sources/Stages/$module/|Tests/Stages/$module/|tests/pipeline/$name\.yaml$|docs/stages/$name\.md$|Package\.swift$|Sources/GalleyStages/BuiltinStages\.swift$|README\.md$|docs/reference\.md$|pipeline\.schema\.json$)" || true)
if [ -n "$unexpected" ]; then
    echo "check-guide: the scaffold changed files it should not have:" >&2
    echo "$unexpected" >&2
    exit 1
fi

galley=$(swift build --show-bin-path)/galley

# Builds, runs the stage's unit tests (all of them must run) and its pipeline test.
build_and_test() {
    step "swift build --build-tests"
    swift build --build-tests >/dev/null
    step "swift test --skip-build --filter ${module}StageTests"
    local expected output ran
    expected=$(grep -c '@Test' "Tests/Stages/$module/${module}StageTests.swift")
    output=$(swift test --skip-build --filter "${module}StageTests" 2>&1) || { echo "$output" >&2; exit 1; }
    ran=$(echo "$output" | sed -nE 's/.*Test run with ([0-9]+) tests? in [0-9]+ suites? passed.*/\1/p' | tail -1)
    if [ "${ran:-0}" != "$expected" ]; then
        echo "$output" >&2
        echo "check-guide: ${module}StageTests ran ${ran:-0} tests; the file has $expected" >&2
        exit 1
    fi
    echo "check-guide: ${module}StageTests: $ran of $expected tests ran and passed"
    step "galley test tests/pipeline/$name.yaml"
    "$galley" test "tests/pipeline/$name.yaml"
}

build_and_test

step "the guide's code blocks into their files, then scripts/regenerate.sh"
python3 - "$guide" "${created[@]}" <<'PY'
import re, sys
guide, allowed = sys.argv[1], sys.argv[2:]
text = open(guide, encoding="utf-8").read()
blocks = re.findall(r"<!-- guide-check: (\S+) -->\n```[a-z]*\n(.*?)\n```\n", text, re.DOTALL)
if len(blocks) < 3:
    raise SystemExit(f"check-guide: {guide} has {len(blocks)} guide-check blocks, expected the stage, its tests, its pipeline test and its page")
for path, body in blocks:
    if not any(path == a or path.startswith(a + "/") for a in allowed):
        raise SystemExit(f"check-guide: {guide} writes {path}, which the scaffold did not create")
    open(path, "w", encoding="utf-8").write(body + "\n")
    print(f"check-guide: wrote {path} from {guide}")
PY
scripts/regenerate.sh >/dev/null

build_and_test

step "the registry, generated-file and stage-page tests"
swift test --skip-build --filter "RegistryTests|GeneratedFilesTests|StageDocumentationTests|RepositoryPipelineTests" 2>&1 | tail -1

step "passed"
