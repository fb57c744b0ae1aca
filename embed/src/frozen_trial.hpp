#pragma once
// optuna.trial.FrozenTrial -> TrialRecord.

#include <pybind11/pybind11.h>

#include "gfo/embed/study.hpp"

namespace gfo::optuna::detail {

TrialRecord to_trial_record(pybind11::handle frozen_trial);

}  // namespace gfo::optuna::detail
