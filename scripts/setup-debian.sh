#!/usr/bin/env bash
# Installs what swarm-sd needs to build and test on Debian 12, from Debian's own packages.
# Debian's default Boost (1.74) has no Boost.JSON or Boost.URL: the 1.81 packages are required.
# `prometheus` is for the tests only: the parity test runs a real Prometheus on 127.0.0.1. (On a
# host with systemd, Debian's package also starts its own Prometheus service on :9090.)
set -euo pipefail
packages=(
    g++ cmake ninja-build git
    libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev libboost-program-options1.81-dev
    libfmt-dev libgtest-dev libbenchmark-dev
    prometheus
)
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update
$sudo apt-get install -y --no-install-recommends "${packages[@]}"
