// Errors: Python exceptions arrive as gfo::optuna::PythonError with Python's type and message;
// our own argument checks throw std::invalid_argument; nothing crashes.

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <thread>

#include "embed_test_support.hpp"

namespace gfo_embed_test {
namespace {

using gfo::optuna::LoadStudyOptions;
using gfo::optuna::PythonError;
using gfo::optuna::Study;
using gfo::optuna::StudyOptions;
using gfo::optuna::Trial;
using gfo::optuna::TrialState;

// Runs `action`, which must throw PythonError, and returns that error.
template <typename Action>
PythonError python_error_of(Action&& action) {
  try {
    action();
  } catch (const PythonError& error) {
    return error;
  }
  ADD_FAILURE() << "expected a PythonError";
  return PythonError("", "", "");
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(EmbedErrors, SuggestFloatWithLowAboveHighRaisesValueErrorAndTheTrialCanStillEnd) {
  Study study = runtime().create_study(StudyOptions{});
  Trial trial = study.ask();
  const PythonError error = python_error_of([&] { trial.suggest_float("x", 2.0, 1.0); });
  EXPECT_EQ(error.python_type(), "ValueError");
  EXPECT_TRUE(contains(error.python_message(), "low <= high")) << error.python_message();
  EXPECT_EQ(std::string(error.what()), "ValueError: " + error.python_message());
  EXPECT_TRUE(contains(error.traceback(), "Traceback (most recent call last)"))
      << error.traceback();
  EXPECT_TRUE(contains(error.traceback(), "suggest_float")) << error.traceback();

  trial.tell_failed();
  EXPECT_EQ(study.trials().at(0).state, TrialState::kFail);
  // Optuna refuses to end a trial twice.
  const PythonError told_twice = python_error_of([&] { trial.tell(1.0); });
  EXPECT_EQ(told_twice.python_type(), "ValueError");
  EXPECT_TRUE(contains(told_twice.python_message(), "FAIL")) << told_twice.python_message();
}

TEST(EmbedErrors, LoadingAMissingStudyRaisesKeyError) {
  const TempDir dir;
  LoadStudyOptions options;
  options.storage = dir.sqlite_url("empty.db");
  options.study_name = "no-such-study";
  const PythonError error = python_error_of([&] { runtime().load_study(options); });
  EXPECT_EQ(error.python_type(), "KeyError");
  EXPECT_TRUE(contains(error.python_message(), "Record does not exist")) << error.python_message();
}

TEST(EmbedErrors, CreatingAnExistingStudyRaisesDuplicatedStudyError) {
  const TempDir dir;
  StudyOptions options;
  options.storage = dir.sqlite_url("duplicate.db");
  options.study_name = "taken";
  static_cast<void>(runtime().create_study(options));
  const PythonError error = python_error_of([&] { runtime().create_study(options); });
  EXPECT_EQ(error.python_type(), "optuna.exceptions.DuplicatedStudyError");
  EXPECT_TRUE(contains(error.python_message(), "taken")) << error.python_message();
}

TEST(EmbedErrors, BestValueWithoutCompleteTrialsRaisesValueError) {
  const Study study = runtime().create_study(StudyOptions{});
  const PythonError error = python_error_of([&] { study.best_value(); });
  EXPECT_EQ(error.python_type(), "ValueError");
  EXPECT_TRUE(contains(error.python_message(), "No trials are completed"))
      << error.python_message();
}

TEST(EmbedErrors, BadSamplerArgumentsRaiseThePluginsErrors) {
  StudyOptions options;
  options.sampler = {"GPEISampler", {{"no_such_argument", 1}}};
  const PythonError unknown = python_error_of([&] { runtime().create_study(options); });
  EXPECT_EQ(unknown.python_type(), "TypeError");
  EXPECT_TRUE(contains(unknown.python_message(), "no_such_argument")) << unknown.python_message();

  options.sampler = {"GASampler", {{"population_size", 1}}};
  const PythonError too_small = python_error_of([&] { runtime().create_study(options); });
  EXPECT_EQ(too_small.python_type(), "ValueError");
  EXPECT_TRUE(contains(too_small.python_message(), "population_size"))
      << too_small.python_message();
}

TEST(EmbedErrors, BadStorageURLRaisesPythonError) {
  StudyOptions options;
  options.storage = "nosuchdialect://localhost/db";
  const PythonError error = python_error_of([&] { runtime().create_study(options); });
  EXPECT_FALSE(error.python_type().empty());
  EXPECT_TRUE(contains(error.python_message(), "nosuchdialect")) << error.python_message();
}

TEST(EmbedErrors, UnknownSamplerOrPrunerNameIsInvalidArgument) {
  StudyOptions options;
  options.sampler = {"NoSuchSampler", {}};
  EXPECT_THROW(runtime().create_study(options), std::invalid_argument);
  // A name of optuna.samplers that is not a sampler class.
  options.sampler = {"logging", {}};
  EXPECT_THROW(runtime().create_study(options), std::invalid_argument);
  options.sampler = {"", {{"seed", 0}}};
  EXPECT_THROW(runtime().create_study(options), std::invalid_argument);
  options.sampler = {"RandomSampler", {}};
  options.pruner = {"no_such_pruner", {}};
  EXPECT_THROW(runtime().create_study(options), std::invalid_argument);
  options.pruner = {"MedianPruner", {}};
  EXPECT_NO_THROW(runtime().create_study(options));
}

TEST(EmbedErrors, ASecondRuntimeIsRefusedAndTheFirstKeepsWorking) {
  try {
    const gfo::optuna::Runtime second;
    FAIL() << "a second Runtime must throw";
  } catch (const std::logic_error& error) {
    EXPECT_TRUE(contains(error.what(), "only one Runtime per process")) << error.what();
  }
  Study study = runtime().create_study(StudyOptions{});
  Trial trial = study.ask();
  trial.tell(trial.suggest_float("x", 0.0, 1.0));
  EXPECT_EQ(study.trials().size(), 1u);
}

TEST(EmbedErrors, CallsFromAnotherThreadAreRefused) {
  Study study = runtime().create_study(StudyOptions{});
  bool refused = false;
  std::thread other([&] {
    try {
      static_cast<void>(study.ask());
    } catch (const std::logic_error& error) {
      refused = contains(error.what(), "thread that constructed the Runtime");
    }
  });
  other.join();
  EXPECT_TRUE(refused);
  EXPECT_TRUE(study.trials().empty());
}

}  // namespace
}  // namespace gfo_embed_test
