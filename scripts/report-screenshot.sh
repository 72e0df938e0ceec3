#!/usr/bin/env bash
# Takes screenshots of a run report in headless Chromium, the way a person would see it:
# one at desktop width (1280 px) and one at phone width (390 px).
#
#   scripts/report-screenshot.sh [REPORT] [FOLDER]
#
# REPORT defaults to output/report.html, FOLDER (where the PNGs go) to output/screenshots.
# HEIGHT sets the window height in pixels (default 900; a larger one shows more of the page).
# Needs Debian's chromium, and fonts-noto-cjk for Chinese text:
#   apt-get install -y chromium fonts-noto-cjk
set -euo pipefail

report=${1:-output/report.html}
folder=${2:-output/screenshots}
height=${HEIGHT:-900}

if [ ! -f "$report" ]; then
    echo "error: no report at $report (run galley with the report export format first)" >&2
    exit 2
fi
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [ -z "$browser" ]; then
    echo "error: no chromium found (apt-get install -y chromium fonts-noto-cjk)" >&2
    exit 2
fi

mkdir -p "$folder"
url="file://$(cd "$(dirname "$report")" && pwd)/$(basename "$report")"
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT

shoot() {
    local name=$1 width=$2
    # --user-data-dir keeps the run from touching a real profile; --hide-scrollbars keeps the
    # picture to what the page draws. Chromium's own chatter goes to /dev/null.
    "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run \
        --user-data-dir="$profile" --window-size="$width,$height" \
        --screenshot="$folder/$name.png" "$url" >/dev/null 2>&1
    echo "$folder/$name.png (${width}x$height)"
}

shoot report-desktop 1280
shoot report-phone 390
