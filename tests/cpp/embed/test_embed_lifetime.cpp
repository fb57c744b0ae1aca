// Its own executable (no shared Runtime): the Runtime is constructed and destroyed inside the one
// test, to check that studies outlive it and that Python starts only once per process.

#include <gtest/gtest.h>

#include <optional>
#include <stdexcept>

#include "gfo/embed/optuna.hpp"

namespace {

TEST(EmbedLifetime, StudiesOutliveTheRuntimeAndPythonStartsOncePerProcess) {
  std::optional<gfo::optuna::Study> study;
  {
    gfo::optuna::RuntimeOptions options;
    options.optuna_verbosity = gfo::optuna::Verbosity::kError;
    const gfo::optuna::Runtime runtime(options);
    gfo::optuna::StudyOptions study_options;
    study_options.sampler = {"GASampler", {{"seed", 0}, {"population_size", 2}}};
    study = runtime.create_study(study_options);
  }
  // The Runtime object is gone; its interpreter lives on for the study.
  for (int i = 0; i < 3; ++i) {
    gfo::optuna::Trial trial = study->ask();
    trial.tell(trial.suggest_float("x", 0.0, 1.0));
  }
  EXPECT_EQ(study->trials().size(), 3u);
  study.reset();  // the last handle: Python is finalized here

  EXPECT_THROW(gfo::optuna::Runtime(), std::logic_error);
}

}  // namespace
