#include "frozen_trial.hpp"

#include <stdexcept>
#include <string>

#include "py_value.hpp"

namespace gfo::optuna::detail {
namespace py = pybind11;
namespace {

TrialState to_trial_state(const std::string& name) {
  if (name == "RUNNING") return TrialState::kRunning;
  if (name == "COMPLETE") return TrialState::kComplete;
  if (name == "PRUNED") return TrialState::kPruned;
  if (name == "FAIL") return TrialState::kFail;
  if (name == "WAITING") return TrialState::kWaiting;
  throw std::invalid_argument("gfo::optuna: unknown Optuna trial state " + name);
}

// User attributes may hold anything JSON can; those that are not scalars (lists and dicts set
// from Python code) have no Value and are left out.
Params scalar_attrs(const py::handle dict) {
  Params attrs;
  for (const auto& [key, value] : py::reinterpret_borrow<py::dict>(dict)) {
    if (py::isinstance<py::list>(value) || py::isinstance<py::dict>(value) ||
        py::isinstance<py::tuple>(value))
      continue;
    attrs.emplace(key.cast<std::string>(), from_python(value));
  }
  return attrs;
}

}  // namespace

TrialRecord to_trial_record(const py::handle frozen_trial) {
  TrialRecord record;
  record.number = frozen_trial.attr("number").cast<int>();
  record.state = to_trial_state(frozen_trial.attr("state").attr("name").cast<std::string>());
  const py::object values = frozen_trial.attr("values");
  if (!values.is_none())
    for (const py::handle value : values) record.values.push_back(value.cast<double>());
  record.params = params_from_python(frozen_trial.attr("params"));
  for (const auto& [step, value] : frozen_trial.attr("intermediate_values").cast<py::dict>())
    record.intermediate_values.emplace(step.cast<std::int64_t>(), value.cast<double>());
  record.user_attrs = scalar_attrs(frozen_trial.attr("user_attrs"));
  return record;
}

}  // namespace gfo::optuna::detail
