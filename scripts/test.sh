#!/usr/bin/env bash
# Builds swarm-sd twice, plain and with AddressSanitizer + UndefinedBehaviorSanitizer, and runs
# the whole test suite (unit, fake-master and end-to-end tests) against each build.
set -euo pipefail
cd "$(dirname "$0")/.."

# text/, parser/, rotation/ and output/ stay free of sockets (../shared/design.md).
if grep -rnE '#include *<boost/(asio|beast)' text parser rotation output; then
    echo "error: text/, parser/, rotation/ and output/ must not include Asio or Beast" >&2
    exit 1
fi
# text/ is the bottom of the house: it includes nothing of the project's other rooms.
if grep -rnE '#include "(parser|rotation|output|swarm)/' text; then
    echo "error: text/ must include nothing of parser/, rotation/, output/ or swarm/" >&2
    exit 1
fi

# The rooms of swarm/ point one way: web and telemetry know nothing of masters, config nothing
# of sockets nor of the domain (only text/) (../shared/design.md, README "Architecture").
run_modes='daemon|print_once|healthcheck|clusters/'
if grep -rnE "#include \"swarm/(master|telemetry|web|$run_modes)" swarm/config ||
   grep -rnE '#include "(parser|output|rotation)/' swarm/config ||
   grep -rnE "#include \"swarm/(master|web|$run_modes)" swarm/telemetry ||
   grep -rnE "#include \"swarm/(master|$run_modes)" swarm/web ||
   grep -rnE "#include \"swarm/(web|$run_modes)" swarm/master ||
   grep -rnE '#include "parser/' swarm/web ||
   grep -rnE '#include <boost/(asio|beast)' swarm/config swarm/telemetry; then
    echo "error: an arrow above points the wrong way between the rooms of swarm/" >&2
    exit 1
fi

# The house style, as .clang-format says it (clang-format 14, Debian 12's).
if ! git ls-files '*.cpp' '*.hpp' | xargs clang-format --dry-run --Werror; then
    echo "error: files above are not formatted: run clang-format -i on them" >&2
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
