#!/usr/bin/env bash
# The Nu HTML checker on every page of a built site, in one Java run (one JVM start for
# all pages: starting Java per file would take minutes).
# Usage: tests/browser/vnu.sh [public-dir]     (after `npm ci --prefix tests/browser`)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
site=${1:-$here/../../public}
jar=$here/node_modules/vnu-jar/build/dist/vnu.jar
[ -f "$jar" ] || { echo "vnu.jar missing: run npm ci --prefix tests/browser" >&2; exit 2; }
mapfile -d '' pages < <(find "$site" -name '*.html' -print0 | sort -z)
[ "${#pages[@]}" -gt 0 ] || { echo "no HTML pages in $site: build the site first" >&2; exit 2; }
report=$(mktemp)
trap 'rm -f "$report"' EXIT
status=0
java -Xss4m -jar "$jar" --errors-only --format gnu "${pages[@]}" 2>"$report" || status=$?
errors=$(grep -c . "$report" || true)
cat "$report"
echo "vnu: ${#pages[@]} pages checked, $errors errors"
if [ "$status" -ne 0 ] || [ "$errors" -ne 0 ]; then exit 1; fi
