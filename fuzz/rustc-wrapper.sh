#!/bin/sh
# Cargo's RUSTC_WRAPPER for run.sh: adds libFuzzer's coverage instrumentation (the flags
# cargo-fuzz passes, less the sanitizer; all stable) to the fuzz targets and the crates
# whose parsing they exercise, and only to them, so the build stays short. The library's
# other dependencies (templates, spreadsheets, command line, pixel work in `image` …) are
# compiled as usual. Cargo does not see these flags: after changing the list, delete
# target/fuzz/libfuzzer.
rustc=$1
shift
instrument=
case " $* " in
  *" fuzz_targets/"*) instrument=1 ;;
esac
for crate in jiebie zune_jpeg png fdeflate miniz_oxide exif zip quick_xml \
    pulldown_cmark ammonia html5ever markup5ever yaml_rust2; do
  case " $* " in
    *" --crate-name $crate "*) instrument=1 ;;
  esac
done
if [ -n "$instrument" ]; then
  exec "$rustc" "$@" \
    -Cpasses=sancov-module \
    -Cllvm-args=-sanitizer-coverage-level=4 \
    -Cllvm-args=-sanitizer-coverage-inline-8bit-counters \
    -Cllvm-args=-sanitizer-coverage-pc-table \
    -Cllvm-args=-sanitizer-coverage-trace-compares \
    --cfg fuzzing
fi
exec "$rustc" "$@"
