#include "gfo/gp/feasibility.hpp"

#include <cmath>
#include <stdexcept>
#include <utility>

#include "gfo/common/normal.hpp"

namespace gfo {

LogProbabilityOfFeasibility::LogProbabilityOfFeasibility(const GaussianProcess& constraint, double threshold)
    : PosteriorAcquisition(constraint), threshold_(threshold) {}

double LogProbabilityOfFeasibility::from_posterior(double mean, double stddev, double* d_mean,
                                                   double* d_stddev) const {
  const double z = (threshold_ - mean) / stddev;
  const double log_probability = normal_log_cdf(z);
  // d log Phi(z) / dz = phi(z) / Phi(z), a ratio formed in log space (finite far in the tails).
  const double ratio = std::exp(normal_log_pdf(z) - log_probability);
  if (d_mean != nullptr) *d_mean = -ratio / stddev;
  if (d_stddev != nullptr) *d_stddev = -ratio * z / stddev;
  return log_probability;
}

AcquisitionSum::AcquisitionSum(std::vector<std::unique_ptr<AcquisitionFunction>> terms) : terms_(std::move(terms)) {
  if (terms_.empty()) throw std::invalid_argument("AcquisitionSum: at least one term is needed");
}

Eigen::VectorXd AcquisitionSum::evaluate(const Eigen::MatrixXd& points) const {
  Eigen::VectorXd values = terms_.front()->evaluate(points);
  for (size_t k = 1; k < terms_.size(); ++k) values += terms_[k]->evaluate(points);
  return values;
}

double AcquisitionSum::evaluate_with_gradient(const Eigen::VectorXd& point, Eigen::VectorXd& gradient) const {
  double value = terms_.front()->evaluate_with_gradient(point, gradient);
  Eigen::VectorXd term_gradient;
  for (size_t k = 1; k < terms_.size(); ++k) {
    value += terms_[k]->evaluate_with_gradient(point, term_gradient);
    gradient += term_gradient;
  }
  return value;
}

}  // namespace gfo
