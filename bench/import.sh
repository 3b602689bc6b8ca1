#!/usr/bin/env bash
# Times `jiebie import` of N Word documents with photos (default 100): copies of the four
# good fixtures by python-docx, pandoc, LibreOffice and Word-like XML (1–2 photos each),
# imported into a copy of the sample site. Usage: bench/import.sh [N] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100}
runs=${2:-5}
cargo build --release --quiet
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/inbox"
fixtures=(python-docx-research pandoc-consultation libreoffice-study word-features)
for i in $(seq 1 "$n"); do
  f=${fixtures[$(( (i - 1) % ${#fixtures[@]} ))]}
  cp "tests/fixtures/docx/$f.docx" "$work/inbox/$(printf '%03d' "$i")-$f.docx"
done
bytes=$(du -sb "$work/inbox" | cut -f1)
echo "$n documents, $((bytes / 1024)) KiB"
for run in $(seq 1 "$runs"); do
  rm -rf "$work/content"
  cp -r content "$work/content"
  start=$(date +%s.%N)
  target/release/jiebie import "$work/inbox" --content "$work/content" --today 2026-12-02 >/dev/null
  end=$(date +%s.%N)
  imported=$(grep -rl '导入时推断' "$work/content")
  photos=$(echo "$imported" | xargs grep -h '^  - src: ' | wc -l)
  printf 'run %d: %.2f s (%d write-ups, %d photos)\n' "$run" "$(echo "$end - $start" | bc)" \
    "$(echo "$imported" | wc -l)" "$photos"
done
