#pragma once
// One step of GP-based Bayesian optimization: fit the GP to the observations, account for pending
// points, and maximize the acquisition. The objective is minimized.

#include <Eigen/Core>
#include <cstdint>
#include <optional>

#include "gfo/acq_optimizer.hpp"
#include "gfo/acquisition.hpp"
#include "gfo/gaussian_process.hpp"
#include "gfo/kernel.hpp"
#include "gfo/marginal_likelihood.hpp"
#include "gfo/search_space.hpp"

namespace gfo {

struct GPEIOptions {
  KernelType kernel = KernelType::kMatern52;
  AcquisitionType acquisition = AcquisitionType::kLogEI;
  double ucb_beta = 2.0;
  // Noise held at the floor instead of fitted.
  bool deterministic_objective = false;
  FitOptions fit;
  AcqOptimizerOptions optimizer;
  // The best observed points join the Sobol candidates as starting points.
  int n_best_starting_points = 8;
};

struct GPEIProposal {
  Eigen::VectorXd point;  // admissible core coordinates
  double acquisition_value = 0.0;
  GPHyperparameters hyperparameters;  // to warm-start the next fit
  // The Gram factor of the observations (without the pending points): passed back as
  // `observed_factor` next time, it spares refactoring the rows that did not change.
  std::optional<GramFactor> observed_factor;
};

// Standardized targets: +-inf clipped to the extreme finite values, then zero mean and unit
// variance (a constant vector becomes all zeros). Throws std::invalid_argument on NaN.
Eigen::VectorXd standardize_targets(const Eigen::VectorXd& values);

// `observed`: one point per row in core coordinates, `values` their objective values (minimized);
// `pending`: points being evaluated right now. Pending points enter the GP as fantasies whose
// value is the best observed one ("constant liar, min"), so that the acquisition vanishes there
// and the next proposal goes elsewhere. `observed_factor` (may be null) is a previous proposal's
// factor: used when its hyperparameters are the ones in force and `observed` begins with its
// inputs (append new observations at the end to benefit), ignored otherwise. The result is the
// same either way up to rounding.
GPEIProposal propose_gp_ei(const SearchSpace& space, const Eigen::MatrixXd& observed,
                           const Eigen::VectorXd& values, const Eigen::MatrixXd& pending,
                           const GPEIOptions& options, const GPHyperparameters* warm_start,
                           std::uint64_t seed, const GramFactor* observed_factor = nullptr);

}  // namespace gfo
