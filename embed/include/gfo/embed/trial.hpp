#pragma once
// A running trial of an Optuna study, as returned by Study::ask(). The suggest_* calls follow
// optuna.trial.Trial; tell*() ends the trial in the study (Optuna's study.tell).

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <string>
#include <vector>

#include "gfo/embed/value.hpp"

namespace gfo::optuna {

namespace detail {
struct TrialHandle;
}

enum class Scale { kLinear, kLog };

// Copies share one Python trial.
class Trial {
 public:
  int number() const;

  // A float in [low, high]; Scale::kLog samples its logarithm uniformly (Optuna's log=True).
  double suggest_float(const std::string& name, double low, double high,
                       Scale scale = Scale::kLinear);
  // A float on the grid low, low + step, ..., high (Optuna's step=). Write the step as a floating
  // literal (0.5, 1.0): an int literal is ambiguous with the deleted overload below.
  double suggest_float(const std::string& name, double low, double high, double step);
  // Deleted so that Python's log=True, written `true`, does not silently become a step of 1;
  // write Scale::kLog.
  double suggest_float(const std::string& name, double low, double high, bool) = delete;

  // An integer on the grid low, low + step, ..., high.
  std::int64_t suggest_int(const std::string& name, std::int64_t low, std::int64_t high,
                           std::int64_t step = 1);
  // An integer in [low, high] whose logarithm is sampled uniformly (step 1).
  std::int64_t suggest_int(const std::string& name, std::int64_t low, std::int64_t high,
                           Scale scale);

  // One of the choices. Every process that runs the study must pass the same choices.
  std::string suggest_categorical(const std::string& name, const std::vector<std::string>& choices);
  std::int64_t suggest_categorical(const std::string& name,
                                   const std::vector<std::int64_t>& choices);
  double suggest_categorical(const std::string& name, const std::vector<double>& choices);
  // Brace lists ({"adam", "sgd"}, {16, 32, 64}, {0.1, 0.5}) pick their overload by element type;
  // the std::vector overloads alone would be ambiguous for them.
  std::string suggest_categorical(const std::string& name,
                                  std::initializer_list<const char*> choices) {
    return suggest_categorical(name, std::vector<std::string>(choices.begin(), choices.end()));
  }
  std::int64_t suggest_categorical(const std::string& name, std::initializer_list<int> choices) {
    return suggest_categorical(name, std::vector<std::int64_t>(choices.begin(), choices.end()));
  }
  double suggest_categorical(const std::string& name, std::initializer_list<double> choices) {
    return suggest_categorical(name, std::vector<double>(choices.begin(), choices.end()));
  }

  // An intermediate objective value at `step` (Optuna's argument order), for the pruner.
  void report(double value, std::int64_t step);
  // Whether the study's pruner would stop this trial now; if so, call tell_pruned().
  bool should_prune() const;

  // Shown by optuna-dashboard and Study::trials(); the value must be a Python scalar.
  void set_user_attr(const std::string& key, const Value& value);
  // The parameters suggested so far.
  Params params() const;

  // Completes the trial with its objective value (one value per direction).
  void tell(double value);
  void tell(const std::vector<double>& values);
  // Marks the trial failed: samplers ignore it.
  void tell_failed();
  // Marks the trial pruned, with its last reported value.
  void tell_pruned();

 private:
  friend class Study;
  explicit Trial(std::shared_ptr<const detail::TrialHandle> handle);

  std::shared_ptr<const detail::TrialHandle> handle_;
};

}  // namespace gfo::optuna
