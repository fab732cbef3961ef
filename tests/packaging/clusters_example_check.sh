#!/usr/bin/env bash
# The several-clusters example (compose/clusters/): swarm-sd accepts its clusters file, promtool
# its prometheus.yml, docker-compose its compose file, and prometheus.yml has one http_sd_configs
# entry for each cluster of the file, and none for another.
#   clusters_example_check.sh SOURCE_DIR SWARM_SD PROMTOOL DOCKER_COMPOSE WORK_DIR
set -euo pipefail
source="$1" swarm_sd="$2" promtool="$3" compose="$4" work="$5"
example="$source/compose/clusters"
rm -rf "$work" && mkdir -p "$work"

line=$("$swarm_sd" --config.file "$example/config/clusters.yml" --config.check)
echo "$line"
names=$(echo "$line" | sed -n 's/.*(\(.*\))$/\1/p' | tr -d ' ' | tr ',' '\n' | sort)
asked=$(grep -o 'targets?cluster=[a-z0-9_-]*' "$example/prometheus.yml" | sed 's/.*=//' | sort)
if [ "$names" != "$asked" ]; then
    echo "prometheus.yml asks for clusters [$asked], the file has [$names]" >&2
    exit 1
fi

# As the compose file mounts them: the alerting rules beside prometheus.yml.
cp "$example/prometheus.yml" "$source/compose/swarm-sd-alerts.yml" "$work/"
"$promtool" check config "$work/prometheus.yml"

(cd "$example" && env -u SWARM_SD_CONFIG_FILE "$compose" -f docker-compose.yml config > "$work/compose.yml")
grep -q 'SWARM_SD_CONFIG_FILE: /etc/swarm-sd/clusters.yml' "$work/compose.yml"
echo "the clusters example holds together: $(echo $names | tr '\n' ' ')"
