#pragma once
// Which finished trials the models of a long study see. An exact GP's fit and posterior cost
// O(n^3) and O(n^2) in its n observations; past GPEIOptions::max_model_observations the models
// see fewer than that many, which bounds a proposal's cost whatever n is.

#include <Eigen/Core>
#include <functional>
#include <vector>

#include "gfo/gp/kernel.hpp"

namespace gfo::gp {

// Where the window of the most recent rows starts, for n rows and a model of `size` (n > size):
// it moves by size / 4 rows at a time, so that between moves the subset only grows by the new
// rows (the rows model_subset keeps before the window depend only on where it starts) and the
// models' Gram factors are extended, not refactored.
Eigen::Index window_start(Eigen::Index n, Eigen::Index size);

// The rows of x (one finished trial per row, snapped core coordinates, oldest first) that the
// models see, in ascending order: the size / 2 rows before the window (window_start) nearest to
// any of `anchors_before(window_start)` (the best trials among those rows) in the kernel's scaled
// distance under `lengthscales`, a local model where the search refines (as in trust-region BO);
// then every row of the window, where the search has just been (without them the model would
// take the regions it has just left for unexplored, and propose there). From size - size / 4 to
// size - 1 rows in all; every row when x has at most `size`. Ties go to the older row.
std::vector<Eigen::Index> model_subset(const Kernel& kernel, const Eigen::MatrixXd& x,
                                       const std::function<Eigen::MatrixXd(Eigen::Index)>& anchors_before,
                                       const Eigen::VectorXd& lengthscales, Eigen::Index size);

}  // namespace gfo::gp
