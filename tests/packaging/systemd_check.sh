#!/usr/bin/env bash
# `systemd-analyze verify` on compose/swarm-sd.service, failing on any finding: verify exits 0 on
# unknown keys and unparsable values and only prints them, so any output counts as a failure.
# The unit's ExecStart (/usr/local/bin/swarm-sd) is pointed at the built binary, since verify
# checks that the program exists; nothing else in the unit is changed.
#   systemd_check.sh SOURCE_DIR BINARY WORK_DIR
set -euo pipefail
source="$1" binary="$2" work="$3"
rm -rf "$work" && mkdir -p "$work"
unit="$work/swarm-sd.service"
sed "s#^ExecStart=/usr/local/bin/swarm-sd#ExecStart=$binary#" "$source/compose/swarm-sd.service" > "$unit"
grep -q "^ExecStart=$binary\$" "$unit" || { echo "the unit has no ExecStart=/usr/local/bin/swarm-sd" >&2; exit 1; }
# Documentation= names the README that `cmake --install` puts there (not another program's page).
grep -q '^Documentation=file:/usr/local/share/doc/swarm-sd/README.md$' "$unit" ||
    { echo "the unit's Documentation= is not swarm-sd's installed README" >&2; exit 1; }
grep -q 'install(FILES README.md DESTINATION share/doc/swarm-sd)' "$source/CMakeLists.txt" ||
    { echo "CMakeLists.txt does not install README.md to share/doc/swarm-sd" >&2; exit 1; }
if ! findings=$(systemd-analyze verify "$unit" 2>&1) || [ -n "$findings" ]; then
    echo "systemd-analyze verify compose/swarm-sd.service:" >&2
    echo "$findings" >&2
    exit 1
fi
echo "systemd-analyze verify: no findings"
