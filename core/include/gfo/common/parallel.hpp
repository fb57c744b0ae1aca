#pragma once
// Independent tasks on a few threads. Each task writes only its own results, so what they
// compute does not depend on the number of threads or on which thread runs which task.

#include <cstddef>
#include <functional>

namespace gfo {

// The number of threads `requested` stands for: itself when positive, else one per hardware
// thread (at least 1).
int thread_count(int requested);

// Calls task(i) for every i in [0, count) on up to thread_count(threads) threads, the calling
// thread among them. Once all have finished, rethrows the exception of the lowest failing index.
void parallel_for(std::size_t count, int threads, const std::function<void(std::size_t)>& task);

}  // namespace gfo
