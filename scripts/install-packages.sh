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
    libhunspell-dev  # dehyphenate: Hunspell, the spelling dictionary with affix rules (CHunspell)
    hunspell-en-us   # dehyphenate: the en_US dictionary pipeline.yaml names
    libhyphen-dev    # dehyphenate: libhyphen, legal hyphenation points (CHyphen)
    hyphen-en-us     # dehyphenate: the en_US hyphenation patterns pipeline.yaml names
    python3-jieba    # dehyphenate: jieba's Chinese word list with frequencies, named by cjk_words
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
