#include "gfo/embed/trial.hpp"

#include <utility>

#include "call_python.hpp"
#include "handles.hpp"
#include "py_value.hpp"

namespace gfo::optuna {
namespace py = pybind11;
namespace {

template <typename Element>
py::list to_list(const std::vector<Element>& elements) {
  py::list list;
  for (const Element& element : elements) list.append(detail::to_python(Value(element)));
  return list;
}

// study.tell(trial, state=TrialState.<state_name>).
void tell_state(const detail::TrialHandle& handle, const char* state_name) {
  detail::call_python([&] {
    const py::object state =
        py::module_::import("optuna.trial").attr("TrialState").attr(state_name);
    handle.study->study.attr("tell")(handle.trial, py::arg("state") = state);
  });
}

}  // namespace

Trial::Trial(std::shared_ptr<const detail::TrialHandle> handle) : handle_(std::move(handle)) {}

int Trial::number() const {
  return detail::call_python([this] { return handle_->trial.attr("number").cast<int>(); });
}

double Trial::suggest_float(const std::string& name, const double low, const double high,
                            const Scale scale) {
  return detail::call_python([&] {
    return handle_->trial
        .attr("suggest_float")(name, low, high, py::arg("log") = scale == Scale::kLog)
        .cast<double>();
  });
}

double Trial::suggest_float(const std::string& name, const double low, const double high,
                            const double step) {
  return detail::call_python([&] {
    return handle_->trial.attr("suggest_float")(name, low, high, py::arg("step") = step)
        .cast<double>();
  });
}

std::int64_t Trial::suggest_int(const std::string& name, const std::int64_t low,
                                const std::int64_t high, const std::int64_t step) {
  return detail::call_python([&] {
    return handle_->trial.attr("suggest_int")(name, low, high, py::arg("step") = step)
        .cast<std::int64_t>();
  });
}

std::int64_t Trial::suggest_int(const std::string& name, const std::int64_t low,
                                const std::int64_t high, const Scale scale) {
  return detail::call_python([&] {
    return handle_->trial
        .attr("suggest_int")(name, low, high, py::arg("log") = scale == Scale::kLog)
        .cast<std::int64_t>();
  });
}

std::string Trial::suggest_categorical(const std::string& name,
                                       const std::vector<std::string>& choices) {
  return detail::call_python([&] {
    return handle_->trial.attr("suggest_categorical")(name, to_list(choices)).cast<std::string>();
  });
}

std::int64_t Trial::suggest_categorical(const std::string& name,
                                        const std::vector<std::int64_t>& choices) {
  return detail::call_python([&] {
    return handle_->trial.attr("suggest_categorical")(name, to_list(choices)).cast<std::int64_t>();
  });
}

double Trial::suggest_categorical(const std::string& name, const std::vector<double>& choices) {
  return detail::call_python([&] {
    return handle_->trial.attr("suggest_categorical")(name, to_list(choices)).cast<double>();
  });
}

void Trial::report(const double value, const std::int64_t step) {
  detail::call_python([&] { handle_->trial.attr("report")(value, step); });
}

bool Trial::should_prune() const {
  return detail::call_python([this] { return handle_->trial.attr("should_prune")().cast<bool>(); });
}

void Trial::set_user_attr(const std::string& key, const Value& value) {
  detail::call_python([&] { handle_->trial.attr("set_user_attr")(key, detail::to_python(value)); });
}

Params Trial::params() const {
  return detail::call_python(
      [this] { return detail::params_from_python(handle_->trial.attr("params")); });
}

void Trial::tell(const double value) {
  detail::call_python([&] { handle_->study->study.attr("tell")(handle_->trial, value); });
}

void Trial::tell(const std::vector<double>& values) {
  detail::call_python([&] {
    py::list list;
    for (const double value : values) list.append(value);
    handle_->study->study.attr("tell")(handle_->trial, list);
  });
}

void Trial::tell_failed() { tell_state(*handle_, "FAIL"); }

void Trial::tell_pruned() { tell_state(*handle_, "PRUNED"); }

}  // namespace gfo::optuna
