#!/usr/bin/env bash
# The three ways to run swarm-sd's image, run for real on Debian's Docker Engine (a step of
# .ci/run after the test suite; docs/testing.md):
#   1. build     the Dockerfile, built by a real engine (on the machine's network, for Debian's
#                mirror); the base image is made with debootstrap, as there is no registry
#   2. container the image against the engine's socket, configured by flags only and by the
#                environment only: each becomes healthy and its /targets lists the node
#   3. compose   `docker-compose up` of compose/docker-compose.yml's swarm-sd service: healthy,
#                /healthz through the published port, the node in swarm.json in the named volume
#   4. stack     `docker stack deploy` of compose/swarm-stack.yml: the swarm-sd task is healthy
#                and its /targets lists the node
#   5. tasks     `docker stack deploy` of compose/swarm-stack-tasks.yml (the exporters as tasks on
#                an overlay network): the swarm-sd task is healthy and serves each exporter's
#                /targets?service=..., and 404 for a service it does not list
# Runs 2-5 happen on an engine in a network namespace of its own, a one-node swarm.
#
#   tests/packaging/image_test.sh [CACHE_DIR]
# CACHE_DIR (default /var/cache/swarm-sd-ci) keeps the base image's tarball and the engine's data
# root between runs, so an unchanged build is cached. Needs root, dockerd, docker, docker-compose,
# debootstrap, curl, unshare and nsenter (scripts/setup-debian.sh installs them).
set -euo pipefail
cd "$(dirname "$0")/../.."
source tests/packaging/docker_engine.sh
# Debian's docker CLI (20.10, matching its engine), not another one earlier on the PATH.
export PATH="/usr/sbin:/usr/bin:$PATH" DOCKER_BUILDKIT=0

