#!/usr/bin/env bash
# Installs what swarm-sd needs to build and test on Debian 12, from Debian's own packages.
#   scripts/setup-debian.sh               build + test tools (what CI and the README use)
#   scripts/setup-debian.sh --build-only  only what building swarm-sd needs (the Dockerfile's build stage)
# Debian's default Boost (1.74) has no Boost.JSON or Boost.URL: the 1.81 packages are required.
# The test-only tools, all run on loopback by the tests:
#   prometheus                the parity, http_sd, file_sd and end-to-end tests; promtool checks
#   prometheus-node-exporter  the real metrics exporter on 127.0.0.2-4 in the end-to-end test
#   docker-compose            `docker-compose config` validates the compose and stack files
#   systemd                   `systemd-analyze verify` checks the unit file
#   jq                        the README's --print script (compose/swarm-static-config.sh) is run
#   openssl                   makes the TLS tests' certificates at test time
#   clang libclang-rt-14-dev  libFuzzer and its sanitizer runtimes (scripts/fuzz.sh)
#   clang-format              the house style, checked by scripts/test.sh
#   docker.io iproute2        real Docker Engines (dockerd 20.10) on loopback, in network and
#                             mount namespaces of the tests' own (unshare, nsenter: util-linux)
#   chromium                  renders the status page headless in its browser test
#   debootstrap curl          the image test (tests/packaging/image_test.sh): debian:12 made with
#                             debootstrap, as there is no registry; curl asks the containers
# On a host that runs systemd, Debian's prometheus and prometheus-node-exporter packages also start
# their own services on :9090 and :9100; the tests do not use them.
set -euo pipefail
build_packages=(
    g++ cmake ninja-build git
    libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev libboost-program-options1.81-dev
    libfmt-dev libssl-dev libyaml-cpp-dev libcrypt-dev
)
test_packages=(
    libgtest-dev libbenchmark-dev
    prometheus prometheus-node-exporter docker-compose systemd jq
    openssl clang libclang-rt-14-dev clang-format
    docker.io iproute2 util-linux debootstrap curl busybox-static chromium
)
packages=("${build_packages[@]}")
case "${1:-}" in
    --build-only) ;;
    "") packages+=("${test_packages[@]}") ;;
    *) echo "setup-debian.sh: unknown argument $1 (want nothing or --build-only)" >&2; exit 2 ;;
esac
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update
$sudo apt-get install -y --no-install-recommends "${packages[@]}"
