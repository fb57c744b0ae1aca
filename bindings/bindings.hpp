#pragma once

#include <pybind11/pybind11.h>

namespace gfo_bindings {

void bind_search_space(pybind11::module_& module);
void bind_gp_ei(pybind11::module_& module);
void bind_ga(pybind11::module_& module);

}  // namespace gfo_bindings
