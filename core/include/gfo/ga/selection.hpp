#pragma once
// Parent selection. Fitness is minimized: lower is better; NaN is rejected
// (std::invalid_argument), +-inf are ordered as usual.

#include <Eigen/Core>
#include <vector>

#include "gfo/ga/random.hpp"

namespace gfo::ga {

// The fittest of `tournament_size` members drawn uniformly with replacement.
Eigen::Index tournament_selection(const Eigen::VectorXd& fitness, int tournament_size, Rng& rng);

// Fitness-proportional selection on ranks (linear ranking: the best of n has weight n, the worst
// weight 1), so it works for negative values and for minimization alike.
Eigen::Index roulette_selection(const Eigen::VectorXd& fitness, Rng& rng);

// Indices of the `elite_size` fittest members, best first (ties: lower index first).
std::vector<Eigen::Index> elite_indices(const Eigen::VectorXd& fitness, int elite_size);

}  // namespace gfo::ga
