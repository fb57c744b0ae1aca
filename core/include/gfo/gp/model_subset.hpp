#pragma once
// Which finished trials the models of a long study see. An exact GP's fit and posterior cost
// O(n^3) and O(n^2) in its n observations; past GPEIOptions::max_model_observations the models
// are fitted to a subset of that size instead, which bounds a proposal's cost whatever n is.

#include <Eigen/Core>
#include <vector>

#include "gfo/gp/kernel.hpp"

namespace gfo::gp {

// `size` rows of x (one finished trial per row, snapped core coordinates), in ascending order:
// half of them the rows nearest to any row of `anchors` (the best trials) in the kernel's scaled
// distance under `lengthscales` (a local model where the search refines, as in trust-region BO),
// the other half spread evenly over the remaining rows in their given, oldest-first order (a
// coarse picture of the whole space, so that regions already evaluated do not look unexplored).
// Every row when x has at most `size`. Ties go to the older row: deterministic.
std::vector<Eigen::Index> model_subset(const Kernel& kernel, const Eigen::MatrixXd& x, const Eigen::MatrixXd& anchors,
                                       const Eigen::VectorXd& lengthscales, Eigen::Index size);

}  // namespace gfo::gp
