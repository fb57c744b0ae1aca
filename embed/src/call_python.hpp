#pragma once
// The one place where Python exceptions become C++ exceptions.

#include <pybind11/pybind11.h>

#include <stdexcept>
#include <utility>

#include "gfo/embed/python_error.hpp"

namespace gfo::optuna::detail {

// The pending Python exception as a PythonError (type, message, formatted traceback).
PythonError to_python_error(const pybind11::error_already_set& error);

// Throws std::logic_error unless this thread holds the GIL, that is, unless it is the thread that
// constructed the Runtime: calling Python from another one would crash the process.
void require_runtime_thread();

// Runs `function`, which calls into Python, and rethrows a Python exception as PythonError;
// C++ exceptions pass through.
template <typename Function>
decltype(auto) call_python(Function&& function) {
  require_runtime_thread();
  try {
    return std::forward<Function>(function)();
  } catch (const pybind11::error_already_set& error) {
    throw to_python_error(error);
  }
}

}  // namespace gfo::optuna::detail
