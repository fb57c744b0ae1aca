// End-to-end studies through the embedded interpreter: our samplers on SQLite, reloading,
// multi-objective studies.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <string>
#include <vector>

#include "embed_test_support.hpp"

namespace gfo_embed_test {
namespace {

using gfo::optuna::Direction;
using gfo::optuna::LoadStudyOptions;
using gfo::optuna::Params;
using gfo::optuna::Study;
using gfo::optuna::StudyOptions;
using gfo::optuna::Trial;
using gfo::optuna::TrialRecord;
using gfo::optuna::TrialState;

// Minimum 0 at x = 1.5, layers = 3, activation = "tanh".
double mixed_objective(const double x, const std::int64_t layers, const std::string& activation) {
  const double activation_penalty = activation == "tanh" ? 0.0 : 1.0;
  return (x - 1.5) * (x - 1.5) + 0.1 * static_cast<double>((layers - 3) * (layers - 3)) +
         activation_penalty;
}

void evaluate_mixed(Trial& trial) {
  const double x = trial.suggest_float("x", -4.0, 4.0);
  const std::int64_t layers = trial.suggest_int("layers", 1, 6);
  const std::string activation = trial.suggest_categorical("activation", {"relu", "tanh", "gelu"});
  trial.tell(mixed_objective(x, layers, activation));
}

void run_mixed_trials(Study& study, const int n_trials) {
  for (int i = 0; i < n_trials; ++i) {
    Trial trial = study.ask();
    evaluate_mixed(trial);
  }
}

// The study must hold n_trials complete trials numbered 0..n-1 whose values are the objective at
// their params, and its best trial must beat the first one.
void expect_complete_and_improving(const Study& study, const int n_trials) {
  const std::vector<TrialRecord> trials = study.trials();
  ASSERT_EQ(trials.size(), static_cast<std::size_t>(n_trials));
  for (int i = 0; i < n_trials; ++i) {
    const TrialRecord& trial = trials[static_cast<std::size_t>(i)];
    EXPECT_EQ(trial.number, i);
    ASSERT_EQ(trial.state, TrialState::kComplete);
    ASSERT_EQ(trial.values.size(), 1u);
    const double x = trial.params.at("x").as_double();
    const std::int64_t layers = trial.params.at("layers").as_int();
    const std::string& activation = trial.params.at("activation").as_string();
    EXPECT_GE(x, -4.0);
    EXPECT_LE(x, 4.0);
    EXPECT_GE(layers, 1);
    EXPECT_LE(layers, 6);
    EXPECT_DOUBLE_EQ(trial.values[0], mixed_objective(x, layers, activation));
  }
  const double best = study.best_value();
  double minimum = trials[0].values[0];
  for (const TrialRecord& trial : trials) minimum = std::min(minimum, trial.values[0]);
  EXPECT_EQ(best, minimum);
  EXPECT_LT(best, trials[0].values[0]);
  const Params best_params = study.best_params();
  EXPECT_EQ(mixed_objective(best_params.at("x").as_double(), best_params.at("layers").as_int(),
                            best_params.at("activation").as_string()),
            best);
}

TEST(EmbedStudy, GPEISamplerOnSQLiteStoresEveryTrialAndImproves) {
  const TempDir dir;
  StudyOptions options;
  options.storage = dir.sqlite_url("gpei.db");
  options.study_name = "gpei";
  options.sampler = {"GPEISampler", {{"seed", 0}, {"n_startup_trials", 5}}};
  Study study = runtime().create_study(options);
  EXPECT_EQ(study.name(), "gpei");
  run_mixed_trials(study, 12);
  expect_complete_and_improving(study, 12);
}

TEST(EmbedStudy, GASamplerOnSQLiteStoresEveryTrialAndImproves) {
  const TempDir dir;
  StudyOptions options;
  options.storage = dir.sqlite_url("ga.db");
  options.study_name = "ga";
  options.sampler = {"GASampler", {{"seed", 0}, {"population_size", 4}}};
  Study study = runtime().create_study(options);
  run_mixed_trials(study, 12);
  expect_complete_and_improving(study, 12);
}

TEST(EmbedStudy, LoadedStudySeesStoredTrialsAndContinuesTheNumbering) {
  const TempDir dir;
  StudyOptions options;
  options.storage = dir.sqlite_url("resume.db");
  options.study_name = "resume";
  options.sampler = {"GPEISampler", {{"seed", 1}, {"n_startup_trials", 3}}};
  std::vector<double> first_values;
  {
    Study study = runtime().create_study(options);
    run_mixed_trials(study, 5);
    for (const TrialRecord& trial : study.trials()) first_values.push_back(trial.values.at(0));
  }

  LoadStudyOptions load;
  load.storage = options.storage;
  load.study_name = "resume";
  load.sampler = {"GASampler", {{"seed", 1}, {"population_size", 3}}};
  Study loaded = runtime().load_study(load);
  EXPECT_EQ(loaded.name(), "resume");
  ASSERT_EQ(loaded.trials().size(), 5u);
  for (std::size_t i = 0; i < 5; ++i) EXPECT_EQ(loaded.trials()[i].values.at(0), first_values[i]);

  Trial trial = loaded.ask();
  EXPECT_EQ(trial.number(), 5);
  evaluate_mixed(trial);
  run_mixed_trials(loaded, 4);
  expect_complete_and_improving(loaded, 10);

  // load_if_exists: create_study on the existing name loads it as well.
  options.load_if_exists = true;
  EXPECT_EQ(runtime().create_study(options).trials().size(), 10u);
}

TEST(EmbedStudy, InMemoryStudiesAreSeparate) {
  StudyOptions options;
  options.sampler = {"RandomSampler", {{"seed", 3}}};
  Study first = runtime().create_study(options);
  Study second = runtime().create_study(options);
  EXPECT_NE(first.name(), second.name());
  run_mixed_trials(first, 3);
  EXPECT_EQ(first.trials().size(), 3u);
  EXPECT_TRUE(second.trials().empty());
}

// Trial a dominates b: no worse in every objective and better in one.
bool dominates(const std::vector<double>& a, const std::vector<double>& b,
               const std::vector<Direction>& directions) {
  bool better_somewhere = false;
  for (std::size_t k = 0; k < directions.size(); ++k) {
    const double sign = directions[k] == Direction::kMinimize ? 1.0 : -1.0;
    if (sign * a[k] > sign * b[k]) return false;
    if (sign * a[k] < sign * b[k]) better_somewhere = true;
  }
  return better_somewhere;
}

TEST(EmbedStudy, MultiObjectiveStudyReturnsItsParetoFront) {
  StudyOptions options;
  options.directions = {Direction::kMinimize, Direction::kMaximize};
  options.sampler = {"NSGAIISampler", {{"seed", 0}, {"population_size", 4}}};
  Study study = runtime().create_study(options);
  EXPECT_EQ(study.directions(), options.directions);
  for (int i = 0; i < 10; ++i) {
    Trial trial = study.ask();
    const double x = trial.suggest_float("x", 0.0, 1.0);
    const double y = trial.suggest_float("y", 0.0, 1.0);
    trial.tell({x + y, x - y * y});
  }

  const std::vector<TrialRecord> trials = study.trials();
  std::set<int> expected_front;
  for (const TrialRecord& candidate : trials) {
    const bool dominated = std::any_of(trials.begin(), trials.end(), [&](const TrialRecord& other) {
      return dominates(other.values, candidate.values, options.directions);
    });
    if (!dominated) expected_front.insert(candidate.number);
  }
  std::set<int> front;
  for (const TrialRecord& trial : study.best_trials()) front.insert(trial.number);
  EXPECT_EQ(front, expected_front);
  EXPECT_FALSE(front.empty());
  EXPECT_LT(front.size(), trials.size());

  try {
    static_cast<void>(study.best_value());
    FAIL() << "best_value of a multi-objective study must throw";
  } catch (const gfo::optuna::PythonError& error) {
    EXPECT_EQ(error.python_type(), "RuntimeError");
    EXPECT_NE(error.python_message().find("multi-objective"), std::string::npos)
        << error.python_message();
  }
}

}  // namespace
}  // namespace gfo_embed_test
