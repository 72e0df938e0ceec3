#!/usr/bin/env bash
# Installs the Debian packages Galley's build and tests need, and nothing else. The README's first
# command and .ci/run both start here, so this is the one list of them. Needs root or sudo; does
# nothing when every package is installed already.
#
#   scripts/install-packages.sh
set -euo pipefail

# One package a line, with what needs it.
packages=(
    libsqlite3-dev   # the export stage's database (GRDB links the system SQLite)
    wamerican        # /usr/share/dict/words: the word list dehyphenate uses when present
    python3          # scripts/regenerate.sh, scripts/new-stage, the plugin example and its tests
)

missing=()
for package in "${packages[@]}"; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
[ "${#missing[@]}" -eq 0 ] && exit 0

echo "installing: ${missing[*]}" >&2
sudo=()
[ "$(id -u)" -eq 0 ] || sudo=(sudo)
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
