#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan) and fuzzes each for SECONDS (default 60),
# seeded from tests/data and tests/fuzz/inputs/<target>. A finding stops the run with exit 1 and
# leaves the input as build-fuzz/findings/<target>/crash-*: copy it into tests/fuzz/inputs/<target>/
# so ctest replays it from then on (Fuzz.Replay.<target>), then fix the code.
#   scripts/fuzz.sh            about a minute in all (what .ci/run does)
#   scripts/fuzz.sh 600 -jobs=2 -workers=2   ten minutes per target on both cores
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-20}
shift || true
targets=(info nodes splitters tasks)
cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSWARMSD_FUZZ=ON \
    -DCMAKE_CXX_COMPILER=clang++
cmake --build build-fuzz --target "${targets[@]/#/fuzz_}"
export ASAN_OPTIONS=detect_leaks=1:halt_on_error=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
for target in "${targets[@]}"; do
    corpus=build-fuzz/corpus/$target
    findings=build-fuzz/findings/$target
    mkdir -p "$corpus" "$findings"
    seeds=(tests/fuzz/inputs/"$target")
    if [ "$target" != splitters ]; then seeds+=(tests/data); fi
    echo "== fuzz_$target for ${seconds}s"
    # -rss_limit_mb: a parser that needs more than this on one input is a finding too.
    build-fuzz/tests/fuzz/fuzz_"$target" "$corpus" "${seeds[@]}" -max_total_time="$seconds" \
        -max_len=65536 -rss_limit_mb=2048 -timeout=10 -artifact_prefix="$findings/" \
        -print_final_stats=1 "$@"
done
