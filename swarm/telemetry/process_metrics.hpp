#pragma once

#include "swarm/telemetry/exposition.hpp"

namespace swarmsd::telemetry {

/// Adds the standard `process_*` metrics every Prometheus exporter has (CPU seconds, open and
/// maximum file descriptors, resident and virtual memory, start time), read from `/proc/self`.
/// Leaves out what cannot be read, e.g. without `/proc`.
void write_process_metrics(telemetry::exposition& out);

}  // namespace swarmsd::telemetry
