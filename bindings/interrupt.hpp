#pragma once
// Ctrl-C during long core work: the bindings' gfo::CancellationCheck. On the thread that called
// into the core, when it is Python's main thread (the only one that runs signal handlers), the
// check takes the GIL at most every few tens of milliseconds and runs Python's pending signal
// handlers. When one raises (KeyboardInterrupt), its exception stays set on that thread, the
// check answers true on every thread, the core throws gfo::Cancelled, and the translator
// registered by register_cancelled_translator lets Python raise the pending exception.

#include <pybind11/pybind11.h>

#include "gfo/common/cancellation.hpp"

namespace gfo_bindings {

// Call with the GIL held, before releasing it for the core. Empty off Python's main thread.
gfo::CancellationCheck interrupt_check();

void register_cancelled_translator();

}  // namespace gfo_bindings
