#!/usr/bin/env bash
# Builds the fuzz targets with libFuzzer on stable Rust and runs each for a bounded time.
#
#   fuzz/run.sh [SECONDS] [TARGET...]     (default: 60 s each, every target in fuzz_targets/)
#
# cargo-fuzz needs nightly only for its sanitizer flags; the coverage instrumentation
# libFuzzer steers by (sancov) is set with stable flags here (rustc-wrapper.sh), so this
# finds panics, overflows, hangs and memory blow-ups but not the memory errors
# AddressSanitizer would.
# Each target starts from the committed seeds in fuzz/corpus/TARGET (read-only) and the
# corpus it grew before, kept in target/fuzz/corpus/TARGET (not committed). Exits non-zero
# when any target crashes, times out (10 s for one input) or goes over 2 GB of memory; the
# input is written to fuzz/artifacts/TARGET/ and its path printed.
set -euo pipefail
cd "$(dirname "$0")"
fuzz_dir=$PWD

seconds=${1:-60}
[ "$#" -gt 0 ] && shift
if [ "$#" -gt 0 ]; then
  targets=("$@")
else
  targets=()
  for file in fuzz_targets/*.rs; do
    name=${file##*/}
    targets+=("${name%.rs}")
  done
fi
# Two at a time: the CI machine has two cores.
jobs=${FUZZ_JOBS:-2}

work=${FUZZ_WORK_DIR:-$fuzz_dir/../target/fuzz}
mkdir -p "$work"
work=$(cd "$work" && pwd)
# rustc-wrapper.sh instruments the code under test; Cargo.toml's `libfuzzer` profile says
# what is optimised.
export RUSTC_WRAPPER=$fuzz_dir/rustc-wrapper.sh
export CARGO_TARGET_DIR=$work
echo "building ${targets[*]} (target dir $work)"
build_started=$SECONDS
bin_args=()
for target in "${targets[@]}"; do bin_args+=(--bin "$target"); done
cargo build --profile libfuzzer --locked "${bin_args[@]}"
echo "built in $((SECONDS - build_started)) s"
bin=$work/libfuzzer

run() {
  local target=$1 log=$work/$1.log tmp=$work/tmp/$1
  rm -rf "$tmp"
  mkdir -p "$work/corpus/$target" "$fuzz_dir/corpus/$target" "$fuzz_dir/artifacts/$target" "$tmp"
  # TMPDIR: the scratch folders of the image and import targets.
  local status=0
  TMPDIR=$tmp "$bin/$target" "$work/corpus/$target" "$fuzz_dir/corpus/$target" \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="$fuzz_dir/artifacts/$target/" -print_final_stats=1 \
    >"$log" 2>&1 || status=$?
  rm -rf "$tmp"
  if [ "$status" -eq 0 ]; then
    echo "== $target: ok: $(grep -E '^#[0-9]+' "$log" | tail -n 1)"
    return 0
  fi
  echo "== $target: FAILED (exit $status); the last lines of $log:"
  tail -n 40 "$log"
  grep -h 'Test unit written to' "$log" | sed 's/^.*Test unit written to /crashing input: /' || true
  return 1
}

echo "running each for ${seconds} s, $jobs at a time"
for target in "${targets[@]}"; do
  while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do sleep 1; done
  rm -f "$work/$target.failed"
  { run "$target" || touch "$work/$target.failed"; } &
done
wait
failed=()
for target in "${targets[@]}"; do
  [ -e "$work/$target.failed" ] && failed+=("$target")
done
if [ "${#failed[@]}" -gt 0 ]; then
  echo "fuzzing failed: ${failed[*]} (inputs in fuzz/artifacts/; add each as a test before fixing it)"
  exit 1
fi
echo "fuzzing: no crash in ${targets[*]}"
