#include "py_value.hpp"

#include <stdexcept>
#include <string>
#include <type_traits>

namespace gfo::optuna::detail {
namespace py = pybind11;

py::object to_python(const Value& value) {
  return std::visit(
      [](const auto& held) -> py::object {
        using Held = std::decay_t<decltype(held)>;
        if constexpr (std::is_same_v<Held, std::nullptr_t>) {
          return py::none();
        } else if constexpr (std::is_same_v<Held, bool>) {
          return py::bool_(held);
        } else if constexpr (std::is_same_v<Held, std::int64_t>) {
          return py::int_(held);
        } else if constexpr (std::is_same_v<Held, double>) {
          return py::float_(held);
        } else {
          return py::str(held);
        }
      },
      value.variant());
}

Value from_python(const py::handle object) {
  if (object.is_none()) return Value();
  // bool before int: Python's bool is a subclass of int.
  if (py::isinstance<py::bool_>(object)) return Value(object.cast<bool>());
  if (py::isinstance<py::int_>(object)) return Value(object.cast<std::int64_t>());
  if (py::isinstance<py::float_>(object)) return Value(object.cast<double>());
  if (py::isinstance<py::str>(object)) return Value(object.cast<std::string>());
  // NumPy scalars (a categorical choice given as np.int64 from Python code) become Python ones.
  if (py::hasattr(object, "item") && py::hasattr(object, "dtype"))
    return from_python(object.attr("item")());
  throw std::invalid_argument("gfo::optuna: a Python " +
                              std::string(py::str(py::type::handle_of(object).attr("__name__"))) +
                              " is not a scalar (None, bool, int, float or str)");
}

py::dict to_kwargs(const Options& options) {
  py::dict kwargs;
  for (const auto& [name, value] : options) kwargs[py::str(name)] = to_python(value);
  return kwargs;
}

Params params_from_python(const py::handle dict) {
  Params params;
  for (const auto& [name, value] : py::reinterpret_borrow<py::dict>(dict))
    params.emplace(name.cast<std::string>(), from_python(value));
  return params;
}

}  // namespace gfo::optuna::detail
