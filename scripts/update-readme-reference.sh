#!/usr/bin/env bash
# Regenerates the reference tables in README.md (between the galley-reference markers) and
# pipeline.schema.json from the option declarations (`galley stages --markdown`, `galley schema`).
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --product galley >/dev/null
tables=$(.build/debug/galley stages --markdown)
python3 - "$tables" <<'PY'
import sys, re
tables = sys.argv[1]
readme = open("README.md", encoding="utf-8").read()
begin, end = "<!-- galley-reference:begin -->", "<!-- galley-reference:end -->"
start, stop = readme.index(begin) + len(begin), readme.index(end)
open("README.md", "w", encoding="utf-8").write(readme[:start] + "\n" + tables + "\n" + readme[stop:])
PY
.build/debug/galley schema > pipeline.schema.json
echo "README.md reference tables and pipeline.schema.json updated"
