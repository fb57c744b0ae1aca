#include "gfo/embed/study.hpp"

#include <utility>

#include "call_python.hpp"
#include "frozen_trial.hpp"
#include "handles.hpp"
#include "py_value.hpp"

namespace gfo::optuna {
namespace py = pybind11;
namespace {

std::vector<TrialRecord> to_trial_records(const py::handle frozen_trials) {
  std::vector<TrialRecord> records;
  for (const py::handle frozen_trial : frozen_trials)
    records.push_back(detail::to_trial_record(frozen_trial));
  return records;
}

}  // namespace

Study::Study(std::shared_ptr<const detail::StudyHandle> handle) : handle_(std::move(handle)) {}

const std::string& Study::name() const noexcept { return handle_->name; }

std::vector<Direction> Study::directions() const {
  return detail::call_python([this] {
    std::vector<Direction> directions;
    for (const py::handle direction : handle_->study.attr("directions")) {
      const bool maximize = direction.attr("name").cast<std::string>() == "MAXIMIZE";
      directions.push_back(maximize ? Direction::kMaximize : Direction::kMinimize);
    }
    return directions;
  });
}

Trial Study::ask() {
  return detail::call_python([this] {
    py::object trial = handle_->study.attr("ask")();
    return Trial(std::make_shared<const detail::TrialHandle>(
        detail::TrialHandle{handle_, std::move(trial)}));
  });
}

Params Study::best_params() const {
  return detail::call_python(
      [this] { return detail::params_from_python(handle_->study.attr("best_params")); });
}

double Study::best_value() const {
  return detail::call_python([this] { return handle_->study.attr("best_value").cast<double>(); });
}

std::vector<TrialRecord> Study::best_trials() const {
  return detail::call_python(
      [this] { return to_trial_records(handle_->study.attr("best_trials")); });
}

std::vector<TrialRecord> Study::trials() const {
  return detail::call_python([this] {
    return to_trial_records(handle_->study.attr("get_trials")(py::arg("deepcopy") = false));
  });
}

}  // namespace gfo::optuna
