#!/bin/sh
# serve's incremental rebuild at 10,000 write-ups: the time from a saved write-up reaching
# the session to the reload being published (debounce excluded), min/median/max.
#
#   bench/serve-incremental.sh [EDITS] [CONTENT_DIR]
#
# CONTENT_DIR (default /tmp/bench/c10k/content, else generated with make-corpus.py) is
# copied first: the benchmark edits its copy. JIEBIE_TIMINGS=1 also prints the phases.
set -eu
cd "$(dirname "$0")/.."
EDITS=${1:-20}
SOURCE=${2:-/tmp/bench/c10k/content}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
if [ -d "$SOURCE" ]; then
    cp -r "$SOURCE" "$WORK/content"
else
    python3 ../shared/bench/make-corpus.py "$WORK" --activities 10000 --format jiebie
fi
cargo build --release --example serve-incremental
target/release/examples/serve-incremental "$WORK/content" "$EDITS"
