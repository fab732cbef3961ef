#!/usr/bin/env bash
# Builds an optimised swarm-sd with the benchmarks and runs them. Speed targets are measured here,
# never asserted in unit tests.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DSWARMSD_BUILD_BENCH=ON -DSWARMSD_BUILD_TESTS=OFF
cmake --build build-bench --target pipeline_bench
./build-bench/bench/pipeline_bench "$@"
