#include <pybind11/pybind11.h>

#include "bindings.hpp"
#include "gfo/cholesky.hpp"

PYBIND11_MODULE(_core, module) {
  module.doc() = "The C++ core of optuna-gfo: search-space encoding, Gaussian processes, acquisition.";
  pybind11::register_exception<gfo::NumericalError>(module, "NumericalError", PyExc_RuntimeError);
  gfo_bindings::bind_search_space(module);
  gfo_bindings::bind_gp_ei(module);
  gfo_bindings::bind_ga(module);
}
