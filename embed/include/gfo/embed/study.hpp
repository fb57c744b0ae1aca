#pragma once
// An Optuna study driven by ask-and-tell from C++. Made by Runtime::create_study/load_study.

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "gfo/embed/study_options.hpp"
#include "gfo/embed/trial.hpp"
#include "gfo/embed/value.hpp"

namespace gfo::optuna {

namespace detail {
struct StudyHandle;
}

enum class TrialState { kRunning, kComplete, kPruned, kFail, kWaiting };

// A trial as stored (Optuna's FrozenTrial, reduced).
struct TrialRecord {
  int number = 0;
  TrialState state = TrialState::kRunning;
  std::vector<double> values;  // one per direction when complete, else empty
  Params params;
  std::map<std::int64_t, double> intermediate_values;  // step -> reported value
  Params user_attrs;
};

// Copies share one Python study.
class Study {
 public:
  const std::string& name() const noexcept;
  std::vector<Direction> directions() const;

  // Starts a trial; its parameters come from the sampler as they are suggested.
  Trial ask();

  // Of the best complete trial (single-objective studies; PythonError otherwise, or when no
  // trial is complete).
  Params best_params() const;
  double best_value() const;
  // The Pareto front of the complete trials (any number of directions).
  std::vector<TrialRecord> best_trials() const;
  // Every trial in the storage, by number, including other processes' trials.
  std::vector<TrialRecord> trials() const;

 private:
  friend class Runtime;
  explicit Study(std::shared_ptr<const detail::StudyHandle> handle);

  std::shared_ptr<const detail::StudyHandle> handle_;
};

}  // namespace gfo::optuna
