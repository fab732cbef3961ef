#pragma once

#include <sys/types.h>

#include <functional>

namespace swarmsd::testing {

/// Runs `fn` on a thread of its own that has entered the network namespace of process `pid` (a
/// container's, say: there its overlay networks are reachable), and waits for it. What `fn`
/// connects to, listens on or starts (the processes inherit the namespace) is in that namespace.
/// Needs root; fails the test when the namespace cannot be entered.
void in_network_namespace_of(pid_t pid, const std::function<void()>& fn);

}  // namespace swarmsd::testing
