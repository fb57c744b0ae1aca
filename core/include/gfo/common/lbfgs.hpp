#pragma once
// Bound-constrained quasi-Newton minimization: a thin RAII wrapper over NLopt's L-BFGS
// (NLOPT_LD_LBFGS, which honours box bounds).

#include <Eigen/Core>
#include <functional>

#include "gfo/common/cancellation.hpp"

namespace gfo {

// Returns f(x) and writes df/dx into `gradient`.
using DifferentiableFunction = std::function<double(const Eigen::VectorXd& x, Eigen::VectorXd& gradient)>;

struct MinimizeResult {
  Eigen::VectorXd x;  // the best point evaluated
  double value = 0.0;
  int evaluations = 0;
};

// Minimizes `function` from `start` (clamped into the box). Returns the best point evaluated,
// whatever the reason the optimizer stopped; exceptions thrown by `function` propagate, and so
// does Cancelled when `cancelled` says so before an evaluation.
MinimizeResult minimize_in_box(const DifferentiableFunction& function, const Eigen::VectorXd& start,
                               const Eigen::VectorXd& lower, const Eigen::VectorXd& upper, int max_evaluations,
                               double relative_tolerance, const CancellationCheck& cancelled = {});

}  // namespace gfo
