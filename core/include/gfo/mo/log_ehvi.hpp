#pragma once
// Log expected hypervolume improvement of independent GP posteriors, one per minimized objective,
// over a box decomposition of the region the current front does not dominate. With Y_j the
// posterior of objective j at x, a box [l, u] gains the volume prod_j (u_j - max(l_j, Y_j))^+,
// whose expectation factorizes: E (u - max(l, Y))^+ = sigma (h(z_u) - h(z_l)), z = (bound - mu) /
// sigma, h(z) = phi(z) + z Phi(z). EHVI sums this over the boxes; everything stays in log space.

#include <Eigen/Core>
#include <vector>

#include "gfo/gp/acquisition.hpp"
#include "gfo/gp/gaussian_process.hpp"
#include "gfo/mo/pareto.hpp"

namespace gfo::mo {

class LogEHVI : public gp::AcquisitionFunction {
 public:
  // `objectives` must outlive this object; the boxes live in the GPs' (standardized) units.
  LogEHVI(std::vector<const gp::GaussianProcess*> objectives, BoxDecomposition boxes);

  Eigen::VectorXd evaluate(const Eigen::MatrixXd& points) const override;
  double evaluate_with_gradient(const Eigen::VectorXd& point, Eigen::VectorXd& gradient) const override;

  // log EHVI from the posterior means and standard deviations, with its derivatives with respect
  // to them when the pointers are given.
  double from_posteriors(const Eigen::VectorXd& mean, const Eigen::VectorXd& stddev, Eigen::VectorXd* d_mean,
                         Eigen::VectorXd* d_stddev) const;

 private:
  std::vector<const gp::GaussianProcess*> objectives_;
  BoxDecomposition boxes_;
};

// log E (u - max(l, Y))^+ for Y ~ N(mean, stddev^2), l < u (l may be -inf), and its derivatives.
double log_expected_box_gain(double lower, double upper, double mean, double stddev, double* d_mean,
                             double* d_stddev);

}  // namespace gfo::mo
