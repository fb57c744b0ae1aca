#pragma once
// The embedded Python interpreter that runs Optuna for a C++ program.
//
//   gfo::optuna::Runtime runtime;                      // once per process, before any study
//   gfo::optuna::StudyOptions options;
//   options.storage = "sqlite:///tuning.db";
//   options.study_name = "solver";
//   options.sampler = {"GPEISampler", {{"seed", 0}}};
//   gfo::optuna::Study study = runtime.create_study(options);
//   for (int i = 0; i < 30; ++i) {
//     gfo::optuna::Trial trial = study.ask();
//     const double x = trial.suggest_float("x", -5.0, 5.0);
//     trial.tell((x - 1.0) * (x - 1.0));
//   }
//
// One Runtime per process, for the life of the process: CPython is a process-wide singleton, and
// extension modules such as NumPy cannot be initialized again after the interpreter is finalized.
// Constructing a second Runtime throws std::logic_error, also after the first one is gone, and so
// does constructing one inside a process where Python already runs. Studies and trials keep the
// interpreter alive, so they may outlive the Runtime object; the interpreter is finalized when
// the last of them is destroyed.
//
// Not thread-safe: use the Runtime, its studies and trials (including their destruction) from the
// thread that constructed the Runtime, which holds Python's GIL throughout. For parallel trials,
// run several processes on one storage, as Optuna's distributed mode does.

#include <memory>
#include <string>

#include "gfo/embed/python_error.hpp"
#include "gfo/embed/study.hpp"
#include "gfo/embed/study_options.hpp"

namespace gfo::optuna {

namespace detail {
class Interpreter;
}

enum class Verbosity { kDebug, kInfo, kWarning, kError };

struct RuntimeOptions {
  // The Python whose site-packages hold optuna and optuna_gfo: the embedded interpreter takes its
  // prefix (and its virtual environment, when it is in one) from this path. "" means the python3
  // CMake found when gfo_optuna_embed was built.
  std::string python_executable;
  // optuna.logging's level: kInfo logs every finished trial, as Optuna does by default.
  Verbosity optuna_verbosity = Verbosity::kInfo;
};

class Runtime {
 public:
  // Starts Python and imports optuna (PythonError when it is missing).
  explicit Runtime(const RuntimeOptions& options = RuntimeOptions{});
  ~Runtime();
  Runtime(const Runtime&) = delete;
  Runtime& operator=(const Runtime&) = delete;

  // optuna.create_study. Unknown sampler or pruner names throw std::invalid_argument; Optuna's
  // own errors (bad storage URL, existing study name, bad sampler arguments) throw PythonError.
  Study create_study(const StudyOptions& options) const;
  // optuna.load_study: an existing study of the storage (PythonError when there is none).
  Study load_study(const LoadStudyOptions& options) const;

 private:
  std::shared_ptr<const detail::Interpreter> interpreter_;
};

}  // namespace gfo::optuna
