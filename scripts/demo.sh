#!/usr/bin/env bash
# Builds swarm-sd and its demo master, starts the demo master (a three-node classic Swarm on
# loopback), and runs swarm-sd's daemon against a dead master and the demo master for a few
# seconds: the logs show the failover, then the file_sd file it wrote is printed.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build --target swarm-sd swarm-sd-demo-master

port=${DEMO_PORT:-4000}
out=$(mktemp -d)
./build/tests/swarm-sd-demo-master "127.0.0.1:$port" &
demo=$!
trap 'kill "$demo" 2>/dev/null; rm -rf "$out"' EXIT
sleep 0.5

echo "--- swarm-sd daemon: first master is dead, second is the demo master (Ctrl-C to stop early)"
./build/swarm/swarm-sd --master http://127.0.0.1:1 --master "http://127.0.0.1:$port" \
    --output.file "$out/swarm.json" --refresh-interval 1s --label cluster=demo &
sd=$!
sleep 3
kill -TERM "$sd"
wait "$sd" || true
echo "--- $out/swarm.json, as Prometheus' file_sd_configs reads it:"
cat "$out/swarm.json"