cache=${1:-/var/cache/swarm-sd-ci}
mirror=${SWARMSD_DEBIAN_MIRROR:-http://deb.debian.org/debian}
node=swarmsd-ci-node
work=$(mktemp -d /tmp/swarm-sd-image.XXXXXX)
results=()

cleanup() {
    local status=$?
    if [ -n "$engine_dir" ]; then
        # Leave the cached data root as a later run expects it: no swarm, no containers.
        docker swarm leave --force >/dev/null 2>&1 || true
        docker ps -aq | xargs -r docker rm -f >/dev/null 2>&1 || true
        docker volume prune -f >/dev/null 2>&1 || true
    fi
    engine_stop
    rm -rf "$work"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

fail() {
    echo "image_test: FAILED: $*" >&2
    [ -z "$engine_dir" ] || tail -15 "$engine_dir/dockerd.log" >&2
    exit 1
}

pass() {
    results+=("$*")
    echo "image_test: ok: $*"
}

# Waits until container $1 reports healthy (the image's own HEALTHCHECK: 30 s interval).
wait_healthy() {
    local container=$1 limit=${2:-150} status=""
    for _ in $(seq "$limit"); do
        status=$(docker inspect -f '{{if .State.Health}}{{.State.Health.Status}}{{end}}' \
            "$container" 2>/dev/null || true)
        [ "$status" = healthy ] && return 0
        sleep 1
    done
    echo "image_test: $container is '$status' after ${limit}s; its log and last checks:" >&2
    docker logs --tail 20 "$container" >&2 || true
    docker inspect -f '{{json .State.Health}}' "$container" >&2 || true
    return 1
}

# /targets of a daemon listening in container $1's network namespace at $2.
targets_in_container() {
    local pid
    pid=$(docker inspect -f '{{.State.Pid}}' "$1")
    nsenter --net="/proc/$pid/ns/net" curl -fsS --max-time 5 "http://$2/targets"
}

# `GET /targets?service=$3` in the network namespace of container $1, at address $2.
service_targets_in_container() {
    local pid
    pid=$(docker inspect -f '{{.State.Pid}}' "$1")
    nsenter --net="/proc/$pid/ns/net" curl -fsS --max-time 5 "http://$2/targets?service=$3"
}

# The first task of service $1 to run, or nothing after 90 s.
first_task_of() {
    local task=""
    for _ in $(seq 90); do
        task=$(docker ps -q --filter "label=com.docker.swarm.service.name=$1" | head -1)
        [ -n "$task" ] && break
        sleep 1
    done
    echo "$task"
}

lists_node() {
    grep -q "\"__meta_swarm_node_hostname\": \"$node\"" <<<"$1"
}

# --- 1. the base image and the build, on the machine's network -------------------------------
base_tar="$cache/debian-12-minbase.tar"
if [ ! -s "$base_tar" ]; then
    echo "image_test: making debian:12 with debootstrap from $mirror"
    debootstrap --variant=minbase bookworm "$work/rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 ||
        { tail -20 "$work/debootstrap.log" >&2; fail "debootstrap of bookworm from $mirror"; }
    mkdir -p "$cache"
    tar -C "$work/rootfs" -c . >"$base_tar.partial" && mv "$base_tar.partial" "$base_tar"
    rm -rf "$work/rootfs"
fi

engine_start "$work/build-engine" "$cache/docker" host swarmsd-ci-build
if ! docker image inspect debian:12 >/dev/null 2>&1; then
    docker import "$base_tar" debian:12 >/dev/null
fi
docker tag debian:12 debian:12-slim
revision=$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
started=$(date +%s)
# The build stage is tagged too, so that pruning the images a rebuild left behind keeps its layers.
docker build --network host --target build -t swarm-sd-build:ci --build-arg REVISION="$revision" \
    . >"$work/build.log" 2>&1 || { tail -30 "$work/build.log" >&2; fail "docker build"; }
docker build --network host -t swarm-sd:latest --build-arg REVISION="$revision" . \
    >>"$work/build.log" 2>&1 || { tail -30 "$work/build.log" >&2; fail "docker build"; }
build_seconds=$(($(date +%s) - started))
docker image prune -f >/dev/null
size=$(docker image inspect -f '{{.Size}}' swarm-sd:latest)
version=$(docker run --rm --network none swarm-sd:latest --version | head -1)
[[ "$version" == *"revision: $revision"* ]] || fail "--version says '$version', not revision $revision"
pass "build: ${build_seconds}s, image $((size / 1000000)) MB, '$version'"
engine_stop

# --- 2-4 on an engine in a network namespace of its own, a one-node swarm ---------------------
engine_start "$work/run-engine" "$cache/docker" own "$node"
docker swarm leave --force >/dev/null 2>&1 || true
docker swarm init --advertise-addr 127.0.1.1 --listen-addr 127.0.1.1:2377 >/dev/null
gid=$(stat -c %g "$engine_dir/docker.sock")
sock=/var/run/docker.sock

# 2. As a container: flags only, then the environment only; both at once.
docker run -d --name sd-flags --network host --group-add "$gid" -v "$sock:$sock:ro" \
    swarm-sd:latest --master "unix://$sock" --web.listen-address 127.0.3.1:9475 >/dev/null
docker run -d --name sd-env --network host --group-add "$gid" -v "$sock:$sock:ro" \
    -e SWARM_SD_MASTER="unix://$sock" -e SWARM_SD_WEB_LISTEN_ADDRESS=127.0.3.2:9475 \
    swarm-sd:latest >/dev/null
wait_healthy sd-flags || fail "the container configured by flags did not become healthy"
wait_healthy sd-env || fail "the container configured by the environment did not become healthy"
for address in 127.0.3.1:9475 127.0.3.2:9475; do
    answer=$(engine_in_netns curl -fsS --max-time 5 "http://$address/targets") ||
        fail "GET http://$address/targets"
    lists_node "$answer" || fail "/targets at $address does not list $node: $answer"
done
docker rm -f sd-flags sd-env >/dev/null
pass "container: configured by flags only and by the environment only, each healthy, /targets lists $node"

# 3. docker-compose: the swarm-sd service of the operators' file, as it is.
compose=(docker-compose -p swarmsdci -f compose/docker-compose.yml)
export DOCKER_GID=$gid REVISION=$revision
"${compose[@]}" up -d --no-build swarm-sd >"$work/compose.log" 2>&1 ||
    { cat "$work/compose.log" >&2; fail "docker-compose up"; }
container=$("${compose[@]}" ps -q swarm-sd)
wait_healthy "$container" || fail "the compose service did not become healthy"
engine_in_netns curl -fsS --max-time 5 http://127.0.0.1:9475/healthz >/dev/null ||
    fail "/healthz through the published port 9475"
volume=$(docker volume inspect -f '{{.Mountpoint}}' swarmsdci_swarm-sd)
lists_node "$(cat "$volume/swarm.json")" || fail "swarm.json in the volume does not list $node"
"${compose[@]}" down -v >>"$work/compose.log" 2>&1
pass "compose: healthy, /healthz on the published port, swarm.json in the named volume lists $node"

# 4. docker stack deploy: the operators' stack file, as it is. cAdvisor's and Prometheus' images
# cannot be pulled here; their tasks wait, which does not touch swarm-sd's.
SWARM_SD_IMAGE=swarm-sd:latest docker stack deploy -c compose/swarm-stack.yml swarmsdci \
    >"$work/stack.log" 2>&1 || { cat "$work/stack.log" >&2; fail "docker stack deploy"; }
task=""
for _ in $(seq 90); do
    task=$(docker ps -q --filter label=com.docker.swarm.service.name=swarmsdci_swarm-sd | head -1)
    [ -n "$task" ] && break
    sleep 1
done
[ -n "$task" ] || {
    docker service ps --no-trunc swarmsdci_swarm-sd >&2
    fail "no swarm-sd task started"
}
wait_healthy "$task" || fail "the stack's swarm-sd task did not become healthy"
answer=$(targets_in_container "$task" 127.0.0.1:9475) || fail "GET /targets in the task"
lists_node "$answer" || fail "the task's /targets does not list $node: $answer"
docker stack rm swarmsdci >/dev/null
pass "stack: the global swarm-sd task is healthy, its /targets lists $node"

# 5. The exporters as tasks on an overlay network: the operators' second stack file, as it is.
# Their images cannot be pulled here, so no exporter task runs: each service's targets are `[]`.
# The first stack's services go first (both publish Prometheus on 9090).
for _ in $(seq 60); do
    [ -z "$(docker service ls -q --filter label=com.docker.stack.namespace=swarmsdci)" ] && break
    sleep 1
done
STACK=swarmsdtasks SWARM_SD_IMAGE=swarm-sd:latest \
    docker stack deploy -c compose/swarm-stack-tasks.yml swarmsdtasks >"$work/stack-tasks.log" 2>&1 ||
    { cat "$work/stack-tasks.log" >&2; fail "docker stack deploy of the tasks stack"; }
task=$(first_task_of swarmsdtasks_swarm-sd)
[ -n "$task" ] || {
    docker service ps --no-trunc swarmsdtasks_swarm-sd >&2
    fail "no swarm-sd task of the tasks stack started"
}
wait_healthy "$task" || fail "the tasks stack's swarm-sd task did not become healthy"
for service in swarmsdtasks_cadvisor swarmsdtasks_node-exporter; do
    answer=$(service_targets_in_container "$task" 127.0.0.1:9475 "$service") ||
        fail "GET /targets?service=$service in the task"
    [ "${answer:0:1}" = "[" ] || fail "/targets?service=$service is not a list: $answer"
done
if service_targets_in_container "$task" 127.0.0.1:9475 swarmsdtasks_nope >/dev/null 2>&1; then
    fail "/targets?service= of a service swarm-sd does not list did not fail"
fi
docker stack rm swarmsdtasks >/dev/null
pass "tasks stack: the swarm-sd task is healthy and serves each exporter's /targets?service="

echo
printf 'image_test: %s\n' "${results[@]}"
