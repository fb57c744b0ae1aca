#include "gfo/gp/feasibility.hpp"

#include <cmath>

#include "gfo/common/normal.hpp"

namespace gfo::gp {

LogProbabilityOfFeasibility::LogProbabilityOfFeasibility(const GaussianProcess& constraint, double threshold)
    : PosteriorAcquisition(constraint), threshold_(threshold) {}

double LogProbabilityOfFeasibility::from_posterior(double mean, double stddev, double* d_mean, double* d_stddev) const {
  const double z = (threshold_ - mean) / stddev;
  const double log_probability = normal_log_cdf(z);
  // d log Phi(z) / dz = phi(z) / Phi(z), a ratio formed in log space (finite far in the tails).
  const double ratio = std::exp(normal_log_pdf(z) - log_probability);
  if (d_mean != nullptr) *d_mean = -ratio / stddev;
  if (d_stddev != nullptr) *d_stddev = -ratio * z / stddev;
  return log_probability;
}

}  // namespace gfo::gp
