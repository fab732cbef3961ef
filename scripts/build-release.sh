#!/usr/bin/env bash
# Builds an optimised swarm-sd (no tests) and installs it under PREFIX (default /usr/local):
#   scripts/build-release.sh [PREFIX] [REVISION]
# The Dockerfile's build stage runs exactly this; on a bare-metal host it installs
# PREFIX/bin/swarm-sd for the systemd unit in compose/swarm-sd.service.
set -euo pipefail
cd "$(dirname "$0")/.."
prefix="${1:-/usr/local}"
revision=()
if [ -n "${2:-}" ]; then revision=(-DSWARMSD_REVISION="$2"); fi
build="${SWARMSD_BUILD_DIR:-build-release}"
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DSWARMSD_BUILD_TESTS=OFF \
    -DSWARMSD_BUILD_DEMO=OFF "${revision[@]}"
cmake --build "$build"
cmake --install "$build" --prefix "$prefix" --strip
"$prefix/bin/swarm-sd" --version
