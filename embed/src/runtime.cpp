#include "gfo/embed/runtime.hpp"

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "call_python.hpp"
#include "components.hpp"
#include "handles.hpp"
#include "interpreter.hpp"

namespace gfo::optuna {
namespace py = pybind11;
namespace {

const char* logging_level(const Verbosity verbosity) {
  switch (verbosity) {
    case Verbosity::kDebug:
      return "DEBUG";
    case Verbosity::kInfo:
      return "INFO";
    case Verbosity::kWarning:
      return "WARNING";
    case Verbosity::kError:
      return "ERROR";
  }
  return "INFO";
}

// "" -> None: Optuna's own default (in-memory storage, generated study name).
py::object none_if_empty(const std::string& text) {
  return text.empty() ? py::object(py::none()) : py::object(py::str(text));
}

py::list directions_to_python(const std::vector<Direction>& directions) {
  py::list names;
  for (const Direction direction : directions)
    names.append(direction == Direction::kMinimize ? "minimize" : "maximize");
  return names;
}

std::shared_ptr<const detail::StudyHandle> study_handle(
    std::shared_ptr<const detail::Interpreter> interpreter, py::object study) {
  std::string name = study.attr("study_name").cast<std::string>();
  return std::make_shared<const detail::StudyHandle>(
      detail::StudyHandle{std::move(interpreter), std::move(study), std::move(name)});
}

}  // namespace

Runtime::Runtime(const RuntimeOptions& options)
    : interpreter_(std::make_shared<const detail::Interpreter>(options.python_executable)) {
  detail::call_python([&options] {
    const py::module_ logging = py::module_::import("optuna").attr("logging");
    logging.attr("set_verbosity")(logging.attr(logging_level(options.optuna_verbosity)));
  });
}

Runtime::~Runtime() = default;

Study Runtime::create_study(const StudyOptions& options) const {
  return detail::call_python([&] {
    py::object study = py::module_::import("optuna").attr("create_study")(
        py::arg("storage") = none_if_empty(options.storage),
        py::arg("sampler") = detail::make_sampler(options.sampler),
        py::arg("pruner") = detail::make_pruner(options.pruner),
        py::arg("study_name") = none_if_empty(options.study_name),
        py::arg("load_if_exists") = options.load_if_exists,
        py::arg("directions") = directions_to_python(options.directions));
    return Study(study_handle(interpreter_, std::move(study)));
  });
}

Study Runtime::load_study(const LoadStudyOptions& options) const {
  return detail::call_python([&] {
    py::object study = py::module_::import("optuna").attr("load_study")(
        py::arg("study_name") = options.study_name, py::arg("storage") = options.storage,
        py::arg("sampler") = detail::make_sampler(options.sampler),
        py::arg("pruner") = detail::make_pruner(options.pruner));
    return Study(study_handle(interpreter_, std::move(study)));
  });
}

}  // namespace gfo::optuna
