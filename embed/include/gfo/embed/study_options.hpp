#pragma once
// What a study is made of: where it is stored, its name and directions, its sampler and pruner.

#include <string>
#include <vector>

#include "gfo/embed/value.hpp"

namespace gfo::optuna {

enum class Direction { kMinimize, kMaximize };

// A sampler by class name and its constructor's keyword arguments.
struct SamplerSpec {
  // "GPEISampler" or "GASampler" (optuna_gfo), any class of optuna.samplers ("TPESampler",
  // "RandomSampler", "NSGAIISampler", ...), or "" for Optuna's default.
  std::string name;
  Options options;  // e.g. {{"seed", 0}, {"n_startup_trials", 5}}
};

// A pruner by name and its constructor's keyword arguments.
struct PrunerSpec {
  // "none" (never prunes), "median", "percentile", "successive_halving", "hyperband",
  // "threshold", "wilcoxon", any class of optuna.pruners ("MedianPruner", ...), or "" for Optuna's
  // default (MedianPruner).
  std::string name;
  Options options;  // e.g. {{"n_startup_trials", 5}, {"n_warmup_steps", 2}}
};

struct StudyOptions {
  // An Optuna storage URL ("sqlite:///tuning.db", "postgresql://user@host/db"); "" keeps the study
  // in memory, for this Runtime only.
  std::string storage;
  // "" lets Optuna generate a unique name.
  std::string study_name;
  // One per objective value; more than one makes a multi-objective study.
  std::vector<Direction> directions{Direction::kMinimize};
  SamplerSpec sampler;
  PrunerSpec pruner;
  // Load the study when one of this name exists in the storage instead of failing
  // (optuna.exceptions.DuplicatedStudyError).
  bool load_if_exists = false;
};

struct LoadStudyOptions {
  std::string storage;
  std::string study_name;
  // Samplers and pruners are not stored with a study: each process chooses its own.
  SamplerSpec sampler;
  PrunerSpec pruner;
};

}  // namespace gfo::optuna
