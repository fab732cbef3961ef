#!/usr/bin/env bash
# The README's --print script, compose/swarm-static-config.sh, run against the demo master (a
# swarm-mode manager with a ready manager, a ready worker and a down worker, on a unix socket):
# its output is exactly the two ready nodes and promtool accepts it as a configuration; with no
# master answering it exits 1 and prints nothing.
#   static_config_check.sh SOURCE_DIR SWARM_SD DEMO_MASTER PROMTOOL WORK_DIR
set -euo pipefail
source="$1" swarm_sd="$2" demo="$3" promtool="$4" work="$5"
rm -rf "$work" && mkdir -p "$work"
"$demo" --swarm "$work/demo.sock" > /dev/null &
demo_pid=$!
trap 'kill $demo_pid 2>/dev/null || true' EXIT
for _ in $(seq 100); do [ -S "$work/demo.sock" ] && break; sleep 0.05; done

SWARM_SD="$swarm_sd" "$source/compose/swarm-static-config.sh" "unix://$work/demo.sock" > "$work/out.yml"
cat > "$work/expected.yml" <<'YAML'
scrape_configs:
  - job_name: cadvisor
    static_configs:
      - targets: ["10.20.0.11:8070"]
        labels: {node: "mgr-1"}
      - targets: ["10.20.0.21:8070"]
        labels: {node: "wrk-1"}
YAML
diff -u "$work/expected.yml" "$work/out.yml"
"$promtool" check config "$work/out.yml"

status=0
SWARM_SD="$swarm_sd" "$source/compose/swarm-static-config.sh" "unix://$work/none.sock" \
    > "$work/none.yml" 2> "$work/none.err" || status=$?
[ "$status" -eq 1 ] || { echo "no master: exit $status, want 1" >&2; exit 1; }
[ ! -s "$work/none.yml" ] || { echo "no master: printed something:" >&2; cat "$work/none.yml" >&2; exit 1; }
grep -q "no Swarm master answered" "$work/none.err"
echo "static config of the ready nodes written; exit 1 and nothing printed without a master"
