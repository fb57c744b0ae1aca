#pragma once
// One step of constrained and/or multi-objective GP Bayesian optimization: one GP per objective
// and per constraint, and the maximizer of log EHVI (log EI for one objective, the incumbent
// being the best feasible value) plus the log probability that every constraint holds. While no
// observation is feasible, only the probability of feasibility is maximized.

#include <Eigen/Core>
#include <cstdint>
#include <optional>
#include <vector>

#include "gfo/gaussian_process.hpp"
#include "gfo/gp_ei.hpp"
#include "gfo/search_space.hpp"

namespace gfo {

struct GPEHVIProposal {
  Eigen::VectorXd point;  // admissible core coordinates
  double acquisition_value = 0.0;
  // One per objective, then one per constraint: warm starts for the next call.
  std::vector<GPHyperparameters> hyperparameters;
};

// The reference point of the hypervolume, as Optuna derives it: per objective, the worst
// observed value moved 10% further away from zero (a zero becomes a tiny positive number).
Eigen::VectorXd reference_point(const Eigen::MatrixXd& objectives);

// `observed`: one point per row (core coordinates); `objectives`: their minimized objective
// values, one column per objective; `constraints`: one column per constraint, feasible when
// <= 0, NaN where a value was not given (it then counts as satisfied, as in Optuna). `pending`:
// points being evaluated; they enter each objective's GP with a fantasy value (the best feasible
// value for one objective, the posterior mean for several) and join the front. `warm_starts` is
// empty or holds one optional entry per objective and constraint. Only options.acquisition ==
// kLogEI is accepted: the other acquisitions have no constrained or multi-objective form here.
GPEHVIProposal propose_gp_ehvi(const SearchSpace& space, const Eigen::MatrixXd& observed,
                               const Eigen::MatrixXd& objectives, const Eigen::MatrixXd& constraints,
                               const Eigen::MatrixXd& pending, const GPEIOptions& options,
                               const std::vector<std::optional<GPHyperparameters>>& warm_starts,
                               std::uint64_t seed);

}  // namespace gfo
