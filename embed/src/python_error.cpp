#include "gfo/embed/python_error.hpp"

#include <utility>

namespace gfo::optuna {

PythonError::PythonError(std::string python_type, std::string python_message, std::string traceback)
    : std::runtime_error(python_type + ": " + python_message),
      python_type_(std::move(python_type)),
      python_message_(std::move(python_message)),
      traceback_(std::move(traceback)) {}

}  // namespace gfo::optuna
