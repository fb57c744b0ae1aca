#pragma once
// One step of GP Bayesian optimization, the one proposal pipeline of GPEISampler: one GP per
// objective, per constraint and (when some trials did not complete) one for the probability that
// a trial completes; the maximizer of one acquisition built from them. The plain case is one
// objective, no constraint and every finished trial completed. Objectives are minimized.
//
// What the trials that are not completed mean:
// - Running trials are pending points. Each objective's GP gets them with its own posterior mean
//   as the value ("Kriging believer"): the model's belief is unchanged, only its uncertainty
//   shrinks there, so no region looks better than the model believes it is. A pending point
//   exists only while its trial runs.
// - Failed and pruned trials are never observations at a good value. Every finished trial enters
//   a "completion" GP, a regression on the label 0 (completed) / 1 (failed or pruned), whose
//   probability of staying under 1/2 multiplies the acquisition like a constraint's probability
//   of feasibility: a region where trials crash or get pruned is avoided, not merely not
//   attracted.
// - A pruned trial also joins the objectives' GPs with an imputed value, from its rank: the share
//   q of the completed trials that reported a better intermediate value at the last step it
//   reached (unknown: q = 1). Its standardized value is the quantile max(q, 1/2) of the completed
//   trials' values plus a penalty growing from 0 at q = 1/2 to one standard deviation at q = 1:
//   a trial the pruner stopped is at best a median one, and one that ranked last (a diverging
//   run) is worse than every completed trial. This is TPE's use of pruned trials (ranked by the
//   step they reached and their value there) carried over to a regression model. Without the
//   penalty, pruned trials sat at the worst completed value, which under MedianPruner is itself
//   good (only good runs complete): the training-like study of tests/python/
//   test_gp_ei_real_studies.py (36 trials, 8 startup) wasted 10-14 of its 18 late trials instead
//   of 7-10 (seeds 0-3).
// - The points of failed and pruned trials are never proposed again, nor, for a deterministic
//   objective, those of completed trials; a finite space whose every point is one of them yields
//   no proposal (`exhausted`). Running trials' points are avoided as well, unless they cover
//   what is left of a finite space (many workers on a small grid).
//
// The acquisition: log EI over the best feasible value (one objective) or log EHVI over the
// feasible Pareto front (several; reference point from the standardized feasible values, as
// Optuna's GPSampler derives it, so the front does not depend on the objectives' offsets or
// units), plus the log probability of every constraint and of completion. While no completed
// trial is feasible only the probabilities count, running trials or not. `options.acquisition`
// (EI, UCB) is honoured only when the objective's term is the whole acquisition; sums are of log
// terms, so log EI is used then.

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
