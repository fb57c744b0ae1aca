#include "interrupt.hpp"

#include <atomic>
#include <chrono>
#include <exception>
#include <memory>
#include <thread>

namespace py = pybind11;

namespace gfo_bindings {
namespace {

// Taking the GIL is cheap unless another Python thread holds it, for up to the interpreter's
// switch interval (5 ms): polling at most this often keeps the core at full speed, and Ctrl-C
// still stops it within a fraction of a second.
constexpr std::chrono::milliseconds kPollInterval(50);

struct InterruptState {
  std::thread::id origin = std::this_thread::get_id();
  std::chrono::steady_clock::time_point last_poll = std::chrono::steady_clock::now();  // origin thread only
  std::atomic<bool> interrupted{false};
};

}  // namespace

gfo::CancellationCheck interrupt_check() {
  const py::module_ threading = py::module_::import("threading");
  if (!threading.attr("current_thread")().is(threading.attr("main_thread")())) return {};
  auto state = std::make_shared<InterruptState>();
  return [state] {
    if (state->interrupted.load()) return true;
    if (std::this_thread::get_id() != state->origin) return false;
    const auto now = std::chrono::steady_clock::now();
    if (now - state->last_poll < kPollInterval) return false;
    state->last_poll = now;
    const py::gil_scoped_acquire gil;
    if (PyErr_CheckSignals() == 0) return false;
    state->interrupted.store(true);
    return true;
  };
}

void register_cancelled_translator() {
  // pybind11's translators are plain function pointers taking std::exception_ptr by value.
  // NOLINTNEXTLINE(performance-unnecessary-value-param)
  py::register_exception_translator([](std::exception_ptr error) {
    try {
      if (error) std::rethrow_exception(error);
    } catch (const gfo::Cancelled& cancelled) {
      // The signal handler's exception is normally pending already: Python raises that one.
      if (PyErr_Occurred() == nullptr) PyErr_SetString(PyExc_KeyboardInterrupt, cancelled.what());
    }
  });
}

}  // namespace gfo_bindings
