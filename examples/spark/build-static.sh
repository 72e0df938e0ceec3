#!/usr/bin/env bash
# Builds a galley binary that runs on a machine without the Swift toolchain, and proves it:
# the Swift runtime is linked in (--static-swift-stdlib); what is left are the system's C
# libraries (glibc, libstdc++, libsqlite3), which every Debian-like node has.
#
#   examples/spark/build-static.sh [DESTINATION]      # default: .build/galley-static/galley
#
# The check runs the binary with the toolchain's folder hidden (an empty tmpfs mounted over
# it in a private mount namespace, which needs root and unshare); without that it falls back
# to checking that ldd lists no Swift library.
set -euo pipefail
cd "$(dirname "$0")/../.."
destination="${1:-.build/galley-static/galley}"

swift build -c release --static-swift-stdlib --product galley
mkdir -p "$(dirname "$destination")"
cp "$(swift build -c release --static-swift-stdlib --show-bin-path)/galley" "$destination"

if ldd "$destination" | grep -i 'swift\|dispatch\|Foundation'; then
    echo "build-static: $destination still needs the Swift libraries above" >&2
    exit 1
fi

toolchain="$(dirname "$(dirname "$(readlink -f "$(command -v swift)")")")"   # e.g. /opt/swift/usr
probe='{"text": "Static Check\n\nThe binary runs without the toolchain. It reads and writes JSON Lines."}'
if [ "$(id -u)" -eq 0 ] && unshare --mount true 2>/dev/null; then
    output="$(printf '%s\n' "$probe" | unshare --mount sh -c \
        'mount -t tmpfs none "$1" && shift && exec "$@"' sh "$toolchain" "$destination" stream --config examples/spark/pipeline.yaml)"
    how="with $toolchain hidden"
else
    output="$(printf '%s\n' "$probe" | "$destination" stream --config examples/spark/pipeline.yaml)"
    how="(toolchain not hidden: needs root and unshare; ldd lists no Swift library)"
fi
case "$output" in
    *'"title":"Static Check"'*) echo "build-static: $destination runs $how" ;;
    *) echo "build-static: $destination did not run $how: $output" >&2; exit 1 ;;
esac
