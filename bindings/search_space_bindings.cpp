#include <pybind11/eigen.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <climits>
#include <cstdint>

#include "bindings.hpp"
#include "checks.hpp"
#include "gfo/common/search_space.hpp"
#include "gfo/common/sobol.hpp"

namespace py = pybind11;

namespace gfo_bindings {
namespace {

const EnumTable<gfo::DimensionKind>& dimension_kinds() {
  static const EnumTable<gfo::DimensionKind> table{{"CONTINUOUS", gfo::DimensionKind::kContinuous},
                                                   {"GRID", gfo::DimensionKind::kGrid},
                                                   {"CATEGORICAL", gfo::DimensionKind::kCategorical}};
  return table;
}

gfo::Dimension categorical(const py::int_& n_choices) {
  return gfo::Dimension::categorical(checked_count(n_choices, 1, "n_choices"));
}

gfo::ShiftedSobol sobol(const py::int_& dimension, std::uint64_t seed) {
  return gfo::ShiftedSobol(checked_count(dimension, 1, "dimension"), seed);
}

Eigen::MatrixXd sobol_points(const gfo::ShiftedSobol& sobol, const py::int_& first_index, const py::int_& count) {
  const long long n = checked_integer(count, 0, kMaxOutputValues / sobol.dimension(), "count");
  // Boost's sequence has 2**64 - 1 points after the origin.
  const long long first = checked_integer(first_index, 0, LLONG_MAX - n, "first_index");
  return sobol.points(static_cast<std::uint64_t>(first), n);
}

}  // namespace

void bind_search_space(py::module_& module) {
  bind_enum(module, "DimensionKind", dimension_kinds());

  py::class_<gfo::Dimension>(module, "Dimension")
      .def_static("continuous", &gfo::Dimension::continuous, py::arg("low"), py::arg("high"), py::arg("log"))
      .def_static("grid", py::overload_cast<double, double, double, bool>(&gfo::Dimension::grid), py::arg("low"),
                  py::arg("high"), py::arg("step"), py::arg("log"))
      .def_static("grid", py::overload_cast<double, double, double, bool, double>(&gfo::Dimension::grid),
                  py::arg("low"), py::arg("high"), py::arg("step"), py::arg("log"), py::arg("n_intervals"))
      .def_static("categorical", &categorical, py::arg("n_choices"))
      .def_readonly("kind", &gfo::Dimension::kind)
      .def_readonly("low", &gfo::Dimension::low)
      .def_readonly("high", &gfo::Dimension::high)
      .def_readonly("step", &gfo::Dimension::step)
      .def_readonly("n_intervals", &gfo::Dimension::n_intervals)
      .def_readonly("log", &gfo::Dimension::log)
      .def_readonly("n_choices", &gfo::Dimension::n_choices);

  py::class_<gfo::SearchSpace>(module, "SearchSpace")
      .def(py::init<std::vector<gfo::Dimension>>(), py::arg("dimensions"))
      .def_property_readonly("size", &gfo::SearchSpace::size)
      .def("to_coordinates", &gfo::SearchSpace::to_coordinates, py::arg("native"))
      .def("to_natives", &gfo::SearchSpace::to_natives, py::arg("coordinates"))
      .def("snap", py::overload_cast<const Eigen::MatrixXd&>(&gfo::SearchSpace::snap, py::const_),
           py::arg("coordinates"))
      .def("to_grid_indices", &gfo::SearchSpace::to_grid_indices, py::arg("coordinates"))
      .def("from_grid_indices", &gfo::SearchSpace::from_grid_indices, py::arg("indices"))
      .def("from_unit_cube", &gfo::SearchSpace::from_unit_cube, py::arg("unit"));

  py::class_<gfo::ShiftedSobol>(module, "ShiftedSobol")
      .def(py::init(&sobol), py::arg("dimension"), py::arg("seed"))
      .def("points", &sobol_points, py::arg("first_index"), py::arg("count"));
}

}  // namespace gfo_bindings
