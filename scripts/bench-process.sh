#!/usr/bin/env bash
# Whole-process figures for docs/performance.md, side by side in one run:
#   print   `swarm-sd --print` against the demo master (N realistic nodes, swarm mode and classic)
#           beside `bare_parse`, a process that only reads the same body and parses it with
#           boost::json::parse; CPU (user + sys) and peak RSS by /usr/bin/time, median of RUNS
#   daemon  the daemon polling the demo master every second: peak RSS (VmHWM) and CPU per poll
#   tasks   `swarm-sd --print --tasks.service` against the demo master's global service (a task
#           on every node) beside `bare_parse` of both bodies it reads, /nodes and /tasks
#   prom    with --prometheus: Prometheus' own dockerswarm_sd on the same /nodes answer, its CPU
#           per refresh (over a run without discovery) beside the daemon's CPU per poll
#
#   scripts/bench-process.sh [--prometheus] [NODES...]     (default: 1000 10000)
set -euo pipefail
cd "$(dirname "$0")/.."
with_prometheus=false
if [ "${1:-}" = --prometheus ]; then with_prometheus=true; shift; fi
sizes=("${@:-1000 10000}")
read -r -a sizes <<<"${sizes[*]}"
runs=${RUNS:-7}

cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DSWARMSD_BUILD_BENCH=ON \
    -DSWARMSD_BUILD_TESTS=OFF >/dev/null
cmake --build build-bench --target swarm-sd swarm-sd-demo-master bare_parse >/dev/null
bin=build-bench
# shellcheck source=scripts/bench-common.sh
. scripts/bench-common.sh
bench_start swarm-sd-bench

# Median of the numbers on stdin.
median() { sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }

# "cpu_ms rss_kib" of one run of a command: CPU (user + sys, exactly) by perf stat's task-clock,
# peak RSS by /usr/bin/time.
measure() {
    perf stat -x, -e task-clock -o "$work/perf" /usr/bin/time -f "%M" -o "$work/time" "$@" >/dev/null
    printf '%s %s\n' "$(awk -F, '/task-clock/ {printf "%.1f", $1}' "$work/perf")" "$(cat "$work/time")"
}

start_master() {  # mode nodes; sets $socket (not a $(...): the master must be this shell's child)
    socket="$work/$1-$2.sock"
    local flag=""
    [ "$1" = swarm ] && flag=--swarm
    $bin/demo/swarm-sd-demo-master $flag "$socket" "$2" 2>/dev/null &
    pids+=($!)
    path=/info
    [ "$1" = swarm ] && path=/nodes
    # Ready when it answers with its nodes (a large body takes a moment to build).
    for _ in $(seq 300); do
        curl -fsS --unix-socket "$socket" "http://master$path" -o /dev/null 2>/dev/null && break
        sleep 0.1
    done
}



# One row: `swarm-sd --print` (with the flags after $3) against the master at $socket beside
# `bare_parse` of $work/body.json, RUNS times each; $1 names the row, $2 its size.
print_beside_bare() {
    local row=$1 n=$2; shift 2
    local bytes limit
    bytes=$(stat -c %s "$work/body.json")
    limit=$(((bytes / 1048576 + 2) * 2))MiB
    : >"$work/print" && : >"$work/bare"
    for _ in $(seq "$runs"); do
        measure $bin/swarm/swarm-sd --print --master "unix://$socket" --max-body-size "$limit" \
            --log.level error "$@" >>"$work/print"
        measure $bin/bench/bare_parse <"$work/body.json" >>"$work/bare"
    done
    p_cpu=$(cut -d' ' -f1 "$work/print" | median) b_cpu=$(cut -d' ' -f1 "$work/bare" | median)
    p_rss=$(cut -d' ' -f2 "$work/print" | median) b_rss=$(cut -d' ' -f2 "$work/bare" | median)
    printf '%-8s %7s %10.1f | %14.1f %14.1f %6.2f | %9s KiB %9s KiB\n' "$row" "$n" \
        "$(echo "$bytes / 1048576" | bc -l)" "$p_cpu" "$b_cpu" "$(echo "$p_cpu / $b_cpu" | bc -l)" \
        "$p_rss" "$b_rss"
}

print_header() {
    printf '%-8s %7s %10s | %14s %14s %6s | %12s %12s\n' "$1" nodes body_MiB \
        "print_cpu_ms" "bare_cpu_ms" ratio "print_rss" "bare_rss"
}

