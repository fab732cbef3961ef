#!/usr/bin/env bash
# What an event storm costs swarm-sd and the master, and one change's latency at 4, 1,000 and
# NODES nodes, in swarm mode and classic, against the project's fake master (no root, no engine).
# Prints the two tables of docs/performance.md ("Event storms"). About five minutes.
#   scripts/bench-storm.sh [NODES EVENTS SECONDS]    (default 10000 2000 10)
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build --target event_storm swarm-sd >/dev/null
./build/tests/event_storm "$@"
