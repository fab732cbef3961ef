#!/usr/bin/env bash
# Whole-process figures of one swarm-sd serving several clusters (docs/performance.md):
#   alone   the daemon serving one cluster of N realistic swarm-mode nodes (the demo master),
#           polling every second: peak RSS (VmHWM) and CPU per listing
#   several the daemon serving C such clusters (--config.file), each polling every second: peak
#           RSS, and CPU per listing of one cluster beside the figure alone
#   reload  a reload that changes one of C clusters (resync 10m, so no timer lists in between):
#           the listings it caused in the others (the target is none)
#
#   scripts/bench-clusters.sh [CLUSTERS] [NODES]     (default: 10 1000)
set -euo pipefail
cd "$(dirname "$0")/.."
clusters=${1:-10}
nodes=${2:-1000}
seconds=${SECONDS_MEASURED:-20}

cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DSWARMSD_BUILD_BENCH=ON \
    -DSWARMSD_BUILD_TESTS=OFF >/dev/null
cmake --build build-bench --target swarm-sd swarm-sd-demo-master >/dev/null
bin=build-bench
# shellcheck source=scripts/bench-common.sh
. scripts/bench-common.sh
bench_start swarm-sd-bench-clusters


for i in $(seq "$clusters"); do
    $bin/demo/swarm-sd-demo-master --swarm "$work/m$i.sock" "$nodes" 2>/dev/null &
    pids+=($!)
done
for i in $(seq "$clusters"); do
    for _ in $(seq 300); do
        curl -fsS --unix-socket "$work/m$i.sock" http://master/nodes -o /dev/null 2>/dev/null && break
        sleep 0.1
    done
done

config() {  # refresh_interval [a label value for c1]; the clusters file
    echo "clusters:"
    for i in $(seq "$clusters"); do
        local labels=""
        if [ "$i" = 1 ] && [ -n "${2:-}" ]; then labels=", labels: {changed: \"$2\"}"; fi
        echo "  - {name: c$i, masters: [unix://$work/m$i.sock], refresh_interval: $1, events: false, max_body_size: 64MiB$labels}"
    done
}

# Runs the daemon with $@ for $seconds after a 3 s start; prints "listings cpu_ms hwm_kib".
measure_daemon() {
    local port=$1; shift
    $bin/swarm/swarm-sd "$@" --web.listen-address "127.0.0.1:$port" --log.level error &
    local daemon=$!
    pids+=("$daemon")
    sleep 3
    local l0 c0 l1 c1
    l0=$(metric "$port" 'swarm_sd_polls_total{') c0=$(process_cpu_ms "$daemon")
    sleep "$seconds"
    l1=$(metric "$port" 'swarm_sd_polls_total{') c1=$(process_cpu_ms "$daemon")
    echo "$(echo "$l1 - $l0" | bc) $(echo "$c1 - $c0" | bc -l) $(awk '/VmHWM/ {print $2}' "/proc/$daemon/status")"
    kill "$daemon"
    wait "$daemon" 2>/dev/null || true
}

printf '%-8s %8s %6s | %9s %12s %16s\n' run clusters nodes listings peak_rss cpu_ms_per_listing
read -r l c h < <(measure_daemon 19571 --master "unix://$work/m1.sock" --refresh-interval 1s \
    --events=false --max-body-size 64MiB)
alone=$(echo "$c / $l" | bc -l)
printf '%-8s %8s %6s | %9s %8s KiB %16.2f\n' alone 1 "$nodes" "$l" "$h" "$alone"

config 1s >"$work/clusters.yml"
read -r l c h < <(measure_daemon 19572 --config.file "$work/clusters.yml")
several=$(echo "$c / $l" | bc -l)
printf '%-8s %8s %6s | %9s %8s KiB %16.2f   (%.2fx alone)\n' several "$clusters" "$nodes" "$l" "$h" \
    "$several" "$(echo "$several / $alone" | bc -l)"

# A reload that changes c1 alone: the others must not list again.
config 10m >"$work/clusters.yml"
$bin/swarm/swarm-sd --config.file "$work/clusters.yml" --web.listen-address 127.0.0.1:19573 \
    --log.level error &
daemon=$!
pids+=("$daemon")
sleep 3
others() { curl -fsS http://127.0.0.1:19573/metrics |
    awk 'index($0, "swarm_sd_polls_total{") == 1 && $0 !~ /cluster="c1"/ {s += $NF} END {print s + 0}'; }
before=$(others)
config 10m changed >"$work/clusters.yml"
curl -fsS -X POST http://127.0.0.1:19573/-/reload
sleep 3
after=$(others)
echo "listings of the $((clusters - 1)) unchanged clusters caused by the reload: $((after - before))"
