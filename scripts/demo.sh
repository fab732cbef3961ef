#!/usr/bin/env bash
# Builds swarm-sd and its demo master, starts the demo master (a three-node classic Swarm on
# loopback), and runs swarm-sd's daemon against a dead master and the demo master for a few
# seconds: the logs show the failover; then what its web server answers (/healthz, /metrics) and
# the file_sd file it wrote (the same bytes /targets serves) are printed.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build-demo -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSWARMSD_BUILD_TESTS=OFF >/dev/null
cmake --build build-demo --target swarm-sd swarm-sd-demo-master

port=${DEMO_PORT:-4000}
web_port=${DEMO_WEB_PORT:-9475}
out=$(mktemp -d)
./build-demo/demo/swarm-sd-demo-master "127.0.0.1:$port" &
demo=$!
trap 'kill "$demo" 2>/dev/null; rm -rf "$out"' EXIT
sleep 0.5

# GET a path from swarm-sd's web server with bash alone (no curl needed); prints the body.
http_get() {
    exec 3<>"/dev/tcp/127.0.0.1/$web_port"
    printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' "$1" >&3
    sed '1,/^\r$/d' <&3
    exec 3<&-
}

echo "--- swarm-sd daemon: first master is dead, second is the demo master"
./build-demo/swarm/swarm-sd --master http://127.0.0.1:1 --master "http://127.0.0.1:$port" \
    --output.file "$out/swarm.json" --refresh-interval 1s --label cluster=demo \
    --web.listen-address "127.0.0.1:$web_port" &
sd=$!
sleep 3
echo "--- GET http://127.0.0.1:$web_port/healthz"
http_get /healthz
echo "--- GET http://127.0.0.1:$web_port/metrics (polls and failures)"
http_get /metrics | grep -E '^swarm_sd_(polls_total|poll_failures_total\{.*reason="refused"|current_master|targets)'
kill -TERM "$sd"
wait "$sd" || true
echo "--- $out/swarm.json, as Prometheus' file_sd_configs reads it (and http_sd_configs at /targets):"
cat "$out/swarm.json"
