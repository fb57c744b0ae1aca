#pragma once
// One step of GP Bayesian optimization, the one proposal pipeline of GPEISampler: one GP per
// objective, per constraint and (when some trials did not complete) one for the probability that
// a trial completes; the maximizer of one acquisition built from them. The plain case is one
// objective, no constraint and every finished trial completed. Objectives are minimized.
//
// What each kind of trial means to the models is the sampler's documented behaviour
// (docs/gp_ei_sampler.md, rendered from GPEISampler's docstring); the constants and the
// measurements behind them are in docs/internals.md. The invariants this code keeps:
// - A running trial is a pending point at each objective GP's own posterior mean: it shrinks the
//   variance, never moves the mean, and exists only while its trial runs.
// - Failed and pruned trials are never observations at a good value: they are labelled 1 in the
//   completion model (completed: 0; its probability of staying under 1/2 joins the acquisition
//   like a constraint's), and a pruned trial's imputed objective value is never better than the
//   completed trials' median (kLowestPrunedQuantile, kPrunedPenalty in proposal.cpp).
// - Excluded points: those of failed and pruned trials, and of completed ones for a deterministic
//   objective; running trials' too, unless they cover what is left of a finite space. No point
//   left: `exhausted`.
// - The acquisition is a sum of log terms (log EI or log EHVI, log probabilities of constraints
//   and completion; only the probabilities while no completed trial is feasible);
//   `options.acquisition` (EI, UCB) applies only when the objective's term is the whole of it.

#include <Eigen/Core>
#include <cstdint>
#include <optional>
#include <vector>

#include "gfo/gp/acq_optimizer.hpp"
#include "gfo/gp/acquisition.hpp"
#include "gfo/gp/gaussian_process.hpp"
#include "gfo/gp/gram_factor.hpp"
#include "gfo/gp/kernel.hpp"
#include "gfo/gp/marginal_likelihood.hpp"
#include "gfo/common/search_space.hpp"

namespace gfo::gp {

struct GPEIOptions {
  KernelType kernel = KernelType::kMatern52;
  AcquisitionType acquisition = AcquisitionType::kLogEI;
  double ucb_beta = 2.0;
  // Noise held at the floor instead of fitted, and completed points never proposed again.
  bool deterministic_objective = false;
  FitOptions fit;
  AcqOptimizerOptions optimizer;
  // The best observed points join the Sobol candidates as starting points.
  int n_best_starting_points = 8;
};

enum class TrialOutcome { kCompleted, kPruned, kFailed };

// The finished trials of a study (oldest first: a model's Gram factor is then extended by the
// new rows instead of refactored), and its running ones.
struct GPTrials {
  Eigen::MatrixXd points;  // one finished trial per row, core coordinates
  std::vector<TrialOutcome> outcomes;
  // Minimized objective values, one column per objective; read on completed rows only.
  Eigen::MatrixXd objectives;
  // One column per constraint (feasible when <= 0; NaN: no value, counted as satisfied); read on
  // completed rows only. May have no columns.
  Eigen::MatrixXd constraints;
  // Read on pruned rows only: the share of completed trials that did better at the last step the
  // trial reached, in [0, 1]; NaN when unknown. May be empty when no trial was pruned.
  Eigen::VectorXd pruned_ranks;
  Eigen::MatrixXd running;  // one running trial's point per row
};

// A model's fit, reused by the next proposal.
struct GPModelState {
  GPHyperparameters hyperparameters;
  // How many observations the hyperparameters were fitted to (0: unknown), for the refit
  // schedule of FitOptions.
  long long n_observations = 0;
  // The Gram factor of the model's observations under these hyperparameters, when known.
  std::optional<GramFactor> factor;
};

struct GPProposal {
  Eigen::VectorXd point;  // admissible core coordinates; empty when exhausted
  double acquisition_value = 0.0;
  // One per objective, then one per constraint, then the completion model when some finished
  // trial did not complete (n_models() of the trials). Empty when exhausted.
  std::vector<GPModelState> models;
  // Whether any model's hyperparameters were fitted now (rather than kept from a warm start):
  // the caller stores the fits for other processes then.
  bool refitted = false;
  // Every point of a finite space is excluded: nothing to propose.
  bool exhausted = false;
};

// The number of models a proposal for `trials` fits (and of warm starts it takes).
std::size_t n_models(const GPTrials& trials);

// Standardized targets: +-inf clipped to the extreme finite values, then zero mean and unit
// variance (a constant vector becomes all zeros). Throws std::invalid_argument on NaN.
Eigen::VectorXd standardize_targets(const Eigen::VectorXd& values);

// The hypervolume's reference point from standardized feasible values (one row each): per
// objective, the worst value moved 10% further away from zero (a zero becomes a tiny positive
// number), as Optuna's GPSampler does.
Eigen::VectorXd reference_point(const Eigen::MatrixXd& standardized_feasible);

// `warm_starts` is empty or holds one optional state per model (see GPProposal::models).
// Deterministic given the seed. Throws std::invalid_argument on inconsistent input,
// NumericalError when a model cannot be fitted.
GPProposal propose_gp(const SearchSpace& space, const GPTrials& trials, const GPEIOptions& options,
                      const std::vector<std::optional<GPModelState>>& warm_starts, std::uint64_t seed);

}  // namespace gfo::gp
