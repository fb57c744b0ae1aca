#pragma once
// Value <-> Python scalars, and the containers built from them.

#include <pybind11/pybind11.h>

#include "gfo/embed/value.hpp"

namespace gfo::optuna::detail {

pybind11::object to_python(const Value& value);
// None, bool, int, float or str (or a NumPy scalar of those); other types throw
// std::invalid_argument naming the type.
Value from_python(pybind11::handle object);

pybind11::dict to_kwargs(const Options& options);
// A dict of str -> scalar (trial.params, study.best_params).
Params params_from_python(pybind11::handle dict);

}  // namespace gfo::optuna::detail
