# swarm-sd's container image. Built on Debian 12 with the packages CI uses
# (scripts/setup-debian.sh --build-only) by scripts/build-release.sh; run on debian:12-slim with
# only the shared libraries the binary links, as the unprivileged user nobody (65534).
#
#   docker build -t swarm-sd --build-arg REVISION=$(git rev-parse --short=12 HEAD) .
#   docker run --rm swarm-sd --print --master tcp://swarm-manager:2375
#
# Configure it with flags, SWARM_SD_* variables or both (every flag has one; see the README). The
# HEALTHCHECK, `swarm-sd --healthcheck`, reads the daemon's own configuration (PID 1's arguments
# and environment) and asks its /healthz wherever that says.

FROM debian:12 AS build
# No debconf questions (and no warnings about them) during the build.
ARG DEBIAN_FRONTEND=noninteractive
WORKDIR /src
COPY scripts/setup-debian.sh scripts/
RUN scripts/setup-debian.sh --build-only && rm -rf /var/lib/apt/lists/*
COPY . .
ARG REVISION=unknown
RUN scripts/build-release.sh /out "${REVISION}"

FROM debian:12-slim
ARG DEBIAN_FRONTEND=noninteractive
# The runtime half of the build packages: tests/packaging/dockerfile_check.sh fails when the
# binary links a library that no package in this list (or in debian:12-slim itself) provides.
# ca-certificates: the CAs https:// masters are verified against when no --tls.ca-file is given.
# libyaml-cpp0.7 reads --web.config.file, libcrypt1 checks its bcrypt hashes.
# apt-get clean: an image whose base lacks Debian's clean-up setting keeps the .debs otherwise.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libboost-json1.81.0 libboost-url1.81.0 libboost-program-options1.81.0 libfmt9 \
        libssl3 libyaml-cpp0.7 libcrypt1 ca-certificates \
    && apt-get clean \
    && rm -rf /var/lib/apt/lists/* /var/cache/apt/archives/*.deb \
    && mkdir -p /var/lib/swarm-sd \
    && chown 65534:65534 /var/lib/swarm-sd
COPY --from=build /out/bin/swarm-sd /usr/local/bin/swarm-sd
# A volume mounted here starts out owned by nobody, so the daemon can write its file_sd file
# (SWARM_SD_OUTPUT_FILE=/var/lib/swarm-sd/swarm.json) and Prometheus can read it.
WORKDIR /var/lib/swarm-sd
USER 65534:65534
EXPOSE 9475
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["swarm-sd", "--healthcheck"]
ENTRYPOINT ["swarm-sd"]
