#!/usr/bin/env bash
# The time from a task change on a real Engine (a one-replica service updated with --force) to
# swarm-sd's file, listing tasks every INTERVAL seconds: the target is one interval plus 250 ms.
# Needs root, dockerd and busybox-static (scripts/setup-debian.sh). About INTERVAL + 5 s a change.
#   scripts/bench-tasks.sh [CHANGES [INTERVAL_S [timer]]]   (default 10 changes, 5 s, events)
# `timer`: swarm-sd follows no events, so the tasks' timer alone finds each change (the worst case).
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build --target task_latency swarm-sd
./build/tests/task_latency "${1:-10}" "${2:-5}" ${3:-}
