#!/bin/sh
# The writing desk's live check at 10,000 write-ups: one edited write-up checked against
# the whole site as `serve` holds it (issue 15: under 100 ms), min/median/max.
#
#   bench/desk-check.sh [CHECKS] [CONTENT_DIR]
#
# CONTENT_DIR (default /tmp/bench/c10k/content, else generated with make-corpus.py) is
# only read.
set -eu
cd "$(dirname "$0")/.."
CHECKS=${1:-50}
SOURCE=${2:-/tmp/bench/c10k/content}
if [ ! -d "$SOURCE" ]; then
    WORK=$(mktemp -d)
    trap 'rm -rf "$WORK"' EXIT
    python3 ../shared/bench/make-corpus.py "$WORK" --activities 10000 --format jiebie
    SOURCE="$WORK/content"
fi
cargo build --release --example desk-check
target/release/examples/desk-check "$SOURCE" "$CHECKS"
