#pragma once
// The Python objects behind Study and Trial. Each handle keeps what it needs alive, in an order
// that releases its Python object while the interpreter still runs.

#include <pybind11/pybind11.h>

#include <memory>
#include <string>

#include "interpreter.hpp"

namespace gfo::optuna::detail {

struct StudyHandle {
  std::shared_ptr<const Interpreter> interpreter;  // declared first: destroyed after `study`
  pybind11::object study;                          // optuna.Study
  std::string name;
};

struct TrialHandle {
  std::shared_ptr<const StudyHandle> study;  // declared first: destroyed after `trial`
  pybind11::object trial;                    // optuna.Trial
};

}  // namespace gfo::optuna::detail