print_header mode
modes=(swarm classic)
if [ "${TASKS_ONLY:-}" = 1 ]; then modes=(); fi  # TASKS_ONLY=1: the tasks table alone
for mode in "${modes[@]}"; do
    for n in "${sizes[@]}"; do
        start_master "$mode" "$n"
        curl -fsS --unix-socket "$socket" "http://master$path" -o "$work/body.json"
        print_beside_bare "$mode" "$n"
    done
done

# Service tasks: `--print --tasks.service` lists the nodes and then the tasks of the demo master's
# global service (a task on every node, about 2.4 KiB each); the yardstick parses both bodies,
# everything swarm-sd receives, as one document.
echo
print_header tasks
for n in "${sizes[@]}"; do
    start_master swarm "$n"
    curl -fsS --unix-socket "$socket" "http://master/nodes" -o "$work/nodes.json"
    curl -fsS --unix-socket "$socket" "http://master/tasks" -o "$work/tasks.json"
    { printf '['; cat "$work/nodes.json"; printf ','; cat "$work/tasks.json"; printf ']'; } >"$work/body.json"
    print_beside_bare tasks "$n" --tasks.service demo_cadvisor:8080
done
if [ "${TASKS_ONLY:-}" = 1 ]; then exit 0; fi

echo
printf '%-8s %7s | %12s %12s %16s\n' mode nodes polls peak_rss cpu_ms_per_poll
port=19475
for n in "${sizes[@]}"; do
    start_master swarm "$n"
    port=$((port + 1))
    $bin/swarm/swarm-sd --master "unix://$socket" --refresh-interval 1s --events=false \
        --web.listen-address "127.0.0.1:$port" --max-body-size 256MiB --log.level error &
    daemon=$!
    pids+=("$daemon")
    sleep 3  # the first poll and start-up, not counted
    polls0=$(metric "$port" 'swarm_sd_polls_total{')
    cpu0=$(process_cpu_ms "$daemon")
    sleep 20
    polls1=$(metric "$port" 'swarm_sd_polls_total{')
    cpu1=$(process_cpu_ms "$daemon")
    hwm=$(awk '/VmHWM/ {print $2}' "/proc/$daemon/status")
    polls=$(echo "$polls1 - $polls0" | bc)
    per_poll=$(echo "($cpu1 - $cpu0) / $polls" | bc -l)
    printf '%-8s %7s | %12s %8s KiB %16.1f\n' swarm "$n" "$polls" "$hwm" "$per_poll"
    echo "$n $per_poll" >>"$work/daemon"
    kill "$daemon"
done

if ! $with_prometheus; then exit 0; fi
echo
printf '%7s | %18s %22s %8s\n' nodes prom_cpu_ms_per_refresh swarm_sd_cpu_ms_per_poll ratio
for n in "${sizes[@]}"; do
    start_master swarm "$n"
    for sd in none dockerswarm; do
        mkdir -p "$work/prom-$sd"
        {
            echo "global: {scrape_interval: 1h}"
            echo "scrape_configs:"
            echo "  - job_name: swarm"
            if [ $sd = dockerswarm ]; then
                echo "    dockerswarm_sd_configs:"
                echo "      - {host: 'unix://$socket', role: nodes, refresh_interval: 1s}"
            else
                echo "    static_configs: [{targets: ['127.0.0.1:1']}]"
            fi
        } >"$work/prom-$sd/prometheus.yml"
        prometheus --config.file "$work/prom-$sd/prometheus.yml" --storage.tsdb.path "$work/prom-$sd/data" \
            --web.listen-address 127.0.0.1:19190 --log.level error 2>/dev/null &
        prom=$!
        pids+=("$prom")
        sleep 5
        c0=$(process_cpu_ms "$prom")
        r0=$(curl -fsS 127.0.0.1:19190/metrics | awk '/^prometheus_sd_refresh_duration_seconds_count\{mechanism="dockerswarm"/ {print $2}')
        sleep 20
        c1=$(process_cpu_ms "$prom")
        r1=$(curl -fsS 127.0.0.1:19190/metrics | awk '/^prometheus_sd_refresh_duration_seconds_count\{mechanism="dockerswarm"/ {print $2}')
        kill "$prom"
        wait "$prom" 2>/dev/null || true
        if [ $sd = none ]; then
            idle=$(echo "$c1 - $c0" | bc -l)
        else
            refreshes=$(echo "${r1:-0} - ${r0:-0}" | bc)
            prom_per=$(echo "($c1 - $c0 - $idle) / $refreshes" | bc -l)
        fi
    done
    ours=$(awk -v n="$n" '$1 == n {print $2}' "$work/daemon")
    printf '%7s | %18.1f %22.1f %8.2f\n' "$n" "$prom_per" "$ours" "$(echo "$ours / $prom_per" | bc -l)"
done
