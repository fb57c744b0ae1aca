#pragma once
// Optuna from C++: everything of gfo_optuna_embed in one include. Start at runtime.hpp.

#include "gfo/embed/python_error.hpp"
#include "gfo/embed/runtime.hpp"
#include "gfo/embed/study.hpp"
#include "gfo/embed/study_options.hpp"
#include "gfo/embed/trial.hpp"
#include "gfo/embed/value.hpp"
