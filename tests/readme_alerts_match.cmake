# Fails when the README's copy of the alerting rules differs from compose/swarm-sd-alerts.yml.
# cmake -DREADME=README.md -DALERTS=compose/swarm-sd-alerts.yml -P readme_alerts_match.cmake
file(READ "${README}" readme)
file(READ "${ALERTS}" alerts)
set(copy "<!-- begin compose/swarm-sd-alerts.yml -->\n```yaml\n${alerts}```\n<!-- end compose/swarm-sd-alerts.yml -->")
string(FIND "${readme}" "${copy}" at)
if(at EQUAL -1)
    message(FATAL_ERROR "README.md's copy of ${ALERTS} differs from the file: paste the file between the markers")
endif()
