#!/usr/bin/env bash
# The time from a change on a real swarm to the targets: swarm-sd (events) beside Prometheus'
# dockerswarm_sd at 5 s and 60 s, on four real engines on loopback (needs root, dockerd,
# prometheus: scripts/setup-debian.sh). About a minute per change, for Prometheus at 60 s.
#   scripts/bench-events.sh [CHANGES]   (default 10)
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build --target event_latency swarm-sd
./build/tests/event_latency "${1:-10}"
