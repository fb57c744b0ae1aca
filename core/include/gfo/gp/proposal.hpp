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
//   objective (options.deterministic_objective, or two completed rows at one point with the same
//   values); running trials' too, unless they cover what is left of a finite space. No point
//   left: `exhausted`.
// - The acquisition is a sum of log terms (log EI or log EHVI, log probabilities of constraints
//   and completion; only the probabilities while no completed trial is feasible);
//   `options.acquisition` (EI, UCB) applies only when the objective's term is the whole of it.

#include <Eigen/Core>
#include <cstdint>
#include <optional>
#include <vector>

#include "gfo/common/cancellation.hpp"
#include "gfo/common/search_space.hpp"
#include "gfo/gp/acq_optimizer.hpp"
#include "gfo/gp/acquisition.hpp"
#include "gfo/gp/gaussian_process.hpp"
#include "gfo/gp/gram_factor.hpp"
#include "gfo/gp/kernel.hpp"
#include "gfo/gp/marginal_likelihood.hpp"

namespace gfo::gp {

struct GPEIOptions {
  KernelType kernel = KernelType::kMatern52;
  AcquisitionType acquisition = AcquisitionType::kLogEI;
  double ucb_beta = 2.0;
  // Noise held at the floor instead of fitted, and completed points never proposed again.
  bool deterministic_objective = false;
  // Each objective's completed values are centred on their median, divided by their interquartile
  // range, passed through bilog(v) = sign(v) log(1 + |v|) and standardized: a monotone map (the
  // same best trial, the same Pareto front) after which a few extreme values no longer set the
  // model's scale. Measured on benchmarks/suite.py (100 trials, seeds 0-9), median log10 regret
  // without / with: goldstein_price 0.21 / -3.12, rosenbrock5 1.86 / 0.82, powell8 1.82 / 1.54,
  // architecture -3.90 / -4.69; scaling by the 10-90% range instead, or by the standard
  // deviation (plain bilog), kept most of the heavy tails' losses. Not applied while some trial
  // was pruned (see proposal.cpp).
  bool warp_objectives = true;
  FitOptions fit;
  AcqOptimizerOptions optimizer;
  // The best observed points join the Sobol candidates as starting points.
  int n_best_starting_points = 8;
  // Asked between the chunks of the whole proposal (the fits' and the optimizer's, whose own
  // `cancelled` it replaces); see gfo/common/cancellation.hpp.
  CancellationCheck cancelled;
  // Several objectives: past this many boxes in the exact decomposition of the region the front
  // does not dominate (or local upper bounds on the way to it), log EHVI is estimated by
  // quasi-Monte Carlo on n_ehvi_samples points instead (gfo/mo/qmc_log_ehvi.hpp). The
  // decomposition's work grows as bounds x boxes, so the cap bounds it by about its square
  // (measured: 28,085 boxes, 6 objectives, 50 points, took 18 s; 4,285 boxes, 5 objectives, 50
  // points, 0.25 s). 4,096 samples keep the estimate within 5% of exact EHVI where it is >= 1e-2
  // (2,048 did not).
  int max_ehvi_boxes = 4096;
  int n_ehvi_samples = 4096;
  // Past this many finished trials (0: never), every model is fitted to this many of them
  // (gfo/gp/model_subset.hpp), anchored at the best feasible trials; the points of all of them
  // stay excluded as usual. The refit schedule (FitOptions) then counts every finished trial.
  int max_model_observations = 0;
  // Hyperparameters are fitted to at most this many of a model's observations (0: all), evenly
  // spread over them; the posterior still uses them all. A fit costs O(n^3) per evaluation of the
  // marginal likelihood, and the hyperparameters of a smooth model move little between 500 and
  // 1,000 observations.
  int max_fit_observations = 0;
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
  // choose_gp_candidate only: the row of its candidates that was chosen; -1 when none was.
  Eigen::Index candidate = -1;
};

// The number of models a proposal for `trials` fits (and of warm starts it takes).
std::size_t n_models(const GPTrials& trials);

// Standardized targets: +-inf clipped to the extreme finite values, then zero mean and unit
// variance (a constant vector becomes all zeros). Throws std::invalid_argument on NaN.
Eigen::VectorXd standardize_targets(const Eigen::VectorXd& values);

// The hypervolume's reference point from standardized feasible values (one row each): per
// objective, the worst finite value moved 10% of its magnitude further out (a zero becomes a tiny
// positive number), as Optuna's GPSampler does; finite whatever the values.
Eigen::VectorXd reference_point(const Eigen::MatrixXd& standardized_feasible);

// About how many floating-point operations one proposal takes at most (cold fits of every model,
// scoring the candidates, the local searches) for n_observations finished and running trials in
// `dimension` dimensions: for warning of a proposal that will take long, not a timing.
double proposal_work(Eigen::Index n_observations, Eigen::Index dimension, std::size_t n_models,
                     const GPEIOptions& options);

// `warm_starts` is empty or holds one optional state per model (see GPProposal::models).
// Deterministic given the seed. Throws std::invalid_argument on inconsistent or non-finite input
// (naming it), NumericalError when a model cannot be fitted, Cancelled when options.cancelled
// says so.
GPProposal propose_gp(const SearchSpace& space, const GPTrials& trials, const GPEIOptions& options,
                      const std::vector<std::optional<GPModelState>>& warm_starts, std::uint64_t seed);

// The same models and acquisition, maximized over the rows of `candidates` (core coordinates,
// snapped here) instead of the search space: surrogate-assisted evolution, where GASampler breeds
// the candidates. A candidate at an excluded point is never chosen, one at a running trial's point
// only when every other candidate is excluded or running. No candidate left: `exhausted`, and
// `candidate` is -1. Throws what propose_gp throws, and NumericalError on a NaN acquisition value.
GPProposal choose_gp_candidate(const SearchSpace& space, const GPTrials& trials, const GPEIOptions& options,
                               const std::vector<std::optional<GPModelState>>& warm_starts,
                               const Eigen::MatrixXd& candidates, std::uint64_t seed);

}  // namespace gfo::gp
