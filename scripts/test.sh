#!/usr/bin/env bash
# Builds swarm-sd twice, plain and with AddressSanitizer + UndefinedBehaviorSanitizer, and runs
# the whole test suite (unit, fake-master and end-to-end tests) against each build.
set -euo pipefail
cd "$(dirname "$0")/.."

# parser/, rotation/ and output/ stay free of sockets (../shared/design.md).
if grep -rnE '#include *<boost/(asio|beast)' parser rotation output; then
    echo "error: parser/, rotation/ and output/ must not include Asio or Beast" >&2
    exit 1
fi

run_suite() {
    local dir=$1; shift
    cmake -S . -B "$dir" -G Ninja "$@"
    cmake --build "$dir"
    ctest --test-dir "$dir" --output-on-failure -j2
}

run_suite build -DCMAKE_BUILD_TYPE=RelWithDebInfo
# halt_on_error/abort make any sanitizer finding fail the test that caused it.
export ASAN_OPTIONS=detect_leaks=1:halt_on_error=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
run_suite build-sanitize -DCMAKE_BUILD_TYPE=Debug -DSWARMSD_SANITIZE=ON
# libFuzzer on the parsers and splitters, about a minute in all (scripts/fuzz.sh documents long
# runs); any finding fails the run and leaves its input in build-fuzz/findings/.
scripts/fuzz.sh 20
