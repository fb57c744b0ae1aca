#pragma once
// CPython for the whole process: started by the constructor, finalized by the destructor.

#include <pybind11/embed.h>

#include <optional>
#include <string>

namespace gfo::optuna::detail {

// At most one per process, ever (runtime.hpp says why); a second one throws std::logic_error.
class Interpreter {
 public:
  // `python_executable`: the interpreter whose prefix (and virtual environment) to take; "" means
  // the one found at build time.
  explicit Interpreter(const std::string& python_executable);
  ~Interpreter() = default;
  Interpreter(const Interpreter&) = delete;
  Interpreter& operator=(const Interpreter&) = delete;

 private:
  // Engaged once the process's single slot is claimed and the configuration is ready.
  std::optional<pybind11::scoped_interpreter> guard_;
};

}  // namespace gfo::optuna::detail
