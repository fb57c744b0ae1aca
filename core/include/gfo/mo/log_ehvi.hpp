#pragma once
// Log expected hypervolume improvement of independent GP posteriors, one per minimized objective,
// over a box decomposition of the region the current front does not dominate. With Y_j the
// posterior of objective j at x, a box [l, u] gains the volume prod_j (u_j - max(l_j, Y_j))^+,
// whose expectation factorizes: E (u - max(l, Y))^+ = sigma (h(z_u) - h(z_l)), z = (bound - mu) /
// sigma, h(z) = phi(z) + z Phi(z). EHVI sums this over the boxes; everything stays in log space.

#include <Eigen/Core>
#include <cstddef>
#include <vector>

#include "gfo/gp/acquisition.hpp"
#include "gfo/gp/gaussian_process.hpp"
#include "gfo/mo/pareto.hpp"

namespace gfo::mo {

// log EHVI of the objectives' posteriors at a point; how it is computed from the posterior means
// and standard deviations is the subclass's.
class LogEHVI : public gp::AcquisitionFunction {
 public:
  // `objectives` must outlive this object; the front lives in the GPs' (standardized) units.
  explicit LogEHVI(std::vector<const gp::GaussianProcess*> objectives);

  Eigen::VectorXd evaluate(const Eigen::MatrixXd& points) const final;
  double evaluate_with_gradient(const Eigen::VectorXd& point, Eigen::VectorXd& gradient) const final;

  // log EHVI from the posterior means and standard deviations, with its derivatives with respect
  // to them when the pointers are given.
  virtual double from_posteriors(const Eigen::VectorXd& mean, const Eigen::VectorXd& stddev, Eigen::VectorXd* d_mean,
                                 Eigen::VectorXd* d_stddev) const = 0;

 protected:
  std::size_t n_objectives() const { return objectives_.size(); }

 private:
  std::vector<const gp::GaussianProcess*> objectives_;
};

// Exact, as a sum over the boxes of a decomposition.
class ExactLogEHVI final : public LogEHVI {
 public:
  ExactLogEHVI(std::vector<const gp::GaussianProcess*> objectives, BoxDecomposition boxes);

  double from_posteriors(const Eigen::VectorXd& mean, const Eigen::VectorXd& stddev, Eigen::VectorXd* d_mean,
                         Eigen::VectorXd* d_stddev) const override;

 private:
  BoxDecomposition boxes_;
};

// log E (u - max(l, Y))^+ for Y ~ N(mean, stddev^2), l < u (l may be -inf), and its derivatives.
double log_expected_box_gain(double lower, double upper, double mean, double stddev, double* d_mean, double* d_stddev);

}  // namespace gfo::mo
