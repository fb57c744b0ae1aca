#include <pybind11/pybind11.h>

#include "bindings.hpp"
#include "checks.hpp"
#include "gfo/common/errors.hpp"

// GFO_PYTHON_MODULE (_core_baseline, _core_x86_64_v3 or _core_native) and GFO_BUILD_VARIANT are
// set by bindings/CMakeLists.txt, one extension module per instruction-set level.
PYBIND11_MODULE(GFO_PYTHON_MODULE, module) {
  module.doc() = "The C++ core of optuna-gfo: search-space encoding, Gaussian processes, acquisition.";
  module.attr("build_variant") = GFO_BUILD_VARIANT;
  // The bounds the options' setters enforce, for callers that check their arguments earlier.
  module.attr("MAX_COUNT") = gfo_bindings::kMaxCount;
  module.attr("MAX_THREADS") = gfo_bindings::kMaxThreads;
  module.attr("MAX_SHAPE_PARAMETER") = gfo_bindings::kMaxShapeParameter;
  pybind11::register_exception<gfo::NumericalError>(module, "NumericalError", PyExc_RuntimeError);
  gfo_bindings::bind_search_space(module);
  gfo_bindings::bind_gp_ei(module);
  gfo_bindings::bind_ga(module);
}
