#include "call_python.hpp"

#include <stdexcept>
#include <string>
#include <utility>

namespace gfo::optuna::detail {
namespace py = pybind11;
namespace {

// "ValueError" for built-ins, "optuna.exceptions.DuplicatedStudyError" otherwise.
std::string qualified_name(const py::handle type) {
  const std::string name = py::str(py::getattr(type, "__qualname__", py::str("<unknown>")));
  const std::string module = py::str(py::getattr(type, "__module__", py::str("builtins")));
  return module == "builtins" ? name : module + "." + name;
}

std::string format_traceback(const py::error_already_set& error) {
  if (!error.trace()) return {};
  const py::object format_exception = py::module_::import("traceback").attr("format_exception");
  const py::object lines = format_exception(error.type(), error.value(), error.trace());
  return py::str("").attr("join")(lines).cast<std::string>();
}

}  // namespace

void require_runtime_thread() {
  if (PyGILState_Check() == 0)
    throw std::logic_error(
        "gfo::optuna: called from a thread that does not hold Python's GIL; use a Runtime, its "
        "studies and trials from the thread that constructed the Runtime");
}

PythonError to_python_error(const py::error_already_set& error) {
  std::string type = "<unknown>";
  std::string message;
  std::string traceback;
  // Describing the exception runs Python code too; whatever of it fails is left out rather than
  // replacing the original error.
  try {
    type = qualified_name(error.type());
    message = py::str(error.value());
    traceback = format_traceback(error);
  } catch (const py::error_already_set&) {
  } catch (const py::cast_error&) {
  }
  return PythonError(std::move(type), std::move(message), std::move(traceback));
}

}  // namespace gfo::optuna::detail
