#include <pybind11/pybind11.h>

// A module apart from the core's variants: it decides which of them to import, and two of them
// cannot both be imported (pybind11 registers each C++ type once per process).
PYBIND11_MODULE(_cpu, module) {
  module.doc() = "What the running CPU supports, for choosing a build of optuna-gfo's core.";
  // AVX2, FMA, BMI1/2 and the rest of the x86-64-v3 level, with the operating system's support.
  module.def("supports_x86_64_v3", [] {
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
    __builtin_cpu_init();
    return __builtin_cpu_supports("x86-64-v3") != 0;
#else
    return false;
#endif
  });
}
