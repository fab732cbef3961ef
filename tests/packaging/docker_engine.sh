# Sourced by image_test.sh: one real Docker Engine (Debian's dockerd 20.10) at a time, started
# the way the tests start theirs (no bridge, no iptables, vfs), on a data root that outlives it.
#
#   engine_start DIR DATA_ROOT NETWORK HOSTNAME
#       NETWORK=host   the machine's network, so a build can reach Debian's mirror
#       NETWORK=own    a network namespace of its own with only lo: the bridges, the swarm's
#                      interfaces and every published port stay inside it
#   engine_in_netns CMD...   runs CMD in the engine's network namespace (to ask its ports)
#   engine_stop              stops it (SIGTERM, SIGKILL after 30 s) and whatever it left running
#
# The engine runs in a mount namespace of its own, with a tmpfs on /run: its socket is
# /var/run/docker.sock there (the path the compose and stack files mount), nothing it mounts
# reaches the host, and everything is gone when it stops. The host side talks to it through a
# second socket, DIR/docker.sock, exported as DOCKER_HOST.

engine_dir="" engine_pid=""

engine_start() {
    local dir=$1 data_root=$2 network=$3 name=$4
    engine_dir=$dir
    mkdir -p "$dir/exec" "$data_root"
    local namespaces=(--mount --propagation private --uts --fork --kill-child)
    if [ "$network" = own ]; then namespaces+=(--net); fi
    unshare "${namespaces[@]}" bash -c '
        set -e
        if [ "$1" = own ]; then ip link set lo up; fi
        hostname "$2"
        mount -t tmpfs -o mode=755 tmpfs /run
        exec dockerd --data-root "$3" --exec-root "$4/exec" --pidfile "$4/pid" \
            -H unix:///var/run/docker.sock -H "unix://$4/docker.sock" \
            --iptables=false --ip6tables=false --bridge=none --storage-driver=vfs
    ' engine "$network" "$name" "$data_root" "$dir" >"$dir/dockerd.log" 2>&1 &
    export DOCKER_HOST="unix://$dir/docker.sock"
    local waited=0
    until docker version >/dev/null 2>&1; do
        if [ "$waited" -ge 60 ]; then
            echo "error: dockerd did not answer within 30 s; its log:" >&2
            tail -20 "$dir/dockerd.log" >&2
            return 1
        fi
        sleep 0.5
        waited=$((waited + 1))
    done
    engine_pid=$(cat "$dir/pid")
}

engine_in_netns() {
    nsenter --net="/proc/$engine_pid/ns/net" "$@"
}

engine_stop() {
    [ -n "$engine_dir" ] || return 0
    local pid
    pid=$(cat "$engine_dir/pid" 2>/dev/null || true)
    if [ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null; then
        local waited=0
        while kill -0 "$pid" 2>/dev/null && [ "$waited" -lt 60 ]; do
            sleep 0.5
            waited=$((waited + 1))
        done
        kill -KILL "$pid" 2>/dev/null || true
    fi
    # containerd and its shims name the exec root on their command lines.
    pkill -KILL -f -- "$engine_dir/exec" 2>/dev/null || true
    wait 2>/dev/null || true
    engine_dir="" engine_pid=""
    unset DOCKER_HOST
}
