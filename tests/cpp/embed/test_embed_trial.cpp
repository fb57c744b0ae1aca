// One trial at a time: every kind of suggestion, user attributes, failed and pruned trials.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "embed_test_support.hpp"

namespace gfo_embed_test {
namespace {

using gfo::optuna::Params;
using gfo::optuna::Scale;
using gfo::optuna::Study;
using gfo::optuna::StudyOptions;
using gfo::optuna::Trial;
using gfo::optuna::TrialRecord;
using gfo::optuna::TrialState;

StudyOptions in_memory(const std::string& sampler, const gfo::optuna::Options& sampler_options) {
  StudyOptions options;
  options.sampler = {sampler, sampler_options};
  options.pruner = {"none", {}};
  return options;
}

TEST(EmbedTrial, SuggestionsRespectTheirDistributionsAndAreStoredWithTheirTypes) {
  Study study = runtime().create_study(in_memory("RandomSampler", {{"seed", 7}}));
  for (int i = 0; i < 8; ++i) {
    Trial trial = study.ask();
    const double stepped = trial.suggest_float("stepped", 0.5, 2.5, 0.25);
    const double log_float = trial.suggest_float("lr", 1e-5, 1e-1, Scale::kLog);
    const std::int64_t log_int = trial.suggest_int("width", 8, 512, Scale::kLog);
    const std::int64_t stepped_int = trial.suggest_int("batches", 2, 20, 3);
    const std::int64_t batch = trial.suggest_categorical("batch", {16, 32, 64});
    const double dropout = trial.suggest_categorical("dropout", {0.0, 0.1, 0.5});
    const std::string optimizer =
        trial.suggest_categorical("optimizer", std::vector<std::string>{"adam", "sgd"});

    const double steps = (stepped - 0.5) / 0.25;
    EXPECT_NEAR(steps, std::round(steps), 1e-9) << stepped;
    EXPECT_GE(log_float, 1e-5);
    EXPECT_LE(log_float, 1e-1);
    EXPECT_GE(log_int, 8);
    EXPECT_LE(log_int, 512);
    EXPECT_EQ((stepped_int - 2) % 3, 0) << stepped_int;
    EXPECT_LE(stepped_int, 20);
    EXPECT_TRUE(batch == 16 || batch == 32 || batch == 64) << batch;
    EXPECT_TRUE(dropout == 0.0 || dropout == 0.1 || dropout == 0.5) << dropout;
    EXPECT_TRUE(optimizer == "adam" || optimizer == "sgd") << optimizer;

    const Params params = trial.params();
    ASSERT_EQ(params.size(), 7u);
    EXPECT_EQ(params.at("stepped"), stepped);
    EXPECT_EQ(params.at("width"), log_int);
    EXPECT_EQ(params.at("batch"), batch);
    EXPECT_EQ(params.at("dropout"), dropout);
    EXPECT_EQ(params.at("optimizer"), optimizer);
    EXPECT_STREQ(params.at("width").type_name(), "int");
    EXPECT_STREQ(params.at("lr").type_name(), "float");
    trial.tell(log_float);
  }
  EXPECT_EQ(study.trials().size(), 8u);
}

TEST(EmbedTrial, UserAttributesAreStored) {
  Study study = runtime().create_study(in_memory("RandomSampler", {{"seed", 0}}));
  Trial trial = study.ask();
  trial.set_user_attr("solver", "sor");
  trial.set_user_attr("iterations", 42);
  trial.set_user_attr("converged", true);
  trial.set_user_attr("residual", 1e-9);
  trial.tell(1.0);
  const Params attrs = study.trials().at(0).user_attrs;
  ASSERT_EQ(attrs.size(), 4u);
  EXPECT_EQ(attrs.at("solver").as_string(), "sor");
  EXPECT_EQ(attrs.at("iterations").as_int(), 42);
  EXPECT_TRUE(attrs.at("converged").as_bool());
  EXPECT_EQ(attrs.at("residual").as_double(), 1e-9);
}

TEST(EmbedTrial, FailedTrialIsStoredAsFailAndSamplingGoesOn) {
  Study study =
      runtime().create_study(in_memory("GPEISampler", {{"seed", 0}, {"n_startup_trials", 2}}));
  Trial failed = study.ask();
  static_cast<void>(failed.suggest_float("x", -1.0, 1.0));
  failed.tell_failed();
  std::vector<double> values;
  for (int i = 0; i < 5; ++i) {
    Trial trial = study.ask();
    const double x = trial.suggest_float("x", -1.0, 1.0);
    values.push_back(x * x);
    trial.tell(x * x);
  }

  const std::vector<TrialRecord> trials = study.trials();
  ASSERT_EQ(trials.size(), 6u);
  EXPECT_EQ(trials[0].state, TrialState::kFail);
  EXPECT_TRUE(trials[0].values.empty());
  for (std::size_t i = 1; i < trials.size(); ++i) {
    EXPECT_EQ(trials[i].state, TrialState::kComplete);
    EXPECT_EQ(trials[i].values.at(0), values[i - 1]);
  }
  EXPECT_EQ(study.best_value(), *std::min_element(values.begin(), values.end()));
}

StudyOptions with_pruner(const std::string& pruner) {
  StudyOptions options = in_memory("RandomSampler", {{"seed", 0}});
  options.pruner = {pruner, {}};
  if (pruner == "median") options.pruner.options = {{"n_startup_trials", 1}, {"n_warmup_steps", 0}};
  return options;
}

// Trial 0 reports 1.0 at steps 0..2 and completes; trial 1 reports `second_report` at step 0.
bool second_trial_should_prune(Study& study, const double second_report) {
  Trial first = study.ask();
  for (std::int64_t step = 0; step < 3; ++step) {
    first.report(1.0, step);
    EXPECT_FALSE(first.should_prune());
  }
  first.tell(1.0);
  Trial second = study.ask();
  second.report(second_report, 0);
  const bool prune = second.should_prune();
  if (prune) {
    second.tell_pruned();
  } else {
    second.tell(second_report);
  }
  return prune;
}

TEST(EmbedTrial, MedianPrunerPrunesAWorseTrialWhichIsStoredAsPruned) {
  Study study = runtime().create_study(with_pruner("median"));
  ASSERT_TRUE(second_trial_should_prune(study, 10.0));
  const std::vector<TrialRecord> trials = study.trials();
  ASSERT_EQ(trials.size(), 2u);
  EXPECT_EQ(trials[0].state, TrialState::kComplete);
  EXPECT_EQ(trials[0].intermediate_values.size(), 3u);
  EXPECT_EQ(trials[1].state, TrialState::kPruned);
  ASSERT_EQ(trials[1].intermediate_values.size(), 1u);
  EXPECT_EQ(trials[1].intermediate_values.at(0), 10.0);
  EXPECT_EQ(study.best_value(), 1.0);
}

TEST(EmbedTrial, MedianPrunerKeepsABetterTrial) {
  Study study = runtime().create_study(with_pruner("median"));
  EXPECT_FALSE(second_trial_should_prune(study, 0.5));
  EXPECT_EQ(study.trials().at(1).state, TrialState::kComplete);
}

TEST(EmbedTrial, NoPrunerNeverPrunes) {
  Study study = runtime().create_study(with_pruner("none"));
  EXPECT_FALSE(second_trial_should_prune(study, 10.0));
  EXPECT_EQ(study.trials().at(1).state, TrialState::kComplete);
}

TEST(EmbedTrial, TellPrunedWithoutReportsIsStoredAsPruned) {
  Study study = runtime().create_study(with_pruner("none"));
  Trial trial = study.ask();
  static_cast<void>(trial.suggest_int("n", 0, 3));
  trial.tell_pruned();
  EXPECT_EQ(study.trials().at(0).state, TrialState::kPruned);
}

}  // namespace
}  // namespace gfo_embed_test
