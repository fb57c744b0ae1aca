#include <pybind11/pybind11.h>

#include "bindings.hpp"
#include "gfo/common/errors.hpp"

// GFO_PYTHON_MODULE (_core_baseline, _core_x86_64_v3 or _core_native) and GFO_BUILD_VARIANT are
// set by bindings/CMakeLists.txt, one extension module per instruction-set level.
PYBIND11_MODULE(GFO_PYTHON_MODULE, module) {
  module.doc() = "The C++ core of optuna-gfo: search-space encoding, Gaussian processes, acquisition.";
  module.attr("build_variant") = GFO_BUILD_VARIANT;
  pybind11::register_exception<gfo::NumericalError>(module, "NumericalError", PyExc_RuntimeError);
  gfo_bindings::bind_search_space(module);
  gfo_bindings::bind_gp_ei(module);
  gfo_bindings::bind_ga(module);
}
