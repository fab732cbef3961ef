#!/usr/bin/env bash
# Checks what can be checked of the container image without a Docker engine.
#   dockerfile_check.sh libraries SOURCE_DIR BINARY
#       every shared library BINARY links comes from a Debian package that the Dockerfile's
#       runtime stage installs, or that debian:12-slim already has.
#   dockerfile_check.sh context SOURCE_DIR WORK_DIR
#       copies exactly the paths .dockerignore lets into the build context and runs the build
#       stage's command (scripts/build-release.sh) on that copy: a file the build needs but the
#       context leaves out fails here, not in `docker build`.
set -euo pipefail
mode="$1" source="$2"

# In debian:12-slim already (apt itself depends on them).
base_packages="libc6 libstdc++6 libgcc-s1"

runtime_packages() {
    # The `apt-get install` list after the last FROM, continuation lines joined.
    awk '/^FROM /{stage=""} {stage = stage $0 "\n"} END{print stage}' "$source/Dockerfile" |
        sed -e ':a' -e '/\\$/N; s/\\\n//; ta' |
        grep -o 'apt-get install[^&]*' | tr ' ' '\n' | grep -E '^[a-z0-9][a-z0-9.+-]+$' |
        grep -vE '^(apt-get|install)$' || true
}

package_of() {
    local path="$1" found
    for candidate in "$path" "/usr$path" "${path#/usr}"; do
        if found=$(dpkg -S "$candidate" 2>/dev/null); then
            echo "${found%%:*}"
            return
        fi
    done
    echo "?"
}

case "$mode" in
libraries)
    binary="$3"
    allowed=" $base_packages $(runtime_packages | tr '\n' ' ') "
    missing=0
    while read -r library path; do
        package=$(package_of "$(realpath "$path")")
        if [[ "$allowed" != *" $package "* ]]; then
            echo "the image lacks $library: $binary links $path from package '$package'," \
                 "which the Dockerfile's runtime stage does not install" >&2
            missing=1
        fi
    done < <(ldd "$binary" | awk '$2 == "=>" && $3 ~ /^\// {print $1, $3}')
    [ "$missing" -eq 0 ] || exit 1
    echo "runtime stage installs:$(runtime_packages | tr '\n' ' ')— enough for $(ldd "$binary" | grep -c '=> /') libraries"
    ;;
context)
    work="$3"
    rm -rf "$work" && mkdir -p "$work/src"
    while read -r line; do
        case "$line" in
        "" | "#"*) ;;
        "*") ;;
        "!"*) mkdir -p "$work/src/$(dirname "${line#!}")"
              cp -r "$source/${line#!}" "$work/src/${line#!}" ;;
        *) echo ".dockerignore: this check understands only '*' then '!path' lines, not: $line" >&2
           exit 1 ;;
        esac
    done < "$source/.dockerignore"
    SWARMSD_BUILD_DIR="$work/build" "$work/src/scripts/build-release.sh" "$work/out" check
    ;;
*)
    echo "usage: dockerfile_check.sh libraries|context SOURCE_DIR ARG" >&2
    exit 2
    ;;
esac
