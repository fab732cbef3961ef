#pragma once

#include <malloc.h>

namespace swarmsd::swarm {

/// How swarm-sd has glibc's malloc behave, set once at start (the pipeline benchmark sets it too,
/// so that it measures what swarm-sd runs):
/// - A poll's large buffers (128 KiB and more: the nodes, the label array, a changed text) are
///   mapped for it and handed back when it ends. Left to itself, glibc raises this threshold to
///   the largest block freed so far and from then on serves such blocks from the heap, where they
///   stay resident between polls as free memory (a daemon that once read a 16 MiB answer kept
///   ~30 MiB ever after).
/// - No fast bins: a poll frees tens of thousands of small blocks (the nodes' strings), and fast
///   bins hold them unmerged until the next large request merges them all, in an order that
///   misses the caches; at 50,000 classic nodes that was a quarter of a poll's time.
inline void set_malloc_policy() {
    mallopt(M_MMAP_THRESHOLD, 128 * 1024);
    mallopt(M_MXFAST, 0);
}

}  // namespace swarmsd::swarm
