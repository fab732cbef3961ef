#!/bin/sh
# Prints a Prometheus configuration whose cadvisor job lists the swarm's ready nodes as
# static_configs, from one `swarm-sd --print`: for a Prometheus that can neither share a file
# with swarm-sd nor reach its /targets, or for a snapshot kept in version control.
#   compose/swarm-static-config.sh unix:///var/run/docker.sock > prometheus-swarm.yml
# Needs swarm-sd (or $SWARM_SD) and jq. Exits 1 with nothing on stdout when no master answered,
# so `> file` in a script that checks the exit status never keeps a half answer.
set -eu
swarm_sd="${SWARM_SD:-swarm-sd}"
masters=$(IFS=,; echo "$*")
targets=$("$swarm_sd" --print --master "$masters") || {
    echo "swarm-static-config.sh: no Swarm master answered" >&2
    exit 1
}
echo "scrape_configs:"
echo "  - job_name: cadvisor"
echo "    static_configs:"
printf '%s\n' "$targets" | jq -r '
    .[] | select(.labels.__meta_swarm_node_status | IN("ready", "Healthy"))
    | "      - targets: \(.targets | @json)\n        labels: {node: \(.labels.__meta_swarm_node_name | @json)}"'
