#pragma once
// Gaussian-process regression with fixed hyperparameters: the posterior of the latent function.

#include <Eigen/Core>

#include "gfo/gp/gram_factor.hpp"
#include "gfo/gp/kernel.hpp"

namespace gfo::gp {

struct PointPosterior {
  double mean = 0.0;
  double variance = 0.0;
  Eigen::VectorXd mean_gradient;
  Eigen::VectorXd variance_gradient;
};

class GaussianProcess {
 public:
  // `x` holds one training point per row; `y` the (standardized) targets.
  GaussianProcess(const Kernel& kernel, Eigen::MatrixXd x, const Eigen::VectorXd& y, GPHyperparameters hyperparameters);
  // On an already factored Gram matrix (its inputs are the training points).
  GaussianProcess(Kernel kernel, GramFactor factor, const Eigen::VectorXd& y);

  // Posterior mean and latent variance at every row of `points`.
  void predict(const Eigen::MatrixXd& points, Eigen::VectorXd& mean, Eigen::VectorXd& variance) const;
  // Posterior means at every row of `points`, and upper bounds of their latent variances: the
  // variances given only the first `prefix` training points (fewer observations never make a
  // variance smaller; the Gram factor's leading block is the factor of those points alone).
  void predict_with_variance_bound(const Eigen::MatrixXd& points, Eigen::Index prefix, Eigen::VectorXd& mean,
                                   Eigen::VectorXd& variance_bound) const;
  // Posterior at one point with gradients with respect to the point.
  PointPosterior predict_with_gradient(const Eigen::VectorXd& point) const;

  const Kernel& kernel() const { return kernel_; }
  const GPHyperparameters& hyperparameters() const { return factor_.hyperparameters(); }
  const Eigen::MatrixXd& inputs() const { return factor_.inputs(); }
  const GramFactor& factor() const { return factor_; }

 private:
  Kernel kernel_;
  GramFactor factor_;
  Eigen::VectorXd alpha_;  // K^-1 y
};

}  // namespace gfo::gp
