# Shared by the whole-process benchmarks (sourced, not run): a work directory and the processes
# started in it, both gone when the script ends however it ends; CPU and /metrics readers.
#   bench_start NAME      sets $work (a fresh /tmp/NAME.XXXXXX) and $pids (add every child to it)

bench_start() {
    work=$(mktemp -d "/tmp/$1.XXXXXX")
    pids=()
    trap bench_cleanup EXIT
}

bench_cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work"
}

# utime + stime of a pid, in ms.
process_cpu_ms() {
    awk -v hz="$(getconf CLK_TCK)" '{print ($14 + $15) * 1000 / hz}' "/proc/$1/stat"
}

# The sum of the values of the /metrics lines of the daemon on 127.0.0.1:$1 that start with $2.
metric() {
    curl -fsS "http://127.0.0.1:$1/metrics" | awk -v m="$2" 'index($0, m) == 1 {s += $NF} END {print s + 0}'
}
