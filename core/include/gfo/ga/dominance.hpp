#pragma once
// Ranking a population by several minimized objectives and constraint violations, NSGA-II style:
// fronts of constrained non-domination, crowding distance within a front, and the survival order
// that combines them into one scalar fitness for selection and elitism.
//
// Constrained domination: a feasible member (violation 0) beats an infeasible one; of two
// infeasible members the smaller total violation wins; of two feasible ones Pareto dominance
// decides. A single objective with constraints follows the same rule.

#include <Eigen/Core>
#include <vector>

namespace gfo::ga {

// Front of each row (0 = not dominated by any row). `objectives`: one row per member, one column
// per objective; `violations`: total constraint violation per member (0 when feasible, >= 0).
// +-inf objectives are allowed; NaN and negative violations throw std::invalid_argument.
std::vector<int> constrained_fronts(const Eigen::MatrixXd& objectives, const Eigen::VectorXd& violations);

// Crowding distance of each of `members` within their front: per objective, the gap between the
// two neighbours in that objective's order over the front's range, summed; the extreme members of
// every objective get +inf. Infinite objective values are clipped to the extreme finite ones.
Eigen::VectorXd crowding_distances(const Eigen::MatrixXd& objectives, const std::vector<Eigen::Index>& members);

// Position of each row in the survival order (front first, then larger crowding distance, then
// lower index): 0 for the best. Lower is better, as breed's fitness.
Eigen::VectorXd survival_ranks(const Eigen::MatrixXd& objectives, const Eigen::VectorXd& violations);

}  // namespace gfo::ga
