#pragma once
// Samplers and pruners, made from their specs.

#include <pybind11/pybind11.h>

#include "gfo/embed/study_options.hpp"

namespace gfo::optuna::detail {

// None for an empty name (Optuna's default); std::invalid_argument for an unknown one.
pybind11::object make_sampler(const SamplerSpec& spec);
pybind11::object make_pruner(const PrunerSpec& spec);

}  // namespace gfo::optuna::detail
