#pragma once
// Stopping long work at its caller's request. Between chunks (a fit's restarts and L-BFGS
// evaluations, blocks of acquisition candidates, local searches, breeding retries) the core calls
// the check its options hold, and throws Cancelled when it answers true. The core knows nothing
// of signals or interpreters: the Python bindings' check polls for Ctrl-C.

#include <functional>
#include <stdexcept>

namespace gfo {

// True: stop. Called from any of the core's threads, often: it must be cheap and thread-safe.
// Empty: never stop.
using CancellationCheck = std::function<bool()>;

class Cancelled : public std::runtime_error {
 public:
  Cancelled() : std::runtime_error("the work was cancelled by its caller") {}
};

inline void throw_if_cancelled(const CancellationCheck& cancelled) {
  if (cancelled && cancelled()) throw Cancelled();
}

}  // namespace gfo
